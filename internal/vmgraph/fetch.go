package vmgraph

import (
	"github.com/hullvm/hullvm/internal/graph"
	"github.com/hullvm/hullvm/internal/machine"
)

// fetch assembles multi-byte fields, finds the current instruction and
// decodes it. After it: hot (one-hot of the op), fp, h, sp, immLo, immHi, qs.
func (b *builder) fetch() {
	g := b.g

	// Byte windows. s1 covers positions t-1..t, s2 covers t-3..t; cA holds the
	// weighted bytes of phases 0-3, cB of phases 4-7.
	p1a, p1b := b.posLookup("P1", 1, [2]lin{b.cA, b.cB})
	s1A, s1B := Add(b.cA, p1a), Add(b.cB, p1b)
	p2a, p2b := b.posLookup("P2", 2, [2]lin{s1A, s1B})
	s2A, s2B := Add(s1A, p2a), Add(s1B, p2b)
	q1a, q1b := b.posLookup("Q1", 1, [2]lin{s2A, s2B})
	q4a, _ := b.posLookup("Q4", 4, [2]lin{s2A, s2B})
	q5a, _ := b.posLookup("Q5", 5, [2]lin{s2A, s2B})
	b.win = windows{s1A: s1A, s1B: s1B, s2A: s2A, s2B: s2B}

	// At a token that ends a group (commit, op, data, header, start) the
	// group's last four bytes are asmLo and the four before them asmHi. At a
	// trace byte that ends a step's payload, the payload is lastLo/lastHi.
	asmLo, asmHi := Add(q1a, q1b), q5a
	b.lastLo, b.lastHi = Add(s2A, s2B), q4a

	// Jumps: D maps trace positions to prompt positions after the latest jump.
	dj, _ := b.flagLookup("J", b.isJumpC, [2]lin{Sub(asmLo, b.t.Plus(1)), C(0)})
	fp, _ := b.flagLookup("FR", b.isFrameC, [2]lin{asmHi, C(0)})
	mem, inlen := b.flagLookup("K", b.isHDR, [2]lin{asmHi, asmLo})
	b.fp, b.memBytes, b.inLen = fp, mem, inlen
	b.asmLo = asmLo

	// Instruction fetch. An op token at position t encodes the instruction
	// whose encoding starts at s = t - L + 1; its key is (2s, -s²).
	tL := V(g.Neuron("tL", b.t, b.opL)) // t·L
	s := Sum(b.t, Scale(-1, b.opL), C(1))
	s2 := Sum(b.t2, Scale(-2, tL), Scale(2, b.t), b.opL1sq)
	fkx := g.Select("fetch.kx", b.isOP, Scale(2, s))
	fky := Sub(Scale(-1, g.Select("fetch.s2", b.isOP, s2)), Sub(C(1), b.isOP))
	b.qs = Sum(b.t.Plus(1), Scale(-1, b.psiInt), dj)
	key := [2]lin{fkx, fky}
	query := [2]lin{b.qs, C(1)}
	opc, h := g.Lookup("F1", key, query, [2]lin{b.opc, b.opH}, tieLatest)
	lo, hi := g.Lookup("F2", key, query, [2]lin{asmLo, asmHi}, tieLatest)
	b.h, b.immLo, b.immHi = V(h), V(lo), V(hi)
	b.sp = Add(b.fp, b.h)

	hot := g.OneHot("op", V(opc), int(machine.OpConst32), int(machine.NumOps)-1)
	for i, l := range hot {
		b.hot[int(machine.OpConst32)+i] = l
	}
	b.isL1 = b.fam(func(_ machine.Op, in machine.Info) bool { return in.Len == 1 })
	b.isL5 = b.fam(func(_ machine.Op, in machine.Info) bool { return in.Len == 5 })
	b.isL9 = b.fam(func(_ machine.Op, in machine.Info) bool { return in.Len == 9 })
	b.L = b.famW(func(_ machine.Op, in machine.Info) float64 { return float64(in.Len) })
	b.j = Sub(b.L.Plus(-2), b.psiInt)
}

type windows struct{ s1A, s1B, s2A, s2B lin }

var _ = graph.Lin{}
