package machine

import "fmt"

// Op is a native instruction of the machine. Every WebAssembly instruction is
// either one of these or is lowered into a sequence of them (internal/lower).
// docs/machine.md is the specification; the table below is its source of truth.
type Op uint8

// The native instructions. Notation (see docs/machine.md): fp is the frame
// base slot, h the instruction's static stack height (slots above fp before it
// executes), sp = fp+h. A slot holds a 64-bit value as (lo, hi) halves; a value
// written by a 5-token instruction has hi = 0.
const (
	OpInvalid Op = iota

	OpConst32 // slot[sp] = imm
	OpConst64 // slot[sp] = imm (64 bits)
	OpLGet32  // slot[sp] = lo(slot[fp+imm])
	OpLGet64  // slot[sp] = slot[fp+imm]
	OpLSet32  // slot[fp+imm] = lo(slot[sp-1]); pop or tee is static
	OpLSet64  // slot[fp+imm] = slot[sp-1]
	OpLZero   // slot[fp+imm] = 0
	OpGGet32  // slot[sp] = lo(slot[imm])
	OpGGet64  // slot[sp] = slot[imm]
	OpGSet32  // slot[imm] = lo(slot[sp-1])
	OpGSet64  // slot[imm] = slot[sp-1]

	OpAdd32 // slot[sp-2] = a + b mod 2^32, a = slot[sp-2], b = slot[sp-1]
	OpSub32
	OpAdd64
	OpSub64

	OpEq32 // slot[sp-2] = a op b ? 1 : 0 (i32 result)
	OpNe32
	OpLtS32
	OpLtU32
	OpGtS32
	OpGtU32
	OpLeS32
	OpLeU32
	OpGeS32
	OpGeU32
	OpEq64
	OpNe64
	OpLtS64
	OpLtU64
	OpGtS64
	OpGtU64
	OpLeS64
	OpLeU64
	OpGeS64
	OpGeU64
	OpEqz32 // slot[sp-1] = a == 0
	OpEqz64

	OpSpill32 // scratch[imm] = zero-extended lo(slot[sp-1]) (8 bytes of memory at ScratchAddr+16*imm); pop
	OpSpill64 // scratch[imm] = slot[sp-1]; pop
	OpAnd32   // slot[sp] = lo(scratch[0]) & lo(scratch[1])
	OpOr32
	OpXor32
	OpAnd64 // slot[sp] = scratch[0] & scratch[1]
	OpOr64
	OpXor64
	OpShlC32  // slot[sp] = lo(scratch[0]) << imm (imm < 32)
	OpShrUC32 // slot[sp] = lo(scratch[0]) >> imm (imm < 32)
	OpShlC64  // slot[sp] = scratch[0] << imm (imm < 64)
	OpShrUC64 // slot[sp] = scratch[0] >> imm (imm < 64)

	OpExt8S32  // slot[sp] = sign-extend byte 0 of scratch[0] to 32 bits
	OpExt16S32 // slot[sp] = sign-extend bytes 0-1 of scratch[0] to 32 bits
	OpExt8S64  // slot[sp] = sign-extend byte 0 of scratch[0] to 64 bits
	OpExt16S64 // slot[sp] = sign-extend bytes 0-1 of scratch[0] to 64 bits

	OpExtS64 // slot[sp-1] = sign-extend lo(slot[sp-1]) to 64 bits
	OpExtU64 // slot[sp-1] = zero-extend lo(slot[sp-1])
	OpWrap   // slot[sp-1] = lo(slot[sp-1])

	OpLoad32   // slot[sp-1] = mem32[ea], ea = lo(slot[sp-1]) + imm; traps out of bounds
	OpLoad8S32 // sign-extended to 32 bits
	OpLoad8U32
	OpLoad16S32
	OpLoad16U32
	OpLoad64
	OpLoad8S64 // sign-extended to 64 bits
	OpLoad8U64
	OpLoad16S64
	OpLoad16U64
	OpLoad32S64
	OpLoad32U64
	OpStore8 // mem8[ea] = value, ea = lo(slot[sp-2]) + imm, value = slot[sp-1]; pop 2
	OpStore16
	OpStore32
	OpStore64

	OpJmp       // jump to instruction imm
	OpBrIf      // pop c; if lo(c) != 0 jump to imm
	OpBrZ       // pop c; if lo(c) == 0 jump to imm
	OpBrTable   // pop i; jump to the instruction min(lo(i), imm) places after this one (a table of imm+1 OpJmp follows)
	OpPushFrame // slot[sp] = (lo: position of instruction imm, hi: fp)
	OpCall      // fp' = fp + h - 1 - imm>>32; jump to instruction imm&0xffffffff; traps when the stack is exhausted
	OpRet       // record = slot[fp+imm]; fp = hi(record); jump to position lo(record)
	OpOut       // emit out(byte 0 of scratch[0])
	OpIn        // slot[sp-1] = input[lo(i)] if lo(i) < len(input), else 0xffffffff
	OpHalt      // pop status; stop
	OpResult32  // pop v; report v (--invoke)
	OpResult64
	OpTrap // stop with trap imm (its prompt token carries the kind in place of h)

	NumOps
)

