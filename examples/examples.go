// Package examples holds HullVM's built-in example programs.
//
// Each example lives in its own directory NAME/ as NAME.c (the source,
// whose first line is "// NAME: one-line summary"), NAME.wasm (the build
// of NAME.c by internal/cc, committed so that running an example needs no
// clang), input.txt (the default input, possibly empty) and expected.txt
// (the exact output for that input).
//
// After editing a source, rebuild the binaries with
//
//	go generate ./examples
//
// and examples_test.go checks, where clang is installed, that every
// committed NAME.wasm is exactly what the source builds to.
package examples

//go:generate go run ./build

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed */*.c */*.wasm */input.txt */expected.txt
var files embed.FS

// Example is one built-in program with its default input and expected
// output.
type Example struct {
	Name     string
	Summary  string // one line, from the first line of the source
	Source   []byte // C source
	Wasm     []byte // the committed build of Source
	Input    []byte // default input
	Expected []byte // the output for Input
}

// All returns every example, sorted by name.
func All() []Example {
	dirs, err := fs.ReadDir(files, ".")
	if err != nil {
		panic("BUG: examples: " + err.Error())
	}
	var out []Example
	for _, d := range dirs {
		if e, ok := Get(d.Name()); ok {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Get returns the example called name.
func Get(name string) (Example, bool) {
	if name == "" || strings.ContainsAny(name, "/\\.") {
		return Example{}, false
	}
	read := func(file string) []byte {
		b, err := files.ReadFile(path.Join(name, file))
		if err != nil {
			return nil
		}
		return b
	}
	src := read(name + ".c")
	wasm := read(name + ".wasm")
	if src == nil || wasm == nil {
		return Example{}, false
	}
	return Example{
		Name:     name,
		Summary:  summary(name, src),
		Source:   src,
		Wasm:     wasm,
		Input:    read("input.txt"),
		Expected: read("expected.txt"),
	}, true
}

// summary takes the summary from a first line "// NAME: summary".
func summary(name string, src []byte) string {
	line, _, _ := strings.Cut(string(src), "\n")
	s, ok := strings.CutPrefix(line, "// "+name+": ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(s)
}
