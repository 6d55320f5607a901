package transformer

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// The head plan. The next-token decision needs only the largest logit, its
// token and the second-largest logit (the margin), not every logit. The
// rows of head.weight of a compiled machine come in families that are sums
// of two parts, every combination present: byte token (k, v) scores
// G·gate_k + (2v·Z + c_v), out(v) scores G·gate_out + (2v·m1 + c'_v). The
// plan writes each non-empty row as P + Q, P one weighted column (the entry
// shared by the most rows), Q the rest with the row's constant, and groups
// the rows into blocks: a set of P parts × a set of Q parts, every pair a
// row. The two largest of a block are P1+Q1 and max(P1+Q2, P2+Q1) (Pi, Qi
// the i-th largest parts), and the two largest logits of the head are the
// two largest of the blocks' pairs. When a block's Q parts all read one
// column z with distinct coefficients a_j, and the points (a_j, c_j) form
// a concave chain ordered by a, the scores a_j·z + c_j along the chain rise,
// stay level at most at the top, then fall (the differences of consecutive
// scores are (a_{j+1}-a_j)·(z + slope_j) with slopes decreasing): a binary
// search finds Q1 and its neighbours hold Q2. Every value compared is a sum
// of the row's terms in a different order: the same number whenever the
// model is exact (package doc), so the decision and the margin are those of
// the full product head·x.

// headPlan evaluates the logit head.
type headPlan struct {
	pCol   []int32   // [P] column of each P part (-1: none, the value 0)
	pCoef  []float64 // [P] its weight
	pIdx   []uint16  // [P] buffer index of the column (none: the empty form's 0)
	pv     []float64 // [P] scratch: values
	qf     *formSet  // Q forms
	forms  quads
	blocks []hblock
	zeros  []int32 // the first two tokens whose row is empty (logit 0)
}

// hblock is a product block: row (i, j) = P part p[i] + Q part q[j].
type hblock struct {
	p   []int32
	q   []scaledRow
	qr  []srow  // q, placed in the buffer
	tok []int32 // [len(p)·len(q)] token of pair (i, j): tok[i·len(q)+j]

	// chain: every Q part is a[j]·x[zCol] + k (a = 0: a constant), q is
	// ordered by increasing a and concave (see the plan's doc).
	chain bool
	zCol  uint16
	a     []float64
}

