package corpus

import (
	"fmt"
	"math"
	"strings"
)

// The integer instructions, by shape.
var (
	binOps = []string{
		"add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u",
		"and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr",
	}
	cmpOps  = []string{"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"}
	unOps32 = []string{"clz", "ctz", "popcnt", "extend8_s", "extend16_s"}
	unOps64 = []string{"clz", "ctz", "popcnt", "extend8_s", "extend16_s", "extend32_s"}
)

// Operand pools: values where integer instructions tend to go wrong.
var (
	pool32 = []uint64{
		0, 1, 2, 3, 7, 31, 32, 33, 100, 0x80, 0xff, 0x8000, 0xffff, 0x12345678,
		0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffff9c /* -100 */, 0xfffffff9 /* -7 */, 0xffffffff,
	}
	pool64 = []uint64{
		0, 1, 2, 7, 31, 32, 33, 63, 64, 65, 0x80, 0xff, 0x80000000, 0xffffffff, 0x100000000,
		0x123456789abcdef0, math.MaxInt64, 1 << 63, 0xdeadbeefcafef00d, 0xfffffffffffffff9,
		0xffffffffffffffff,
	}
)

// opPrograms builds one program per integer instruction.
func opPrograms() []Program {
	var ps []Program
	for _, t := range []string{"i32", "i64"} {
		for _, op := range append(append([]string{}, binOps...), cmpOps...) {
			ps = append(ps, binOpProgram(t, op))
		}
		for _, op := range append([]string{"eqz"}, unOps(t)...) {
			ps = append(ps, unOpProgram(t, op))
		}
	}
	ps = append(ps, convProgram("i32.wrap_i64", "i64", "i32"),
		convProgram("i64.extend_i32_s", "i32", "i64"),
		convProgram("i64.extend_i32_u", "i32", "i64"))
	ps = append(ps, loadPrograms()...)
	ps = append(ps, storePrograms()...)
	return ps
}

func unOps(t string) []string {
	if t == "i32" {
		return unOps32
	}
	return unOps64
}

func poolOf(t string) []uint64 {
	if t == "i32" {
		return pool32
	}
	return pool64
}

// printer prints a value of type t.
func printer(t, e string) string {
	if t == "i32" {
		return printI32(e)
	}
	return printI64(e)
}

// resultType is the type an instruction of operand type t produces.
func resultType(t, op string) string {
	for _, c := range cmpOps {
		if c == op {
			return "i32"
		}
	}
	if op == "eqz" {
		return "i32"
	}
	return t
}

// binOpProgram applies t.op to five operand pairs from the pool, chosen by
// a seed made from the instruction's name, skipping pairs that trap.
func binOpProgram(t, op string) Program {
	r := newRNG(seedOf(t + "." + op))
	pool := poolOf(t)
	var body strings.Builder
	for n := 0; n < 5; {
		a, b := pick(r, pool), pick(r, pool)
		if isShift(op) {
			b = pick(r, shiftAmounts)
		}
		if traps(t, op, a, b) {
			continue
		}
		fmt.Fprintln(&body, printer(resultType(t, op),
			fmt.Sprintf("(%s.%s %s %s)", t, op, constant(t, a), constant(t, b))))
		n++
	}
	return Program{Name: "op-" + t + "." + op, WAT: module{imports: []string{"putc"}, start: body.String()}.text()}
}

// shiftAmounts are the amounts shift and rotate programs use: WebAssembly
// takes them modulo the width, so 32, 33, 64 and -1 matter.
var shiftAmounts = []uint64{0, 1, 4, 31, 32, 33, 63, 64, 65, 0xffffffffffffffff}

func isShift(op string) bool {
	return op == "shl" || op == "shr_s" || op == "shr_u" || op == "rotl" || op == "rotr"
}

// traps reports whether t.op traps on a and b.
func traps(t, op string, a, b uint64) bool {
	if !strings.HasPrefix(op, "div") && !strings.HasPrefix(op, "rem") {
		return false
	}
	min, minus1 := uint64(1<<63), ^uint64(0)
	if t == "i32" {
		min, minus1 = 1<<31, 0xffffffff
	}
	return b == 0 || (op == "div_s" && a == min && b == minus1)
}

