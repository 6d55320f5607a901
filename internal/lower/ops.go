package lower

import (
	"math/bits"

	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/wasm"
)

// Native binary instructions: pop b, pop a, push a op b.
var binaryNative = map[wasm.Opcode]machine.Op{
	wasm.OpcodeI32Add: machine.OpAdd32, wasm.OpcodeI32Sub: machine.OpSub32,
	wasm.OpcodeI64Add: machine.OpAdd64, wasm.OpcodeI64Sub: machine.OpSub64,

	wasm.OpcodeI32Eq: machine.OpEq32, wasm.OpcodeI32Ne: machine.OpNe32,
	wasm.OpcodeI32LtS: machine.OpLtS32, wasm.OpcodeI32LtU: machine.OpLtU32,
	wasm.OpcodeI32GtS: machine.OpGtS32, wasm.OpcodeI32GtU: machine.OpGtU32,
	wasm.OpcodeI32LeS: machine.OpLeS32, wasm.OpcodeI32LeU: machine.OpLeU32,
	wasm.OpcodeI32GeS: machine.OpGeS32, wasm.OpcodeI32GeU: machine.OpGeU32,
	wasm.OpcodeI64Eq: machine.OpEq64, wasm.OpcodeI64Ne: machine.OpNe64,
	wasm.OpcodeI64LtS: machine.OpLtS64, wasm.OpcodeI64LtU: machine.OpLtU64,
	wasm.OpcodeI64GtS: machine.OpGtS64, wasm.OpcodeI64GtU: machine.OpGtU64,
	wasm.OpcodeI64LeS: machine.OpLeS64, wasm.OpcodeI64LeU: machine.OpLeU64,
	wasm.OpcodeI64GeS: machine.OpGeS64, wasm.OpcodeI64GeU: machine.OpGeU64,
}

// Native unary instructions, with their result types.
var unaryNative = map[wasm.Opcode]struct {
	op  machine.Op
	res wasm.ValType
}{
	wasm.OpcodeI32Eqz:        {machine.OpEqz32, wasm.ValTypeI32},
	wasm.OpcodeI64Eqz:        {machine.OpEqz64, wasm.ValTypeI32},
	wasm.OpcodeI32WrapI64:    {machine.OpWrap, wasm.ValTypeI32},
	wasm.OpcodeI64ExtendI32S: {machine.OpExtS64, wasm.ValTypeI64},
	wasm.OpcodeI64ExtendI32U: {machine.OpExtU64, wasm.ValTypeI64},
}

// Bitwise instructions go through the scratch slots: spill b to slot 1,
// a to slot 0, then the op pushes slot 0 op slot 1.
var bitwise = map[wasm.Opcode]machine.Op{
	wasm.OpcodeI32And: machine.OpAnd32, wasm.OpcodeI32Or: machine.OpOr32, wasm.OpcodeI32Xor: machine.OpXor32,
	wasm.OpcodeI64And: machine.OpAnd64, wasm.OpcodeI64Or: machine.OpOr64, wasm.OpcodeI64Xor: machine.OpXor64,
}

// Sign extensions within a value: spill, then the op pushes the result.
var extends = map[wasm.Opcode]machine.Op{
	wasm.OpcodeI32Extend8S: machine.OpExt8S32, wasm.OpcodeI32Extend16S: machine.OpExt16S32,
	wasm.OpcodeI64Extend8S: machine.OpExt8S64, wasm.OpcodeI64Extend16S: machine.OpExt16S64,
}

// Loads and stores map to the machine's widths; the offset is the Imm.
var memOps = map[wasm.Opcode]machine.Op{
	wasm.OpcodeI32Load: machine.OpLoad32, wasm.OpcodeI64Load: machine.OpLoad64,
	wasm.OpcodeI32Load8S: machine.OpLoad8S32, wasm.OpcodeI32Load8U: machine.OpLoad8U32,
	wasm.OpcodeI32Load16S: machine.OpLoad16S32, wasm.OpcodeI32Load16U: machine.OpLoad16U32,
	wasm.OpcodeI64Load8S: machine.OpLoad8S64, wasm.OpcodeI64Load8U: machine.OpLoad8U64,
	wasm.OpcodeI64Load16S: machine.OpLoad16S64, wasm.OpcodeI64Load16U: machine.OpLoad16U64,
	wasm.OpcodeI64Load32S: machine.OpLoad32S64, wasm.OpcodeI64Load32U: machine.OpLoad32U64,

	wasm.OpcodeI32Store: machine.OpStore32, wasm.OpcodeI64Store: machine.OpStore64,
	wasm.OpcodeI32Store8: machine.OpStore8, wasm.OpcodeI32Store16: machine.OpStore16,
	wasm.OpcodeI64Store8: machine.OpStore8, wasm.OpcodeI64Store16: machine.OpStore16,
	wasm.OpcodeI64Store32: machine.OpStore32,
}

