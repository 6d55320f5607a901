package lower

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/wasm"
)

var update = flag.Bool("update", false, "rewrite docs/lowering.md from the lowering")

const costDocPath = "../../docs/lowering.md"

// A costEntry measures one WebAssembly instruction: body is the body of
// an exported _start (locals $a $b i32, $x $y i64) that runs the first
// instruction with opcode op once; with the constant operand before it
// when withConst is set.
type costEntry struct {
	name      string
	body      string
	op        wasm.Opcode
	withConst bool
	note      string
}

const costModule = `(module
  (import "env" "hv_getc" (func $getc (result i32)))
  (import "env" "hv_putc" (func $putc (param i32)))
  (import "env" "hv_exit" (func $exit (param i32)))
  (type $t (func (param i32) (result i32)))
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (global $G (mut i64) (i64.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $f $f)
  (func $f (param i32) (result i32) (local.get 0))
  (func $r (param i32) (result i32 i32) (local.get 0) (local.get 0) (return))
  (func (export "_start") (local $a i32) (local $b i32) (local $x i64) (local $y i64)
    %s))`

var costEntries = []costEntry{
	{"i32.const", "(drop (i32.const 7))", wasm.OpcodeI32Const, false, ""},
	{"i64.const below 2^32", "(drop (i64.const 7))", wasm.OpcodeI64Const, false, "const32: the high half of a 5-token write is 0"},
	{"i64.const", "(drop (i64.const 0x100000000))", wasm.OpcodeI64Const, false, ""},
	{"local.get", "(drop (local.get $a))", wasm.OpcodeLocalGet, false, "lget64 for i64"},
	{"local.set", "(local.set $a (i32.const 1))", wasm.OpcodeLocalSet, false, "lset64 for i64"},
	{"local.tee", "(drop (local.tee $a (i32.const 1)))", wasm.OpcodeLocalTee, false, ""},
	{"global.get", "(drop (global.get $g))", wasm.OpcodeGlobalGet, false, "gget64 for i64"},
	{"global.set", "(global.set $g (i32.const 1))", wasm.OpcodeGlobalSet, false, ""},
	{"drop, nop", "(drop (i32.const 1)) (nop)", wasm.OpcodeDrop, false, "the static height only"},
	{"select", "(drop (select (local.get $a) (local.get $b) (i32.const 0)))", wasm.OpcodeSelect, false, "1 step when the condition is nonzero"},

	{"i32.add, i32.sub", "(drop (i32.add (local.get $a) (local.get $b)))", wasm.OpcodeI32Add, false, ""},
	{"i64.add, i64.sub", "(drop (i64.add (local.get $x) (local.get $y)))", wasm.OpcodeI64Add, false, ""},
	{"i32 comparisons", "(drop (i32.lt_s (local.get $a) (local.get $b)))", wasm.OpcodeI32LtS, false, "eq ne lt gt le ge, signed and unsigned"},
	{"i64 comparisons", "(drop (i64.lt_s (local.get $x) (local.get $y)))", wasm.OpcodeI64LtS, false, "the result is an i32"},
	{"i32.eqz, i64.eqz", "(drop (i32.eqz (local.get $a)))", wasm.OpcodeI32Eqz, false, "i32.eqz before br_if, if or select folds into the jump: 0"},
	{"i32.wrap_i64", "(drop (i32.wrap_i64 (local.get $x)))", wasm.OpcodeI32WrapI64, false, ""},
	{"i64.extend_i32_s, _u", "(drop (i64.extend_i32_s (local.get $a)))", wasm.OpcodeI64ExtendI32S, false, ""},
	{"i32.and, or, xor", "(drop (i32.and (local.get $a) (local.get $b)))", wasm.OpcodeI32And, false, ""},
	{"i64.and, or, xor", "(drop (i64.and (local.get $x) (local.get $y)))", wasm.OpcodeI64And, false, ""},
	{"i32.extend8_s, 16_s", "(drop (i32.extend8_s (local.get $a)))", wasm.OpcodeI32Extend8S, false, ""},
	{"i64.extend8_s, 16_s", "(drop (i64.extend8_s (local.get $x)))", wasm.OpcodeI64Extend8S, false, ""},
	{"i64.extend32_s", "(drop (i64.extend32_s (local.get $x)))", wasm.OpcodeI64Extend32S, false, ""},

	{"i32.shl, shr_u by a constant", "(drop (i32.shl (local.get $a) (i32.const 5)))", wasm.OpcodeI32Shl, true, "k mod 32 = 0: nothing"},
	{"i32.shr_s by a constant", "(drop (i32.shr_s (local.get $a) (i32.const 5)))", wasm.OpcodeI32ShrS, true, ""},
	{"i32.rotl, rotr by a constant", "(drop (i32.rotl (local.get $a) (i32.const 5)))", wasm.OpcodeI32Rotl, true, ""},
	{"i64.shl, shr_u by a constant", "(drop (i64.shl (local.get $x) (i64.const 5)))", wasm.OpcodeI64Shl, true, ""},
	{"i64.shr_s by a constant", "(drop (i64.shr_s (local.get $x) (i64.const 5)))", wasm.OpcodeI64ShrS, true, ""},
	{"i64.rotl, rotr by a constant", "(drop (i64.rotl (local.get $x) (i64.const 5)))", wasm.OpcodeI64Rotl, true, ""},
	{"i32.mul by 10", "(drop (i32.mul (local.get $a) (i32.const 10)))", wasm.OpcodeI32Mul, true, "n non-zero digits of the constant's NAF: 2n instructions"},
	{"i32.mul by 0xcccccccd", "(drop (i32.mul (local.get $a) (i32.const 0xcccccccd)))", wasm.OpcodeI32Mul, true, ""},
	{"i64.mul by 0xcccccccd", "(drop (i64.mul (local.get $x) (i64.const 0xcccccccd)))", wasm.OpcodeI64Mul, true, "division by 10 as clang emits it; more than 20 digits: the routine"},
	{"i32.div_u by 2^k", "(drop (i32.div_u (local.get $a) (i32.const 8)))", wasm.OpcodeI32DivU, true, "as i32.shr_u"},
	{"i32.rem_u by 2^k", "(drop (i32.rem_u (local.get $a) (i32.const 8)))", wasm.OpcodeI32RemU, true, "an and with 2^k-1"},

	{"i32.load (all widths)", "(drop (i32.load (local.get $a)))", wasm.OpcodeI32Load, false, "the offset is the immediate"},
	{"i64.load (all widths)", "(drop (i64.load (local.get $a)))", wasm.OpcodeI64Load, false, ""},
	{"i32.store, i64.store8/16/32", "(i32.store (local.get $a) (local.get $b))", wasm.OpcodeI32Store, false, ""},
	{"i64.store", "(i64.store (local.get $a) (local.get $x))", wasm.OpcodeI64Store, false, ""},
	{"memory.size", "(drop (memory.size))", wasm.OpcodeMemorySize, false, ""},
	{"memory.grow", "(drop (memory.grow (local.get $a)))", wasm.OpcodeMemoryGrow, false, "3 steps when it fails"},

	{"block, loop, end", "(block (nop))", wasm.OpcodeBlock, false, "labels only"},
	{"if", "(if (local.get $a) (then (nop)))", wasm.OpcodeIf, false, "brz"},
	{"else", "(if (i32.const 1) (then (nop)) (else (nop)))", wasm.OpcodeElse, false, "the then branch's jmp"},
	{"br", "(block (br 0) (nop))", wasm.OpcodeBr, false, "0 when it jumps to the next instruction; plus one lset per value moved"},
	{"br_if", "(block (br_if 0 (local.get $a)) (nop))", wasm.OpcodeBrIf, false, "moving values: brz, the lsets, jmp"},
	{"br_table, 3 labels", "(block (block (block (br_table 0 1 2 (local.get $a)))))", wasm.OpcodeBrTable, false, "brtable and n+1 jmps; 2 steps"},
	{"return (1 result)", "(drop (call $f (i32.const 1)))", wasm.OpcodeEnd, false, "measured at $f's end: one lset per result, ret"},
	{"call (P params, R results)", "(drop (call $f (i32.const 1)))", wasm.OpcodeCall, false, "max(0, R-P) const32 pads, pushframe, call"},
	{"call_indirect", "(drop (call_indirect (type $t) (i32.const 1) (local.get $a)))", wasm.OpcodeCallIndirect, false, "brtable over the table (here 2 entries), jmp, then a call"},
	{"unreachable", "(unreachable)", wasm.OpcodeUnreachable, false, "trap"},
	{"hv_getc", "(drop (call $getc))", wasm.OpcodeCall, false, "gget, in, and the cursor increment"},
	{"hv_putc", "(call $putc (i32.const 65))", wasm.OpcodeCall, false, "spill32, out"},
	{"hv_exit", "(call $exit (i32.const 0))", wasm.OpcodeCall, false, "halt"},
}

