package transformer

import (
	"fmt"
	"math"

	"github.com/hullvm/hullvm/internal/kvcache"
)

// Engine runs a Model autoregressively, one token per Feed, in float64 with
// hard-max attention through one kvcache.Cache per used head. The forward
// pass reads only the non-zero weights, through a plan of row ranges made
// once by NewEngine, and allocates nothing; the caches allocate when they
// grow. An Engine is not safe for concurrent use.
type Engine struct {
	m      *Model
	layers []engLayer
	head   []span    // non-empty rows of head.weight
	zeros  []int32   // the first two tokens whose logit row is empty (logit 0)
	x      []float64 // [D] residual of the current position
	ho     []float64 // [D] head outputs, dimensions 2h, 2h+1 for head h
	h      []float64 // [F] ReLU(gate)·val
	pos    int
	margin float64

	skipAttn   bool // benchmarks: heads return their own value, caches untouched
	noShortcut bool // tests: clearing heads go through their caches too
}

// span is row r of a Sparse: its entries [a, b).
type span struct{ r, a, b int32 }

type engHead struct {
	slot    int
	q, k, v [2]span // rows of in_proj_weight
	tie     kvcache.TieMode
	cache   kvcache.Cache
	self    bool // attends to its own position (see selfHead): its cache stays empty
}

// engNeuron is a feed-forward row with a non-empty gate or a non-empty
// column of ff_out (the others are 0 and read by no one).
type engNeuron struct{ gate, val span }

type engLayer struct {
	heads       []engHead
	in, out     *Sparse
	outRows     []span // non-empty rows of out_proj.weight
	neurons     []engNeuron
	ffIn, ffOut *Sparse
	ffRows      []span // non-empty rows of ff_out.weight
}

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

// NewEngine prepares m for decoding; newCache makes the cache of each used
// head (nil: kvcache.NewBrute).
func NewEngine(m *Model, newCache func() kvcache.Cache) *Engine {
	if newCache == nil {
		newCache = kvcache.NewBrute
	}
	e := &Engine{m: m, x: make([]float64, m.DModel), ho: make([]float64, m.DModel),
		h: make([]float64, m.DFFN), margin: math.Inf(1), head: nonEmpty(m.Head)}
	for t := 0; t < m.Vocab && len(e.zeros) < 2; t++ {
		if m.Head.Ptr[t+1] == m.Head.Ptr[t] {
			e.zeros = append(e.zeros, int32(t))
		}
	}
	pure, d := m.posPure(), m.DModel
	for i := 0; i < m.Layers; i++ {
		in := m.In[i]
		l := engLayer{in: in, out: m.Out[i], outRows: nonEmpty(m.Out[i]),
			ffIn: m.FFIn[i], ffOut: m.FFOut[i], ffRows: nonEmpty(m.FFOut[i])}
		for _, hs := range m.Heads[i] {
			h := engHead{slot: hs.Slot, tie: hs.Tie, cache: newCache(), self: pure && m.selfHead(i, hs.Slot)}
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
				l.neurons = append(l.neurons, engNeuron{g, rowSpan(m.FFIn[i], m.DFFN+n)})
			}
		}
		e.layers = append(e.layers, l)
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
	for i := range e.layers {
		for j := range e.layers[i].heads {
			e.layers[i].heads[j].cache.Reset()
		}
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
	x := e.x
	clear(x)
	for k := m.Tok.Ptr[tok]; k < m.Tok.Ptr[tok+1]; k++ {
		x[m.Tok.Idx[k]] = m.Tok.Val[k]
	}
	t := float64(e.pos)
	x[m.PosCols[0]] += 1
	x[m.PosCols[1]] += t
	x[m.PosCols[2]] += t * t
	for i := range e.layers {
		if err := e.attend(i); err != nil {
			return err
		}
		e.feedForward(i)
	}
	e.pos++
	return nil
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

// attend runs the attention sublayer of layer i.
func (e *Engine) attend(i int) error {
	l := &e.layers[i]
	for j := range l.heads {
		hd := &l.heads[j]
		r := 2 * hd.slot
		v0, v1 := dot(l.in, hd.v[0], e.x), dot(l.in, hd.v[1], e.x)
		if e.skipAttn || hd.self && !e.noShortcut {
			e.ho[r], e.ho[r+1] = v0, v1
			continue
		}
		q0, q1 := dot(l.in, hd.q[0], e.x), dot(l.in, hd.q[1], e.x)
		k0, k1 := dot(l.in, hd.k[0], e.x), dot(l.in, hd.k[1], e.x)
		for c, f := range [4]float64{k0, k1, q0, q1} {
			if !(math.Abs(f) < 1<<53) || f != math.Trunc(f) {
				return e.coordError(i, hd.slot, c, f)
			}
		}
		hd.cache.Insert(k0, k1, v0, v1, e.pos)
		e.ho[r], e.ho[r+1], _ = hd.cache.Query(q0, q1, hd.tie)
	}
	addProduct(e.x, l.out, l.outRows, e.ho)
	return nil
}

func (e *Engine) coordError(layer, head, c int, f float64) error {
	what := [4]string{"key x", "key y", "query x", "query y"}[c]
	return fmt.Errorf("transformer: layer %d head %d position %d: %s = %v is not an exact integer below 2^53",
		layer, head, e.pos, what, f)
}

// feedForward runs the feed-forward sublayer of layer i.
func (e *Engine) feedForward(i int) {
	l := &e.layers[i]
	for _, n := range l.neurons {
		h := 0.0
		if g := dot(l.ffIn, n.gate, e.x); g > 0 {
			h = g * dot(l.ffIn, n.val, e.x)
		}
		e.h[n.gate.r] = h
	}
	addProduct(e.x, l.ffOut, l.ffRows, e.h)
}

// decide takes the argmax of the head's logits. Tokens with an empty row
// score exactly 0; two of them stand for all (a tie at the top is an error
// whichever token it names).
func (e *Engine) decide() (int32, error) {
	best, second := math.Inf(-1), math.Inf(-1)
	arg := int32(-1)
	take := func(s float64, t int32) {
		if s > best {
			best, second, arg = s, best, t
		} else if s > second {
			second = s
		}
	}
	for _, sp := range e.head {
		take(dot(e.m.Head, sp, e.x), sp.r)
	}
	for _, t := range e.zeros {
		take(0, t)
	}
	m := best - second
	if e.m.Vocab == 1 {
		m = math.Inf(1)
	}
	if m < e.margin || math.IsNaN(m) {
		e.margin = m
	}
	if !(m >= 1) {
		return 0, fmt.Errorf("transformer: position %d: next-token decision won by %v < 1", e.pos-1, m)
	}
	return arg, nil
}
