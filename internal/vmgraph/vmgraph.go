// Package vmgraph expresses the machine of internal/machine as a computation
// graph (internal/graph): from the tokens so far (prompt and trace) the graph
// computes the next trace token, for every native instruction, traps and halt
// included. docs/graph.md walks through the construction; the reference
// interpreter (machine.Ref) defines the trace the graph must reproduce.
//
// The state of the machine is never carried in the residual from one position
// to the next: it is rebuilt at every position from token embeddings through
// a fixed set of lookups (all heads are 2D hard-max attention):
//
//	P1, P2        previous-token windows: sums of byte contributions
//	Q1, Q4, Q5    the assembled 32-bit fields of the last group of tokens
//	J             latest jump commit: maps positions to instructions
//	FR            latest frame commit: the frame base fp
//	K             the header: memory size, input length
//	F1, F2        instruction fetch from the prompt (op, h, immediate)
//	S1, S2        stack slots (latest write wins)
//	M1, M2        memory bytes (latest write wins)
package vmgraph

import (
	"fmt"
	"math"

	"github.com/hullvm/hullvm/internal/graph"
	"github.com/hullvm/hullvm/internal/kvcache"
	"github.com/hullvm/hullvm/internal/machine"
)

type (
	lin = graph.Lin
)

var (
	C     = graph.C
	V     = graph.V
	Add   = graph.Add
	Sub   = graph.Sub
	Sum   = graph.Sum
	Scale = graph.Scale
)

const (
	two32 = 1 << 32
	// gateWeight lifts the gated token family above every other logit: the
	// quadratic byte scores stay below 2^42 (docs/graph.md).
	gateWeight = 1 << 43
	scr        = machine.ScratchAddr
)

// builder carries the values shared by the construction steps.
type builder struct {
	g *graph.Graph

	one, t, t2 lin

	// embedding columns
	cA, cB, vraw                      lin
	psi                               [9]lin // psi[k] = 1: the next token is byte k of the step (psi 0: first token)
	psiInt                            lin
	isJumpC, isFrameC, isHDR, isOP    lin
	opL, opL1sq, opc, opH, isDB, isIB lin
	cols                              map[string]graph.ID

	// decoded state
	hot            [machine.NumOps]lin
	fp, h, sp      lin
	immLo, immHi   lin
	qs             lin // start position of the current instruction's encoding
	aL, aH, bL, bH lin // operands: a = slot sp-2, b = slot sp-1 (or the slot r1 selects)
	m1, m2         lin // memory bytes read
	j              lin // little-endian byte index emitted next: Len-2-psi

	win                      windows
	lastLo, lastHi, asmLo    lin
	memBytes, inLen          lin
	isL1, isL5, isL9, L      lin
	isLoadM, isExtS, widthLE lin
	isBitw, isShl, isShr     lin
	isIn, shiftR             lin

	famCache map[string]lin
}

const tieLatest = kvcache.TieLatest

func (b *builder) column(name string) lin {
	id := b.g.Column(name)
	b.cols[name] = id
	return V(id)
}

// fam is Σ [op] over the ops for which pred holds, persisted as one value so
// every reader's weights hold one entry instead of a sum over the one-hot.
func (b *builder) fam(pred func(machine.Op, machine.Info) bool) lin {
	return b.famW(func(op machine.Op, in machine.Info) float64 {
		if pred(op, in) {
			return 1
		}
		return 0
	})
}

// famW is Σ f(op)·[op] over all ops: a per-op constant as a value. Equal
// sums are built once.
func (b *builder) famW(f func(machine.Op, machine.Info) float64) lin {
	out := lin{}
	key := ""
	for op := machine.OpConst32; op < machine.NumOps; op++ {
		if w := f(op, op.Info()); w != 0 {
			out = Add(out, Scale(w, b.hot[op]))
			key += fmt.Sprintf("%d:%g,", op, w)
		}
	}
	if out.IsZero() {
		return out
	}
	if l, ok := b.famCache[key]; ok {
		return l
	}
	l := V(b.g.Persist("fam", out))
	b.famCache[key] = l
	return l
}

func is(ops ...machine.Op) func(machine.Op, machine.Info) bool {
	return func(op machine.Op, _ machine.Info) bool {
		for _, o := range ops {
			if o == op {
				return true
			}
		}
		return false
	}
}

func between(lo, hi machine.Op) func(machine.Op, machine.Info) bool {
	return func(op machine.Op, _ machine.Info) bool { return op >= lo && op <= hi }
}