// costOf lowers an entry and returns the emitted instructions of its
// instruction, and the steps and tokens they take when run.
func costOf(t *testing.T, e costEntry) (code []string, steps, tokens int) {
	b := wat(t, fmt.Sprintf(costModule, e.body))
	m, err := wasm.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Lower(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fnIdx := uint32(m.NumImportedFuncs() + 2) // _start
	if e.name == "return (1 result)" {
		fnIdx--
		fnIdx--
	}
	body := m.DefinedFunc(fnIdx).Body
	srcs := map[int]bool{}
	for i, in := range body {
		if in.Op == e.op {
			srcs[in.Offset] = true
			if e.withConst {
				srcs[body[i-1].Offset] = true
			}
			break
		}
	}
	for i, in := range p.Instrs {
		if srcs[in.Source] && !strings.HasPrefix(p.Funcs[in.Func].Name, "rt.") {
			code = append(code, p.Format(i))
		}
	}
	r, err := machine.NewRef(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf []machine.Token
	for !r.Done() {
		in := p.Instrs[r.PC()]
		buf = r.Step(buf[:0])
		if srcs[in.Source] {
			steps++
			tokens += len(buf)
		}
	}
	return code, steps, tokens
}

// A routineEntry measures a runtime routine on example operands.
type routineEntry struct {
	op      string
	routine string
	w       int
	args    [][]uint64
}

var routineEntries = []routineEntry{
	{"i32.mul", "mul32", 32, [][]uint64{{1000, 10}, {0xffffffff, 0xffffffff}}},
	{"i32.div_u", "divu32", 32, [][]uint64{{1000, 10}, {0xffffffff, 3}}},
	{"i32.rem_u", "remu32", 32, [][]uint64{{1000, 10}, {0xffffffff, 3}}},
	{"i32.div_s", "divs32", 32, [][]uint64{{1000, 10}, {0x80000001, 3}}},
	{"i32.rem_s", "rems32", 32, [][]uint64{{1000, 10}, {0x80000001, 3}}},
	{"i32.shl (variable)", "shl32", 32, [][]uint64{{1, 5}, {1, 31}}},
	{"i32.shr_u (variable)", "shru32", 32, [][]uint64{{1, 5}, {1, 31}}},
	{"i32.shr_s (variable)", "shrs32", 32, [][]uint64{{1, 5}, {1, 31}}},
	{"i32.rotl, rotr (variable)", "rotl32", 32, [][]uint64{{1, 5}, {1, 31}}},
	{"i32.clz", "clz32", 32, [][]uint64{{1}, {0xffffffff}}},
	{"i32.ctz", "ctz32", 32, [][]uint64{{1}, {0x80000000}}},
	{"i32.popcnt", "popcnt32", 32, [][]uint64{{1}, {0xffffffff}}},
	{"i64.mul", "mul64", 64, [][]uint64{{1000, 10}, {^uint64(0), ^uint64(0)}}},
	{"i64.div_u", "divu64", 64, [][]uint64{{1000, 10}, {^uint64(0), 3}}},
	{"i64.rem_u", "remu64", 64, [][]uint64{{1000, 10}, {^uint64(0), 3}}},
	{"i64.div_s", "divs64", 64, [][]uint64{{1000, 10}, {1<<63 + 1, 3}}},
	{"i64.rem_s", "rems64", 64, [][]uint64{{1000, 10}, {1<<63 + 1, 3}}},
	{"i64.shl (variable)", "shl64", 64, [][]uint64{{1, 5}, {1, 63}}},
	{"i64.shr_u (variable)", "shru64", 64, [][]uint64{{1, 5}, {1, 63}}},
	{"i64.shr_s (variable)", "shrs64", 64, [][]uint64{{1, 5}, {1, 63}}},
	{"i64.rotl, rotr (variable)", "rotl64", 64, [][]uint64{{1, 5}, {1, 63}}},
	{"i64.clz", "clz64", 64, [][]uint64{{1}, {^uint64(0)}}},
	{"i64.ctz", "ctz64", 64, [][]uint64{{1}, {1 << 63}}},
	{"i64.popcnt", "popcnt64", 64, [][]uint64{{1}, {^uint64(0)}}},
}

// routineCost runs routine on args and returns the steps and tokens spent
// inside the runtime, and the routines' code size.
func routineCost(t *testing.T, e routineEntry, args []uint64) (steps, tokens, size int) {
	ty := fmt.Sprintf("i%d", e.w)
	params := strings.Repeat(" "+ty, len(args))
	gets := ""
	for i := range args {
		gets += fmt.Sprintf(" (local.get %d)", i)
	}
	op := strings.Fields(e.op)[0]
	op = strings.TrimSuffix(op, ",")
	src := fmt.Sprintf(`(module (func (export "f") (param%s) (result %s) (%s%s)))`, params, ty, op, gets)
	p, err := lowerBytes(t, wat(t, src), Options{Invoke: "f", Args: args})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range p.Instrs {
		if strings.HasPrefix(p.Funcs[in.Func].Name, "rt.") {
			size++
		}
	}
	r, err := machine.NewRef(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf []machine.Token
	for !r.Done() {
		in := p.Instrs[r.PC()]
		buf = r.Step(buf[:0])
		if strings.HasPrefix(p.Funcs[in.Func].Name, "rt.") {
			steps++
			tokens += len(buf)
		}
	}
	return steps, tokens, size
}

func costDoc(t *testing.T) []byte {
	var b bytes.Buffer
	b.WriteString(`# Lowering costs

What each WebAssembly instruction costs once lowered (internal/lower): the
machine instructions it becomes, and what running it once takes in steps
(executed machine instructions) and trace tokens (the sum of each step's
` + "`Info().Len`" + `). This page is generated from the lowering itself by

    go test ./internal/lower -run TestLoweringDoc -update

and the test fails when it is out of date. Each row lowers a small program
and counts the instructions whose ` + "`Source`" + ` is the measured instruction
(with its constant operand where the row names one). Heights, frames and the
rules behind each sequence are in the package documentation of
internal/lower.

## Inline instructions

| WebAssembly | emitted | steps | tokens | machine code | note |
| --- | ---: | ---: | ---: | --- | --- |
`)
	for _, e := range costEntries {
		code, steps, tokens := costOf(t, e)
		shown := strings.Join(code, "; ")
		if shown == "" {
			shown = "—"
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | `%s` | %s |\n", e.name, len(code), steps, tokens, shown, e.note)
	}
	b.WriteString(`
A call's callee adds one ` + "`lzero`" + ` per non-parameter local on entry.
Branches that leave values on a label whose height differs copy them down
with one ` + "`lset32/64`" + ` each, the same as return does with its results.

## Runtime routines

Every other instruction calls a routine of runtime/runtime.wat: the call
site is a ` + "`pushframe`" + ` and a ` + "`call`" + ` (2 steps, 18 tokens), and
the routine's steps depend on its operands. "Code" is the instructions the
routine (with the routines it calls) adds to a program that uses it.

| WebAssembly | routine | code | operands | steps | tokens | operands | steps | tokens |
| --- | --- | ---: | --- | ---: | ---: | --- | ---: | ---: |
`)
	for _, e := range routineEntries {
		var cells []string
		size := 0
		for _, args := range e.args {
			steps, tokens, n := routineCost(t, e, args)
			size = n
			var as []string
			for _, a := range args {
				as = append(as, fmt.Sprintf("%#x", a))
			}
			cells = append(cells, strings.Join(as, ", "), fmt.Sprint(steps), fmt.Sprint(tokens))
		}
		fmt.Fprintf(&b, "| %s | rt.%s | %d | %s |\n", e.op, e.routine, size, strings.Join(cells, " | "))
	}
	return b.Bytes()
}

// TestLoweringDoc regenerates docs/lowering.md and checks it is current.
func TestLoweringDoc(t *testing.T) {
	needWabt(t)
	got := costDoc(t)
	if *update {
		if err := os.WriteFile(costDocPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(costDocPath)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/lower -run TestLoweringDoc -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/lowering.md is out of date: run go test ./internal/lower -run TestLoweringDoc -update")
	}
}
