package transformer

import (
	"sort"

	"github.com/hullvm/hullvm/internal/graph"
	"github.com/hullvm/hullvm/internal/kvcache"
)

// rowBuilder fills a Sparse row by row, merging entries of the same column.
type rowBuilder struct {
	m       *Sparse
	acc     []float64 // [Cols] scratch, zero between rows
	touched []int32
}

func newRowBuilder(rows, cols int) *rowBuilder {
	m := &Sparse{Rows: rows, Cols: cols, Ptr: make([]int32, 1, rows+1)}
	return &rowBuilder{m: m, acc: make([]float64, cols)}
}

func (b *rowBuilder) add(c int32, v float64) {
	if b.acc[c] == 0 {
		b.touched = append(b.touched, c)
	}
	b.acc[c] += v
}

// addLin adds l over slots, its constant on the one column.
func (b *rowBuilder) addLin(l *lin, slot []int32) {
	for _, t := range l.terms {
		b.add(slot[t.v], t.c)
	}
	if l.k != 0 {
		b.add(slot[valOne], l.k)
	}
}

// endRow closes the current row.
func (b *rowBuilder) endRow() {
	sort.Slice(b.touched, func(i, j int) bool { return b.touched[i] < b.touched[j] })
	for i, c := range b.touched {
		if i > 0 && c == b.touched[i-1] {
			continue // became zero and was touched again
		}
		if v := b.acc[c]; v != 0 {
			b.m.Idx = append(b.m.Idx, c)
			b.m.Val = append(b.m.Val, v)
		}
		b.acc[c] = 0
	}
	b.touched = b.touched[:0]
	b.m.Ptr = append(b.m.Ptr, int32(len(b.m.Val)))
}

// done closes the remaining rows and returns the matrix.
func (b *rowBuilder) done() *Sparse {
	for len(b.m.Ptr) <= b.m.Rows {
		b.endRow()
	}
	return b.m
}

// layerOps lists, per layer, the heads of its attention sublayer and the
// neurons and clearings of its feed-forward sublayer, in op order.
type layerOps struct {
	heads, neurons      []int32
	attnClear, ffnClear []clearing // by increasing slot
}

func (sc *schedule) byLayer() []layerOps {
	ls := make([]layerOps, sc.layers+1)
	for o, s := range sc.step {
		l := &ls[(s+1)/2]
		if sc.lw.ops[o].kind == opHead {
			l.heads = append(l.heads, int32(o))
		} else {
			l.neurons = append(l.neurons, int32(o))
		}
	}
	for _, c := range sc.clears {
		if l := &ls[(c.step+1)/2]; c.step%2 == 1 {
			l.attnClear = append(l.attnClear, c)
		} else {
			l.ffnClear = append(l.ffnClear, c)
		}
	}
	for i := range ls {
		for _, cs := range [][]clearing{ls[i].attnClear, ls[i].ffnClear} {
			sort.Slice(cs, func(a, b int) bool { return cs[a].slot < cs[b].slot })
		}
	}
	return ls
}

// build fills the weights of the schedule.
func build(g *graph.Graph, sc *schedule) *Model {
	lw, d := sc.lw, sc.dModel
	m := &Model{Vocab: g.Vocab, DModel: d, Layers: sc.layers, DFFN: sc.dFFN,
		PosCols: [3]int{int(sc.slot[valOne]), int(sc.slot[valPos]), int(sc.slot[valPos2])}}

	// Embedding: the columns of the live embedding values.
	tok := newRowBuilder(g.Vocab, d)
	for t := 0; t < g.Vocab; t++ {
		row := g.Embed[int32(t)]
		for v := range lw.vals {
			if c := lw.vals[v].col; c >= 0 && c < len(row) && row[c] != 0 {
				tok.add(sc.slot[v], row[c])
			}
		}
		tok.endRow()
	}
	m.Tok = tok.done()

	ls := sc.byLayer()
	for l := 1; l <= sc.layers; l++ {
		in, out, hs := sc.attention(ls[l].heads, ls[l].attnClear)
		m.In, m.Out, m.Heads = append(m.In, in), append(m.Out, out), append(m.Heads, hs)
		ffIn, ffOut := sc.feedForward(ls[l].neurons, ls[l].ffnClear)
		m.FFIn, m.FFOut = append(m.FFIn, ffIn), append(m.FFOut, ffOut)
	}

	head := newRowBuilder(g.Vocab, d)
	for t := range lw.logits {
		head.addLin(&lw.logits[t], sc.slot)
		head.endRow()
	}
	m.Head = head.done()

	m.Stats = CompileStats{Values: len(lw.vals), Inlined: lw.inlined, Shared: lw.shared, Peak: sc.peak, Compiled: true}
	for l := range ls {
		m.Stats.ClearHeads += (len(ls[l].attnClear) + 1) / 2
		m.Stats.ClearNeurons += len(ls[l].ffnClear)
	}
	for o := range lw.ops {
		if lw.ops[o].kind == opNeuron {
			m.Stats.Neurons++
		}
		if sc.foldOf[o] >= 0 {
			m.Stats.Folded++
		}
	}
	m.Stats.Reused = len(sc.clears) + m.Stats.Folded
	return m
}

