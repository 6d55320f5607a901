package transformer

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"
	"sort"

	"github.com/hullvm/hullvm/internal/graph"
)

// GraphHash returns the hex SHA-256 of a canonical serialisation of g: the
// string "hullvm-graph 1", the vocabulary size, the column names, every node
// (kind, name, column, head, component, gate and val), every head (name,
// key, query, value, tie mode, outputs), the embedding rows of the tokens
// that have one (by increasing token, trailing zeros dropped) and the
// logits (by increasing token). Integers are unsigned or zig-zag varints,
// strings are length-prefixed, floats are their IEEE-754 bits with -0
// written as +0. A linear expression is written with its terms merged by
// value, sorted by value and zero terms dropped, so the order in which a
// graph spells a sum does not change the hash.
func GraphHash(g *graph.Graph) string {
	h := &hasher{h: sha256.New()}
	h.str("hullvm-graph 1")
	h.uint(uint64(g.Vocab))
	h.uint(uint64(len(g.Cols)))
	for _, c := range g.Cols {
		h.str(c)
	}
	h.uint(uint64(len(g.Nodes)))
	for i := range g.Nodes {
		n := &g.Nodes[i]
		h.uint(uint64(n.Kind))
		h.str(n.Name)
		h.int(int64(n.Col))
		h.int(int64(n.Head))
		h.int(int64(n.Comp))
		h.lin(n.Gate)
		h.lin(n.Val)
	}
	h.uint(uint64(len(g.Heads)))
	for i := range g.Heads {
		hd := &g.Heads[i]
		h.str(hd.Name)
		for c := 0; c < 2; c++ {
			h.lin(hd.Key[c])
			h.lin(hd.Query[c])
			h.lin(hd.Value[c])
		}
		h.uint(uint64(hd.Tie))
		h.int(int64(hd.Out[0]))
		h.int(int64(hd.Out[1]))
	}
	toks := sortedTokens(g.Embed)
	h.uint(uint64(len(toks)))
	for _, t := range toks {
		row := g.Embed[t]
		for len(row) > 0 && row[len(row)-1] == 0 {
			row = row[:len(row)-1]
		}
		h.int(int64(t))
		h.uint(uint64(len(row)))
		for _, v := range row {
			h.float(v)
		}
	}
	toks = sortedTokens(g.Logits)
	h.uint(uint64(len(toks)))
	for _, t := range toks {
		h.int(int64(t))
		h.lin(g.Logits[t])
	}
	return hex.EncodeToString(h.h.Sum(nil))
}

type hasher struct {
	h   hash.Hash
	buf [binary.MaxVarintLen64]byte
}

func (h *hasher) uint(x uint64) { h.h.Write(binary.AppendUvarint(h.buf[:0], x)) }
func (h *hasher) int(x int64)   { h.h.Write(binary.AppendVarint(h.buf[:0], x)) }

func (h *hasher) str(s string) {
	h.uint(uint64(len(s)))
	h.h.Write([]byte(s))
}

func (h *hasher) float(f float64) {
	if f == 0 {
		f = 0 // -0 and +0 are one number
	}
	h.h.Write(binary.LittleEndian.AppendUint64(h.buf[:0], math.Float64bits(f)))
}

func (h *hasher) lin(l graph.Lin) {
	l = l.Simplify()
	ts := append([]graph.Term(nil), l.Terms...)
	sort.Slice(ts, func(i, j int) bool { return ts[i].ID < ts[j].ID })
	h.uint(uint64(len(ts)))
	for _, t := range ts {
		h.int(int64(t.ID))
		h.float(t.Coef)
	}
	h.float(l.Const)
}