// Instructions that are runtime routines unless an operand is a constant
// that allows an inline sequence.
var routines = map[wasm.Opcode]string{
	wasm.OpcodeI32Mul: "mul32", wasm.OpcodeI32DivS: "divs32", wasm.OpcodeI32DivU: "divu32",
	wasm.OpcodeI32RemS: "rems32", wasm.OpcodeI32RemU: "remu32",
	wasm.OpcodeI32Shl: "shl32", wasm.OpcodeI32ShrS: "shrs32", wasm.OpcodeI32ShrU: "shru32",
	wasm.OpcodeI32Rotl: "rotl32", wasm.OpcodeI32Rotr: "rotr32",
	wasm.OpcodeI32Clz: "clz32", wasm.OpcodeI32Ctz: "ctz32", wasm.OpcodeI32Popcnt: "popcnt32",
	wasm.OpcodeI64Mul: "mul64", wasm.OpcodeI64DivS: "divs64", wasm.OpcodeI64DivU: "divu64",
	wasm.OpcodeI64RemS: "rems64", wasm.OpcodeI64RemU: "remu64",
	wasm.OpcodeI64Shl: "shl64", wasm.OpcodeI64ShrS: "shrs64", wasm.OpcodeI64ShrU: "shru64",
	wasm.OpcodeI64Rotl: "rotl64", wasm.OpcodeI64Rotr: "rotr64",
	wasm.OpcodeI64Clz: "clz64", wasm.OpcodeI64Ctz: "ctz64", wasm.OpcodeI64Popcnt: "popcnt64",
}

// simple lowers the instructions that are not control flow.
func (f *fn) simple(in *wasm.Instr) {
	h := f.h()
	if op, ok := binaryNative[in.Op]; ok {
		res := f.top(0)
		if op.Info().Len == 5 && op != machine.OpAdd32 && op != machine.OpSub32 {
			res = wasm.ValTypeI32 // a comparison
		}
		f.emit(op, 0, h)
		f.popN(2)
		f.push(res)
		return
	}
	if u, ok := unaryNative[in.Op]; ok {
		i := f.emit(u.op, 0, h)
		f.pop()
		f.push(u.res)
		if in.Op == wasm.OpcodeI32Eqz {
			f.eqzIdx = i
		}
		return
	}
	if op, ok := bitwise[in.Op]; ok {
		spill := pick(is32(f.top(0)), machine.OpSpill32, machine.OpSpill64)
		f.emit(spill, 1, h)
		f.emit(spill, 0, h-1)
		f.emit(op, 0, h-2)
		f.pop()
		return
	}
	if op, ok := extends[in.Op]; ok {
		f.emit(pick(is32(f.top(0)), machine.OpSpill32, machine.OpSpill64), 0, h)
		f.emit(op, 0, h-1)
		return
	}
	if op, ok := memOps[in.Op]; ok {
		f.memory(in, op)
		return
	}
	if name, ok := routines[in.Op]; ok {
		if !f.inline(in.Op) {
			f.callRoutine(name)
		}
		return
	}
	f.variable(in)
}

