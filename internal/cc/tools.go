package cc

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// ErrNoClang is returned (wrapped) when no clang with the wasm32 target, or
// no wasm-ld, can be found.
var ErrNoClang = errors.New(
	"cc: clang with the wasm32 target not found: " +
		"install the Debian packages clang-16 and lld-16 (or set HULLVM_CLANG)")

// ErrNoWat2Wasm is returned when wat2wasm cannot be found.
var ErrNoWat2Wasm = errors.New("cc: wat2wasm not found: install the Debian package wabt")

// Tools names the external programs a C build runs.
type Tools struct {
	Clang  string // path of a clang that supports --target=wasm32
	WasmLd string // path of wasm-ld
}

// FindTools locates clang and wasm-ld.
//
// clang is $HULLVM_CLANG when set, else clang-16 on PATH, else clang on PATH
// when it lists the wasm32 target. wasm-ld is looked for first beside the
// chosen clang (following symlinks), then as wasm-ld-16 and wasm-ld on PATH.
// The error wraps ErrNoClang.
//
// The answer is remembered for the values of $HULLVM_CLANG and $PATH it was
// found with, since probing clang costs a process start.
func FindTools() (Tools, error) {
	key := os.Getenv("HULLVM_CLANG") + "\x00" + os.Getenv("PATH")
	toolsMu.Lock()
	defer toolsMu.Unlock()
	if r, ok := toolsCache[key]; ok {
		return r.tools, r.err
	}
	t, err := findTools()
	toolsCache[key] = toolsResult{t, err}
	return t, err
}

type toolsResult struct {
	tools Tools
	err   error
}

var (
	toolsMu    sync.Mutex
	toolsCache = map[string]toolsResult{}
)

func findTools() (Tools, error) {
	clang, err := findClang()
	if err != nil {
		return Tools{}, err
	}
	ld, err := findWasmLd(clang)
	if err != nil {
		return Tools{}, err
	}
	return Tools{Clang: clang, WasmLd: ld}, nil
}

func findClang() (string, error) {
	if env := os.Getenv("HULLVM_CLANG"); env != "" {
		path, err := exec.LookPath(env)
		if err != nil {
			return "", fmt.Errorf("%w: HULLVM_CLANG=%s: %v", ErrNoClang, env, err)
		}
		if !hasWasm32(path) {
			return "", fmt.Errorf("%w: HULLVM_CLANG=%s lacks the wasm32 target", ErrNoClang, env)
		}
		return path, nil
	}
	for _, name := range []string{"clang-16", "clang"} {
		if path, err := exec.LookPath(name); err == nil && hasWasm32(path) {
			return path, nil
		}
	}
	return "", ErrNoClang
}

// hasWasm32 reports whether the clang at path lists wasm32 among its targets.
func hasWasm32(path string) bool {
	out, err := exec.Command(path, "--print-targets").Output()
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(out), "\n") {
		if fields := strings.Fields(line); len(fields) > 0 && fields[0] == "wasm32" {
			return true
		}
	}
	return false
}

func findWasmLd(clang string) (string, error) {
	dirs := []string{filepath.Dir(clang)}
	if real, err := filepath.EvalSymlinks(clang); err == nil {
		dirs = append([]string{filepath.Dir(real)}, dirs...)
	}
	for _, dir := range dirs {
		for _, name := range []string{"wasm-ld", "wasm-ld-16"} {
			path := filepath.Join(dir, name)
			if st, err := os.Stat(path); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
				return path, nil
			}
		}
	}
	for _, name := range []string{"wasm-ld-16", "wasm-ld"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("%w: wasm-ld is missing", ErrNoClang)
}

// FindWat2Wasm locates wat2wasm on PATH ($HULLVM_WAT2WASM when set). The
// error is ErrNoWat2Wasm.
func FindWat2Wasm() (string, error) {
	name := "wat2wasm"
	if env := os.Getenv("HULLVM_WAT2WASM"); env != "" {
		name = env
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return "", ErrNoWat2Wasm
	}
	return path, nil
}
