package transformer

import (
	"fmt"
	"math"

	"github.com/hullvm/hullvm/internal/kvcache"
)

// Engine runs a Model autoregressively, one token per Feed, in float64 with
// hard-max attention through kvcache caches. It allocates nothing per token;
// the caches allocate when they grow. An Engine is not safe for concurrent
// use.
//
// The forward pass follows a plan made once by NewEngine (plan.go): it
// reads only non-zero weights, evaluates each distinct linear form of a
// sublayer once, answers clearings without arithmetic and takes the
// next-token decision from the head's block structure (head.go). It is the
// same mathematics as the literal product of the weight matrices, the one
// difference being the order in which some exact sums are taken (see the
// package doc). A model too large for the plan's 16-bit buffer indices runs
// through the literal sparse products instead (the literal path, also the
// reference the tests hold the plan to).
type Engine struct {
	m      *Model
	p      *plan    // nil: the literal path
	lit    *literal // the literal path, when p is nil
	x      []float64
	pos    int
	margin float64

	skipAttn bool // benchmarks: heads return their own value, caches untouched
}

// engineOpts selects an Engine's path (tests).
type engineOpts struct {
	literal    bool // the literal sparse products
	noShortcut bool // literal path: clearing heads go through their caches too
}

// NewEngine prepares m for decoding; newCache makes the cache of each used
// head (nil: kvcache.NewBrute).
func NewEngine(m *Model, newCache func() kvcache.Cache) *Engine {
	return newEngine(m, newCache, engineOpts{})
}

func newEngine(m *Model, newCache func() kvcache.Cache, o engineOpts) *Engine {
	if newCache == nil {
		newCache = kvcache.NewBrute
	}
	e := &Engine{m: m, margin: math.Inf(1)}
	if !o.literal {
		e.p = newPlan(m, newCache)
	}
	if e.p != nil {
		e.x = e.p.buf[:m.DModel:m.DModel]
	} else {
		e.lit = newLiteral(m, newCache, o.noShortcut)
		e.x = e.lit.x
	}
	return e
}

// posPure reports whether the columns of 1 and t hold exactly 1 and t in
// every layer: no token embedding and no sublayer writes them.
func (m *Model) posPure() bool {
	for _, c := range m.PosCols[:2] {
		for t := 0; t < m.Vocab; t++ {
			if m.Tok.At(t, c) != 0 {
				return false
			}
		}
		for i := 0; i < m.Layers; i++ {
			if m.Out[i].Ptr[c+1] > m.Out[i].Ptr[c] || m.FFOut[i].Ptr[c+1] > m.FFOut[i].Ptr[c] {
				return false
			}
		}
	}
	return true
}

// selfHead reports whether head h of layer i has query (0, 1) and key
// (0, t) exactly (given posPure): the score j of the key at position j is
// largest, uniquely, at the current position, so the head returns the
// current position's value under either tie mode, whatever the cache
// holds, and its coordinates are exact integers. Compile's clearing heads
// are such heads.
func (m *Model) selfHead(i, h int) bool {
	in, d := m.In[i], m.DModel
	only := func(r, col int) bool {
		return in.Ptr[r+1]-in.Ptr[r] == 1 && int(in.Idx[in.Ptr[r]]) == col && in.Val[in.Ptr[r]] == 1
	}
	empty := func(r int) bool { return in.Ptr[r+1] == in.Ptr[r] }
	return empty(2*h) && only(2*h+1, m.PosCols[0]) && empty(d+2*h) && only(d+2*h+1, m.PosCols[1])
}

// Pos is the position the next Feed occupies.
func (e *Engine) Pos() int { return e.pos }

// MinMargin is the smallest gap between the best and the second-best logit
// seen since NewEngine or Reset (+Inf before the first Feed).
func (e *Engine) MinMargin() float64 { return e.margin }

// Reset empties the caches and returns to position 0, keeping capacity.
func (e *Engine) Reset() {
	if e.p != nil {
		e.p.reset()
	} else {
		e.lit.reset()
	}
	e.pos = 0
	e.margin = math.Inf(1)
}

// Residual returns the residual of the position last fed ([D], aliased:
// valid until the next Feed).
func (e *Engine) Residual() []float64 { return e.x }

// Feed processes tok at the next position and returns the argmax token for
// the position after it. An error (a key or query that is not an exact
// integer below 2^53, or a decision won by less than 1) means the step is
// undecidable: no token is reported, and the Engine must be Reset.
func (e *Engine) Feed(tok int32) (int32, error) {
	if err := e.forward(tok); err != nil {
		return 0, err
	}
	return e.decide()
}

// Step feeds tok and, when predict is set, decides the next token (else it
// returns -1): Feed or Prefill under the signature of internal/engine's
// Stepper.
func (e *Engine) Step(tok int32, predict bool) (int32, error) {
	if !predict {
		return -1, e.Prefill(tok)
	}
	return e.Feed(tok)
}

