// Package graph is the computation-graph language the machine is written in.
//
// A Graph is a directed acyclic graph of scalar values per token position,
// built only from primitives that a vanilla transformer computes natively:
//
//   - inputs: a column of the token embedding, or the fixed position
//     encoding (position t, t², the constant one);
//   - lookups: one 2-dimensional hard-max attention head (key, query and
//     value are linear in earlier values; ties go to the latest key or to the
//     average of the tied keys, as the head declares);
//   - gated neurons ReLU(gate)·val, with gate and val linear in earlier values;
//   - persisted linear combinations (a neuron whose gate is the constant one).
//
// Linear expressions (Lin) are not values: they are folded into the weights of
// whatever reads them. The next token is the argmax of per-token linear logits.
//
// Invariant: every value that a graph built by this project computes is an
// integer of magnitude below 2^53, so float64 evaluates it exactly; every hard
// decision (lookup argmax, next-token argmax) is won by a margin of at least 1.
// The evaluator checks both (Eval.Check). Nodes are stored in topological
// order: a node only refers to nodes created before it.
package graph

import (
	"fmt"

	"github.com/hullvm/hullvm/internal/kvcache"
)

// ID names a value of the graph.
type ID int32

// Kind is the kind of a node.
type Kind uint8

const (
	KindOne    Kind = iota // the constant 1
	KindPos                // the token's position t
	KindPos2               // t²
	KindEmbed              // a column of the token embedding
	KindLookup             // one component of a head's output
	KindNeuron             // ReLU(Gate)·Val
)

// Term is Coef·value.
type Term struct {
	ID   ID
	Coef float64
}

// Lin is a linear expression: Σ Coef·value + Const.
type Lin struct {
	Terms []Term
	Const float64
}

// Node is one value.
type Node struct {
	Kind Kind
	Name string
	Col  int // KindEmbed: embedding column
	Head int // KindLookup: head index
	Comp int // KindLookup: 0 or 1
	Gate Lin // KindNeuron
	Val  Lin // KindNeuron
}

// Head is one 2D attention head.
type Head struct {
	Name  string
	Key   [2]Lin
	Query [2]Lin
	Value [2]Lin
	Tie   kvcache.TieMode
	Out   [2]ID
}

// Graph is the whole machine.
type Graph struct {
	Nodes  []Node
	Heads  []Head
	Cols   []string            // embedding column names
	Embed  map[int32][]float64 // token -> column values (absent: all zero)
	Logits map[int32]Lin       // token -> logit (absent: zero)
	Vocab  int

	one, pos, pos2 ID
}

// New returns a graph over a vocabulary of vocab tokens.
func New(vocab int) *Graph {
	g := &Graph{Embed: map[int32][]float64{}, Logits: map[int32]Lin{}, Vocab: vocab}
	g.one = g.add(Node{Kind: KindOne, Name: "one"})
	g.pos = g.add(Node{Kind: KindPos, Name: "pos"})
	g.pos2 = g.add(Node{Kind: KindPos2, Name: "pos2"})
	return g
}

func (g *Graph) add(n Node) ID {
	g.Nodes = append(g.Nodes, n)
	return ID(len(g.Nodes) - 1)
}

// One, Pos and Pos2 are the position encoding's values.
func (g *Graph) One() ID  { return g.one }
func (g *Graph) Pos() ID  { return g.pos }
func (g *Graph) Pos2() ID { return g.pos2 }

// Column adds an embedding column and returns its value.
func (g *Graph) Column(name string) ID {
	g.Cols = append(g.Cols, name)
	return g.add(Node{Kind: KindEmbed, Name: name, Col: len(g.Cols) - 1})
}

// SetEmbed sets the embedding of token tok in the column of value id.
func (g *Graph) SetEmbed(tok int32, id ID, v float64) {
	n := g.Nodes[id]
	if n.Kind != KindEmbed {
		panic(fmt.Sprintf("BUG: graph: %s is not an embedding column", n.Name))
	}
	row := g.Embed[tok]
	for len(row) < len(g.Cols) {
		row = append(row, 0)
	}
	row[n.Col] = v
	g.Embed[tok] = row
}

