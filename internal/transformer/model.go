package transformer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hullvm/hullvm/internal/graph"
	"github.com/hullvm/hullvm/internal/kvcache"
)

// Bounds on the dimensions of a model (Compile and Load enforce them).
const (
	maxVocab  = 1 << 24
	maxDModel = 1 << 20
	maxDFFN   = 1 << 22
	maxLayers = 1 << 16
)

// Sparse is a matrix stored by rows: row r holds the entries
// Val[Ptr[r]:Ptr[r+1]] at columns Idx[Ptr[r]:Ptr[r+1]], columns increasing,
// no zero stored. It is the same matrix as the dense tensor of the file.
type Sparse struct {
	Rows, Cols int
	Ptr        []int32   // [Rows+1]
	Idx        []int32   // [nnz]
	Val        []float64 // [nnz]
}

// NNZ is the number of non-zero entries.
func (m *Sparse) NNZ() int { return len(m.Val) }

// At returns entry (r, c).
func (m *Sparse) At(r, c int) float64 {
	lo, hi := int(m.Ptr[r]), int(m.Ptr[r+1])
	k := lo + sort.Search(hi-lo, func(i int) bool { return int(m.Idx[lo+i]) >= c })
	if k < hi && int(m.Idx[k]) == c {
		return m.Val[k]
	}
	return 0
}

// HeadSlot is one used head of a layer: its index in the layer's
// nn.MultiheadAttention, how it breaks exact ties, and the graph's name for it.
type HeadSlot struct {
	Slot int
	Tie  kvcache.TieMode
	Name string
}

// CompileStats describes the schedule of a compiled model (zero after Load).
type CompileStats struct {
	Values       int // residual values after lowering
	Neurons      int // neurons of the graph placed in the model
	Inlined      int // copies and constant-zero neurons folded into their readers
	Shared       int // neurons equal to an earlier one (same gate and val), merged into it
	Peak         int // most values live at once
	Reused       int // values written into a slot that held another value
	Folded       int // ... cleared by folding into a constant-gate neuron
	ClearHeads   int // clearing heads (two clearings each)
	ClearNeurons int // clearing neurons
	Compiled     bool
}

// Model is a compiled transformer: dimensions, metadata and sparse weights.
// A Model is never modified after Compile or Load returns it.
type Model struct {
	Vocab, DModel, Layers, DFFN int
	PosCols                     [3]int       // columns of 1, t, t²
	Heads                       [][]HeadSlot // [L] used heads, by increasing Slot
	GraphHash                   string       // GraphHash of the source graph

	Tok   *Sparse   // tok.weight [V, D]
	In    []*Sparse // attn.{i}.in_proj_weight [L][3D, D]
	Out   []*Sparse // attn.{i}.out_proj.weight [L][D, D]
	FFIn  []*Sparse // ff_in.{i}.weight [L][2F, D]
	FFOut []*Sparse // ff_out.{i}.weight [L][D, F]
	Head  *Sparse   // head.weight [V, D]

	Stats CompileStats
}

// NHeads is the number of heads per layer, D/2.
func (m *Model) NHeads() int { return m.DModel / 2 }

// Params is the number of parameters of the dense module.
func (m *Model) Params() int {
	d, f := m.DModel, m.DFFN
	return 2*m.Vocab*d + m.Layers*(4*d*d+3*f*d)
}

// NonZero is the number of non-zero parameters.
func (m *Model) NonZero() int {
	n := m.Tok.NNZ() + m.Head.NNZ()
	for i := 0; i < m.Layers; i++ {
		n += m.In[i].NNZ() + m.Out[i].NNZ() + m.FFIn[i].NNZ() + m.FFOut[i].NNZ()
	}
	return n
}

// Summary describes the model in one paragraph.
func (m *Model) Summary() string {
	used, clearing, most := 0, 0, 0
	for i, hs := range m.Heads {
		used += len(hs)
		most = max(most, len(hs))
		for _, h := range hs {
			if m.selfHead(i, h.Slot) {
				clearing++
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "vocab %d, d_model %d, layers %d, d_ffn %d, heads %d used "+
		"(%d attend to their own position; at most %d of %d in a layer)\n",
		m.Vocab, m.DModel, m.Layers, m.DFFN, used, clearing, most, m.NHeads())
	nz, all := m.NonZero(), m.Params()
	fmt.Fprintf(&b, "parameters %d, non-zero %d (%.2f%%)", all, nz, 100*float64(nz)/float64(max(all, 1)))
	if s := m.Stats; s.Compiled {
		fmt.Fprintf(&b, "\nvalues %d (peak %d live), %d copies inlined, %d duplicate neurons merged, neurons %d; "+
			"%d slot reuses cleared by %d folds, %d clearing heads, %d clearing neurons",
			s.Values, s.Peak, s.Inlined, s.Shared, s.Neurons, s.Reused, s.Folded, s.ClearHeads, s.ClearNeurons)
	}
	return b.String()
}

// Compile turns a graph into a model. The result depends only on the graph:
// compiling the same graph twice gives byte-identical files. It returns
// every defect of the graph that stops compilation.
func Compile(g *graph.Graph) (*Model, error) {
	if err := validate(g); err != nil {
		return nil, fmt.Errorf("transformer: cannot compile the graph: %w", err)
	}
	lw := lower(g)
	sc := scheduleOf(lw)
	if sc.dModel > maxDModel || sc.dFFN > maxDFFN || sc.layers > maxLayers {
		return nil, fmt.Errorf("transformer: model too large: d_model %d, d_ffn %d, %d layers",
			sc.dModel, sc.dFFN, sc.layers)
	}
	m := build(g, sc)
	m.GraphHash = GraphHash(g)
	return m, nil
}