// attention builds one attention sublayer: head k of the list takes slot
// k, then each pair of clearings one clearing head (query (0, 1), key
// (0, t), value minus the dead values).
func (sc *schedule) attention(heads []int32, clears []clearing) (in, out *Sparse, hs []HeadSlot) {
	lw, d := sc.lw, sc.dModel
	rows := make([]*lin, 3*d)
	outCol := make([][]int32, d) // residual row -> head dimensions writing it
	for k, o := range heads {
		op := &lw.ops[o]
		hs = append(hs, HeadSlot{Slot: k, Tie: op.tie, Name: op.name})
		for c := 0; c < 2; c++ {
			rows[2*k+c], rows[d+2*k+c], rows[2*d+2*k+c] = &op.query[c], &op.key[c], &op.value[c]
			if w := op.outs[c]; w >= 0 {
				outCol[sc.slot[w]] = append(outCol[sc.slot[w]], int32(2*k+c))
			}
		}
	}
	query, key := lin{k: 1}, lin{terms: []term{{valPos, 1}}}
	vals := make([]lin, len(clears))
	for i, c := range clears {
		k := len(heads) + i/2
		if i%2 == 0 {
			hs = append(hs, HeadSlot{Slot: k, Tie: kvcache.TieLatest, Name: clearHeadName})
			rows[2*k+1], rows[d+2*k+1] = &query, &key
		}
		vals[i] = lin{terms: []term{{c.old, -1}}}
		rows[2*d+2*k+i%2] = &vals[i]
		outCol[c.slot] = append(outCol[c.slot], int32(2*k+i%2))
	}
	ib := newRowBuilder(3*d, d)
	for _, l := range rows {
		if l != nil {
			ib.addLin(l, sc.slot)
		}
		ib.endRow()
	}
	ob := newRowBuilder(d, d)
	for _, cols := range outCol {
		for _, c := range cols {
			ob.add(c, 1)
		}
		ob.endRow()
	}
	return ib.done(), ob.done(), hs
}

// clearHeadName names the clearing heads in the metadata.
const clearHeadName = "(clear)"

// feedForward builds one feed-forward sublayer: the graph's neurons, then
// the clearing neurons, in rows 0, 1, ... of the gate and val blocks.
func (sc *schedule) feedForward(neurons []int32, clears []clearing) (in, out *Sparse) {
	lw, d, f := sc.lw, sc.dModel, sc.dFFN
	ib := newRowBuilder(2*f, d)
	writes := make([][]int32, d) // residual row -> neurons writing it (weight 1)
	write := func(slot int32, col int) { writes[slot] = append(writes[slot], int32(col)) }

	// Gate rows, then val rows.
	for k, o := range neurons {
		ib.addLin(&lw.ops[o].gate, sc.slot)
		ib.endRow()
		write(sc.slot[lw.ops[o].outs[0]], k)
	}
	for k, c := range clears {
		ib.add(sc.slot[valOne], 1)
		ib.endRow()
		write(c.slot, len(neurons)+k)
	}
	for len(ib.m.Ptr) <= f {
		ib.endRow()
	}
	for _, o := range neurons {
		op := &lw.ops[o]
		ib.addLin(&op.val, sc.slot)
		if old := sc.foldOf[o]; old >= 0 {
			ib.add(sc.slot[old], -op.fold)
		}
		ib.endRow()
	}
	for _, c := range clears {
		ib.add(c.slot, -1)
		ib.endRow()
	}

	ob := newRowBuilder(d, f)
	for _, cols := range writes {
		for _, c := range cols {
			ob.add(c, 1)
		}
		ob.endRow()
	}
	return ib.done(), ob.done()
}
