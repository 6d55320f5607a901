package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/hullvm/hullvm/examples"
	"github.com/hullvm/hullvm/internal/cc"
)

// program is a loaded program: a file or a built-in example.
type program struct {
	name    string
	wasm    []byte
	input   []byte // the example's default input; nil for a file
	example bool
}

// loadProgram resolves arg: a regular file is loaded by its extension (see
// cc.Load); otherwise a name without a dot or slash is an example.
func loadProgram(arg string) (program, error) {
	if st, err := os.Stat(arg); err == nil && !st.IsDir() {
		wasm, err := cc.Load(arg)
		if err != nil {
			return program{}, err
		}
		return program{name: arg, wasm: wasm}, nil
	}
	if ex, ok := examples.Get(arg); ok {
		return program{name: ex.Name, wasm: ex.Wasm, input: ex.Input, example: true}, nil
	}
	if strings.ContainsAny(arg, `./\`) {
		st, err := os.Stat(arg)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return program{}, fmt.Errorf("%s: no such file", arg)
		case err != nil:
			return program{}, err
		case st.IsDir():
			return program{}, fmt.Errorf("%s is a directory, not a program", arg)
		}
	}
	return program{}, fmt.Errorf("unknown example %q (try: hullvm examples)", arg)
}
