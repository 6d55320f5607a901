package transformer

import (
	"math"

	"github.com/hullvm/hullvm/internal/kvcache"
)

// The plan: how the Engine computes a token. Everything a sublayer reads
// and writes lives in one buffer of planCols float64 values: the residual
// in [0, D), then, per sublayer, the values of its shared linear forms
// (forms.go) and its outputs (head outputs or neuron activations) waiting
// to be written (writes.go). Indices into the buffer are 16-bit, so that no
// access needs a bounds check; a model whose sublayers do not fit runs on
// the literal path.
//
// A sublayer first evaluates its forms, then its heads or neurons, each
// row being s·buf[src] + k; then the outputs reach the residual through the
// write plan. A neuron alone on a row that no neuron of the sublayer reads
// directly (every form is computed before the first neuron) writes that
// row as soon as it is computed. Clearings (outputs that are
// -x[r], added into row r) become stores, heads of a layer with the same
// key and value rows share one cache, and the head's decision comes from
// its block structure (head.go).

// planCols is the size of the plan's buffer.
const planCols = 1 << 16

// srow is a scaled row placed in the buffer: s·buf[src] + k.
type srow struct {
	s, k float64
	src  uint16
}

func placeRow(r scaledRow) srow { return srow{r.s, r.k, uint16(r.src)} }

func (r *srow) at(buf *[planCols]float64) float64 { return r.s*buf[r.src] + r.k }

type plan struct {
	buf    *[planCols]float64
	layers []planLayer
	head   *headPlan
}

type planHead struct {
	q, k, v [2]srow
	out     [2]uint16 // buffer indices of the two output dimensions
	used    [2]bool   // the write plan reads the dimension (false: a clearing, or unused)
	slot    int
	tie     kvcache.TieMode
	cache   kvcache.Cache
	insert  bool // inserts into cache (false: an earlier head of the layer with the same keys and values did)
	self    bool // attends to its own position (see selfHead): its cache stays empty
}

// planNeuron is ReLU(gs·buf[g] + gk)·(vs·buf[v] + vk), stored at buf[dst]
// (added, for a direct neuron).
type planNeuron struct {
	gs, gk, vs, vk float64
	g, v, dst      uint16
}

func (n *planNeuron) out(buf *[planCols]float64) float64 {
	return relu(n.gs*buf[n.g]+n.gk) * (n.vs*buf[n.v] + n.vk)
}

// reluNeuron is a neuron whose val is the constant vk: ReLU(gs·buf[g] + gk)·vk.
type reluNeuron struct {
	gs, gk, vk float64
	g, dst     uint16
}

func (n *reluNeuron) out(buf *[planCols]float64) float64 { return relu(n.gs*buf[n.g]+n.gk) * n.vk }

// neurons is a list of neurons, those with a constant val apart.
type neurons struct {
	relu []reluNeuron
	full []planNeuron
}

func (ns *neurons) add(n planNeuron, constVal bool) {
	if constVal {
		ns.relu = append(ns.relu, reluNeuron{n.gs, n.gk, n.vk, n.g, n.dst})
	} else {
		ns.full = append(ns.full, n)
	}
}

func (ns *neurons) len() int { return len(ns.relu) + len(ns.full) }

// store sets buf[dst] to each neuron's output.
func (ns *neurons) store(buf *[planCols]float64) {
	rs, fs := ns.relu, ns.full
	for j := range rs {
		buf[rs[j].dst] = rs[j].out(buf)
	}
	for j := range fs {
		buf[fs[j].dst] = fs[j].out(buf)
	}
}

// accumulate adds each neuron's output to buf[dst].
func (ns *neurons) accumulate(buf *[planCols]float64) {
	rs, fs := ns.relu, ns.full
	for j := range rs {
		buf[rs[j].dst] += rs[j].out(buf)
	}
	for j := range fs {
		buf[fs[j].dst] += fs[j].out(buf)
	}
}

// replace sets buf[dst] to each neuron's output plus +0 (a cleared row; the
// residual holds no -0).
func (ns *neurons) replace(buf *[planCols]float64) {
	rs, fs := ns.relu, ns.full
	for j := range rs {
		buf[rs[j].dst] = rs[j].out(buf) + 0
	}
	for j := range fs {
		buf[fs[j].dst] = fs[j].out(buf) + 0
	}
}

