package lower

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/wasm"
)

// TestRuntimeWasmUpToDate rebuilds runtime.wasm from runtime.wat and checks
// that the embedded copy is the same.
func TestRuntimeWasmUpToDate(t *testing.T) {
	tool := needWabt(t)
	out := filepath.Join(t.TempDir(), "runtime.wasm")
	if msg, err := exec.Command(tool, "--debug-names", "runtime/runtime.wat", "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s", err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, runtimeWasm) {
		t.Errorf("runtime/runtime.wasm is stale: run wat2wasm --debug-names runtime.wat -o runtime.wasm in internal/lower/runtime")
	}
}

// TestRuntimeNativeOnly links every routine and checks that none needs a
// routine itself and that each only uses native instructions.
func TestRuntimeNativeOnly(t *testing.T) {
	m, err := runtimeModule()
	if err != nil {
		t.Fatal(err)
	}
	l := &linker{user: &unit{m: m, ids: map[uint32]int{}}, cursor: -1}
	l.funcs = append(l.funcs, machine.Func{Name: "entry"})
	for _, e := range m.Exports {
		if _, _, err := l.routine(e.Name); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.drain(); err != nil {
		t.Fatal(err)
	}
	for _, f := range l.funcs[1:] {
		if !strings.HasPrefix(f.Name, "rt.") {
			t.Errorf("runtime function %q has no rt. name", f.Name)
		}
	}
}

func TestInvoke(t *testing.T) {
	b := wat(t, `(module
	  (func (export "add") (param i32 i64) (result i64 i32)
	    (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1))
	    (i32.wrap_i64 (local.get 1)))
	  (func (export "none")))`)
	p, err := lowerBytes(t, b, Options{Invoke: "add", Args: []uint64{^uint64(4), 0x100000010}})
	if err != nil {
		t.Fatal(err)
	}
	r := runProgram(t, p, nil)
	want := []uint64{0x100000010 - 5, 0x10}
	if !r.o.Halted || r.o.Status != 0 || len(r.o.Results) != 2 || r.o.Results[0] != want[0] || r.o.Results[1] != want[1] {
		t.Errorf("invoke add: %+v, want results %#x", r.o, want)
	}

	for _, tc := range []struct {
		opt  Options
		want string
	}{
		{Options{Invoke: "nope"}, `lower: no exported function "nope"`},
		{Options{Invoke: "add", Args: []uint64{1}}, `lower: export "add" takes 2 arguments, 1 given`},
		{Options{Invoke: "add", Args: []uint64{1 << 40, 0}}, `lower: argument 0 of "add" (1099511627776) does not fit in i32`},
		{Options{}, "lower: the module exports neither _start nor main (name another export to invoke)"},
	} {
		if _, err := lowerBytes(t, b, tc.opt); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: error %v, want %q", tc.opt, err, tc.want)
		}
	}
	if _, err := lowerBytes(t, b, Options{Invoke: "none"}); err != nil {
		t.Errorf("invoke none: %v", err)
	}
}

func TestEntrySignature(t *testing.T) {
	b := wat(t, `(module (func (export "main") (param i32) (result i32) (local.get 0)))`)
	_, err := lowerBytes(t, b, Options{})
	if want := `lower: export "main" has type [i32] -> [i32], want [] -> [i32]`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestHeightLimit checks that a function whose operand stack would exceed
// the machine's frame is an error naming it.
func TestHeightLimit(t *testing.T) {
	src := `(module (func $deep (export "_start") ` + strings.Repeat("(i32.const 1) ", machine.MaxOpHeight+1) +
		strings.Repeat("(drop) ", machine.MaxOpHeight+1) + `))`
	_, err := lowerBytes(t, wat(t, src), Options{})
	if err == nil || !strings.Contains(err.Error(), "function 0 (deep) at offset") ||
		!strings.Contains(err.Error(), "exceeds the machine's limit of 255 slots") {
		t.Errorf("error %v, want a height error naming function 0 (deep)", err)
	}
	src = `(module (func $many (export "_start") (local ` + strings.Repeat("i64 ", 300) + `)))`
	_, err = lowerBytes(t, wat(t, src), Options{})
	if want := "lower: function 0 (many) at offset"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want it to start %q", err, want)
	}
}

func TestUnsupportedIsReported(t *testing.T) {
	b := wat(t, `(module (func (export "_start") (drop (f32.add (f32.const 1) (f32.const 2)))))`)
	_, err := lowerBytes(t, b, Options{})
	var ue *wasm.UnsupportedError
	if !errors.As(err, &ue) || len(ue.Problems) != 3 {
		t.Fatalf("error %v, want 3 unsupported problems", err)
	}
}

// TestSegmentsMustFit checks instantiation failures the validator leaves
// to instantiation: segments outside their memory or table.
func TestSegmentsMustFit(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`(module (memory 1) (data (i32.const 65535) "ab") (func (export "_start")))`,
			"lower: data segment 0 (offset 65535, 2 bytes) does not fit in the memory of 65536 bytes"},
		{`(module (table 1 funcref) (elem (i32.const 1) $f) (func $f (export "_start")))`,
			"lower: element segment 0 (offset 1, 1 entries) does not fit in the table of 1 entries"},
	} {
		if _, err := lowerBytes(t, wat(t, tc.src), Options{}); err == nil || err.Error() != tc.want {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

// TestOnlyReachableFunctions checks that unused functions and routines are
// not linked.
func TestOnlyReachableFunctions(t *testing.T) {
	b := wat(t, `(module
	  (func $unused (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
	  (func $used (param i32 i32) (result i32) (i32.mul (local.get 0) (local.get 1)))
	  (func (export "main") (result i32) (call $used (i32.const 6) (i32.const 7))))`)
	p, err := lowerBytes(t, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range p.Funcs {
		names = append(names, f.Name)
	}
	if got, want := strings.Join(names, " "), "entry main used rt.mul32"; got != want {
		t.Errorf("functions %q, want %q", got, want)
	}
	if r := runProgram(t, p, nil); r.o.Status != 42 {
		t.Errorf("status %d, want 42", r.o.Status)
	}
}

// TestSourceOffsets checks that instructions name their WebAssembly
// instruction's byte offset, and runtime routines none.
func TestSourceOffsets(t *testing.T) {
	b := wat(t, `(module (func (export "main") (result i32) (i32.div_u (i32.const 7) (i32.const 3))))`)
	p, err := lowerBytes(t, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := wasm.Decode(b)
	offsets := map[int]bool{m.Funcs[0].Offset: true}
	for _, in := range m.Funcs[0].Body {
		offsets[in.Offset] = true
	}
	for i, in := range p.Instrs {
		rt := strings.HasPrefix(p.Funcs[in.Func].Name, "rt.")
		switch {
		case in.Func == 0 && in.Source != -1, rt && in.Source != -1:
			t.Errorf("instruction %d (%s): source %d, want -1", i, p.Format(i), in.Source)
		case in.Func != 0 && !rt && !offsets[in.Source]:
			t.Errorf("instruction %d (%s): source %#x is no instruction's offset", i, p.Format(i), in.Source)
		}
	}
}
