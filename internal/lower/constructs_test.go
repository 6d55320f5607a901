package lower

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/wazerorun"
)

// A construct test is a program in WebAssembly text with the output, exit
// status and trap it must give. Each runs lowered on the reference
// interpreter and, unless noWazero, on wazero; both must match the
// expectation.
type construct struct {
	name     string
	src      string
	input    string
	out      string
	status   int32
	trap     machine.Trap
	noWazero bool // wazero's limits differ (call depth)
}

const putc = `(import "env" "hv_putc" (func $putc (param i32)))`

var constructs = []construct{
	{name: "main result is the status", src: `(module (func (export "main") (result i32) (i32.const 42)))`, status: 42},
	{name: "start returns status 0", src: `(module (func (export "_start")))`},
	{name: "hv_exit", src: `(module (import "env" "hv_exit" (func $exit (param i32)))
		(func (export "_start") (call $exit (i32.const 7)) (unreachable)))`, status: 7},
	{name: "echo until end of input", input: "hello\x00\xff!", out: "hello\x00\xff!!", src: `(module
		(import "env" "hv_getc" (func $getc (result i32))) ` + putc + `
		(func (export "_start") (local $c i32)
		  (block $eof (loop $next
		    (br_if $eof (i32.eq (local.tee $c (call $getc)) (i32.const -1)))
		    (call $putc (local.get $c))
		    (br $next)))
		  (call $putc (i32.add (call $getc) (i32.const 34)))))`, status: 0},
	{name: "putc writes the low byte", out: "A", src: `(module ` + putc + `
		(func (export "_start") (call $putc (i32.const 0x7041))))`},
	{name: "if else with results", out: "yn", src: `(module ` + putc + `
		(func $yn (param i32) (result i32)
		  (if (result i32) (local.get 0) (then (i32.const 121)) (else (i32.const 110))))
		(func (export "_start")
		  (call $putc (call $yn (i32.const 5)))
		  (call $putc (call $yn (i32.const 0)))))`},
	{name: "if without else and eqz folding", out: "ab", src: `(module ` + putc + `
		(func (export "_start") (local i32)
		  (if (i32.eqz (local.get 0)) (then (call $putc (i32.const 97))))
		  (local.set 0 (i32.const 1))
		  (if (i32.eqz (local.get 0)) (then (call $putc (i32.const 120))))
		  (block (br_if 0 (i32.eqz (local.get 0))) (call $putc (i32.const 98)))))`},
	{name: "select", out: "ABCD", src: `(module ` + putc + `
		(func (export "_start")
		  (call $putc (select (i32.const 65) (i32.const 66) (i32.const 1)))
		  (call $putc (select (i32.const 65) (i32.const 66) (i32.const 0)))
		  (call $putc (i32.wrap_i64 (select (i64.const 0x100000043) (i64.const 0x44) (i32.const 9))))
		  (call $putc (i32.wrap_i64 (select (i64.const 0x43) (i64.const 0x200000044) (i32.eqz (i32.const 9)))))))`},
	{name: "br_table with block results", out: "0123333", src: `(module ` + putc + `
		(func $case (param i32) (result i32)
		  (block $d (result i32) (block $c (result i32) (block $b (result i32) (block $a (result i32)
		    (i32.const 48) (local.get 0) (br_table $a $b $c $d))
		    (return)) (i32.add (i32.const 1)) (return)) (i32.add (i32.const 2)) (return))
		  (i32.add (i32.const 3)))
		(func (export "_start") (local i32)
		  (loop $l
		    (call $putc (call $case (local.get 0)))
		    (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 6))))
		  (call $putc (call $case (i32.const -1)))))`},
	{name: "br moves overlapping values", out: "12", src: `(module ` + putc + `
		(func (export "_start") (local i32)
		  (block (result i32 i32) (i32.const 9) (i32.const 49) (i32.const 50) (br 0))
		  (local.set 0) (call $putc) (call $putc (local.get 0))))`},
	{name: "br_if with values and fall through", out: "xy", src: `(module ` + putc + `
		(func $f (param i32) (result i32)
		  (block (result i32) (i32.const 1) (i32.const 120) (local.get 0) (br_if 0) (i32.add) (drop) (i32.const 121)))
		(func (export "_start") (call $putc (call $f (i32.const 1))) (call $putc (call $f (i32.const 0)))))`},
	{name: "return from nested blocks with extra values", out: "k", src: `(module ` + putc + `
		(func $f (result i32)
		  (i32.const 1) (i32.const 2)
		  (block (result i32) (i32.const 3) (loop (i32.const 107) (return)))
		  (i32.add) (i32.add))
		(func (export "_start") (call $putc (call $f))))`},
	{name: "multi-value results and pads", out: "abc", src: `(module ` + putc + `
		(func $three (result i32 i32 i32) (i32.const 97) (i32.const 98) (i32.const 99))
		(func $one (param i32) (result i32 i32 i32) (local.get 0) (i32.const 98) (i32.const 99))
		(func (export "_start") (local i32 i32)
		  (call $three) (local.set 0) (local.set 1) (call $putc) (call $putc (local.get 1)) (call $putc (local.get 0))
		  (call $one (i32.const 0)) (drop) (drop) (drop)))`},
	{name: "block and loop parameters", out: "55:", src: `(module ` + putc + `
		(func (export "_start") (local $i i32) (local $acc i32)
		  ;; sum 10..1 in a loop that carries (i, acc) as its parameters; the
		  ;; extra 7 below them makes br_if move two values down by one slot
		  (i32.const 10) (i32.const 0)
		  (loop $l (param i32 i32) (result i32)
		    (local.set $acc) (local.set $i)
		    (i32.const 7)
		    (i32.sub (local.get $i) (i32.const 1))
		    (i32.add (local.get $acc) (local.get $i))
		    (br_if $l (i32.gt_u (local.get $i) (i32.const 1)))
		    (local.set $acc) (drop) (drop) (local.get $acc))
		  (local.set $acc)
		  (call $putc (i32.add (i32.const 48) (i32.div_u (local.get $acc) (i32.const 10))))
		  (call $putc (i32.add (i32.const 48) (i32.rem_u (local.get $acc) (i32.const 10))))
		  (i32.const 57) (block (param i32) (result i32) (i32.const 1) (i32.add)) (call $putc)))`},
	{name: "recursion", out: "89", src: `(module ` + putc + `
		(func $fib (param i32) (result i32)
		  (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
		    (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
		                   (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
		(func (export "_start") (local i32)
		  (local.set 0 (call $fib (i32.const 11)))
		  (call $putc (i32.add (i32.const 48) (i32.div_u (local.get 0) (i32.const 10))))
		  (call $putc (i32.add (i32.const 48) (i32.rem_u (local.get 0) (i32.const 10))))))`},
	{name: "globals and i64 locals", out: "Lz", src: `(module ` + putc + `
		(global $g (mut i32) (i32.const 70))
		(global $h (mut i64) (i64.const 0x1234567800000005))
		(global $k i32 (i32.const 1))
		(func (export "_start") (local $x i64)
		  (global.set $g (i32.add (global.get $g) (global.get $k)))
		  (local.set $x (i64.add (global.get $h) (i64.const 0x100000000)))
		  (global.set $h (local.get $x))
		  (call $putc (i32.add (global.get $g) (i32.wrap_i64 (global.get $h))))
		  (if (i64.eq (i64.shr_u (global.get $h) (i64.const 32)) (i64.const 0x12345679))
		    (then (call $putc (i32.const 122))))))`},
	{name: "memory widths and data", out: "hi\xff\x7f\x80\xff\x80KO", src: `(module ` + putc + `
		(memory 1)
		(data (i32.const 100) "hi\ff\7f")
		(data (i32.const 101) "i")
		(func (export "_start")
		  (call $putc (i32.load8_u (i32.const 100)))
		  (call $putc (i32.load8_u offset=1 (i32.const 100)))
		  (call $putc (i32.shr_u (i32.load8_s (i32.const 102)) (i32.const 24)))
		  (call $putc (i32.load8_s (i32.const 103)))
		  (i64.store (i32.const 8) (i64.const 0x80ff01))
		  (call $putc (i32.wrap_i64 (i64.shr_u (i64.load16_s (i32.const 9)) (i64.const 8))))
		  (call $putc (i32.load16_u (i32.const 9)))
		  (call $putc (i32.wrap_i64 (i64.load32_u offset=2 (i32.const 8))))
		  (i32.store16 (i32.const 200) (i32.const 0x4b4f))
		  (i64.store8 (i32.const 202) (i64.const 0x1234500))
		  (call $putc (i32.load8_u (i32.const 201)))
		  (call $putc (i32.load8_u (i32.const 200)))
		  (if (i32.load8_u (i32.const 202)) (then (unreachable)))
		  (i64.store32 (i32.const 300) (i64.const -1))
		  (if (i64.ne (i64.load (i32.const 300)) (i64.const 0xffffffff)) (then (unreachable)))
		  (if (i64.ne (i64.load32_s (i32.const 300)) (i64.const -1)) (then (unreachable)))))`},
	{name: "memory size and grow", out: "22\xff2", src: `(module ` + putc + `
		(memory 2 2)
		(func (export "_start")
		  (call $putc (i32.add (i32.const 48) (memory.size)))
		  (call $putc (i32.add (i32.const 48) (memory.grow (i32.const 0))))
		  (call $putc (memory.grow (i32.const 1)))
		  (call $putc (i32.add (i32.const 48) (memory.size)))))`},
	{name: "call_indirect", out: "ab", src: `(module ` + putc + `
		(type $v (func (param i32)))
		(table 4 funcref)
		(elem (i32.const 1) $a $b $put)
		(func $a (param i32) (call $putc (i32.const 97)))
		(func $b (param i32) (call $putc (local.get 0)))
		(func (export "_start")
		  (call_indirect (type $v) (i32.const 0) (i32.const 1))
		  (call_indirect (type $v) (i32.const 98) (i32.const 3)))
		(func $put (param i32) (call $putc (local.get 0))))`},
	{name: "call_indirect of a host function", out: "Z", src: `(module ` + putc + `
		(type $v (func (param i32)))
		(table 1 funcref)
		(elem (i32.const 0) $putc)
		(func (export "_start") (call_indirect (type $v) (i32.const 90) (i32.const 0))))`},
	{name: "start function runs first", out: "se", src: `(module ` + putc + `
		(start $s)
		(func $s (call $putc (i32.const 115)))
		(func (export "_start") (call $putc (i32.const 101))))`},

	{name: "trap: i32 division by zero", trap: machine.TrapDivByZero, src: `(module
		(func (export "_start") (local i32) (drop (i32.div_u (i32.const 1) (local.get 0)))))`},
	{name: "trap: i64 remainder by zero", trap: machine.TrapDivByZero, src: `(module
		(func (export "_start") (local i64) (drop (i64.rem_s (i64.const 1) (local.get 0)))))`},
	{name: "trap: division by constant zero", trap: machine.TrapDivByZero, src: `(module
		(func (export "_start") (local i32) (drop (i32.rem_u (local.get 0) (i32.const 0)))))`},
	{name: "trap: i32 overflow", trap: machine.TrapOverflow, src: `(module
		(func (export "_start") (drop (i32.div_s (i32.const 0x80000000) (i32.const -1)))))`},
	{name: "trap: i64 overflow", trap: machine.TrapOverflow, src: `(module
		(func (export "_start") (drop (i64.div_s (i64.const 0x8000000000000000) (i64.const -1)))))`},
	{name: "INT_MIN rem -1 is 0", out: "0", src: `(module ` + putc + `
		(func (export "_start")
		  (call $putc (i32.add (i32.const 48) (i32.rem_s (i32.const 0x80000000) (i32.const -1))))))`},
	{name: "trap: load out of bounds", out: "a", trap: machine.TrapOutOfBounds, src: `(module ` + putc + `
		(memory 1)
		(func (export "_start")
		  (drop (i32.load (i32.const 65532)))
		  (call $putc (i32.const 97))
		  (drop (i32.load (i32.const 65533)))
		  (call $putc (i32.const 98))))`},
	{name: "trap: load offset past memory", trap: machine.TrapOutOfBounds, src: `(module
		(memory 1)
		(func (export "_start") (drop (i64.load8_u offset=0xffffffff (i32.const 1)))))`},
	{name: "trap: store out of bounds", trap: machine.TrapOutOfBounds, src: `(module
		(memory 1)
		(func (export "_start") (i64.store (i32.const -8) (i64.const 1))))`},
	{name: "trap: unreachable", out: "u", trap: machine.TrapUnreachable, src: `(module ` + putc + `
		(func (export "_start") (call $putc (i32.const 117)) (unreachable)))`},
	{name: "trap: indirect type mismatch", trap: machine.TrapIndirectType, src: `(module
		(type $v (func))
		(table 2 funcref)
		(elem (i32.const 0) $f)
		(func $f (param i32))
		(func (export "_start") (call_indirect (type $v) (i32.const 0))))`},
	{name: "trap: null element", trap: machine.TrapUndefinedElement, src: `(module
		(type $v (func))
		(table 2 funcref)
		(elem (i32.const 0) $f)
		(func $f)
		(func (export "_start") (call_indirect (type $v) (i32.const 1))))`},
	{name: "trap: element past the table", trap: machine.TrapUndefinedElement, src: `(module
		(type $v (func))
		(table 2 funcref)
		(elem (i32.const 0) $f $f)
		(func $f)
		(func (export "_start") (call_indirect (type $v) (i32.const 2))))`},
	{name: "trap: stack exhausted", trap: machine.TrapStackExhausted, src: `(module
		(func $f (param i32) (call $f (i32.add (local.get 0) (i32.const 1))))
		(func (export "_start") (call $f (i32.const 0))))`},
	{name: "deep recursion within the machine's stack", out: "ok", noWazero: true, src: `(module ` + putc + `
		(func $down (param i32) (result i32)
		  (if (result i32) (local.get 0)
		    (then (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
		    (else (i32.const 0))))
		(func (export "_start")
		  (if (i32.eq (call $down (i32.const 100000)) (i32.const 100000))
		    (then (call $putc (i32.const 111)) (call $putc (i32.const 107))))))`},
}

