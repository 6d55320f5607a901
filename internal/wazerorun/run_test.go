package wazerorun_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/hullvm/hullvm/internal/cc"
	"github.com/hullvm/hullvm/internal/wazerorun"
)

// wat assembles a test module, skipping the test when wat2wasm is missing.
func wat(t *testing.T, text string) []byte {
	t.Helper()
	wasm, err := cc.AssembleWAT(t.Name(), text)
	if errors.Is(err, cc.ErrNoWat2Wasm) {
		t.Skip("wat2wasm not installed (Debian package wabt)")
	}
	if err != nil {
		t.Fatal(err)
	}
	return wasm
}

const imports = `
  (import "env" "hv_getc" (func $getc (result i32)))
  (import "env" "hv_putc" (func $putc (param i32)))
  (import "env" "hv_exit" (func $exit (param i32)))
`

func run(t *testing.T, wasm []byte, input string) (wazerorun.Result, string) {
	t.Helper()
	var out bytes.Buffer
	res, err := wazerorun.Run(context.Background(), wasm, []byte(input), &out)
	if err != nil {
		t.Fatal(err)
	}
	return res, out.String()
}

func TestTraps(t *testing.T) {
	tests := []struct {
		name, body, extra, want string
	}{
		{"unreachable", `unreachable`, ``, wazerorun.TrapUnreachable},
		{"div_s by zero", `i32.const 1 i32.const 0 i32.div_s drop`, ``, wazerorun.TrapDivideByZero},
		{"rem_u by zero", `i64.const 1 i64.const 0 i64.rem_u drop`, ``, wazerorun.TrapDivideByZero},
		{"INT_MIN / -1", `i32.const 0x80000000 i32.const -1 i32.div_s drop`, ``,
			wazerorun.TrapIntegerOverflow},
		{"i64 MIN / -1", `i64.const 0x8000000000000000 i64.const -1 i64.div_s drop`, ``,
			wazerorun.TrapIntegerOverflow},
		{"load past end", `i32.const 65535 i32.load drop`, `(memory 1)`, wazerorun.TrapOutOfBounds},
		{"store past end", `i32.const 65536 i32.const 0 i32.store8`, `(memory 1)`,
			wazerorun.TrapOutOfBounds},
		{"offset past end", `i32.const 0 i64.load offset=65529 drop`, `(memory 1)`,
			wazerorun.TrapOutOfBounds},
		{"call_indirect wrong type", `i32.const 0 call_indirect (type $i2i) drop`,
			`(type $i2i (func (result i32))) (table 1 funcref) (elem (i32.const 0) $nop)
			 (func $nop)`, wazerorun.TrapIndirectMismatch},
		{"call_indirect out of range", `i32.const 5 call_indirect (type $v)`,
			`(type $v (func)) (table 1 funcref) (elem (i32.const 0) $nop) (func $nop)`,
			wazerorun.TrapUndefinedElement},
		{"deep recursion", `call $rec`, `(func $rec call $rec)`, wazerorun.TrapStackExhausted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wasm := wat(t, `(module `+imports+tt.extra+`
				(func (export "_start") `+tt.body+`))`)
			res, out := run(t, wasm, "")
			if res.Trap != tt.want || out != "" {
				t.Errorf("got trap %q output %q, want trap %q", res.Trap, out, tt.want)
			}
		})
	}
}

func TestExitAndIO(t *testing.T) {
	// Echo the input uppercased by subtracting 32, then exit with 7.
	wasm := wat(t, `(module `+imports+`
	  (func (export "_start") (local $c i32)
	    block $done
	      loop $next
	        call $getc
	        local.tee $c
	        i32.const 0
	        i32.lt_s
	        br_if $done
	        local.get $c
	        i32.const 32
	        i32.sub
	        call $putc
	        br $next
	      end
	    end
	    i32.const 7
	    call $exit
	    i32.const 9 call $putc))`)
	res, out := run(t, wasm, "abc")
	if res.ExitStatus != 7 || res.Trap != "" || out != "ABC" {
		t.Errorf("got %+v output %q, want exit 7 and ABC", res, out)
	}
}

func TestNegativeExitAndPutcMask(t *testing.T) {
	wasm := wat(t, `(module `+imports+`
	  (func (export "_start") i32.const 0x1241 call $putc i32.const -3 call $exit))`)
	res, out := run(t, wasm, "")
	if res.ExitStatus != -3 || out != "A" {
		t.Errorf("got %+v output %q, want exit -3 output A", res, out)
	}
}

func TestMainFallback(t *testing.T) {
	wasm := wat(t, `(module (func (export "main") (result i32) i32.const 42))`)
	res, _ := run(t, wasm, "")
	if res.ExitStatus != 42 {
		t.Errorf("got %+v, want exit 42", res)
	}
}

func TestNoEntry(t *testing.T) {
	wasm := wat(t, `(module (func (export "f")))`)
	_, err := wazerorun.Run(context.Background(), wasm, nil, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "neither _start nor main") {
		t.Errorf("got %v, want a missing-entry error", err)
	}
}