// unOpProgram applies t.op to five pool values.
func unOpProgram(t, op string) Program {
	r := newRNG(seedOf(t + "." + op))
	var body strings.Builder
	for n := 0; n < 5; n++ {
		fmt.Fprintln(&body, printer(resultType(t, op),
			fmt.Sprintf("(%s.%s %s)", t, op, constant(t, pick(r, poolOf(t))))))
	}
	return Program{Name: "op-" + t + "." + op, WAT: module{imports: []string{"putc"}, start: body.String()}.text()}
}

// convProgram applies a conversion to five pool values of type from.
func convProgram(op, from, to string) Program {
	r := newRNG(seedOf(op))
	var body strings.Builder
	for n := 0; n < 5; n++ {
		fmt.Fprintln(&body, printer(to, fmt.Sprintf("(%s %s)", op, constant(from, pick(r, poolOf(from))))))
	}
	return Program{Name: "op-" + op, WAT: module{imports: []string{"putc"}, start: body.String()}.text()}
}

// memData is the data of the memory programs: sign bits set and clear at
// every width.
var memData = []byte{
	0x80, 0xff, 0x7f, 0x00, 0x01, 0xfe, 0x80, 0x00, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x00, 0x00, 0x80,
	0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01,
}

var loads = []struct{ op, t string }{
	{"i32.load", "i32"}, {"i32.load8_s", "i32"}, {"i32.load8_u", "i32"}, {"i32.load16_s", "i32"},
	{"i32.load16_u", "i32"}, {"i64.load", "i64"}, {"i64.load8_s", "i64"}, {"i64.load8_u", "i64"},
	{"i64.load16_s", "i64"}, {"i64.load16_u", "i64"}, {"i64.load32_s", "i64"}, {"i64.load32_u", "i64"},
}

// loadPrograms load from five addresses each, aligned and not, with and
// without a static offset.
func loadPrograms() []Program {
	var ps []Program
	for _, l := range loads {
		var body strings.Builder
		for _, at := range [][2]int{{0, 0}, {1, 0}, {0, 6}, {3, 8}, {8, 5}} {
			off := ""
			if at[1] != 0 {
				off = fmt.Sprintf(" offset=%d", at[1])
			}
			fmt.Fprintln(&body, printer(l.t, fmt.Sprintf("(%s%s (i32.const %d))", l.op, off, at[0])))
		}
		ps = append(ps, Program{Name: "op-" + l.op,
			WAT: module{imports: []string{"putc"}, data: memData, start: body.String()}.text()})
	}
	return ps
}

var stores = []struct{ op, t string }{
	{"i32.store", "i32"}, {"i32.store8", "i32"}, {"i32.store16", "i32"}, {"i64.store", "i64"},
	{"i64.store8", "i64"}, {"i64.store16", "i64"}, {"i64.store32", "i64"},
}

// storePrograms store three values into the data and print the 16 bytes
// around each store as two i64 loads.
func storePrograms() []Program {
	var ps []Program
	for _, s := range stores {
		r := newRNG(seedOf(s.op))
		var body strings.Builder
		for i, at := range []int{3, 8, 17} {
			off := ""
			if i == 2 {
				off = " offset=2"
			}
			v := pick(r, poolOf(s.t))
			fmt.Fprintf(&body, "(%s%s (i32.const %d) %s)\n", s.op, off, at, constant(s.t, v))
			fmt.Fprintln(&body, printI64(fmt.Sprintf("(i64.load (i32.const %d))", at&^7)))
			fmt.Fprintln(&body, printI64(fmt.Sprintf("(i64.load (i32.const %d))", at&^7+8)))
		}
		ps = append(ps, Program{Name: "op-" + s.op,
			WAT: module{imports: []string{"putc"}, data: memData, start: body.String()}.text()})
	}
	return ps
}

// seedOf hashes a name (FNV-1a) into a seed.
func seedOf(name string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(name); i++ {
		h ^= uint64(name[i])
		h *= 1099511628211
	}
	return h
}