func TestConstructs(t *testing.T) {
	needWabt(t)
	for _, c := range constructs {
		t.Run(c.name, func(t *testing.T) {
			b := wat(t, c.src)
			p, err := lowerBytes(t, b, Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := runProgram(t, p, []byte(c.input))
			check := func(engine string, out []byte, status int32, trap string) {
				t.Helper()
				if string(out) != c.out {
					t.Errorf("%s: output %q, want %q", engine, out, c.out)
				}
				if trap != c.trap.String() && !(trap == "" && c.trap == machine.TrapNone) {
					t.Errorf("%s: trap %q, want %q", engine, trap, c.trap)
				}
				if c.trap == machine.TrapNone && status != c.status {
					t.Errorf("%s: status %d, want %d", engine, status, c.status)
				}
			}
			trap := ""
			if r.o.Trap != machine.TrapNone {
				trap = r.o.Trap.String()
			}
			check("lowered", r.out, r.o.Status, trap)
			if c.noWazero {
				return
			}
			var out bytes.Buffer
			res, err := wazerorun.Run(context.Background(), b, []byte(c.input), &out)
			if err != nil {
				t.Fatalf("wazero: %v", err)
			}
			check("wazero", out.Bytes(), int32(res.ExitStatus), res.Trap)
		})
	}
}

func TestListingNamesFunctions(t *testing.T) {
	b := wat(t, `(module (func $named (result i32) (i32.const 1)) (func (result i32) (i32.const 2))
		(func $main (export "main") (result i32) (i32.add (call $named) (call 1))))`)
	p, err := lowerBytes(t, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range p.Funcs {
		names = append(names, f.Name)
	}
	if got, want := strings.Join(names, " "), "entry main named func[1]"; got != want {
		t.Errorf("function names %q, want %q", got, want)
	}
}
