package corpus

import (
	"fmt"
	"strings"
)

// edge is a handwritten program: the body of _start and what it needs.
// Bodies print with $print (i64) and $print32 (i32, zero-extended).
type edge struct {
	name    string
	imports []string // beyond putc
	data    []byte
	decls   []string
	body    string
	input   string
}

// edgePrograms are the handwritten edge cases. Traps come last in their
// programs, after some output, so an engine must also get the output before
// the trap right.
func edgePrograms() []Program {
	var ps []Program
	for _, e := range edges {
		decls := append([]string{print32Func}, e.decls...)
		m := module{imports: append([]string{"putc"}, e.imports...), data: e.data, decls: decls,
			start: strings.TrimSpace(dedent(e.body))}
		p := Program{Name: "edge-" + e.name, WAT: m.text()}
		if e.input != "" {
			p.Input = []byte(e.input)
		}
		ps = append(ps, p)
	}
	return ps
}

const print32Func = "(func $print32 (param i32) (call $print (i64.extend_i32_u (local.get 0))))"

// marker prints a value, so that a trap follows some output.
const marker = "(call $print (i64.const 0x1122334455667788))\n"

// trapDiv is a program that prints the marker, then divides a by b, which
// must trap.
func trapDiv(name, t, op string, a, b uint64) edge {
	return edge{name: name,
		body: marker + printer(t, fmt.Sprintf("(%s.%s %s %s)", t, op, constant(t, a), constant(t, b)))}
}

// shiftsBy applies every shift and rotate of type t to x by each amount.
func shiftsBy(t string, x uint64, amounts ...uint64) string {
	var b strings.Builder
	for _, op := range []string{"shl", "shr_s", "shr_u", "rotl", "rotr"} {
		for _, n := range amounts {
			fmt.Fprintln(&b, printer(t, fmt.Sprintf("(%s.%s %s %s)", t, op, constant(t, x), constant(t, n))))
		}
	}
	return b.String()
}

// dedent removes the tabs that indent a raw string in this file.
func dedent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, "\t")
	}
	return strings.Join(lines, "\n")
}

