package lower

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/hullvm/hullvm/internal/wasm"
)

// runtimeWasm is runtime/runtime.wat assembled by wat2wasm --debug-names
// (TestRuntimeWasmUpToDate checks that it is current).
//
//go:embed runtime/runtime.wasm
var runtimeWasm []byte

var runtime struct {
	once sync.Once
	m    *wasm.Module
	err  error
}

// runtimeModule decodes and validates the runtime once.
func runtimeModule() (*wasm.Module, error) {
	runtime.once.Do(func() {
		runtime.m, runtime.err = wasm.Decode(runtimeWasm)
		if runtime.err != nil {
			runtime.err = fmt.Errorf("lower: BUG: the runtime does not decode: %w", runtime.err)
		}
	})
	return runtime.m, runtime.err
}