// variable lowers locals, globals, constants, memory.size, memory.grow and
// i64.extend32_s.
func (f *fn) variable(in *wasm.Instr) {
	h := f.h()
	switch in.Op {
	case wasm.OpcodeLocalGet, wasm.OpcodeLocalSet, wasm.OpcodeLocalTee:
		if uint64(in.Index) >= uint64(len(f.locals)) {
			f.fail("BUG: local %d of %d", in.Index, len(f.locals))
			return
		}
		t, slot := f.locals[in.Index], uint64(f.slot(int(in.Index)))
		switch in.Op {
		case wasm.OpcodeLocalGet:
			f.emit(pick(is32(t), machine.OpLGet32, machine.OpLGet64), slot, h)
			f.push(t)
		case wasm.OpcodeLocalSet:
			f.emit(pick(is32(t), machine.OpLSet32, machine.OpLSet64), slot, h)
			f.pop()
		default:
			f.emit(pick(is32(t), machine.OpLSet32, machine.OpLSet64), slot, h)
		}
	case wasm.OpcodeGlobalGet, wasm.OpcodeGlobalSet:
		gs := f.u.m.Globals
		if f.u.runtime || uint64(in.Index) >= uint64(len(gs)) {
			f.fail("BUG: global %d of %d", in.Index, len(gs))
			return
		}
		t := gs[in.Index].Type.Type
		if in.Op == wasm.OpcodeGlobalGet {
			f.emit(pick(is32(t), machine.OpGGet32, machine.OpGGet64), uint64(in.Index), h)
			f.push(t)
		} else {
			f.emit(pick(is32(t), machine.OpGSet32, machine.OpGSet64), uint64(in.Index), h)
			f.pop()
		}
	case wasm.OpcodeI32Const:
		f.constant(wasm.ValTypeI32, uint64(uint32(in.Value)))
	case wasm.OpcodeI64Const:
		f.constant(wasm.ValTypeI64, uint64(in.Value))
	case wasm.OpcodeI64Extend32S:
		f.emit(machine.OpWrap, 0, h)
		f.emit(machine.OpExtS64, 0, h)
	case wasm.OpcodeMemorySize:
		f.emit(machine.OpConst32, uint64(f.l.pages), h)
		f.push(wasm.ValTypeI32)
	case wasm.OpcodeMemoryGrow:
		// Growing always fails; growing by 0 returns the size.
		f.pop()
		fail, done := newLabel(), newLabel()
		f.condJump(fail, false, h)
		f.emit(machine.OpConst32, uint64(f.l.pages), h-1)
		f.jump(machine.OpJmp, done, h)
		f.place(fail)
		f.emit(machine.OpConst32, 0xffffffff, h-1)
		f.place(done)
		f.push(wasm.ValTypeI32)
	default:
		f.fail("BUG: %s is not lowered", in.Op)
	}
}

// constant pushes a constant of type t. An i64 below 2^32 is a const32:
// its slot's high half is zero, which is the same value in 4 fewer tokens.
func (f *fn) constant(t wasm.ValType, v uint64) {
	op := machine.OpConst32
	if t == wasm.ValTypeI64 && v>>32 != 0 {
		op = machine.OpConst64
	}
	i := f.emit(op, v, f.h())
	f.push(t)
	f.constIdx, f.constVal = i, v
}

// memory lowers a load or a store.
func (f *fn) memory(in *wasm.Instr, op machine.Op) {
	if f.u.m.Memory() == nil && !f.u.runtime {
		// Validation rejects this; keep the program consistent anyway.
		f.fail("BUG: memory access without a memory")
		return
	}
	f.emit(op, uint64(in.Mem.Offset), f.h())
	if op.Info().Pop == 2 { // a store
		f.popN(2)
		return
	}
	f.pop()
	f.push(pick(op.Info().Len == 5, wasm.ValTypeI32, wasm.ValTypeI64))
}

// callRoutine calls runtime routine name on the values on the stack.
func (f *fn) callRoutine(name string) {
	if f.u.runtime {
		f.fail("BUG: the runtime needs routine %s", name)
		return
	}
	id, ft, err := f.l.routine(name)
	if err != nil {
		if f.err == nil {
			f.err = err
		}
		return
	}
	f.callSite(id, ft, nil)
}

// takeConst returns the constant the previous instruction pushed and
// removes that instruction, or ok false when the top of the stack is not
// such a constant. accept decides, before anything is removed, whether the
// caller can use the value.
func (f *fn) takeConst(accept func(uint64) bool) (uint64, bool) {
	if f.constIdx < 0 || f.constIdx != len(f.l.instrs)-1 || !accept(f.constVal) {
		return 0, false
	}
	v := f.constVal
	f.l.instrs = f.l.instrs[:f.constIdx]
	f.constIdx = -1
	f.pop()
	return v, true
}

