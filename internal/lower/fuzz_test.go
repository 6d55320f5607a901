package lower

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/hullvm/hullvm/examples"
	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/wasm"
)

// FuzzLower checks that a module that decodes and validates lowers to a
// program that passes its check, or to an error, and never panics; the
// program then runs a little on the reference interpreter, which panics
// on a broken frame record.
func FuzzLower(f *testing.F) {
	for _, ex := range examples.All() {
		f.Add(ex.Wasm, ex.Input)
	}
	paths, _ := filepath.Glob("../wasm/testdata/*.wasm")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, []byte("ab"))
	}
	f.Fuzz(func(t *testing.T, b, input []byte) {
		m, err := wasm.Decode(b)
		if err != nil {
			return
		}
		opt := Options{}
		if _, ok := m.ExportedFunc("_start"); !ok {
			if _, ok := m.ExportedFunc("main"); !ok {
				for _, e := range m.Exports {
					if ft := m.FuncTypeOf(e.Index); e.Kind == wasm.ExternFunc && ft != nil {
						opt = Options{Invoke: e.Name, Args: make([]uint64, len(ft.Params))}
						break
					}
				}
			}
		}
		p, err := Lower(m, opt)
		if err != nil {
			return
		}
		if err := p.Check(); err != nil {
			t.Fatalf("the program fails its check: %v", err)
		}
		if len(input) > 64 {
			input = input[:64]
		}
		err = machine.RunRef(p, input, 20000, func(machine.Token) error { return nil })
		if err != nil && !errors.Is(err, machine.ErrBudget) {
			t.Fatalf("run: %v", err)
		}
	})
}
