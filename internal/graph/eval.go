package graph

import (
	"fmt"
	"math"
	"sort"

	"github.com/hullvm/hullvm/internal/kvcache"
)

// exactLimit bounds every value: below it float64 represents integers exactly.
const exactLimit = 1 << 53

// flat is a Lin compiled for fast evaluation.
type flat struct {
	ids   []int32
	coefs []float64
	c     float64
}

func compile(l Lin) flat {
	f := flat{c: l.Const}
	for _, t := range l.Terms {
		f.ids = append(f.ids, int32(t.ID))
		f.coefs = append(f.coefs, t.Coef)
	}
	return f
}

func (f *flat) eval(v []float64) float64 {
	s := f.c
	for i, id := range f.ids {
		s += f.coefs[i] * v[id]
	}
	return s
}

// evalExact is eval that also reports whether every product and partial sum
// stayed below 2^53 in magnitude, so that the float64 result is exact: it
// suffices that the sum of the products' magnitudes stays below 2^53.
func (f *flat) evalExact(v []float64) (float64, bool) {
	s := f.c
	a := math.Abs(s)
	for i, id := range f.ids {
		p := f.coefs[i] * v[id]
		s += p
		a += math.Abs(p)
	}
	return s, a < exactLimit
}

type evalHead struct {
	key, query, value [2]flat
	tie               kvcache.TieMode
	cache             kvcache.Cache
}

// Eval runs a graph token by token: the exact evaluator of the machine. It is
// an engine of the verification ladder: lookups go through a Cache (brute
// force by default), every value is checked to be an exact integer below
// 2^53, and the next token is the argmax of the logits.
type Eval struct {
	g      *Graph
	nodes  []Node
	gate   []flat
	val    []flat
	heads  []evalHead
	embed  [][]float64 // token -> row
	logTok []int32
	logits []flat
	vals   []float64
	pos    int

	// MinMargin is the smallest gap between the best and the second-best
	// logit seen so far (the next-token decision).
	MinMargin float64
}

// NewEval prepares an evaluation of g; newCache makes one cache per head
// (nil: kvcache.NewBrute).
func NewEval(g *Graph, newCache func() kvcache.Cache) *Eval {
	if newCache == nil {
		newCache = kvcache.NewBrute
	}
	e := &Eval{g: g, nodes: g.Nodes, gate: make([]flat, len(g.Nodes)), val: make([]flat, len(g.Nodes)),
		vals: make([]float64, len(g.Nodes)), MinMargin: math.Inf(1), embed: make([][]float64, g.Vocab)}
	for i, n := range g.Nodes {
		if n.Kind == KindNeuron {
			e.gate[i], e.val[i] = compile(n.Gate), compile(n.Val)
		}
	}
	for _, h := range g.Heads {
		eh := evalHead{tie: h.Tie, cache: newCache()}
		for i := 0; i < 2; i++ {
			eh.key[i], eh.query[i], eh.value[i] = compile(h.Key[i]), compile(h.Query[i]), compile(h.Value[i])
		}
		e.heads = append(e.heads, eh)
	}
	for tok, row := range g.Embed {
		e.embed[tok] = row
	}
	toks := make([]int32, 0, len(g.Logits))
	for tok := range g.Logits {
		toks = append(toks, tok)
	}
	sort.Slice(toks, func(i, j int) bool { return toks[i] < toks[j] })
	for _, tok := range toks {
		e.logTok = append(e.logTok, tok)
		e.logits = append(e.logits, compile(g.Logits[tok]))
	}
	return e
}

// Pos is the position the next Feed will occupy.
func (e *Eval) Pos() int { return e.pos }

// Value returns value id at the position last fed.
func (e *Eval) Value(id ID) float64 { return e.vals[id] }

// Feed processes the token at the next position and, when predict is set,
// returns the argmax token for the position after it (prompt positions need
// no prediction). An error means a value left the exact range or the decision
// was won by less than 1: the run cannot be trusted from here on.
func (e *Eval) Feed(tok int32, predict bool) (int32, error) {
	if tok < 0 || int(tok) >= len(e.embed) {
		return 0, fmt.Errorf("graph: token %d outside the vocabulary", tok)
	}
	t := float64(e.pos)
	row := e.embed[tok]
	v := e.vals
	for i := range e.nodes {
		n := &e.nodes[i]
		var x float64
		switch n.Kind {
		case KindOne:
			x = 1
		case KindPos:
			x = t
		case KindPos2:
			x = t * t
		case KindEmbed:
			if n.Col < len(row) {
				x = row[n.Col]
			}
		case KindNeuron:
			gv, ok1 := e.gate[i].evalExact(v)
			if !ok1 {
				return 0, e.inexact(i, "gate")
			}
			if gv > 0 {
				vv, ok2 := e.val[i].evalExact(v)
				if !ok2 {
					return 0, e.inexact(i, "val")
				}
				x = gv * vv
			}
		case KindLookup:
			h := &e.heads[n.Head]
			if n.Comp == 1 {
				continue // written together with component 0
			}
			var in [6]float64
			for k, f := range [6]*flat{&h.key[0], &h.key[1], &h.value[0], &h.value[1], &h.query[0], &h.query[1]} {
				x, ok := f.evalExact(v)
				if !ok || x != math.Trunc(x) {
					return 0, e.inexact(i, fmt.Sprintf("head input %d", k))
				}
				in[k] = x
			}
			h.cache.Insert(in[0], in[1], in[2], in[3], e.pos)
			a, b, _ := h.cache.Query(in[4], in[5], h.tie)
			v[i], v[i+1] = a, b
			if err := e.check(i, a); err != nil {
				return 0, err
			}
			if err := e.check(i+1, b); err != nil {
				return 0, err
			}
			continue
		}
		v[i] = x
		if err := e.check(i, x); err != nil {
			return 0, err
		}
	}
	e.pos++
	if !predict {
		return -1, nil
	}
	best, second := math.Inf(-1), math.Inf(-1)
	var arg int32 = -1
	for k := range e.logits {
		l, ok := e.logits[k].evalExact(v)
		if !ok {
			return 0, fmt.Errorf("graph: position %d: logit of token %d is not exact", e.pos-1, e.logTok[k])
		}
		if l > best {
			best, second, arg = l, best, e.logTok[k]
		} else if l > second {
			second = l
		}
	}
	// Tokens without a logit row score 0.
	if len(e.logits) < e.g.Vocab && 0 > second {
		second = 0
	}
	if arg < 0 || best < 0 {
		return 0, fmt.Errorf("graph: position %d: no token has a positive logit", e.pos-1)
	}
	if m := best - second; m < e.MinMargin {
		e.MinMargin = m
	}
	if best-second < 1 {
		return 0, fmt.Errorf("graph: position %d: next-token decision won by %g < 1", e.pos-1, best-second)
	}
	return arg, nil
}

func (e *Eval) inexact(i int, what string) error {
	return fmt.Errorf("graph: position %d: %s of %s left the exact range (a product or partial sum reached 2^53)",
		e.pos, what, e.nodes[i].Name)
}

func (e *Eval) check(i int, x float64) error {
	if x != math.Trunc(x) || math.Abs(x) >= exactLimit {
		return fmt.Errorf("graph: position %d: value %s = %g is not an exact integer below 2^53", e.pos, e.nodes[i].Name, x)
	}
	return nil
}