var edges = []edge{
	trapDiv("i32-div_s-overflow", "i32", "div_s", 0x80000000, 0xffffffff),
	trapDiv("i64-div_s-overflow", "i64", "div_s", 1<<63, 0xffffffffffffffff),
	trapDiv("i32-div_s-zero", "i32", "div_s", 7, 0),
	trapDiv("i32-div_u-zero", "i32", "div_u", 7, 0),
	trapDiv("i32-rem_s-zero", "i32", "rem_s", 0x80000000, 0),
	trapDiv("i32-rem_u-zero", "i32", "rem_u", 0xffffffff, 0),
	trapDiv("i64-div_s-zero", "i64", "div_s", 1, 0),
	trapDiv("i64-div_u-zero", "i64", "div_u", 1<<63, 0),
	trapDiv("i64-rem_s-zero", "i64", "rem_s", 5, 0),
	trapDiv("i64-rem_u-zero", "i64", "rem_u", 5, 0),
	{name: "rem_s-min-by-minus-one", body: `
		(call $print32 (i32.rem_s (i32.const 0x80000000) (i32.const -1)))
		(call $print (i64.rem_s (i64.const 0x8000000000000000) (i64.const -1)))
		(call $print32 (i32.div_u (i32.const 0x80000000) (i32.const -1)))
		(call $print32 (i32.div_s (i32.const 0x80000000) (i32.const 1)))
		(call $print32 (i32.rem_s (i32.const -7) (i32.const 2)))
		(call $print (i64.div_s (i64.const -7) (i64.const 2)))`},
	{name: "i32-shift-by-32-and-more", body: shiftsBy("i32", 0x80000001, 32, 33, 63, 64)},
	{name: "i64-shift-by-64-and-more", body: shiftsBy("i64", 0x8000000000000001, 32, 63, 64, 65)},
	{name: "shift-by-negative",
		body: shiftsBy("i32", 0xf0000005, 0xffffffff) + shiftsBy("i64", 0xf000000000000005, 0xffffffffffffffff)},
	{name: "or-128", body: `
		(call $print32 (i32.or (i32.const 0) (i32.const 128)))
		(call $print32 (i32.or (i32.const 5) (i32.const 128)))
		(call $print32 (i32.or (i32.const 200) (i32.const 128)))
		(call $print32 (i32.or (i32.const -1) (i32.const 128)))
		(call $print32 (i32.or (i32.const 0x7fffff00) (i32.const 128)))
		(call $print (i64.or (i64.const 0x100000000) (i64.const 128)))
		(call $print32 (i32.xor (i32.const 255) (i32.const 128)))`},
	{name: "load-sign-extension", data: []byte{0x80, 0xff, 0x7f, 0x00, 0xff, 0xff, 0x00, 0x80}, body: `
		(call $print32 (i32.load8_s (i32.const 0)))
		(call $print32 (i32.load8_u (i32.const 0)))
		(call $print32 (i32.load8_s (i32.const 1)))
		(call $print32 (i32.load8_u (i32.const 1)))
		(call $print32 (i32.load8_s (i32.const 2)))
		(call $print32 (i32.load16_s (i32.const 0)))
		(call $print32 (i32.load16_u (i32.const 0)))
		(call $print32 (i32.load16_s (i32.const 6)))
		(call $print (i64.load8_s (i32.const 1)))
		(call $print (i64.load16_s (i32.const 4)))
		(call $print (i64.load32_s (i32.const 4)))
		(call $print (i64.load32_u (i32.const 4)))`},
	{name: "store-then-load-widths", body: `
		(i64.store (i32.const 16) (i64.const -1))
		(i32.store16 (i32.const 17) (i32.const 0x12345678))
		(i64.store8 (i32.const 20) (i64.const 0x1ff))
		(call $print (i64.load (i32.const 16)))
		(i64.store32 offset=4 (i32.const 16) (i64.const 0x7777666655554444))
		(call $print (i64.load (i32.const 16)))
		(call $print32 (i32.load offset=1 (i32.const 16)))
		(i64.store offset=3 (i32.const 29) (i64.const 0x0102030405060708))
		(call $print (i64.load (i32.const 32)))
		(call $print (i64.load (i32.const 24)))`},
	{name: "load-last-bytes", body: `
		(i32.store8 (i32.const 65535) (i32.const 0xab))
		(call $print32 (i32.load8_u (i32.const 65535)))
		(call $print (i64.load (i32.const 65528)))
		(call $print32 (i32.load16_u offset=65533 (i32.const 1)))`},
	{name: "load-out-of-bounds", body: marker + `(call $print32 (i32.load (i32.const 65533)))`},
	{name: "load8-out-of-bounds", body: marker + `(call $print32 (i32.load8_u (i32.const 65536)))`},
	{name: "load-offset-out-of-bounds", body: marker + `(call $print (i64.load offset=65530 (i32.const 0)))`},
	{name: "load-address-wraps", body: marker + `(call $print32 (i32.load offset=8 (i32.const -4)))`},
	{name: "store-out-of-bounds", body: marker + "(i64.store (i32.const 65529) (i64.const 1))\n" + marker},
	{name: "store16-out-of-bounds",
		body: marker + "(i32.store16 offset=65535 (i32.const 0) (i32.const 1))\n" + marker},
	{name: "unreachable", body: marker + "(unreachable)\n" + marker},
	{name: "unreachable-in-callee",
		decls: []string{"(func $boom (result i32) (call $print (i64.const 1)) (unreachable))"},
		body:  marker + "(call $print32 (call $boom))"},
	{name: "call_indirect-wrong-type", decls: []string{
		"(type $v2i (func (result i32)))",
		"(type $i2i (func (param i32) (result i32)))",
		"(func $seven (type $v2i) (i32.const 7))",
		"(func $inc (type $i2i) (i32.add (local.get 0) (i32.const 1)))",
		"(table 2 funcref)",
		"(elem (i32.const 0) $seven $inc)"}, body: `
		(call $print32 (call_indirect (type $v2i) (i32.const 0)))
		(call $print32 (call_indirect (type $i2i) (i32.const 41) (i32.const 1)))
		(call $print32 (call_indirect (type $v2i) (i32.const 1)))`},
	{name: "call_indirect-out-of-range", decls: []string{
		"(type $v2i (func (result i32)))",
		"(func $seven (type $v2i) (i32.const 7))",
		"(table 2 funcref)",
		"(elem (i32.const 0) $seven $seven)"}, body: `
		(call $print32 (call_indirect (type $v2i) (i32.const 1)))
		(call $print32 (call_indirect (type $v2i) (i32.const 2)))`},
	{name: "call_indirect-negative-index", decls: []string{
		"(type $v2i (func (result i32)))",
		"(func $seven (type $v2i) (i32.const 7))",
		"(table 1 funcref)",
		"(elem (i32.const 0) $seven)"},
		body: marker + `(call $print32 (call_indirect (type $v2i) (i32.const -1)))`},
	{name: "memory-size-and-grow", body: `
		(call $print32 (memory.size))
		(call $print32 (memory.grow (i32.const 0)))
		(call $print32 (memory.grow (i32.const 1)))
		(call $print32 (memory.grow (i32.const 65536)))
		(call $print32 (memory.grow (i32.const -1)))
		(call $print32 (memory.size))
		(call $print32 (i32.load (i32.const 65536)))`},
	{name: "exit-status", imports: []string{"exit"}, body: marker + "(call $exit (i32.const 3))\n" + marker},
	{name: "exit-in-callee", imports: []string{"exit"},
		decls: []string{"(func $quit (call $exit (i32.const 42)) (unreachable))"},
		body:  marker + "(call $quit)\n" + marker},
	{name: "getc-echo", imports: []string{"getc"}, input: "Hi!\x00\xff\x80", body: `
		(local $c i32)
		(block $done
		  (loop $next
		    (local.set $c (call $getc))
		    (br_if $done (i32.lt_s (local.get $c) (i32.const 0)))
		    (call $putc (local.get $c))
		    (br $next)))
		(call $print32 (call $getc))
		(call $print32 (call $getc))`},
	{name: "getc-empty", imports: []string{"getc"}, body: `
		(call $print32 (call $getc))
		(call $print32 (call $getc))`},
	{name: "putc-masks", body: `
		(call $putc (i32.const 0x141))
		(call $putc (i32.const -246))
		(call $putc (i32.const 10))`},
	{name: "br_table-default", body: `
		(local $i i32) (local $r i32)
		(local.set $i (i32.const 0))
		(loop $next
		  (block $d
		    (block $b
		      (block $a
		        (br_table $a $b $d (local.get $i)))
		      (local.set $r (i32.add (local.get $r) (i32.const 1)))
		      (br $d))
		    (local.set $r (i32.add (local.get $r) (i32.const 100))))
		  (local.set $i (i32.add (local.get $i) (i32.const 1)))
		  (br_if $next (i32.lt_u (local.get $i) (i32.const 5))))
		(call $print32 (local.get $r))
		(block $x
		  (block $y (br_table $y $x (i32.const -1)))
		  (local.set $r (i32.const 7)))
		(call $print32 (local.get $r))`},
	{name: "block-values", body: `
		(call $print32 (block $b (result i32) (drop (br_if $b (i32.const 1) (i32.const 1))) (i32.const 2)))
		(call $print32 (block $b (result i32) (drop (br_if $b (i32.const 1) (i32.const 0))) (i32.const 2)))
		(call $print (block $o (result i64)
		  (block $i (result i64) (br $o (i64.const 5)))
		  (drop)
		  (i64.const 6)))
		(call $print32 (if (result i32) (i32.const 0) (then (i32.const 10)) (else (i32.const 20))))
		(call $print32 (loop $l (result i32) (i32.const 9)))`},
	{name: "select", body: `
		(call $print32 (select (i32.const 1) (i32.const 2) (i32.const 0)))
		(call $print32 (select (i32.const 1) (i32.const 2) (i32.const -5)))
		(call $print (select (i64.const -1) (i64.const 2) (i32.const 0x80000000)))
		(call $print (select (i64.const -1) (i64.const 2) (i32.const 0)))`},
	{name: "return-from-nested", decls: []string{`(func $find (param $n i32) (result i32) (local $i i32)
		    (loop $l
		      (block $b
		        (br_if $b (i32.ne (local.get $i) (local.get $n)))
		        (return (i32.mul (local.get $i) (i32.const 10))))
		      (local.set $i (i32.add (local.get $i) (i32.const 1)))
		      (br_if $l (i32.lt_u (local.get $i) (i32.const 8))))
		    (i32.const -1))`}, body: `
		(call $print32 (call $find (i32.const 3)))
		(call $print32 (call $find (i32.const 9)))
		(return)
		(call $print32 (i32.const 1))`},
	{name: "globals", decls: []string{
		"(global $g (mut i32) (i32.const -3))",
		"(global $h (mut i64) (i64.const 0x100000000))",
		"(global $k i32 (i32.const 77))",
		`(func $bump
		    (global.set $g (i32.add (global.get $g) (global.get $k)))
		    (global.set $h (i64.shl (global.get $h) (i64.const 1))))`}, body: `
		(call $bump)
		(call $bump)
		(call $print32 (global.get $g))
		(call $print (global.get $h))`},
	{name: "conversions", body: `
		(call $print32 (i32.wrap_i64 (i64.const 0x123456789abcdef0)))
		(call $print (i64.extend_i32_s (i32.const -2)))
		(call $print (i64.extend_i32_u (i32.const -2)))
		(call $print (i64.extend32_s (i64.const 0x80000000)))
		(call $print (i64.extend16_s (i64.const 0x18000)))
		(call $print (i64.extend8_s (i64.const 0x17f)))
		(call $print32 (i32.extend8_s (i32.const 0x80)))
		(call $print32 (i32.extend16_s (i32.const 0x7fff)))`},
	{name: "count-bits-extremes", body: `
		(call $print32 (i32.clz (i32.const 0)))
		(call $print32 (i32.ctz (i32.const 0)))
		(call $print32 (i32.popcnt (i32.const -1)))
		(call $print (i64.clz (i64.const 0)))
		(call $print (i64.ctz (i64.const 0)))
		(call $print (i64.popcnt (i64.const -1)))
		(call $print (i64.clz (i64.const 1)))
		(call $print (i64.ctz (i64.const 0x8000000000000000)))`},
	{name: "compare-signedness", body: `
		(call $print32 (i32.lt_s (i32.const -1) (i32.const 1)))
		(call $print32 (i32.lt_u (i32.const -1) (i32.const 1)))
		(call $print32 (i64.gt_s (i64.const 0x8000000000000000) (i64.const 0)))
		(call $print32 (i64.gt_u (i64.const 0x8000000000000000) (i64.const 0)))
		(call $print32 (i32.eqz (i32.const 0x80000000)))
		(call $print32 (i64.eqz (i64.const 0)))
		(call $print32 (i64.eq (i64.const 0x100000000) (i64.const 0)))`},
	{name: "multiply-wraps", body: `
		(call $print32 (i32.mul (i32.const 0x10000) (i32.const 0x10000)))
		(call $print32 (i32.mul (i32.const -1) (i32.const 0x80000000)))
		(call $print (i64.mul (i64.const 0x100000001) (i64.const 0x100000001)))
		(call $print (i64.mul (i64.const -3) (i64.const 0x5555555555555555)))`},
	{name: "recursion", decls: []string{`(func $fact (param $n i64) (result i64)
		    (if (result i64) (i64.le_u (local.get $n) (i64.const 1))
		      (then (i64.const 1))
		      (else (i64.mul (local.get $n) (call $fact (i64.sub (local.get $n) (i64.const 1)))))))`},
		body: `
		(call $print (call $fact (i64.const 10)))
		(call $print (call $fact (i64.const 21)))`},
	{name: "drop-and-nop", body: `
		(nop)
		(drop (i32.const 5))
		(drop (i64.div_u (i64.const 9) (i64.const 2)))
		(nop)
		(call $print32 (i32.const 1))`},
}