// Stepper adapts an Engine to Feed(tok, predict), the interface the
// generation loop of internal/engine drives.
type Stepper struct{ E *Engine }

// Feed is E.Step.
func (s Stepper) Feed(tok int32, predict bool) (int32, error) { return s.E.Step(tok, predict) }

// Prefill processes a prompt token at the next position without taking a
// decision: the logits of positions whose successor is given are not
// computed, and their margin does not count.
func (e *Engine) Prefill(tok int32) error { return e.forward(tok) }

// forward computes the residual of the next position.
func (e *Engine) forward(tok int32) error {
	m := e.m
	if tok < 0 || int(tok) >= m.Vocab {
		return fmt.Errorf("transformer: position %d: token %d outside the vocabulary of %d", e.pos, tok, m.Vocab)
	}
	e.embed(tok)
	for i := 0; i < m.Layers; i++ {
		if err := e.attend(i); err != nil {
			return err
		}
		e.feedForward(i)
	}
	e.pos++
	return nil
}

// embed loads the embedding of tok and the position encoding into x.
func (e *Engine) embed(tok int32) {
	m, x := e.m, e.x
	clear(x)
	for k := m.Tok.Ptr[tok]; k < m.Tok.Ptr[tok+1]; k++ {
		x[m.Tok.Idx[k]] = m.Tok.Val[k]
	}
	t := float64(e.pos)
	x[m.PosCols[0]] += 1
	x[m.PosCols[1]] += t
	x[m.PosCols[2]] += t * t
}

// attend runs the attention sublayer of layer i.
func (e *Engine) attend(i int) error {
	if e.p != nil {
		return e.p.attend(e, i)
	}
	return e.lit.attend(e, i)
}

// feedForward runs the feed-forward sublayer of layer i.
func (e *Engine) feedForward(i int) {
	if e.p != nil {
		e.p.feedForward(i)
	} else {
		e.lit.feedForward(i)
	}
}

// checkCoords returns an error unless every key and query coordinate is an
// exact integer below 2^53.
func (e *Engine) checkCoords(layer, head int, k0, k1, q0, q1 float64) error {
	if exactInt(k0) && exactInt(k1) && exactInt(q0) && exactInt(q1) {
		return nil
	}
	for c, f := range [4]float64{k0, k1, q0, q1} {
		if !(math.Abs(f) < 1<<53) || f != math.Trunc(f) {
			what := [4]string{"key x", "key y", "query x", "query y"}[c]
			return fmt.Errorf("transformer: layer %d head %d position %d: %s = %v is not an exact integer below 2^53",
				layer, head, e.pos, what, f)
		}
	}
	return nil
}

// exactInt reports whether f is an integer with |f| < 2^53.
func exactInt(f float64) bool {
	return f > -(1<<53) && f < 1<<53 && float64(int64(f)) == f
}

// decide takes the argmax of the head's logits. Tokens with an empty row
// score exactly 0; two of them stand for all (a tie at the top is an error
// whichever token it names).
func (e *Engine) decide() (int32, error) {
	var t top2
	if e.p != nil {
		t = e.p.head.decide(e.p.buf)
	} else {
		t = e.lit.decide(e.m)
	}
	m := t.best - t.second
	if e.m.Vocab == 1 {
		m = math.Inf(1)
	}
	if m < e.margin || math.IsNaN(m) {
		e.margin = m
	}
	if !(m >= 1) {
		return 0, fmt.Errorf("transformer: position %d: next-token decision won by %v < 1", e.pos-1, m)
	}
	return t.arg, nil
}

// top2 keeps the two largest of a multiset of values and the token of the
// largest.
type top2 struct {
	best, second float64
	arg          int32
}

func newTop2() top2 { return top2{math.Inf(-1), math.Inf(-1), -1} }

func (t *top2) take(s float64, tok int32) {
	if s > t.best {
		t.best, t.second, t.arg = s, t.best, tok
	} else if s > t.second {
		t.second = s
	}
}

// The literal path: every sublayer is the sparse product of its weights,
// row by row in column order, one cache per used head.

// span is row r of a Sparse: its entries [a, b).
type span struct{ r, a, b int32 }

func rowSpan(m *Sparse, r int) span { return span{int32(r), m.Ptr[r], m.Ptr[r+1]} }

func nonEmpty(m *Sparse) []span {
	var out []span
	for r := 0; r < m.Rows; r++ {
		if m.Ptr[r+1] > m.Ptr[r] {
			out = append(out, rowSpan(m, r))
		}
	}
	return out
}

// dot returns the row sp of w times x.
func dot(w *Sparse, sp span, x []float64) float64 {
	s := 0.0
	idx, val := w.Idx[sp.a:sp.b], w.Val[sp.a:sp.b]
	for k, c := range idx {
		s += val[k] * x[c]
	}
	return s
}

