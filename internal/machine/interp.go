package machine

import (
	"errors"
	"fmt"
)

// ErrBudget is returned when a run stops because it used up its token budget.
var ErrBudget = errors.New("token budget exhausted")

// Ref is the reference interpreter of the machine program. Its trace is the
// definition every engine must reproduce token for token.
type Ref struct {
	p     *Program
	lay   *Layout
	input []byte
	mem   []byte    // program memory, MemBytes long
	spill [2]uint64 // scratch slots
	slots []uint64
	fp    int
	pc    int
	done  bool
	steps int64
}

// NewRef prepares a run of p on input.
func NewRef(p *Program, input []byte) (*Ref, error) {
	if _, _, err := Prompt(p, input); err != nil {
		return nil, err
	}
	r := &Ref{p: p, lay: LayoutFor(p, len(input)), input: input, mem: make([]byte, p.MemBytes),
		slots: make([]uint64, 0, 1024), fp: p.Globals, pc: p.Entry}
	for _, s := range p.Data {
		copy(r.mem[s.Addr:], s.Bytes)
	}
	return r, nil
}

// Done reports whether the run ended (halt or trap).
func (r *Ref) Done() bool { return r.done }

// Steps is the number of instructions executed so far.
func (r *Ref) Steps() int64 { return r.steps }

// PC is the index of the next instruction.
func (r *Ref) PC() int { return r.pc }

func (r *Ref) slot(i int) uint64 {
	if i < 0 {
		panic(fmt.Sprintf("BUG: machine: slot %d", i))
	}
	if i < len(r.slots) {
		return r.slots[i]
	}
	return 0
}

func (r *Ref) setSlot(i int, v uint64) {
	if i < 0 || i >= SlotMax {
		panic(fmt.Sprintf("BUG: machine: slot %d", i))
	}
	for len(r.slots) <= i {
		r.slots = append(r.slots, 0)
	}
	r.slots[i] = v
}

// loadBytes reads width bytes little-endian at ea; ok is false out of bounds.
func (r *Ref) loadBytes(ea uint64, width int) (uint64, bool) {
	if ea+uint64(width) > uint64(len(r.mem)) {
		return 0, false
	}
	var v uint64
	for k := width - 1; k >= 0; k-- {
		v = v<<8 | uint64(r.mem[ea+uint64(k)])
	}
	return v, true
}