// Write says which stack slot an instruction writes.
type Write uint8

const (
	WriteNone   Write = iota
	WritePush         // slot sp
	WriteUnary        // slot sp-1
	WriteBinary       // slot sp-2
	WriteLocal        // slot fp+imm
	WriteGlobal       // slot imm
)

// Flow says how an instruction picks its successor.
type Flow uint8

const (
	FlowNext   Flow = iota // the next instruction
	FlowJump               // always jumps (commit token "jump")
	FlowCond               // jumps or not (commit "jump" or "commit")
	FlowFrame              // call or return (commit token "frame")
	FlowOut                // its only token is out(v)
	FlowHalt               // its last token is halt
	FlowResult             // its last token is result
	FlowTrap               // its only token is trap(k)
)

// Info describes one native instruction.
type Info struct {
	Name   string
	Len    int   // tokens in its trace step, and in its prompt encoding: 1, 5 or 9
	Write  Write // the stack slot it writes
	Pop    int   // operands it consumes from the stack (for listings and checks)
	Push   int   // values it leaves (0 or 1)
	Flow   Flow
	Width  int  // memory access width in bytes (loads and stores), 0 otherwise
	Signed bool // loads: sign extension
}

var infos = [NumOps]Info{
	OpConst32: {Name: "const32", Len: 5, Write: WritePush, Push: 1},
	OpConst64: {Name: "const64", Len: 9, Write: WritePush, Push: 1},
	OpLGet32:  {Name: "lget32", Len: 5, Write: WritePush, Push: 1},
	OpLGet64:  {Name: "lget64", Len: 9, Write: WritePush, Push: 1},
	OpLSet32:  {Name: "lset32", Len: 5, Write: WriteLocal, Pop: 1},
	OpLSet64:  {Name: "lset64", Len: 9, Write: WriteLocal, Pop: 1},
	OpLZero:   {Name: "lzero", Len: 5, Write: WriteLocal},
	OpGGet32:  {Name: "gget32", Len: 5, Write: WritePush, Push: 1},
	OpGGet64:  {Name: "gget64", Len: 9, Write: WritePush, Push: 1},
	OpGSet32:  {Name: "gset32", Len: 5, Write: WriteGlobal, Pop: 1},
	OpGSet64:  {Name: "gset64", Len: 9, Write: WriteGlobal, Pop: 1},

	OpAdd32: {Name: "add32", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpSub32: {Name: "sub32", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpAdd64: {Name: "add64", Len: 9, Write: WriteBinary, Pop: 2, Push: 1},
	OpSub64: {Name: "sub64", Len: 9, Write: WriteBinary, Pop: 2, Push: 1},

	OpEq32:  {Name: "eq32", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpNe32:  {Name: "ne32", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpLtS32: {Name: "lts32", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpLtU32: {Name: "ltu32", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpGtS32: {Name: "gts32", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpGtU32: {Name: "gtu32", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpLeS32: {Name: "les32", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpLeU32: {Name: "leu32", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpGeS32: {Name: "ges32", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpGeU32: {Name: "geu32", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpEq64:  {Name: "eq64", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpNe64:  {Name: "ne64", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpLtS64: {Name: "lts64", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpLtU64: {Name: "ltu64", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpGtS64: {Name: "gts64", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpGtU64: {Name: "gtu64", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpLeS64: {Name: "les64", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpLeU64: {Name: "leu64", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpGeS64: {Name: "ges64", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpGeU64: {Name: "geu64", Len: 5, Write: WriteBinary, Pop: 2, Push: 1},
	OpEqz32: {Name: "eqz32", Len: 5, Write: WriteUnary, Pop: 1, Push: 1},
	OpEqz64: {Name: "eqz64", Len: 5, Write: WriteUnary, Pop: 1, Push: 1},

	OpSpill32: {Name: "spill32", Len: 9, Pop: 1, Width: 8},
	OpSpill64: {Name: "spill64", Len: 9, Pop: 1, Width: 8},
	OpAnd32:   {Name: "and32", Len: 5, Write: WritePush, Push: 1},
	OpOr32:    {Name: "or32", Len: 5, Write: WritePush, Push: 1},
	OpXor32:   {Name: "xor32", Len: 5, Write: WritePush, Push: 1},
	OpAnd64:   {Name: "and64", Len: 9, Write: WritePush, Push: 1},
	OpOr64:    {Name: "or64", Len: 9, Write: WritePush, Push: 1},
	OpXor64:   {Name: "xor64", Len: 9, Write: WritePush, Push: 1},
	OpShlC32:  {Name: "shlc32", Len: 5, Write: WritePush, Push: 1},
	OpShrUC32: {Name: "shruc32", Len: 5, Write: WritePush, Push: 1},
	OpShlC64:  {Name: "shlc64", Len: 9, Write: WritePush, Push: 1},
	OpShrUC64: {Name: "shruc64", Len: 9, Write: WritePush, Push: 1},

	OpExt8S32:  {Name: "ext8s32", Len: 5, Write: WritePush, Push: 1},
	OpExt16S32: {Name: "ext16s32", Len: 5, Write: WritePush, Push: 1},
	OpExt8S64:  {Name: "ext8s64", Len: 9, Write: WritePush, Push: 1},
	OpExt16S64: {Name: "ext16s64", Len: 9, Write: WritePush, Push: 1},

	OpExtS64: {Name: "exts64", Len: 9, Write: WriteUnary, Pop: 1, Push: 1},
	OpExtU64: {Name: "extu64", Len: 9, Write: WriteUnary, Pop: 1, Push: 1},
	OpWrap:   {Name: "wrap", Len: 5, Write: WriteUnary, Pop: 1, Push: 1},

	OpLoad32:    {Name: "load32", Len: 5, Write: WriteUnary, Pop: 1, Push: 1, Width: 4},
	OpLoad8S32:  {Name: "load8s32", Len: 5, Write: WriteUnary, Pop: 1, Push: 1, Width: 1, Signed: true},
	OpLoad8U32:  {Name: "load8u32", Len: 5, Write: WriteUnary, Pop: 1, Push: 1, Width: 1},
	OpLoad16S32: {Name: "load16s32", Len: 5, Write: WriteUnary, Pop: 1, Push: 1, Width: 2, Signed: true},
	OpLoad16U32: {Name: "load16u32", Len: 5, Write: WriteUnary, Pop: 1, Push: 1, Width: 2},
	OpLoad64:    {Name: "load64", Len: 9, Write: WriteUnary, Pop: 1, Push: 1, Width: 8},
	OpLoad8S64:  {Name: "load8s64", Len: 9, Write: WriteUnary, Pop: 1, Push: 1, Width: 1, Signed: true},
	OpLoad8U64:  {Name: "load8u64", Len: 9, Write: WriteUnary, Pop: 1, Push: 1, Width: 1},
	OpLoad16S64: {Name: "load16s64", Len: 9, Write: WriteUnary, Pop: 1, Push: 1, Width: 2, Signed: true},
	OpLoad16U64: {Name: "load16u64", Len: 9, Write: WriteUnary, Pop: 1, Push: 1, Width: 2},
	OpLoad32S64: {Name: "load32s64", Len: 9, Write: WriteUnary, Pop: 1, Push: 1, Width: 4, Signed: true},
	OpLoad32U64: {Name: "load32u64", Len: 9, Write: WriteUnary, Pop: 1, Push: 1, Width: 4},
	OpStore8:    {Name: "store8", Len: 5, Pop: 2, Width: 1},
	OpStore16:   {Name: "store16", Len: 5, Pop: 2, Width: 2},
	OpStore32:   {Name: "store32", Len: 5, Pop: 2, Width: 4},
	OpStore64:   {Name: "store64", Len: 9, Pop: 2, Width: 8},

	OpJmp:       {Name: "jmp", Len: 5, Flow: FlowJump},
	OpBrIf:      {Name: "brif", Len: 5, Pop: 1, Flow: FlowCond},
	OpBrZ:       {Name: "brz", Len: 5, Pop: 1, Flow: FlowCond},
	OpBrTable:   {Name: "brtable", Len: 5, Pop: 1, Flow: FlowJump},
	OpPushFrame: {Name: "pushframe", Len: 9, Write: WritePush, Push: 1},
	OpCall:      {Name: "call", Len: 9, Flow: FlowFrame},
	OpRet:       {Name: "ret", Len: 9, Flow: FlowFrame},
	OpOut:       {Name: "out", Len: 1, Flow: FlowOut},
	OpIn:        {Name: "in", Len: 5, Write: WriteUnary, Pop: 1, Push: 1},
	OpHalt:      {Name: "halt", Len: 5, Pop: 1, Flow: FlowHalt},
	OpResult32:  {Name: "result32", Len: 5, Pop: 1, Flow: FlowResult},
	OpResult64:  {Name: "result64", Len: 9, Pop: 1, Flow: FlowResult},
	OpTrap:      {Name: "trap", Len: 1, Flow: FlowTrap},
}

// Info returns the description of op.
func (op Op) Info() Info {
	if op == OpInvalid || op >= NumOps {
		panic(fmt.Sprintf("BUG: machine: no such op %d", op))
	}
	return infos[op]
}

func (op Op) String() string {
	if op == OpInvalid || op >= NumOps {
		return fmt.Sprintf("op(%d)", uint8(op))
	}
	return infos[op].Name
}

// OpByName finds an op by its listing name.
func OpByName(name string) (Op, bool) {
	for op := OpConst32; op < NumOps; op++ {
		if infos[op].Name == name {
			return op, true
		}
	}
	return OpInvalid, false
}

// Trap is a trap kind; its String is the WebAssembly specification's wording.
type Trap uint8

const (
	TrapNone Trap = iota
	TrapUnreachable
	TrapDivByZero
	TrapOverflow
	TrapOutOfBounds
	TrapIndirectType
	TrapUndefinedElement
	TrapStackExhausted
	NumTraps
)

var trapWords = [NumTraps]string{
	TrapNone:             "none",
	TrapUnreachable:      "unreachable",
	TrapDivByZero:        "integer divide by zero",
	TrapOverflow:         "integer overflow",
	TrapOutOfBounds:      "out of bounds memory access",
	TrapIndirectType:     "indirect call type mismatch",
	TrapUndefinedElement: "undefined element",
	TrapStackExhausted:   "call stack exhausted",
}

func (t Trap) String() string {
	if t >= NumTraps {
		return fmt.Sprintf("trap(%d)", uint8(t))
	}
	return trapWords[t]
}

// Limits of the machine. docs/limits.md explains each; the graph relies on
// them for exactness (every key, query and score stays below 2^53).
const (
	MemMax      = 1 << 24      // largest linear memory in bytes (16 MiB)
	ScratchAddr = -64          // scratch slot k lives at ScratchAddr+16k, 8 bytes (negative: out of the program's reach, and small keys)
	InputAddr   = -1024        // input byte i is memory byte InputAddr-i
	InputMax    = 1 << 20      // longest input in bytes
	SlotMax     = 1 << 20      // stack slots (globals, frames, operands)
	FrameMax    = 256          // static height limit of one function frame
	PositionMax = 1 << 26      // longest prompt plus trace in tokens
	MaxOpHeight = FrameMax - 1 // largest h an instruction may carry
	stackGuard  = SlotMax - FrameMax
)
