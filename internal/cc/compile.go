package cc

import (
	"bytes"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Header is the text of hullvm.h, the interface every HullVM C program
// includes.
//
//go:embed include/hullvm.h
var Header []byte

//go:embed runtime/hullvm_rt.c
var runtimeC []byte

// StackSize is the size in bytes of the C stack, placed at the bottom of
// linear memory. See the package doc.
const StackSize = 32768

// clangFlags are the flags of every C compilation.
var clangFlags = []string{
	"--target=wasm32", "-mcpu=mvp", "-msign-ext",
	"-O2", "-nostdlib", "-ffreestanding", "-fno-exceptions",
}

// ldFlags are the flags of every link.
var ldFlags = []string{
	"--no-entry", "--export=_start", "--export-dynamic",
	"-z", "stack-size=" + strconv.Itoa(StackSize), "--stack-first",
}

// CompileC compiles the C file at path and links it with the runtime. A
// compiler or linker failure comes back as "cc: PATH: <its stderr>".
func CompileC(path string) ([]byte, error) {
	tools, err := FindTools()
	if err != nil {
		return nil, err
	}
	return tools.CompileC(path)
}

// CompileC is the package-level CompileC with these tools.
func (t Tools) CompileC(path string) ([]byte, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("cc: %w", err)
	}
	dir, err := os.MkdirTemp("", "hullvm-cc-")
	if err != nil {
		return nil, fmt.Errorf("cc: %w", err)
	}
	defer os.RemoveAll(dir)

	// The include directory holds hullvm.h; the runtime source sits beside it.
	inc := filepath.Join(dir, "include")
	rt := filepath.Join(dir, "hullvm_rt.c")
	if err := os.Mkdir(inc, 0o755); err != nil {
		return nil, fmt.Errorf("cc: %w", err)
	}
	if err := os.WriteFile(filepath.Join(inc, "hullvm.h"), Header, 0o644); err != nil {
		return nil, fmt.Errorf("cc: %w", err)
	}
	if err := os.WriteFile(rt, runtimeC, 0o644); err != nil {
		return nil, fmt.Errorf("cc: %w", err)
	}

	// Compile the program and the runtime, then link them.
	prog, rtObj, out := filepath.Join(dir, "prog.o"), filepath.Join(dir, "rt.o"), filepath.Join(dir, "prog.wasm")
	args := append(append([]string{}, clangFlags...), "-I", inc, "-c", path, "-o", prog)
	if err := runTool(path, t.Clang, args); err != nil {
		return nil, err
	}
	args = append(append([]string{}, clangFlags...), "-fno-builtin", "-I", inc, "-c", rt, "-o", rtObj)
	if err := runTool("hullvm_rt.c", t.Clang, args); err != nil {
		return nil, err
	}
	args = append(append([]string{}, ldFlags...), prog, rtObj, "-o", out)
	if err := runTool(path, t.WasmLd, args); err != nil {
		if strings.Contains(err.Error(), "undefined symbol: __original_main") ||
			strings.Contains(err.Error(), "undefined symbol: main") {
			return nil, fmt.Errorf("cc: %s: no int main(void) (a HullVM program starts at int main(void))", path)
		}
		return nil, err
	}
	wasm, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("cc: %w", err)
	}
	return stripToolchainSections(wasm)
}

// CompileWAT assembles the WebAssembly text file at path with wat2wasm.
func CompileWAT(path string) ([]byte, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("cc: %w", err)
	}
	return assemble(path, path)
}

// AssembleWAT assembles WebAssembly text held in memory; name labels errors.
func AssembleWAT(name, text string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "hullvm-wat-")
	if err != nil {
		return nil, fmt.Errorf("cc: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "in.wat")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return nil, fmt.Errorf("cc: %w", err)
	}
	return assemble(name, path)
}

// assemble runs wat2wasm on the file at path; label names it in errors.
func assemble(label, path string) ([]byte, error) {
	w2w, err := FindWat2Wasm()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "hullvm-wat-")
	if err != nil {
		return nil, fmt.Errorf("cc: %w", err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "out.wasm")
	if err := runTool(label, w2w, []string{path, "-o", out}); err != nil {
		return nil, err
	}
	wasm, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("cc: %w", err)
	}
	return wasm, nil
}

// Load returns the WebAssembly binary for the file at path, choosing by its
// extension: .c is compiled, .wat assembled, .wasm read as it is.
func Load(path string) ([]byte, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".c":
		return CompileC(path)
	case ".wat":
		return CompileWAT(path)
	case ".wasm":
		wasm, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("cc: %w", err)
		}
		return wasm, nil
	default:
		return nil, fmt.Errorf("cc: %s: unknown file type (want .c, .wat or .wasm)", path)
	}
}

// runTool runs prog with args; on failure the error quotes its stderr.
func runTool(file, prog string, args []string) error {
	cmd := exec.Command(prog, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = fmt.Sprintf("%s: %v", filepath.Base(prog), err)
		}
		return fmt.Errorf("cc: %s: %s", file, msg)
	}
	return nil
}