type planLayer struct {
	attnForms quads
	heads     []planHead
	attnOut   writePlan
	forms     quads
	buffered  neurons // into the outputs, then ffOut
	add       neurons // x[dst] += ReLU(g)·v
	set       neurons // x[dst] = ReLU(g)·v (a cleared row)
	ffOut     writePlan
}

// newPlan plans m, or returns nil when m does not fit the buffer.
func newPlan(m *Model, newCache func() kvcache.Cache) *plan {
	d := m.DModel
	if d > planCols/4 || m.DFFN > planCols/2 {
		return nil
	}
	pure := m.posPure()
	one := int32(-1) // the column of 1, split off as a constant where it holds 1
	if pure {
		one = int32(m.PosCols[0])
	}
	p := &plan{head: newHeadPlan(m, one)}
	fits := d+p.head.qf.n() <= planCols
	for i := 0; i < m.Layers && fits; i++ {
		var l planLayer
		fits = l.planAttention(m, i, one, pure, newCache) && l.planFeedForward(m, i, one)
		p.layers = append(p.layers, l)
	}
	if !fits {
		return nil
	}
	p.buf = new([planCols]float64)
	return p
}

// planAttention plans the heads of layer i; it reports whether they fit.
func (l *planLayer) planAttention(m *Model, i int, one int32, pure bool, newCache func() kvcache.Cache) bool {
	in, d := m.In[i], m.DModel
	fs := newFormSet(d)
	inRow := func(r int) scaledRow {
		a, b := in.Ptr[r], in.Ptr[r+1]
		return fs.add(in.Idx[a:b], in.Val[a:b], one)
	}
	type kv struct{ k, v [2]scaledRow }
	shared := map[kv]kvcache.Cache{}
	clears := map[int32]int32{} // output dimension -> the row it clears
	var rows [][6]scaledRow
	for _, hs := range m.Heads[i] {
		h := planHead{slot: hs.Slot, tie: hs.Tie, self: pure && m.selfHead(i, hs.Slot)}
		var k, v [2]scaledRow
		var rs [6]scaledRow
		for c := 0; c < 2; c++ {
			r := 2*hs.Slot + c
			rs[c], rs[2+c], rs[4+c] = inRow(r), inRow(d+r), inRow(2*d+r)
			k[c], v[c] = rs[2+c], rs[4+c]
			if h.self && v[c].src < int32(d) && v[c].s == -1 && v[c].k == 0 {
				clears[int32(r)] = v[c].src // the head returns -x[src]
			}
		}
		if c, ok := shared[kv{k, v}]; ok && !h.self {
			h.cache = c
		} else {
			h.cache, h.insert = newCache(), true
			if !h.self {
				shared[kv{k, v}] = h.cache
			}
		}
		l.heads = append(l.heads, h)
		rows = append(rows, rs)
	}
	nf := fs.n()
	if d+nf+d > planCols {
		return false
	}
	l.attnForms = fs.pack()
	out := uint16(d + nf) // head dimension c sits at out+c
	var needed []bool
	l.attnOut, needed = newWritePlan(m.Out[i], clears, nil)
	l.attnOut.place(func(c uint16) uint16 { return out + c })
	heads := l.heads[:0]
	for j := range l.heads {
		h := l.heads[j]
		for c := 0; c < 2; c++ {
			h.q[c], h.k[c], h.v[c] = placeRow(rows[j][c]), placeRow(rows[j][2+c]), placeRow(rows[j][4+c])
			h.out[c] = out + uint16(2*h.slot+c)
			h.used[c] = needed[2*h.slot+c]
		}
		if h.self && !h.used[0] && !h.used[1] {
			continue // a clearing head: the write plan zeroes its rows
		}
		heads = append(heads, h)
	}
	l.heads = heads
	return true
}

