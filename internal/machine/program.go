package machine

import (
	"fmt"
	"io"
	"strings"
)

// Instr is one machine instruction. Jump targets (OpJmp, OpBrIf, OpBrZ,
// OpPushFrame, OpCall's low half) are instruction indexes here; the prompt
// carries them as positions (Layout).
type Instr struct {
	Op  Op
	Imm uint64
	H   int // static height: slots above fp before the instruction runs

	Func   int // index of the machine function it belongs to (listings, errors)
	Source int // byte offset of the WebAssembly instruction it came from, -1 if none
}

// Func describes one function of the machine program.
type Func struct {
	Name    string
	Start   int // index of its first instruction
	Params  int
	Results int
	Locals  int // params included
}

// Segment is initial memory content.
type Segment struct {
	Addr  uint32
	Bytes []byte
}

// Program is a lowered machine program, the unit that the prompt encodes.
type Program struct {
	Instrs   []Instr
	Funcs    []Func
	Entry    int    // instruction where execution starts
	Globals  int    // global slots 0..Globals-1; the first frame starts at fp = Globals
	MemBytes uint32 // linear memory size in bytes (fixed: memory.grow fails)
	Data     []Segment
}

// Check validates the program against the machine's limits.
func (p *Program) Check() error {
	if p.MemBytes > MemMax {
		return fmt.Errorf("machine: memory of %d bytes exceeds the limit of %d", p.MemBytes, MemMax)
	}
	if p.Globals > FrameMax {
		return fmt.Errorf("machine: %d globals exceed the limit of %d", p.Globals, FrameMax)
	}
	if p.Entry < 0 || p.Entry >= len(p.Instrs) {
		return fmt.Errorf("machine: entry %d out of range", p.Entry)
	}
	for _, s := range p.Data {
		if uint64(s.Addr)+uint64(len(s.Bytes)) > uint64(p.MemBytes) {
			return fmt.Errorf("machine: data segment at %d (%d bytes) outside memory", s.Addr, len(s.Bytes))
		}
	}
	for i, in := range p.Instrs {
		if in.Op == OpInvalid || in.Op >= NumOps {
			return fmt.Errorf("machine: instruction %d: invalid op %d", i, in.Op)
		}
		if in.H < 0 || in.H > MaxOpHeight {
			return fmt.Errorf("machine: instruction %d (%s, function %d): stack height %d exceeds the frame limit of %d",
				i, in.Op, in.Func, in.H, MaxOpHeight)
		}
		info := in.Op.Info()
		if in.H < info.Pop {
			return fmt.Errorf("machine: instruction %d (%s): height %d below its %d operands", i, in.Op, in.H, info.Pop)
		}
		switch in.Op {
		case OpJmp, OpBrIf, OpBrZ, OpPushFrame:
			if in.Imm >= uint64(len(p.Instrs)) {
				return fmt.Errorf("machine: instruction %d (%s): target %d out of range", i, in.Op, in.Imm)
			}
		case OpCall:
			if t := in.Imm & 0xffffffff; t >= uint64(len(p.Instrs)) {
				return fmt.Errorf("machine: instruction %d (call): target %d out of range", i, t)
			}
			if nargs := int(in.Imm >> 32); nargs+1 > in.H {
				return fmt.Errorf("machine: instruction %d (call): %d arguments and a frame record above height %d", i, nargs, in.H)
			}
		case OpBrTable:
			if uint64(i)+in.Imm+1 >= uint64(len(p.Instrs)) {
				return fmt.Errorf("machine: instruction %d (brtable): table runs past the program", i)
			}
			for j := uint64(1); j <= in.Imm+1; j++ {
				if p.Instrs[uint64(i)+j].Op != OpJmp {
					return fmt.Errorf("machine: instruction %d (brtable): entry %d is not jmp", i, j-1)
				}
			}
		case OpSpill32, OpSpill64:
			if in.Imm > 1 {
				return fmt.Errorf("machine: instruction %d (%s): scratch slot %d (only 0 and 1)", i, in.Op, in.Imm)
			}
		case OpShlC32, OpShrUC32:
			if in.Imm >= 32 {
				return fmt.Errorf("machine: instruction %d (%s): shift %d", i, in.Op, in.Imm)
			}
		case OpShlC64, OpShrUC64:
			if in.Imm >= 64 {
				return fmt.Errorf("machine: instruction %d (%s): shift %d", i, in.Op, in.Imm)
			}
		case OpLGet32, OpLGet64, OpLSet32, OpLSet64, OpLZero, OpRet:
			if in.Imm >= FrameMax {
				return fmt.Errorf("machine: instruction %d (%s): local %d beyond the frame limit", i, in.Op, in.Imm)
			}
		case OpGGet32, OpGGet64, OpGSet32, OpGSet64:
			if in.Imm >= uint64(p.Globals) {
				return fmt.Errorf("machine: instruction %d (%s): global %d of %d", i, in.Op, in.Imm, p.Globals)
			}
		case OpTrap:
			if in.Imm == 0 || in.Imm >= uint64(NumTraps) {
				return fmt.Errorf("machine: instruction %d (trap): kind %d", i, in.Imm)
			}
		}
	}
	return nil
}