// newHeadPlan builds the plan of m's head. one is the column of the
// constant 1 when posPure holds, else -1.
func newHeadPlan(m *Model, one int32) *headPlan {
	h := m.Head
	hp := &headPlan{qf: newFormSet(m.DModel)}
	for t := 0; t < m.Vocab && len(hp.zeros) < 2; t++ {
		if h.Ptr[t+1] == h.Ptr[t] {
			hp.zeros = append(hp.zeros, int32(t))
		}
	}

	// The P part of a row: its entry (other than the constant) shared by
	// the most rows; the smallest column on a tie. Rows with no such entry
	// take the P part "none", column -1.
	type ent struct {
		c int32
		v float64
	}
	freq := map[ent]int{}
	for r := 0; r < h.Rows; r++ {
		for k := h.Ptr[r]; k < h.Ptr[r+1]; k++ {
			if h.Idx[k] != one {
				freq[ent{h.Idx[k], h.Val[k]}]++
			}
		}
	}
	pOf := map[ent]int32{}
	pIndex := func(e ent) int32 {
		if i, ok := pOf[e]; ok {
			return i
		}
		i := int32(len(hp.pCol))
		pOf[e] = i
		hp.pCol = append(hp.pCol, e.c)
		hp.pCoef = append(hp.pCoef, e.v)
		return i
	}

	// Group rows by Q part, then Q parts by their set of P parts.
	var groups []*qgroup
	byQ := map[scaledRow]*qgroup{}
	var singles []*qgroup // rows that repeat another row exactly
	var cols []int32
	var vals []float64
	for r := 0; r < h.Rows; r++ {
		a, b := h.Ptr[r], h.Ptr[r+1]
		if a == b {
			continue
		}
		best, p := -1, ent{-1, 0}
		for k := a; k < b; k++ {
			e := ent{h.Idx[k], h.Val[k]}
			if e.c != one && (freq[e] > best || freq[e] == best && e.c < p.c) {
				best, p = freq[e], e
			}
		}
		cols, vals = cols[:0], vals[:0]
		for k := a; k < b; k++ {
			if h.Idx[k] != p.c {
				cols, vals = append(cols, h.Idx[k]), append(vals, h.Val[k])
			}
		}
		q := hp.qf.add(cols, vals, one)
		pi := pIndex(p)
		g := byQ[q]
		if g == nil {
			g = &qgroup{q: q}
			byQ[q] = g
			groups = append(groups, g)
		}
		dup := false
		for _, x := range g.ps {
			dup = dup || x == pi
		}
		if dup {
			singles = append(singles, &qgroup{q: q, ps: []int32{pi}, toks: []int32{int32(r)}})
			continue
		}
		g.ps = append(g.ps, pi)
		g.toks = append(g.toks, int32(r))
	}

	// Blocks: Q groups with the same set of P parts, in order of first row.
	byP := map[string]int{}
	var members [][]*qgroup
	for _, g := range groups {
		sortPs(g)
		key := psKey(g.ps)
		i, ok := byP[key]
		if !ok {
			i = len(members)
			byP[key] = i
			members = append(members, nil)
		}
		members[i] = append(members[i], g)
	}
	for _, g := range singles {
		members = append(members, []*qgroup{g})
	}
	for _, gs := range members {
		hp.blocks = append(hp.blocks, hp.newBlock(gs))
	}
	hp.pv = make([]float64, len(hp.pCol))
	for _, c := range hp.pCol {
		if c < 0 {
			c = hp.qf.base
		}
		hp.pIdx = append(hp.pIdx, uint16(c))
	}
	for i := range hp.blocks {
		for _, q := range hp.blocks[i].q {
			hp.blocks[i].qr = append(hp.blocks[i].qr, placeRow(q))
		}
	}
	hp.forms = hp.qf.pack()
	return hp
}

// qgroup is the rows that share one Q part.
type qgroup struct {
	q    scaledRow
	ps   []int32 // P parts
	toks []int32 // token of each P part
}

// sortPs orders the P parts of g (and their tokens) by increasing index.
func sortPs(g *qgroup) {
	sort.Sort(byP{g})
}

type byP struct{ g *qgroup }

func (s byP) Len() int           { return len(s.g.ps) }
func (s byP) Less(i, j int) bool { return s.g.ps[i] < s.g.ps[j] }
func (s byP) Swap(i, j int) {
	s.g.ps[i], s.g.ps[j] = s.g.ps[j], s.g.ps[i]
	s.g.toks[i], s.g.toks[j] = s.g.toks[j], s.g.toks[i]
}

func psKey(ps []int32) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(strconv.Itoa(int(p)))
		b.WriteByte(',')
	}
	return b.String()
}

// newBlock makes the block of Q groups gs, which share one set of P parts.
func (hp *headPlan) newBlock(gs []*qgroup) hblock {
	bl := hblock{p: gs[0].ps}
	if col, ok := hp.isChain(gs); ok {
		sort.SliceStable(gs, func(i, j int) bool { return hp.chainCoef(gs[i].q) < hp.chainCoef(gs[j].q) })
		bl.chain, bl.zCol = true, uint16(col)
		for _, g := range gs {
			bl.a = append(bl.a, hp.chainCoef(g.q))
		}
	}
	for _, g := range gs {
		bl.q = append(bl.q, g.q)
	}
	bl.tok = make([]int32, len(bl.p)*len(bl.q))
	for j, g := range gs {
		for i := range bl.p {
			bl.tok[i*len(bl.q)+j] = g.toks[i]
		}
	}
	return bl
}

// chainCoef is the coefficient of a Q part that reads one column, 0 for a
// constant one.
func (hp *headPlan) chainCoef(q scaledRow) float64 {
	if q.src == hp.qf.base {
		return 0
	}
	return q.s
}

