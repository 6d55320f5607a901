package transformer

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/hullvm/hullvm/internal/graph"
	"github.com/hullvm/hullvm/internal/kvcache"
)

// term is c·(lowered value v).
type term struct {
	v int32
	c float64
}

// lin is Σ c·v + k, the constant k being read from the one column.
type lin struct {
	terms []term // increasing v, no zero c
	k     float64
}

type opKind uint8

const (
	opNeuron opKind = iota // ReLU(gate)·val, in a feed-forward sublayer
	opHead                 // one 2D head, in an attention sublayer
)

// op is one neuron or one head of the lowered graph.
type op struct {
	kind              opKind
	name              string
	gate, val         lin    // opNeuron
	key, query, value [2]lin // opHead
	tie               kvcache.TieMode
	outs              [2]int32 // values written; -1: none (a neuron uses outs[0])
	ins               []int32  // distinct values read, increasing
	fold              float64  // gate is the constant c, 1/c exact: 1/c (else 0)
}

// value is one residual value of the lowered graph.
type value struct {
	node    graph.ID
	op      int32   // producing op, -1 for an input
	col     int     // input from the embedding: its column, else -1
	readers []int32 // ops reading it, increasing
	logit   bool    // read by the head
}

// Lowered values 0, 1 and 2 are the position encoding.
const (
	valOne  = 0
	valPos  = 1
	valPos2 = 2
)

// lowered is the graph reduced to what the transformer computes: only live
// values, copies folded into their readers, every linear expression over
// lowered values.
type lowered struct {
	ops     []op
	vals    []value
	logits  []lin // [V]; the zero lin where the graph sets no logit
	inlined int   // copies and constant-zero neurons folded into their readers
	shared  int   // neurons equal to an earlier neuron, read from it instead
}

// validate lists every defect of g that Compile cannot handle.
func validate(g *graph.Graph) error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if g.Vocab < 1 || g.Vocab > maxVocab {
		bad("vocabulary size %d outside [1, %d]", g.Vocab, maxVocab)
	}
	if len(g.Nodes) < 3 || g.Nodes[g.One()].Kind != graph.KindOne ||
		g.Nodes[g.Pos()].Kind != graph.KindPos || g.Nodes[g.Pos2()].Kind != graph.KindPos2 {
		bad("graph lacks the position encoding values (not made by graph.New)")
		return errors.Join(errs...)
	}
	checkLin := func(l graph.Lin, before int, who string) {
		if math.IsInf(l.Const, 0) || math.IsNaN(l.Const) {
			bad("%s: constant %v is not finite", who, l.Const)
		}
		for _, t := range l.Terms {
			if t.ID < 0 || int(t.ID) >= before {
				bad("%s: refers to value %d, not computed before it", who, t.ID)
			} else if math.IsInf(t.Coef, 0) || math.IsNaN(t.Coef) {
				bad("%s: coefficient %v of %s is not finite", who, t.Coef, g.Nodes[t.ID].Name)
			}
		}
	}
	for i, n := range g.Nodes {
		switch n.Kind {
		case graph.KindOne, graph.KindPos, graph.KindPos2:
		case graph.KindEmbed:
			if n.Col < 0 || n.Col >= len(g.Cols) {
				bad("value %d (%s): embedding column %d outside [0, %d)", i, n.Name, n.Col, len(g.Cols))
			}
		case graph.KindNeuron:
			checkLin(n.Gate, i, fmt.Sprintf("neuron %s gate", n.Name))
			checkLin(n.Val, i, fmt.Sprintf("neuron %s val", n.Name))
		case graph.KindLookup:
			if n.Head < 0 || n.Head >= len(g.Heads) || (n.Comp != 0 && n.Comp != 1) ||
				g.Heads[n.Head].Out[n.Comp] != graph.ID(i) {
				bad("value %d (%s): not an output of head %d", i, n.Name, n.Head)
				continue
			}
			if n.Comp == 1 {
				continue
			}
			h := &g.Heads[n.Head]
			if h.Tie != kvcache.TieAverage && h.Tie != kvcache.TieLatest {
				bad("head %s: unknown tie mode %d", h.Name, h.Tie)
			}
			for c := 0; c < 2; c++ {
				checkLin(h.Key[c], i, "head "+h.Name+" key")
				checkLin(h.Query[c], i, "head "+h.Name+" query")
				checkLin(h.Value[c], i, "head "+h.Name+" value")
			}
		default:
			bad("value %d (%s): unknown kind %d", i, n.Name, n.Kind)
		}
	}
	for _, tok := range sortedTokens(g.Embed) {
		if tok < 0 || int(tok) >= g.Vocab {
			bad("embedding of token %d outside the vocabulary", tok)
		}
		for c, v := range g.Embed[tok] {
			if math.IsInf(v, 0) || math.IsNaN(v) {
				bad("embedding of token %d, column %d: %v is not finite", tok, c, v)
			}
		}
	}
	for _, tok := range sortedTokens(g.Logits) {
		if tok < 0 || int(tok) >= g.Vocab {
			bad("logit of token %d outside the vocabulary", tok)
		}
		checkLin(g.Logits[tok], len(g.Nodes), fmt.Sprintf("logit of token %d", tok))
	}
	return errors.Join(errs...)
}