func (g *Graph) checkLin(l Lin, who string) {
	for _, t := range l.Terms {
		if t.ID < 0 || int(t.ID) >= len(g.Nodes) {
			panic(fmt.Sprintf("BUG: graph: %s refers to value %d that does not exist yet", who, t.ID))
		}
	}
}

// Lookup adds a head and returns its two output values.
func (g *Graph) Lookup(name string, key, query, value [2]Lin, tie kvcache.TieMode) (ID, ID) {
	for i := 0; i < 2; i++ {
		g.checkLin(key[i], name)
		g.checkLin(query[i], name)
		g.checkLin(value[i], name)
	}
	h := len(g.Heads)
	a := g.add(Node{Kind: KindLookup, Name: name + ".0", Head: h, Comp: 0})
	b := g.add(Node{Kind: KindLookup, Name: name + ".1", Head: h, Comp: 1})
	g.Heads = append(g.Heads, Head{Name: name, Key: key, Query: query, Value: value, Tie: tie, Out: [2]ID{a, b}})
	return a, b
}

// Neuron adds ReLU(gate)·val.
func (g *Graph) Neuron(name string, gate, val Lin) ID {
	g.checkLin(gate, name)
	g.checkLin(val, name)
	return g.add(Node{Kind: KindNeuron, Name: name, Gate: gate, Val: val})
}

// Persist stores a linear combination as a value of its own (one neuron gated by one).
func (g *Graph) Persist(name string, l Lin) ID {
	return g.Neuron(name, C(1), l)
}

// SetLogit sets the logit of token tok.
func (g *Graph) SetLogit(tok int32, l Lin) {
	g.checkLin(l, "logit")
	g.Logits[tok] = l
}

// Stats counts the graph's parts.
type Stats struct {
	Values, Neurons, Heads, Columns, Depth int
}

// Stats returns the counts and the depth (attention-then-FFN layers on the critical path).
func (g *Graph) Stats() Stats {
	s := Stats{Values: len(g.Nodes), Heads: len(g.Heads), Columns: len(g.Cols)}
	for _, n := range g.Nodes {
		if n.Kind == KindNeuron {
			s.Neurons++
		}
	}
	for _, l := range Levels(g) {
		if l.Layer > s.Depth {
			s.Depth = l.Layer
		}
	}
	return s
}

// Level says where a value becomes available: after the attention (Phase 0)
// or the feed-forward (Phase 1) sublayer of Layer. Inputs are layer 0, phase 1.
type Level struct {
	Layer, Phase int
}

func (a Level) after(b Level) bool {
	return a.Layer > b.Layer || (a.Layer == b.Layer && a.Phase > b.Phase)
}

// Levels places every value as early as it can be computed: a lookup in the
// attention sublayer after all its inputs exist, a neuron in the first
// feed-forward sublayer after its inputs exist.
func Levels(g *Graph) []Level {
	lv := make([]Level, len(g.Nodes))
	maxOf := func(ls ...Lin) Level {
		m := Level{0, 1}
		for _, l := range ls {
			for _, t := range l.Terms {
				if lv[t.ID].after(m) {
					m = lv[t.ID]
				}
			}
		}
		return m
	}
	for i, n := range g.Nodes {
		switch n.Kind {
		case KindOne, KindPos, KindPos2, KindEmbed:
			lv[i] = Level{0, 1}
		case KindLookup:
			h := g.Heads[n.Head]
			m := maxOf(h.Key[0], h.Key[1], h.Query[0], h.Query[1], h.Value[0], h.Value[1])
			lv[i] = Level{m.Layer + 1, 0}
		case KindNeuron:
			m := maxOf(n.Gate, n.Val)
			if m.Phase == 0 {
				lv[i] = Level{m.Layer, 1}
			} else {
				lv[i] = Level{m.Layer + 1, 1}
			}
		}
	}
	return lv
}