func TestBadImport(t *testing.T) {
	wasm := wat(t, `(module (import "wasi" "fd_write" (func)) (func (export "_start")))`)
	_, err := wazerorun.Run(context.Background(), wasm, nil, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "unsupported imports wasi.fd_write") {
		t.Errorf("got %v, want an unsupported-import error", err)
	}
}

func TestMemoryGrowFails(t *testing.T) {
	// Prints memory.grow 0, memory.grow 1, memory.size as digits: 1, -1 (as
	// '0'-1 = '/'), 1. A declared maximum above the initial size is pinned too.
	for _, mem := range []string{"(memory 1)", "(memory 1 4)"} {
		wasm := wat(t, `(module `+imports+mem+`
		  (func (export "_start")
		    i32.const 0 memory.grow i32.const 48 i32.add call $putc
		    i32.const 1 memory.grow i32.const 48 i32.add call $putc
		    memory.size i32.const 48 i32.add call $putc))`)
		if _, out := run(t, wasm, ""); out != "1/1" {
			t.Errorf("%s: got %q, want \"1/1\"", mem, out)
		}
	}
}

func TestInstructionCount(t *testing.T) {
	// 2 instructions, then 5 iterations of 5 (loop and end do not count),
	// then 2 more: 29.
	wasm := wat(t, `(module `+imports+`
	  (func (export "_start") (local i32)
	    i32.const 5
	    local.set 0
	    loop
	      local.get 0
	      i32.const 1
	      i32.sub
	      local.tee 0
	      br_if 0
	    end
	    i32.const 65
	    call $putc))`)
	res, out := run(t, wasm, "")
	if res.Instructions != 29 || out != "A" {
		t.Errorf("got %d instructions, output %q; want 29, \"A\"", res.Instructions, out)
	}

	// hv_exit from a callee: the instructions after the call never run.
	wasm = wat(t, `(module `+imports+`
	  (func $f i32.const 3 call $exit i32.const 1 drop)
	  (func (export "_start") nop call $f i32.const 1 drop))`)
	res, _ = run(t, wasm, "")
	if res.Instructions != 4 || res.ExitStatus != 3 {
		t.Errorf("got %+v, want 4 instructions and exit 3", res)
	}
}

func TestInvoke(t *testing.T) {
	wasm := wat(t, `(module
	  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
	  (func (export "mul64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.mul)
	  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
	  (func (export "pair") (result i32 i64) i32.const -1 i64.const -2)
	  (func (export "f") (param f32)))`)
	ctx := context.Background()
	tests := []struct {
		name string
		args []string
		want string
		err  string
	}{
		{"add", []string{"3", "5"}, "8", ""},
		{"add", []string{"4294967295", "0"}, "-1", ""},
		{"add", []string{"-2147483648", "-1"}, "2147483647", ""},
		{"mul64", []string{"-3", "18446744073709551615"}, "3", ""},
		{"pair", nil, "-1 -2", ""},
		{"add", []string{"1"}, "", "invoke add: takes 2 arguments, got 1"},
		{"add", []string{"1", "x"}, "", `invoke add: argument 2: "x" is not an i32 decimal`},
		{"add", []string{"1", "4294967296"}, "", `invoke add: argument 2: "4294967296" is not an i32 decimal`},
		{"f", []string{"1"}, "", "invoke f: argument 1 has type f32 (only i32 and i64 are supported)"},
		{"nope", nil, "", `invoke: no exported function "nope" (exported: add, div, f, mul64, pair)`},
		{"div", []string{"1", "0"}, "", "trap: integer divide by zero"},
	}
	for _, tt := range tests {
		got, err := wazerorun.Invoke(ctx, wasm, tt.name, tt.args)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%s%v: got error %v, want %q", tt.name, tt.args, err, tt.err)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("%s%v: got %v, %v; want %s", tt.name, tt.args, got, err, tt.want)
		}
	}
}

func TestProfile(t *testing.T) {
	wasm := wat(t, `(module `+imports+`
	  (func $twice (param i32) (result i32) local.get 0 local.get 0 i32.add)
	  (func (export "_start")
	    i32.const 20 call $twice call $twice call $putc))`)
	var out bytes.Buffer
	res, err := wazerorun.RunWithOptions(context.Background(), wasm, nil, &out, wazerorun.Options{Profile: true})
	if err != nil {
		t.Fatal(err)
	}
	// _start: const, call, call, call = 4; $twice: 3 per call. wat2wasm
	// writes no name section, so the names are made up from the indices.
	want := []wazerorun.FunctionCount{{Index: 3, Name: "func[3]", Instructions: 6},
		{Index: 4, Name: "func[4]", Instructions: 4}}
	if res.Instructions != 10 || out.String() != "P" || len(res.Profile) != 2 ||
		res.Profile[0] != want[0] || res.Profile[1] != want[1] {
		t.Errorf("got %+v output %q; want 10 instructions split %+v", res, out.String(), want)
	}
}

// FuzzRun feeds arbitrary bytes to Run: it may fail, but must not panic.
func FuzzRun(f *testing.F) {
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x05\x03\x01\x00\x01"))
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x07\x0a\x01\x06_start\x00\x00\x0a\x04\x01\x02\x00\x0b"))
	f.Fuzz(func(t *testing.T, wasm []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		wazerorun.Run(ctx, wasm, nil, io.Discard)
	})
}