// posLookup reads value at position t-d: key (2t', -t'²), query (t-d, 1).
func (b *builder) posLookup(name string, d float64, value [2]lin) (lin, lin) {
	x, y := b.g.Lookup(name,
		[2]lin{Scale(2, b.t), Scale(-1, b.t2)},
		[2]lin{b.t.Plus(-d), C(1)},
		value, kvcache.TieLatest)
	return V(x), V(y)
}

// flagLookup reads the value of the latest position whose flag is 1.
func (b *builder) flagLookup(name string, flag lin, value [2]lin) (lin, lin) {
	x, y := b.g.Lookup(name, [2]lin{C(0), flag}, [2]lin{C(0), C(1)}, value, kvcache.TieLatest)
	return V(x), V(y)
}

// indexKey is the key of a "latest write at index i" head: (2i, -i²) where
// flag is 1, (0, -1) elsewhere. i must be 0 where flag is 0; i2 is i².
func indexKey(i, i2, flag lin) [2]lin {
	return [2]lin{Scale(2, i), Sub(Scale(-1, i2), Sub(C(1), flag))}
}

// Build returns the machine's graph.
func Build() *graph.Graph {
	b := &builder{g: graph.New(int(machine.VocabSize)), cols: map[string]graph.ID{}, famCache: map[string]lin{}}
	b.one, b.t, b.t2 = V(b.g.One()), V(b.g.Pos()), V(b.g.Pos2())
	b.embedding()
	b.fetch()
	b.stack()
	b.memory()
	b.emit()
	return b.g
}

// embedding declares the columns and fills the embedding of every token.
func (b *builder) embedding() {
	b.cA, b.cB, b.vraw = b.column("cA"), b.column("cB"), b.column("vraw")
	for k := range b.psi {
		b.psi[k] = b.column(fmt.Sprintf("psi%d", k))
		b.psiInt = Add(b.psiInt, Scale(float64(k), b.psi[k]))
	}
	b.isJumpC, b.isFrameC, b.isHDR, b.isOP = b.column("isJumpC"), b.column("isFrameC"), b.column("isHDR"), b.column("isOP")
	b.opL, b.opL1sq, b.opc, b.opH = b.column("opL"), b.column("opL1sq"), b.column("opc"), b.column("opH")
	b.isDB, b.isIB = b.column("isDB"), b.column("isIB")

	set := func(tok machine.Token, col string, v float64) { b.g.SetEmbed(int32(tok), b.cols[col], v) }
	for phase := 0; phase < 8; phase++ {
		w := math.Pow(256, float64(3-phase%4))
		c := "cA"
		if phase >= 4 {
			c = "cB"
		}
		for v := 0; v < 256; v++ {
			for _, tok := range []machine.Token{machine.ByteTok(phase, byte(v)), machine.PByteTok(phase, byte(v))} {
				set(tok, c, float64(v)*w)
				set(tok, "vraw", float64(v))
			}
			set(machine.ByteTok(phase, byte(v)), fmt.Sprintf("psi%d", phase+1), 1)
		}
	}
	for _, tok := range []machine.Token{machine.TokCommit, machine.TokJump, machine.TokFrame, machine.TokResult,
		machine.TokHalt, machine.TokStart} {
		set(tok, "psi0", 1)
	}
	for k := machine.Trap(1); k < machine.NumTraps; k++ {
		set(machine.TrapTok(k), "psi0", 1)
	}
	for v := 0; v < 256; v++ {
		set(machine.TokOut+machine.Token(v), "psi0", 1)
		set(machine.TokData+machine.Token(v), "isDB", 1)
		set(machine.TokData+machine.Token(v), "vraw", float64(v))
		set(machine.TokInput+machine.Token(v), "isIB", 1)
		set(machine.TokInput+machine.Token(v), "vraw", float64(v))
	}
	for _, tok := range []machine.Token{machine.TokJump, machine.TokFrame, machine.TokStart} {
		set(tok, "isJumpC", 1)
	}
	set(machine.TokFrame, "isFrameC", 1)
	set(machine.TokStart, "isFrameC", 1)
	set(machine.TokHeader, "isHDR", 1)
	for op := machine.OpConst32; op < machine.NumOps; op++ {
		L := float64(op.Info().Len)
		for h := 0; h < machine.FrameMax; h++ {
			tok := machine.OpTok(op, h)
			set(tok, "isOP", 1)
			set(tok, "opL", L)
			set(tok, "opL1sq", (L-1)*(L-1))
			set(tok, "opc", float64(op))
			set(tok, "opH", float64(h))
		}
	}
}