func signExtend(v uint64, width int) uint64 {
	shift := 64 - 8*uint(width)
	return uint64(int64(v<<shift) >> shift)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// Step executes one instruction and appends its trace tokens to dst.
func (r *Ref) Step(dst []Token) []Token {
	if r.done {
		return dst
	}
	in := r.p.Instrs[r.pc]
	info := in.Op.Info()
	sp := r.fp + in.H
	a := func(k int) uint64 { return r.slot(sp - k) } // k-th operand from the top
	next := r.pc + 1
	var payload uint64
	commit := TokCommit
	r.steps++

	trap := func(k Trap) []Token {
		r.done = true
		return append(dst, TrapTok(k))
	}

	switch in.Op {
	case OpConst32:
		payload = in.Imm & 0xffffffff
	case OpConst64:
		payload = in.Imm
	case OpLGet32:
		payload = r.slot(r.fp+int(in.Imm)) & 0xffffffff
	case OpLGet64:
		payload = r.slot(r.fp + int(in.Imm))
	case OpLSet32, OpGSet32:
		payload = a(1) & 0xffffffff
	case OpLSet64, OpGSet64:
		payload = a(1)
	case OpLZero:
		payload = 0
	case OpGGet32:
		payload = r.slot(int(in.Imm)) & 0xffffffff
	case OpGGet64:
		payload = r.slot(int(in.Imm))
	case OpAdd32:
		payload = (a(2) + a(1)) & 0xffffffff
	case OpSub32:
		payload = (a(2) - a(1)) & 0xffffffff
	case OpAdd64:
		payload = a(2) + a(1)
	case OpSub64:
		payload = a(2) - a(1)
	case OpEq32, OpNe32, OpLtS32, OpLtU32, OpGtS32, OpGtU32, OpLeS32, OpLeU32, OpGeS32, OpGeU32:
		x, y := uint32(a(2)), uint32(a(1))
		payload = compare(in.Op-OpEq32, uint64(x), uint64(y), int64(int32(x)), int64(int32(y)))
	case OpEq64, OpNe64, OpLtS64, OpLtU64, OpGtS64, OpGtU64, OpLeS64, OpLeU64, OpGeS64, OpGeU64:
		x, y := a(2), a(1)
		payload = compare(in.Op-OpEq64, x, y, int64(x), int64(y))
	case OpEqz32:
		payload = b2u(uint32(a(1)) == 0)
	case OpEqz64:
		payload = b2u(a(1) == 0)
	case OpSpill32:
		payload = a(1) & 0xffffffff
		r.spill[in.Imm] = payload
	case OpSpill64:
		payload = a(1)
		r.spill[in.Imm] = payload
	case OpAnd32:
		payload = (r.spill[0] & r.spill[1]) & 0xffffffff
	case OpOr32:
		payload = (r.spill[0] | r.spill[1]) & 0xffffffff
	case OpXor32:
		payload = (r.spill[0] ^ r.spill[1]) & 0xffffffff
	case OpAnd64:
		payload = r.spill[0] & r.spill[1]
	case OpOr64:
		payload = r.spill[0] | r.spill[1]
	case OpXor64:
		payload = r.spill[0] ^ r.spill[1]
	case OpShlC32:
		payload = (r.spill[0] << in.Imm) & 0xffffffff
	case OpShrUC32:
		payload = (r.spill[0] & 0xffffffff) >> in.Imm
	case OpShlC64:
		payload = r.spill[0] << in.Imm
	case OpShrUC64:
		payload = r.spill[0] >> in.Imm
	case OpExt8S32:
		payload = signExtend(r.spill[0]&0xff, 1) & 0xffffffff
	case OpExt16S32:
		payload = signExtend(r.spill[0]&0xffff, 2) & 0xffffffff
	case OpExt8S64:
		payload = signExtend(r.spill[0]&0xff, 1)
	case OpExt16S64:
		payload = signExtend(r.spill[0]&0xffff, 2)
	case OpExtS64:
		payload = uint64(int64(int32(uint32(a(1)))))
	case OpExtU64:
		payload = a(1) & 0xffffffff
	case OpWrap:
		payload = a(1) & 0xffffffff
	case OpLoad32, OpLoad8S32, OpLoad8U32, OpLoad16S32, OpLoad16U32,
		OpLoad64, OpLoad8S64, OpLoad8U64, OpLoad16S64, OpLoad16U64, OpLoad32S64, OpLoad32U64:
		ea := a(1)&0xffffffff + in.Imm
		v, ok := r.loadBytes(ea, info.Width)
		if !ok {
			return trap(TrapOutOfBounds)
		}
		if info.Signed {
			v = signExtend(v, info.Width)
		}
		if info.Len == 5 {
			v &= 0xffffffff
		}
		payload = v
	case OpStore8, OpStore16, OpStore32, OpStore64:
		ea := a(2)&0xffffffff + in.Imm
		if ea+uint64(info.Width) > uint64(len(r.mem)) {
			return trap(TrapOutOfBounds)
		}
		v := a(1)
		for k := 0; k < info.Width; k++ {
			r.mem[ea+uint64(k)] = byte(v >> (8 * k))
		}
		payload = v
		if info.Len == 5 {
			payload &= 0xffffffff
		}
	case OpJmp:
		next = int(in.Imm)
		payload = uint64(r.lay.Pos[next])
		commit = TokJump
	case OpBrIf, OpBrZ:
		payload = uint64(r.lay.Pos[in.Imm])
		if (uint32(a(1)) != 0) == (in.Op == OpBrIf) {
			next = int(in.Imm)
			commit = TokJump
		}
	case OpBrTable:
		j := uint64(uint32(a(1)))
		if j > in.Imm {
			j = in.Imm
		}
		next = r.pc + 1 + int(j)
		payload = uint64(r.lay.Pos[next])
		commit = TokJump
	case OpPushFrame:
		payload = uint64(r.fp)<<32 | uint64(r.lay.Pos[in.Imm])
	case OpCall:
		target := int(in.Imm & 0xffffffff)
		nfp := r.fp + in.H - 1 - int(in.Imm>>32)
		if nfp+FrameMax > SlotMax {
			return trap(TrapStackExhausted)
		}
		r.fp = nfp
		next = target
		payload = uint64(nfp)<<32 | uint64(r.lay.Pos[target])
		commit = TokFrame
	case OpRet:
		rec := r.slot(r.fp + int(in.Imm))
		idx, ok := r.lay.Index[int(uint32(rec))]
		if !ok {
			panic(fmt.Sprintf("BUG: machine: return to position %d which starts no instruction", uint32(rec)))
		}
		r.fp = int(rec >> 32)
		next = idx
		payload = rec
		commit = TokFrame
	case OpOut:
		r.pc = next
		return append(dst, TokOut+Token(byte(r.spill[0])))
	case OpIn:
		i := uint32(a(1))
		payload = 0xffffffff
		if uint64(i) < uint64(len(r.input)) {
			payload = uint64(r.input[i])
		}
	case OpHalt:
		payload = a(1) & 0xffffffff
		commit = TokHalt
		r.done = true
	case OpResult32:
		payload = a(1) & 0xffffffff
		commit = TokResult
	case OpResult64:
		payload = a(1)
		commit = TokResult
	case OpTrap:
		return trap(Trap(in.Imm))
	default:
		panic(fmt.Sprintf("BUG: machine: op %s not interpreted", in.Op))
	}

	// Slot writes happen after every operand was read.
	switch info.Write {
	case WritePush:
		r.setSlot(sp, payload)
	case WriteUnary:
		r.setSlot(sp-1, payload)
	case WriteBinary:
		r.setSlot(sp-2, payload)
	case WriteLocal:
		r.setSlot(r.fp+int(in.Imm), payload)
	case WriteGlobal:
		r.setSlot(int(in.Imm), payload)
	}

	switch info.Len {
	case 5:
		dst = appendBytes32(dst, ByteTok, 0, uint32(payload))
	case 9:
		dst = appendBytes32(dst, ByteTok, 0, uint32(payload>>32))
		dst = appendBytes32(dst, ByteTok, 4, uint32(payload))
	}
	r.pc = next
	return append(dst, commit)
}

// compare evaluates comparison k (offset from OpEq32 or OpEq64).
func compare(k Op, ux, uy uint64, sx, sy int64) uint64 {
	switch k {
	case 0:
		return b2u(ux == uy)
	case 1:
		return b2u(ux != uy)
	case 2:
		return b2u(sx < sy)
	case 3:
		return b2u(ux < uy)
	case 4:
		return b2u(sx > sy)
	case 5:
		return b2u(ux > uy)
	case 6:
		return b2u(sx <= sy)
	case 7:
		return b2u(ux <= uy)
	case 8:
		return b2u(sx >= sy)
	case 9:
		return b2u(ux >= uy)
	}
	panic("BUG: machine: comparison")
}
