package vmgraph

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/hullvm/hullvm/internal/machine"
)

// randomProgram builds a straight-line program of n steps whose static heights
// are consistent, using every native op that needs no control flow, then
// prints the top of the stack byte by byte and halts.
func randomProgram(rng *rand.Rand, n int) *machine.Program {
	const mem = 256
	p := &machine.Program{MemBytes: mem, Globals: 2}
	h := 0
	emit := func(op machine.Op, imm uint64) {
		p.Instrs = append(p.Instrs, machine.Instr{Op: op, Imm: imm, H: h, Source: -1})
		in := op.Info()
		h += in.Push - in.Pop
	}
	val := func() uint64 {
		switch rng.Intn(6) {
		case 0:
			return uint64(rng.Intn(3))
		case 1:
			return 0xffffffff - uint64(rng.Intn(3))
		case 2:
			return 0x80000000 + uint64(rng.Intn(3)) - 1
		case 3:
			return uint64(rng.Int63()) | uint64(rng.Intn(2))<<63
		case 4:
			return 0xffffffff00000000 | uint64(rng.Uint32())
		}
		return uint64(rng.Uint32())
	}
	push := func() {
		if rng.Intn(2) == 0 {
			emit(machine.OpConst32, val()&0xffffffff)
		} else {
			emit(machine.OpConst64, val())
		}
	}
	for k := 0; k < p.Globals; k++ { // globals start written, as the lowering's entry stub does
		emit(machine.OpConst32, 0)
		emit(machine.OpGSet32, uint64(k))
	}
	for len(p.Instrs) < n {
		if h < 2 {
			push()
			continue
		}
		switch k := rng.Intn(16); k {
		case 0:
			push()
		case 1:
			ops := []machine.Op{machine.OpAdd32, machine.OpSub32, machine.OpAdd64, machine.OpSub64}
			emit(ops[rng.Intn(len(ops))], 0)
		case 2:
			emit(machine.OpEq32+machine.Op(rng.Intn(20)), 0)
		case 3:
			emit([]machine.Op{machine.OpEqz32, machine.OpEqz64, machine.OpExtS64, machine.OpExtU64, machine.OpWrap}[rng.Intn(5)], 0)
		case 4: // bitwise
			emit(machine.OpSpill64, 1)
			emit(machine.OpSpill64, 0)
			emit(machine.OpAnd32+machine.Op(rng.Intn(6)), 0)
		case 5: // constant shift
			emit(machine.OpSpill64, 0)
			switch rng.Intn(4) {
			case 0:
				emit(machine.OpShlC32, uint64(rng.Intn(32)))
			case 1:
				emit(machine.OpShrUC32, uint64(rng.Intn(32)))
			case 2:
				emit(machine.OpShlC64, uint64(rng.Intn(64)))
			default:
				emit(machine.OpShrUC64, uint64(rng.Intn(64)))
			}
		case 6:
			emit(machine.OpSpill32+machine.Op(rng.Intn(2)), 0)
			emit(machine.OpExt8S32+machine.Op(rng.Intn(4)), 0)
		case 7: // store then load
			op := machine.OpStore8 + machine.Op(rng.Intn(4))
			addr := uint64(rng.Intn(mem - 8))
			emit(machine.OpLSet64, uint64(h-1)) // keep the value: tee into its own slot (no-op write)
			h++                                 // lset popped statically; undo: treat as tee
			emit(machine.OpConst32, addr)
			emit(machine.OpLGet64, uint64(h-2))
			emit(op, uint64(rng.Intn(4)))
			emit(machine.OpConst32, addr)
			emit(machine.OpLoad32+machine.Op(rng.Intn(12)), uint64(rng.Intn(4)))
		case 8:
			emit(machine.OpLGet32+machine.Op(rng.Intn(2)), uint64(rng.Intn(h)))
		case 9:
			emit(machine.OpLSet32+machine.Op(rng.Intn(2)), uint64(rng.Intn(h-1)))
		case 10:
			emit(machine.OpGSet32+machine.Op(rng.Intn(2)), uint64(rng.Intn(2)))
			emit(machine.OpGGet32+machine.Op(rng.Intn(2)), uint64(rng.Intn(2)))
		case 11:
			emit(machine.OpLZero, uint64(rng.Intn(h)))
		case 12:
			emit(machine.OpIn, 0)
		case 13:
			emit(machine.OpResult32+machine.Op(rng.Intn(2)), 0)
		default:
			push()
		}
	}
	for h > 1 {
		emit(machine.OpLSet64, 0) // pops into slot 0
	}
	if h == 0 {
		push()
	}
	emit(machine.OpSpill64, 0)
	for k := 0; k < 8; k++ {
		emit(machine.OpShrUC64, uint64(8*k))
		emit(machine.OpSpill64, 0)
		emit(machine.OpOut, 0)
		emit(machine.OpConst64, 0)
		emit(machine.OpLGet64, 0) // reload the value
		emit(machine.OpSpill64, 0)
		h-- // the const64 above is dead: heights are static, so just forget it
	}
	emit(machine.OpConst32, 7)
	emit(machine.OpHalt, 0)
	return p
}

func TestRandomStraightLine(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	n := 60
	if testing.Short() {
		n = 15
	}
	for i := 0; i < n; i++ {
		p := randomProgram(rng, 10+rng.Intn(30))
		if err := p.Check(); err != nil {
			t.Fatalf("program %d: %v", i, err)
		}
		compare(t, fmt.Sprintf("random %d", i), p, []byte{0x41, 0xff, 0})
	}
}
