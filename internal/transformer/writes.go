package transformer

// The write plan of a sublayer. A sublayer adds W·out to the residual, W
// its output matrix (out_proj.weight or ff_out.weight) and out its head
// outputs or neuron activations. Compile clears a reused slot r with an
// output that is exactly -x[r] (a clearing head or neuron, schedule.go)
// added into row r: row r then becomes x[r] + (Σ others - x[r]), which is
// Σ others exactly whenever |Σ others - x[r]| < 2^53 (the package doc's
// condition for reused slots). The plan computes that number directly: it
// drops the clearing outputs, sets row r to Σ others (to 0 when there are
// none) and adds the other rows as W does. A row whose only entry is a 1
// is a (row, output) pair; a feed-forward neuron alone on such a row, when
// no neuron of the sublayer reads the row directly, writes it itself.
type writePlan struct {
	ones []wone    // x[r] += out[c]
	sets []wone    // x[r] = out[c] (+0)
	rows []wrow    // other rows
	idx  []uint16  // entries of rows: outputs
	val  []float64 // and weights
	zero []uint16  // rows set to 0: cleared, nothing else written

	direct []wone // feed-forward: rows a neuron writes itself (c: its column of W)
}

// wrow is row r: Σ over entries [a, b), added to x[r], or stored when set.
type wrow struct {
	a, b int32
	r    uint16
	set  bool
}

// wone is x[r] (+)= out[c]; c is a buffer index once the plan is placed.
type wone struct {
	r, c uint16
	set  bool
}

// newWritePlan plans the rows of w. clears maps an output column that is
// -x[r] to r; reads, when not nil, marks the residual columns the neurons
// read directly (feed-forward: lone neurons on other rows write them). Output columns
// stay w's columns: place maps them to buffer indices. needed reports the
// columns the plan reads from out (direct ones excluded).
func newWritePlan(w *Sparse, clears map[int32]int32, reads []bool) (p writePlan, needed []bool) {
	needed = make([]bool, w.Cols)
	uses := make([]int, w.Cols) // entries per output column
	for _, c := range w.Idx {
		uses[c]++
	}
	for r := 0; r < w.Rows; r++ {
		a, b := w.Ptr[r], w.Ptr[r+1]
		if a == b {
			continue
		}
		set := false
		var cs []int32
		var vs []float64
		for k := a; k < b; k++ {
			c, v := w.Idx[k], w.Val[k]
			if cr, ok := clears[c]; ok && cr == int32(r) && v == 1 && uses[c] == 1 {
				set = true
				continue
			}
			cs, vs = append(cs, c), append(vs, v)
		}
		switch {
		case len(cs) == 0:
			p.zero = append(p.zero, uint16(r))
		case len(cs) == 1 && vs[0] == 1 && uses[cs[0]] == 1:
			o := wone{uint16(r), uint16(cs[0]), set}
			switch {
			case reads != nil && !reads[r]:
				p.direct = append(p.direct, o)
			case set:
				p.sets = append(p.sets, o)
				needed[cs[0]] = true
			default:
				p.ones = append(p.ones, o)
				needed[cs[0]] = true
			}
		default:
			rw := wrow{a: int32(len(p.idx)), r: uint16(r), set: set}
			for i, c := range cs {
				p.idx, p.val = append(p.idx, uint16(c)), append(p.val, vs[i])
				needed[c] = true
			}
			rw.b = int32(len(p.idx))
			p.rows = append(p.rows, rw)
		}
	}
	return p, needed
}

// place maps the output columns the plan reads to buffer indices.
func (p *writePlan) place(at func(c uint16) uint16) {
	for _, os := range [][]wone{p.ones, p.sets} {
		for i := range os {
			os[i].c = at(os[i].c)
		}
	}
	for i := range p.idx {
		p.idx[i] = at(p.idx[i])
	}
}

// apply writes the rows of the plan into buf from the outputs in it.
func (p *writePlan) apply(buf *[planCols]float64) {
	for _, o := range p.ones {
		buf[o.r] += buf[o.c]
	}
	for _, o := range p.sets {
		buf[o.r] = buf[o.c] + 0
	}
	for _, rw := range p.rows {
		s := 0.0
		idx, val := p.idx[rw.a:rw.b], p.val[rw.a:rw.b]
		for k, c := range idx {
			s += val[k] * buf[c]
		}
		if rw.set {
			buf[rw.r] = s
		} else {
			buf[rw.r] += s
		}
	}
	for _, r := range p.zero {
		buf[r] = 0
	}
}
