package wasm

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode checks that no input makes the decoder panic, with or without
// the validator in front, and that every module Decode accepts can be
// checked for support.
func FuzzDecode(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.wasm")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(mod(typeVoid, funcOne, code(0x0b)))
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, err := Parse(b); err == nil {
			_ = m.CheckSupported()
		}
		if m, err := Decode(b); err == nil {
			_ = m.CheckSupported()
		}
	})
}