func sortedTokens[T any](m map[int32]T) []int32 {
	out := make([]int32, 0, len(m))
	for tok := range m {
		out = append(out, tok)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// isLinear reports whether neuron n has a constant gate: ReLU(c)·val.
func isLinear(n *graph.Node) bool {
	return n.Kind == graph.KindNeuron && len(n.Gate.Terms) == 0
}

// liveNodes marks the nodes that some logit depends on. A linear neuron
// whose constant gate is not positive is the constant 0 and needs nothing.
func liveNodes(g *graph.Graph) []bool {
	live := make([]bool, len(g.Nodes))
	mark := func(l graph.Lin) {
		for _, t := range l.Terms {
			live[t.ID] = true
		}
	}
	for _, l := range g.Logits {
		mark(l)
	}
	headDone := make([]bool, len(g.Heads))
	for i := len(g.Nodes) - 1; i >= 0; i-- {
		n := &g.Nodes[i]
		if !live[i] {
			continue
		}
		switch {
		case isLinear(n):
			if n.Gate.Const > 0 {
				mark(n.Val)
			}
		case n.Kind == graph.KindNeuron:
			mark(n.Gate)
			mark(n.Val)
		case n.Kind == graph.KindLookup && !headDone[n.Head]:
			headDone[n.Head] = true
			h := &g.Heads[n.Head]
			for c := 0; c < 2; c++ {
				mark(h.Key[c])
				mark(h.Query[c])
				mark(h.Value[c])
			}
		}
	}
	live[g.One()], live[g.Pos()], live[g.Pos2()] = true, true, true
	return live
}

// nextStep is the first step after m where an op of kind k can run:
// attention sublayers are the odd steps, feed-forward sublayers the even
// steps from 2 on (step 0 is the embedding).
func nextStep(k opKind, m int) int {
	if (k == opHead) == (m%2 == 0) {
		return m + 1
	}
	return m + 2
}

// prevStep is the last step before m where an op of kind k can run.
func prevStep(k opKind, m int) int {
	if (k == opHead) == (m%2 == 0) {
		return m - 1
	}
	return m - 2
}

// transparentNodes marks the live linear neurons that are folded into their
// readers: those that are the constant 0 (a gate constant <= 0) and those
// that copy one value unchanged, ReLU(c)·(x/c). Folding them changes no
// product or sum a reader computes. Other linear neurons stay neurons: the
// graph may persist a sum on purpose, so that readers scaling it by a large
// constant stay exact (graph.Bit), and folding it would break that.
func transparentNodes(g *graph.Graph, live []bool) []bool {
	tr := make([]bool, len(g.Nodes))
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if !live[i] || !isLinear(n) {
			continue
		}
		v := n.Val.Simplify()
		tr[i] = n.Gate.Const <= 0 ||
			len(v.Terms) == 1 && v.Const == 0 && n.Gate.Const*v.Terms[0].Coef == 1
	}
	return tr
}

// lowerer carries the state of lower.
type lowerer struct {
	g     *graph.Graph
	lw    *lowered
	live  []bool
	valOf []int32 // node -> lowered value, -1
	exp   []*lin  // transparent node -> its expansion
	acc   map[int32]float64
	same  map[string]int32 // neuron's gate and val -> its value
}

// expand rewrites a graph expression over lowered values, substituting the
// expansions of transparent neurons and merging terms of the same value.
func (lr *lowerer) expand(l graph.Lin) lin {
	clear(lr.acc)
	out := lin{k: l.Const}
	lr.addTo(&out, l.Terms, 1)
	for v, c := range lr.acc {
		if c != 0 {
			out.terms = append(out.terms, term{v, c})
		}
	}
	sort.Slice(out.terms, func(i, j int) bool { return out.terms[i].v < out.terms[j].v })
	return out
}

func (lr *lowerer) addTo(out *lin, ts []graph.Term, scale float64) {
	for _, t := range ts {
		c := scale * t.Coef
		switch {
		case t.ID == lr.g.One():
			out.k += c
		case lr.exp[t.ID] != nil:
			e := lr.exp[t.ID]
			out.k += c * e.k
			for _, et := range e.terms {
				lr.acc[et.v] += c * et.c
			}
		default:
			v := lr.valOf[t.ID]
			if v < 0 {
				name := lr.g.Nodes[t.ID].Name
				panic(fmt.Sprintf("BUG: transformer: value %s read but not lowered", name))
			}
			lr.acc[v] += c
		}
	}
}

func (lr *lowerer) newValue(node graph.ID, op int32, col int) int32 {
	lr.lw.vals = append(lr.lw.vals, value{node: node, op: op, col: col})
	v := int32(len(lr.lw.vals) - 1)
	lr.valOf[node] = v
	return v
}

// lower builds the lowered graph of a validated g.
func lower(g *graph.Graph) *lowered {
	live := liveNodes(g)
	tr := transparentNodes(g, live)
	lr := &lowerer{g: g, lw: &lowered{}, live: live, valOf: make([]int32, len(g.Nodes)),
		exp: make([]*lin, len(g.Nodes)), acc: map[int32]float64{}, same: map[string]int32{}}
	for i := range lr.valOf {
		lr.valOf[i] = -1
	}
	lr.newValue(g.One(), -1, -1)
	lr.newValue(g.Pos(), -1, -1)
	lr.newValue(g.Pos2(), -1, -1)
	for i := range g.Nodes {
		if live[i] {
			lr.lowerNode(graph.ID(i), tr[i])
		}
	}
	lw := lr.lw
	lw.logits = make([]lin, g.Vocab)
	for _, tok := range sortedTokens(g.Logits) {
		l := lr.expand(g.Logits[tok])
		lw.logits[tok] = l
		for _, t := range l.terms {
			lw.vals[t.v].logit = true
		}
	}
	prune(lw)
	return lw
}

// prune drops the ops and values that no logit depends on (a gate that
// cancels to a constant makes its neuron's inputs dead after liveNodes ran)
// and fills the readers lists. The position encoding stays.
func prune(lw *lowered) {
	live := make([]bool, len(lw.vals))
	live[valOne], live[valPos], live[valPos2] = true, true, true
	for _, l := range lw.logits {
		for _, t := range l.terms {
			live[t.v] = true
		}
	}
	opLive := make([]bool, len(lw.ops))
	for o := len(lw.ops) - 1; o >= 0; o-- {
		for _, w := range lw.ops[o].outs {
			opLive[o] = opLive[o] || w >= 0 && live[w]
		}
		if opLive[o] {
			for _, u := range lw.ops[o].ins {
				live[u] = true
			}
		}
	}
	newOp, newVal := make([]int32, len(lw.ops)), make([]int32, len(lw.vals))
	var ops []op
	for o := range lw.ops {
		newOp[o] = -1
		if opLive[o] {
			newOp[o] = int32(len(ops))
			ops = append(ops, lw.ops[o])
		}
	}
	var vals []value
	for v := range lw.vals {
		newVal[v] = -1
		if live[v] {
			newVal[v] = int32(len(vals))
			val := lw.vals[v]
			if val.op >= 0 {
				val.op = newOp[val.op]
			}
			vals = append(vals, val)
		}
	}
	remap := func(l *lin) {
		for i := range l.terms {
			l.terms[i].v = newVal[l.terms[i].v]
		}
	}
	for o := range ops {
		op := &ops[o]
		for _, l := range []*lin{&op.gate, &op.val, &op.key[0], &op.key[1], &op.query[0], &op.query[1],
			&op.value[0], &op.value[1]} {
			remap(l)
		}
		for i, u := range op.ins {
			op.ins[i] = newVal[u]
		}
		for c, w := range op.outs {
			if w >= 0 {
				op.outs[c] = newVal[w]
			}
		}
		for _, u := range op.ins {
			vals[u].readers = append(vals[u].readers, int32(o))
		}
	}
	for t := range lw.logits {
		remap(&lw.logits[t])
	}
	lw.ops, lw.vals = ops, vals
}

// lowerNode lowers one live node.
func (lr *lowerer) lowerNode(id graph.ID, transparent bool) {
	g, n := lr.g, &lr.g.Nodes[id]
	switch n.Kind {
	case graph.KindEmbed:
		lr.newValue(id, -1, n.Col)
	case graph.KindNeuron:
		if transparent {
			e := lin{}
			if n.Gate.Const > 0 {
				e = lr.expand(graph.Scale(n.Gate.Const, n.Val))
			}
			lr.exp[id] = &e
			lr.lw.inlined++
			return
		}
		o := op{kind: opNeuron, name: n.Name, outs: [2]int32{-1, -1}}
		o.gate, o.val = lr.expand(n.Gate), lr.expand(n.Val)
		if len(o.gate.terms) == 0 && o.gate.k <= 0 {
			// The gate cancelled to a constant <= 0: the constant 0.
			lr.exp[id] = &lin{}
			lr.lw.inlined++
			return
		}
		if c := o.gate.k; len(o.gate.terms) == 0 {
			if f, e := math.Frexp(c); f == 0.5 && e > -1000 && e < 1000 {
				o.fold = 1 / c
			}
		}
		// A neuron with the same gate and val as an earlier one computes
		// the same value: its readers read that one (expressions are over
		// lowered values, so equal inputs have equal keys).
		key := linKey(&o.gate) + "|" + linKey(&o.val)
		if v, ok := lr.same[key]; ok {
			lr.valOf[id] = v
			lr.lw.shared++
			return
		}
		o.ins = insOf(o.gate, o.val)
		lr.lw.ops = append(lr.lw.ops, o)
		o32 := int32(len(lr.lw.ops) - 1)
		lr.lw.ops[o32].outs[0] = lr.newValue(id, o32, -1)
		lr.same[key] = lr.lw.ops[o32].outs[0]
	case graph.KindLookup:
		h := &g.Heads[n.Head]
		if n.Comp == 1 && lr.live[h.Out[0]] {
			return // made with the head's first output
		}
		o := op{kind: opHead, name: h.Name, tie: h.Tie, outs: [2]int32{-1, -1}}
		for c := 0; c < 2; c++ {
			o.key[c], o.query[c] = lr.expand(h.Key[c]), lr.expand(h.Query[c])
			o.value[c] = lr.expand(h.Value[c])
		}
		o.ins = insOf(o.key[0], o.key[1], o.query[0], o.query[1], o.value[0], o.value[1])
		lr.lw.ops = append(lr.lw.ops, o)
		o32 := int32(len(lr.lw.ops) - 1)
		for c := 0; c < 2; c++ {
			if lr.live[h.Out[c]] {
				lr.lw.ops[o32].outs[c] = lr.newValue(h.Out[c], o32, -1)
			}
		}
	}
}

// linKey spells l exactly (terms are sorted by value).
func linKey(l *lin) string {
	var b strings.Builder
	b.WriteString(strconv.FormatUint(math.Float64bits(l.k), 16))
	for _, t := range l.terms {
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(int(t.v)))
		b.WriteByte(':')
		b.WriteString(strconv.FormatUint(math.Float64bits(t.c), 16))
	}
	return b.String()
}

// insOf lists the distinct values the expressions read, increasing.
func insOf(ls ...lin) []int32 {
	var out []int32
	for _, l := range ls {
		for _, t := range l.terms {
			out = append(out, t.v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	k := 0
	for i, v := range out {
		if i == 0 || v != out[k-1] {
			out[k] = v
			k++
		}
	}
	return out[:k]
}