// inline lowers op inline when its second operand is a constant that
// allows it, and reports whether it did.
func (f *fn) inline(op wasm.Opcode) bool {
	if op == wasm.OpcodeI32Clz || op == wasm.OpcodeI32Ctz || op == wasm.OpcodeI32Popcnt ||
		op == wasm.OpcodeI64Clz || op == wasm.OpcodeI64Ctz || op == wasm.OpcodeI64Popcnt {
		return false
	}
	t := f.top(1)
	w := uint(pick(is32(t), 32, 64))
	mask := uint64(1)<<w - 1
	if w == 64 {
		mask = ^uint64(0)
	}
	any := func(uint64) bool { return true }
	pow2 := func(v uint64) bool { v &= mask; return v != 0 && v&(v-1) == 0 }
	switch op {
	case wasm.OpcodeI32Shl, wasm.OpcodeI64Shl, wasm.OpcodeI32ShrU, wasm.OpcodeI64ShrU,
		wasm.OpcodeI32ShrS, wasm.OpcodeI64ShrS, wasm.OpcodeI32Rotl, wasm.OpcodeI64Rotl,
		wasm.OpcodeI32Rotr, wasm.OpcodeI64Rotr:
		k, ok := f.takeConst(any)
		if ok {
			f.shiftConst(op, uint(k)&(w-1), w)
		}
		return ok
	case wasm.OpcodeI32Mul, wasm.OpcodeI64Mul:
		c, ok := f.takeConst(func(v uint64) bool { return len(naf(v&mask, w)) <= mulInlineMax })
		if ok {
			f.mulConst(c&mask, w)
		}
		return ok
	case wasm.OpcodeI32DivU, wasm.OpcodeI64DivU:
		c, ok := f.takeConst(pow2)
		if ok && c&mask > 1 {
			f.shiftConst(pick(w == 32, wasm.OpcodeI32ShrU, wasm.OpcodeI64ShrU), uint(bits.TrailingZeros64(c&mask)), w)
		}
		return ok
	case wasm.OpcodeI32RemU, wasm.OpcodeI64RemU:
		c, ok := f.takeConst(pow2)
		if ok {
			f.maskConst(t, c&mask-1)
		}
		return ok
	}
	return false
}

// shiftConst lowers a shift or rotation of the top value by the constant k
// (already reduced mod w).
func (f *fn) shiftConst(op wasm.Opcode, k, w uint) {
	if k == 0 {
		return
	}
	h := f.h()
	spill := pick(w == 32, machine.OpSpill32, machine.OpSpill64)
	shl := pick(w == 32, machine.OpShlC32, machine.OpShlC64)
	shr := pick(w == 32, machine.OpShrUC32, machine.OpShrUC64)
	add := pick(w == 32, machine.OpAdd32, machine.OpAdd64)
	sub := pick(w == 32, machine.OpSub32, machine.OpSub64)
	switch op {
	case wasm.OpcodeI32Shl, wasm.OpcodeI64Shl:
		f.emit(spill, 0, h)
		f.emit(shl, uint64(k), h-1)
	case wasm.OpcodeI32ShrU, wasm.OpcodeI64ShrU:
		f.emit(spill, 0, h)
		f.emit(shr, uint64(k), h-1)
	case wasm.OpcodeI32ShrS, wasm.OpcodeI64ShrS:
		// x >>s k = ((x + 2^(w-1)) >>u k) - 2^(w-1-k): the addition flips
		// the sign bit, making the value unsigned and 2^(w-1) larger.
		f.emitConst(w, 1<<(w-1), h)
		f.emit(add, 0, h+1)
		f.emit(spill, 0, h)
		f.emit(shr, uint64(k), h-1)
		f.emitConst(w, 1<<(w-1-k), h)
		f.emit(sub, 0, h+1)
	case wasm.OpcodeI32Rotl, wasm.OpcodeI64Rotl, wasm.OpcodeI32Rotr, wasm.OpcodeI64Rotr:
		if op == wasm.OpcodeI32Rotr || op == wasm.OpcodeI64Rotr {
			k = w - k
		}
		// The two shifted copies have no bit in common, so add is or.
		f.emit(spill, 0, h)
		f.emit(shl, uint64(k), h-1)
		f.emit(shr, uint64(w-k), h)
		f.emit(add, 0, h+1)
	}
}

// emitConst pushes the w-bit constant v at height h (no peephole mark).
func (f *fn) emitConst(w uint, v uint64, h int) {
	f.emit(pick(w == 64 && v>>32 != 0, machine.OpConst64, machine.OpConst32), v, h)
}

// maskConst replaces the top value x by x & m (rem_u by m+1, a power of two).
func (f *fn) maskConst(t wasm.ValType, m uint64) {
	h := f.h()
	if m == 0 {
		f.emit(machine.OpConst32, 0, h-1)
		return
	}
	w := uint(pick(is32(t), 32, 64))
	spill := pick(w == 32, machine.OpSpill32, machine.OpSpill64)
	f.emit(spill, 0, h)
	f.emitConst(w, m, h-1)
	f.emit(spill, 1, h)
	f.emit(pick(w == 32, machine.OpAnd32, machine.OpAnd64), 0, h-1)
}