// addProduct adds w·src to dst over the non-empty rows of w.
func addProduct(dst []float64, w *Sparse, rows []span, src []float64) {
	for _, sp := range rows {
		dst[sp.r] += dot(w, sp, src)
	}
}

type literal struct {
	layers     []litLayer
	head       []span    // non-empty rows of head.weight
	zeros      []int32   // the first two tokens whose logit row is empty (logit 0)
	x          []float64 // [D] residual
	ho         []float64 // [D] head outputs, dimensions 2h, 2h+1 for head h
	h          []float64 // [F] ReLU(gate)·val
	noShortcut bool
}

type litHead struct {
	slot    int
	q, k, v [2]span // rows of in_proj_weight
	tie     kvcache.TieMode
	cache   kvcache.Cache
	self    bool // attends to its own position (see selfHead): its cache stays empty
}

// litNeuron is a feed-forward row with a non-empty gate or a non-empty
// column of ff_out (the others are 0 and read by no one).
type litNeuron struct{ gate, val span }

type litLayer struct {
	heads       []litHead
	in, out     *Sparse
	outRows     []span
	neurons     []litNeuron
	ffIn, ffOut *Sparse
	ffRows      []span
}

func newLiteral(m *Model, newCache func() kvcache.Cache, noShortcut bool) *literal {
	lt := &literal{x: make([]float64, m.DModel), ho: make([]float64, m.DModel), h: make([]float64, m.DFFN),
		head: nonEmpty(m.Head), noShortcut: noShortcut}
	for t := 0; t < m.Vocab && len(lt.zeros) < 2; t++ {
		if m.Head.Ptr[t+1] == m.Head.Ptr[t] {
			lt.zeros = append(lt.zeros, int32(t))
		}
	}
	pure, d := m.posPure(), m.DModel
	for i := 0; i < m.Layers; i++ {
		in := m.In[i]
		l := litLayer{in: in, out: m.Out[i], outRows: nonEmpty(m.Out[i]),
			ffIn: m.FFIn[i], ffOut: m.FFOut[i], ffRows: nonEmpty(m.FFOut[i])}
		for _, hs := range m.Heads[i] {
			h := litHead{slot: hs.Slot, tie: hs.Tie, cache: newCache(), self: pure && m.selfHead(i, hs.Slot)}
			for c := 0; c < 2; c++ {
				r := 2*hs.Slot + c
				h.q[c], h.k[c], h.v[c] = rowSpan(in, r), rowSpan(in, d+r), rowSpan(in, 2*d+r)
			}
			l.heads = append(l.heads, h)
		}
		read := make([]bool, m.DFFN) // columns of ff_out with an entry
		for _, c := range m.FFOut[i].Idx {
			read[c] = true
		}
		for n := 0; n < m.DFFN; n++ {
			if g := rowSpan(m.FFIn[i], n); g.b > g.a || read[n] {
				l.neurons = append(l.neurons, litNeuron{g, rowSpan(m.FFIn[i], m.DFFN+n)})
			}
		}
		lt.layers = append(lt.layers, l)
	}
	return lt
}

func (lt *literal) reset() {
	for i := range lt.layers {
		for j := range lt.layers[i].heads {
			lt.layers[i].heads[j].cache.Reset()
		}
	}
}

func (lt *literal) attend(e *Engine, i int) error {
	l := &lt.layers[i]
	x := lt.x
	for j := range l.heads {
		hd := &l.heads[j]
		r := 2 * hd.slot
		v0, v1 := dot(l.in, hd.v[0], x), dot(l.in, hd.v[1], x)
		if e.skipAttn || hd.self && !lt.noShortcut {
			lt.ho[r], lt.ho[r+1] = v0, v1
			continue
		}
		q0, q1 := dot(l.in, hd.q[0], x), dot(l.in, hd.q[1], x)
		k0, k1 := dot(l.in, hd.k[0], x), dot(l.in, hd.k[1], x)
		if err := e.checkCoords(i, hd.slot, k0, k1, q0, q1); err != nil {
			return err
		}
		hd.cache.Insert(k0, k1, v0, v1, e.pos)
		lt.ho[r], lt.ho[r+1], _ = hd.cache.Query(q0, q1, hd.tie)
	}
	addProduct(x, l.out, l.outRows, lt.ho)
	return nil
}

func (lt *literal) feedForward(i int) {
	l := &lt.layers[i]
	for _, n := range l.neurons {
		h := 0.0
		if g := dot(l.ffIn, n.gate, lt.x); g > 0 {
			h = g * dot(l.ffIn, n.val, lt.x)
		}
		lt.h[n.gate.r] = h
	}
	addProduct(lt.x, l.ffOut, l.ffRows, lt.h)
}

func (lt *literal) decide(m *Model) top2 {
	t := newTop2()
	for _, sp := range lt.head {
		t.take(dot(m.Head, sp, lt.x), sp.r)
	}
	for _, z := range lt.zeros {
		t.take(0, z)
	}
	return t
}
