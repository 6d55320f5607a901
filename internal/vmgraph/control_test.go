package vmgraph

import (
	"testing"

	"github.com/hullvm/hullvm/internal/machine"
)

// asm is a tiny assembler for hand-written test programs: each line is an op,
// an immediate (or a label name for jump targets) and the static height.
type asmLine struct {
	label string
	op    machine.Op
	imm   uint64
	ref   string // label whose instruction index replaces the low 32 bits of imm
	h     int
}

func assemble(t *testing.T, lines []asmLine, globals int, mem uint32) *machine.Program {
	t.Helper()
	labels := map[string]int{}
	for i, l := range lines {
		if l.label != "" {
			labels[l.label] = i
		}
	}
	p := &machine.Program{Globals: globals, MemBytes: mem}
	for _, l := range lines {
		imm := l.imm
		if l.ref != "" {
			idx, ok := labels[l.ref]
			if !ok {
				t.Fatalf("no label %q", l.ref)
			}
			imm = imm&^0xffffffff | uint64(idx)
		}
		p.Instrs = append(p.Instrs, machine.Instr{Op: l.op, Imm: imm, H: l.h, Source: -1})
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestControlFlow(t *testing.T) {
	const (
		c32 = machine.OpConst32
	)
	lines := []asmLine{
		{op: c32, imm: 0, h: 0},  // sum
		{op: c32, imm: 10, h: 1}, // i
		{label: "loop", op: machine.OpLGet32, imm: 0, h: 2},
		{op: machine.OpLGet32, imm: 1, h: 3},
		{op: machine.OpAdd32, h: 4},
		{op: machine.OpLSet32, imm: 0, h: 3},
		{op: machine.OpLGet32, imm: 1, h: 2},
		{op: c32, imm: 1, h: 3},
		{op: machine.OpSub32, h: 4},
		{op: machine.OpLSet32, imm: 1, h: 3},
		{op: machine.OpLGet32, imm: 1, h: 2},
		{op: machine.OpBrIf, ref: "loop", h: 3},
		{op: machine.OpLGet32, imm: 0, h: 2}, // f(sum)
		{op: machine.OpPushFrame, ref: "back", h: 3},
		{op: machine.OpCall, imm: 1 << 32, ref: "f", h: 4},
		{label: "back", op: machine.OpSpill32, h: 3},
		{op: machine.OpOut, h: 2},
		{op: c32, imm: 1, h: 2},
		{op: machine.OpBrTable, imm: 2, h: 3},
		{op: machine.OpJmp, ref: "A", h: 2},
		{op: machine.OpJmp, ref: "B", h: 2},
		{op: machine.OpJmp, ref: "C", h: 2},
		{label: "A", op: c32, imm: 'A', h: 2},
		{op: machine.OpJmp, ref: "print", h: 3},
		{label: "B", op: c32, imm: 'B', h: 2},
		{op: machine.OpJmp, ref: "print", h: 3},
		{label: "C", op: c32, imm: 'C', h: 2},
		{label: "print", op: machine.OpSpill32, h: 3},
		{op: machine.OpOut, h: 2},
		{op: c32, imm: 0, h: 2},
		{op: machine.OpBrZ, ref: "skip", h: 3},
		{op: machine.OpTrap, imm: uint64(machine.TrapUnreachable), h: 2},
		{label: "skip", op: c32, imm: 1000, h: 2},
		{op: c32, imm: 0x11223344, h: 3},
		{op: machine.OpStore32, imm: 2, h: 4},
		{op: c32, imm: 1001, h: 2},
		{op: machine.OpLoad16S32, imm: 2, h: 3}, // bytes 1003,1004 = 0x22, 0x11 -> 0x1122
		{op: machine.OpResult32, h: 3},
		{op: c32, imm: 1004, h: 2},
		{op: machine.OpLoad8S64, imm: 0, h: 3},
		{op: machine.OpResult64, h: 3},
		{op: c32, imm: 65534, h: 2},
		{op: machine.OpLoad32, imm: 0, h: 3}, // out of bounds: traps
		{op: c32, imm: 0, h: 3},
		{op: machine.OpHalt, h: 4},
		{label: "f", op: machine.OpLGet32, imm: 0, h: 2},
		{op: c32, imm: 100, h: 3},
		{op: machine.OpAdd32, h: 4},
		{op: machine.OpLSet32, imm: 0, h: 3},
		{op: machine.OpRet, imm: 1, h: 2},
	}
	p := assemble(t, lines, 1, 65536)
	got := compare(t, "control", p, nil)
	if last := got[len(got)-1]; last != machine.TrapTok(machine.TrapOutOfBounds) {
		t.Fatalf("last token %s, want an out-of-bounds trap", last)
	}
}

func TestInputAndData(t *testing.T) {
	lines := []asmLine{
		{op: machine.OpConst32, imm: 0, h: 0}, // cursor
		{label: "loop", op: machine.OpLGet32, imm: 0, h: 1},
		{op: machine.OpIn, h: 2},
		{op: machine.OpLGet32, imm: 1, h: 2},
		{op: machine.OpEqz32, h: 3},
		{op: machine.OpBrIf, ref: "done", h: 3},
		{op: machine.OpLGet32, imm: 1, h: 2},
		{op: machine.OpConst32, imm: 0xffffffff, h: 3},
		{op: machine.OpEq32, h: 4},
		{op: machine.OpBrIf, ref: "done", h: 3},
		{op: machine.OpSpill32, h: 2},
		{op: machine.OpOut, h: 1},
		{op: machine.OpLGet32, imm: 0, h: 1},
		{op: machine.OpConst32, imm: 1, h: 2},
		{op: machine.OpAdd32, h: 3},
		{op: machine.OpLSet32, imm: 0, h: 2},
		{op: machine.OpJmp, ref: "loop", h: 1},
		{label: "done", op: machine.OpConst32, imm: 16, h: 2},
		{op: machine.OpLoad8U32, imm: 0, h: 3}, // data byte at 16
		{op: machine.OpSpill32, h: 3},
		{op: machine.OpOut, h: 2},
		{op: machine.OpConst32, imm: 3, h: 2},
		{op: machine.OpHalt, h: 3},
	}
	p := assemble(t, lines, 0, 256)
	p.Data = []machine.Segment{{Addr: 14, Bytes: []byte{0, 1, '!', 0}}}
	got := compare(t, "input", p, []byte("hi"))
	if got[len(got)-1] != machine.TokHalt {
		t.Fatalf("did not halt: %v", got)
	}
}

func TestTrapOp(t *testing.T) {
	for k := machine.Trap(1); k < machine.NumTraps; k++ {
		p := assemble(t, []asmLine{
			{op: machine.OpConst32, imm: 1, h: 0},
			{op: machine.OpTrap, imm: uint64(k), h: 1},
		}, 0, 0)
		got := compare(t, k.String(), p, nil)
		if got[len(got)-1] != machine.TrapTok(k) {
			t.Fatalf("trap %s: trace ends with %s", k, got[len(got)-1])
		}
	}
}