// planFeedForward plans the neurons of layer i; it reports whether they fit.
func (l *planLayer) planFeedForward(m *Model, i int, one int32) bool {
	ff, w, d := m.FFIn[i], m.FFOut[i], m.DModel
	fs := newFormSet(d)
	row := func(r int) scaledRow {
		a, b := ff.Ptr[r], ff.Ptr[r+1]
		return fs.add(ff.Idx[a:b], ff.Val[a:b], one)
	}
	gate, val := make([]scaledRow, m.DFFN), make([]scaledRow, m.DFFN)
	clears := map[int32]int32{} // neuron -> the row it clears
	for n := range gate {
		gate[n], val[n] = row(n), row(m.DFFN+n)
		// A constant gate c = 2^e and val -x[r]/c: the neuron is -x[r].
		g, v := gate[n], val[n]
		if f, _ := math.Frexp(g.k); g.src == int32(d) && f == 0.5 && v.src < int32(d) && v.k == 0 && g.k*v.s == -1 {
			clears[int32(n)] = v.src
		}
	}

	// The columns neurons read directly (the forms are all evaluated before
	// the first neuron runs): a neuron may write one of them only after all
	// neurons have read it.
	reads := make([]bool, d)
	for n := range gate {
		if _, ok := clears[int32(n)]; !ok {
			for _, r := range []scaledRow{gate[n], val[n]} {
				if r.src < int32(d) {
					reads[r.src] = true
				}
			}
		}
	}
	nf := fs.n()
	l.forms = fs.pack()
	plan, needed := newWritePlan(w, clears, reads)
	neuron := func(n int, dst int) (planNeuron, bool) {
		g, v := gate[n], val[n]
		return planNeuron{g.s, g.k, v.s, v.k, uint16(g.src), uint16(v.src), uint16(dst)}, v.src == int32(d)
	}
	for _, o := range plan.direct {
		if o.set {
			l.set.add(neuron(int(o.c), int(o.r)))
		} else {
			l.add.add(neuron(int(o.c), int(o.r)))
		}
	}
	plan.direct = nil
	at := make([]uint16, m.DFFN) // neuron -> its output's buffer index
	for n := range gate {
		if needed[n] {
			at[n] = uint16(d + nf + l.buffered.len())
			l.buffered.add(neuron(n, int(at[n])))
		}
	}
	plan.place(func(c uint16) uint16 { return at[c] })
	l.ffOut = plan
	return d+nf+l.buffered.len() <= planCols
}

func (p *plan) reset() {
	for i := range p.layers {
		for j := range p.layers[i].heads {
			p.layers[i].heads[j].cache.Reset()
		}
	}
}

func (p *plan) attend(e *Engine, i int) error {
	l, buf := &p.layers[i], p.buf
	l.attnForms.eval(buf)
	for j := range l.heads {
		hd := &l.heads[j]
		v0, v1 := hd.v[0].at(buf), hd.v[1].at(buf)
		if e.skipAttn || hd.self {
			buf[hd.out[0]], buf[hd.out[1]] = v0, v1
			continue
		}
		q0, q1 := hd.q[0].at(buf), hd.q[1].at(buf)
		k0, k1 := hd.k[0].at(buf), hd.k[1].at(buf)
		if err := e.checkCoords(i, hd.slot, k0, k1, q0, q1); err != nil {
			return err
		}
		if hd.insert {
			hd.cache.Insert(k0, k1, v0, v1, e.pos)
		}
		buf[hd.out[0]], buf[hd.out[1]], _ = hd.cache.Query(q0, q1, hd.tie)
	}
	l.attnOut.apply(buf)
	return nil
}

func (p *plan) feedForward(i int) {
	l, buf := &p.layers[i], p.buf
	l.forms.eval(buf)
	l.buffered.store(buf)
	l.add.accumulate(buf)
	l.set.replace(buf)
	l.ffOut.apply(buf)
}

// relu is max(g, 0) without a branch: +0 for every g <= 0 (and for -0).
// ReLU(g)·v is then +0 or -0 where the model's neuron gives +0; the residual
// never holds -0 (a sum that starts from +0 stays off -0), so adding either
// leaves the same number.
func relu(g float64) float64 {
	b := math.Float64bits(g)
	return math.Float64frombits(b &^ uint64(int64(b)>>63))
}