// Listing writes a human-readable listing of the program (hullvm compile --emit program).
func (p *Program) Listing(w io.Writer) error {
	lay := NewLayout(p)
	var b strings.Builder
	fmt.Fprintf(&b, "; machine program: %d instructions, %d functions, %d globals, memory %d bytes, entry %d\n",
		len(p.Instrs), len(p.Funcs), p.Globals, p.MemBytes, p.Entry)
	fn := -1
	for i, in := range p.Instrs {
		if in.Func != fn && in.Func >= 0 && in.Func < len(p.Funcs) {
			fn = in.Func
			f := p.Funcs[fn]
			fmt.Fprintf(&b, "\nfunc %d %s (params %d, results %d, locals %d):\n", fn, f.Name, f.Params, f.Results, f.Locals)
		}
		fmt.Fprintf(&b, "%6d @%-7d h=%-3d %s\n", i, lay.Pos[i], in.H, p.Format(i))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Format spells instruction i with its immediate.
func (p *Program) Format(i int) string {
	in := p.Instrs[i]
	switch in.Op {
	case OpJmp, OpBrIf, OpBrZ, OpPushFrame:
		return fmt.Sprintf("%s ->%d", in.Op, in.Imm)
	case OpCall:
		t := int(in.Imm & 0xffffffff)
		name := ""
		for _, f := range p.Funcs {
			if f.Start == t {
				name = " " + f.Name
			}
		}
		return fmt.Sprintf("call ->%d%s args=%d", t, name, in.Imm>>32)
	case OpTrap:
		return fmt.Sprintf("trap %q", Trap(in.Imm))
	case OpConst64:
		return fmt.Sprintf("const64 %d", int64(in.Imm))
	case OpConst32:
		return fmt.Sprintf("const32 %d", int32(in.Imm))
	}
	info := in.Op.Info()
	if info.Width > 0 && in.Op != OpSpill32 && in.Op != OpSpill64 {
		return fmt.Sprintf("%s offset=%d", in.Op, in.Imm)
	}
	switch in.Op {
	case OpAdd32, OpSub32, OpAdd64, OpSub64, OpAnd32, OpOr32, OpXor32, OpAnd64, OpOr64, OpXor64,
		OpExtS64, OpExtU64, OpWrap, OpOut, OpExt8S32, OpExt16S32, OpExt8S64, OpExt16S64, OpIn, OpHalt, OpResult32, OpResult64:
		return in.Op.String()
	}
	if in.Op >= OpEq32 && in.Op <= OpEqz64 {
		return in.Op.String()
	}
	return fmt.Sprintf("%s %d", in.Op, in.Imm)
}

// Layout places each instruction in the prompt. Instruction i's encoding
// occupies Pos[i] .. Pos[i]+Len-1 and its trace step has the same length, so
// a run of straight-line steps mirrors the prompt at a constant offset.
type Layout struct {
	Pos       []int       // start position of each instruction's encoding
	Index     map[int]int // start position -> instruction index
	ProgStart int         // position of the first instruction
	ProgEnd   int         // position after the last instruction
}

// HeaderLen is the length of the prompt header group: memory size (4 bytes),
// input length (4 bytes), then "{".
const HeaderLen = 9

// DataGroupLen is the length of one initial memory byte: address (4 bytes), data(v).
const DataGroupLen = 5

// NewLayout computes instruction positions for p with an input of any length;
// the program part starts after the header, input and data groups, so positions
// depend on the input length: use LayoutFor.
func NewLayout(p *Program) *Layout { return LayoutFor(p, 0) }

// LayoutFor computes positions for p when the input has inputLen bytes.
func LayoutFor(p *Program, inputLen int) *Layout {
	start := HeaderLen + inputLen + DataGroupLen*dataBytes(p)
	l := &Layout{Pos: make([]int, len(p.Instrs)), Index: make(map[int]int, len(p.Instrs)), ProgStart: start}
	pos := start
	for i, in := range p.Instrs {
		l.Pos[i] = pos
		l.Index[pos] = i
		pos += in.Op.Info().Len
	}
	l.ProgEnd = pos
	return l
}

// dataBytes counts the non-zero initial memory bytes (zero bytes need no token:
// memory reads of never-written bytes give zero).
func dataBytes(p *Program) int {
	n := 0
	for _, s := range p.Data {
		for _, b := range s.Bytes {
			if b != 0 {
				n++
			}
		}
	}
	return n
}