// isChain reports whether the Q parts of gs are constants or read one
// column col, with distinct coefficients (a constant's is 0), and whether
// their points (a, c) form a concave chain, checked in exact rational
// arithmetic.
func (hp *headPlan) isChain(gs []*qgroup) (col int32, ok bool) {
	if len(gs) < 3 {
		return 0, false
	}
	col = -1
	type pt struct{ a, c *big.Rat }
	var pts []pt
	for _, g := range gs {
		switch src := g.q.src; {
		case src > hp.qf.base, col >= 0 && src < hp.qf.base && src != col:
			return 0, false // a form, or a second column
		case src < hp.qf.base:
			col = src
		}
		a := hp.chainCoef(g.q)
		if math.IsInf(a, 0) || math.IsNaN(a) || math.IsInf(g.q.k, 0) || math.IsNaN(g.q.k) {
			return 0, false
		}
		pts = append(pts, pt{new(big.Rat).SetFloat64(a), new(big.Rat).SetFloat64(g.q.k)})
	}
	if col < 0 {
		return 0, false // constants only
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].a.Cmp(pts[j].a) < 0 })
	for i := 1; i < len(pts); i++ {
		if pts[i].a.Cmp(pts[i-1].a) == 0 {
			return 0, false
		}
	}
	// Slopes (c1-c0)/(a1-a0) must not increase: with a increasing that is
	// (c1-c0)(a2-a1) >= (c2-c1)(a1-a0).
	sub := func(x, y *big.Rat) *big.Rat { return new(big.Rat).Sub(x, y) }
	mul := func(x, y *big.Rat) *big.Rat { return new(big.Rat).Mul(x, y) }
	for i := 2; i < len(pts); i++ {
		p0, p1, p2 := pts[i-2], pts[i-1], pts[i]
		l := mul(sub(p1.c, p0.c), sub(p2.a, p1.a))
		r := mul(sub(p2.c, p1.c), sub(p1.a, p0.a))
		if l.Cmp(r) < 0 {
			return 0, false
		}
	}
	return col, true
}

// decide returns the two largest logits and the token of the largest; buf
// holds the residual, then room for the Q forms.
func (hp *headPlan) decide(buf *[planCols]float64) top2 {
	for i, c := range hp.pIdx {
		hp.pv[i] = hp.pCoef[i] * buf[c]
	}
	hp.forms.eval(buf)
	t := newTop2()
	for b := range hp.blocks {
		bl := &hp.blocks[b]
		var q top2
		var qi int
		p := newTop2()
		for i, pi := range bl.p {
			p.take(hp.pv[pi], int32(i))
		}
		if bl.chain {
			q, qi = bl.chainTop(buf)
		} else {
			q = newTop2()
			for j, r := range bl.qr {
				q.take(r.at(buf), int32(j))
			}
			qi = int(q.arg)
		}
		t.take(p.best+q.best, bl.tok[int(p.arg)*len(bl.q)+qi])
		t.take(max(p.best+q.second, p.second+q.best), -1)
	}
	for _, z := range hp.zeros {
		t.take(0, z)
	}
	return t
}

// chainTop returns the two largest Q values of a chain block and the index
// of the largest (the first of a level top).
func (bl *hblock) chainTop(buf *[planCols]float64) (top2, int) {
	z := buf[bl.zCol]
	a, q := bl.a, bl.qr
	score := func(j int) float64 { return a[j]*z + q[j].k }
	// The first j whose score is not below the next one's.
	lo, hi := 0, len(q)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if score(m) >= score(m+1) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	t := top2{score(lo), math.Inf(-1), int32(lo)}
	if lo > 0 {
		t.second = score(lo - 1)
	}
	if lo+1 < len(q) {
		t.second = max(t.second, score(lo+1))
	}
	return t, lo
}

// String describes the plan (test logs).
func (hp *headPlan) String() string {
	chains, pairs := 0, 0
	for _, bl := range hp.blocks {
		if bl.chain {
			chains++
		}
		pairs += len(bl.tok)
	}
	return fmt.Sprintf("head plan: %d rows in %d blocks (%d chains), %d P parts, %d Q forms",
		pairs, len(hp.blocks), chains, len(hp.pCol), hp.qf.n()-1)
}
