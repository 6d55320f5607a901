package transformer

import (
	"fmt"
	"sort"
)

// Steps. The embedding is step 0; layer l (1-based) is the attention
// sublayer at step 2l-1 and the feed-forward sublayer at step 2l; the head
// reads the residual at step R = 2L+1. An op at step s reads the residual as
// it is before s and adds its outputs after it.
//
// Slot rules. A value v occupies its slot over the steps [p(v), f(v)): p is
// the step of its op (0 for an input) and f the step of its last reader
// (R for values the head reads, since nothing is written at R; never for
// the constants one and t, which clearing heads read). Values whose intervals do not overlap may share a
// slot; the number of slots needed is the largest number of overlapping
// intervals (interval graphs are perfect, and a greedy assignment in order
// of p attains it).
//
// Clearing. The residual is additive, so when w takes the slot of a dead v,
// v must be subtracted by a sublayer at a step in [f(v), p(w)] (the reader
// at f(v) and the clearing read the same input). Three ways, cheapest first:
//
//   - when w is written by a neuron whose gate is a constant c = 2^k, that
//     neuron computes c·(val - v/c): nothing is added;
//   - a clearing head in an attention sublayer, a head with query (0, 1)
//     and key (0, t), so that the current position wins uniquely, and value
//     (-v1, -v2): it clears two slots, costs no parameter the model does
//     not already have (layers use few of their D/2 heads), survives a
//     softmax export, and the Engine recognises it from its weights and
//     skips the cache;
//   - a neuron ReLU(one)·(-v) in a feed-forward sublayer, where no
//     attention sublayer of the window has a free head.
//
// A clearing in the sublayer that writes w makes the residual hold
// v + (w - v), exact while |w - v| < 2^53 (values below 2^52 suffice); a
// clearing before it is preferred where the window allows.

// schedule is the placement of a lowered graph.
type schedule struct {
	lw     *lowered
	layers int
	step   []int   // [op] step of the op
	f      []int   // [value] first step its slot is free
	slot   []int32 // [value] residual column
	foldOf []int32 // [op] value a constant-gate neuron clears by folding, -1
	clears []clearing
	dModel int
	peak   int // most values live at once
	dFFN   int
}

// clearing subtracts a dead value from its slot at step: by a clearing head
// at an odd step, by a neuron at an even one.
type clearing struct {
	step  int
	write int // step at which the new value is written
	slot  int32
	old   int32
}

// placer evaluates placements: live counts per step, heads and neurons per layer.
type placer struct {
	lw             *lowered
	step           []int
	f              []int
	R, S           int
	live           []int32 // [S] values occupying a slot after each step
	heads, neurons []int32 // [L+1] ops per layer
	rOther         []int   // [value] scratch: reader steps other than the op moved
}

// cost orders placements: fewest columns, then fewest neurons in the fullest
// layer, then least total occupancy.
type cost struct {
	dModel, ffn int32
	area        int64
}

func (a cost) less(b cost) bool {
	if a.dModel != b.dModel {
		return a.dModel < b.dModel
	}
	if a.ffn != b.ffn {
		return a.ffn < b.ffn
	}
	return a.area < b.area
}

// fOf is the free step of a value whose readers run up to step r.
func fOf(r int) int { return max(r, 1) }

func (p *placer) prod(v int32) int {
	if o := p.lw.vals[v].op; o >= 0 {
		return p.step[o]
	}
	return 0
}

// readerMax is the last step at which v is read, ignoring op skip.
func (p *placer) readerMax(v, skip int32) int {
	val := &p.lw.vals[v]
	if v == valOne || val.logit {
		return p.R
	}
	r := 0
	for _, o := range val.readers {
		if o != skip {
			r = max(r, p.step[o])
		}
	}
	return r
}

func (p *placer) freeStep(v int32) int {
	if v == valOne || v == valPos {
		return p.S
	}
	return fOf(p.readerMax(v, -1))
}

func (p *placer) occupy(a, b int, d int32) {
	for s := a; s < b; s++ {
		p.live[s] += d
	}
}

func (p *placer) count(o int32, d int32) {
	layer := (p.step[o] + 1) / 2
	if p.lw.ops[o].kind == opHead {
		p.heads[layer] += d
	} else {
		p.neurons[layer] += d
	}
}

func (p *placer) cost() cost {
	var c cost
	for _, n := range p.live {
		c.dModel = max(c.dModel, n)
		c.area += int64(n)
	}
	for l := range p.heads {
		c.dModel = max(c.dModel, 2*p.heads[l])
		c.ffn = max(c.ffn, p.neurons[l])
	}
	return c
}

// reset recomputes every free step and count from p.step.
func (p *placer) reset() {
	clear(p.live)
	clear(p.heads)
	clear(p.neurons)
	for v := range p.lw.vals {
		p.f[v] = p.freeStep(int32(v))
		p.occupy(p.prod(int32(v)), p.f[v], 1)
	}
	for o := range p.lw.ops {
		p.count(int32(o), 1)
	}
}

// place sets op o at step s and adds its occupancy, with p.rOther holding
// the other reader steps of its inputs.
func (p *placer) place(o int32, s int, d int32) {
	op := &p.lw.ops[o]
	p.step[o] = s
	p.count(o, d)
	for _, w := range op.outs {
		if w >= 0 {
			p.occupy(s, p.f[w], d)
		}
	}
	for _, u := range op.ins {
		f := p.f[u]
		if u != valOne && u != valPos {
			f = fOf(max(p.rOther[u], s))
		}
		p.occupy(p.prod(u), f, d)
		if d > 0 {
			p.f[u] = f
		}
	}
}

// window is the range of steps op o may take with every other op fixed.
func (p *placer) window(o int32) (lo, hi int) {
	op := &p.lw.ops[o]
	m := 0
	for _, u := range op.ins {
		m = max(m, p.prod(u))
	}
	top := p.R
	for _, w := range op.outs {
		if w < 0 {
			continue
		}
		if p.lw.vals[w].logit {
			top = min(top, p.R)
		}
		for _, r := range p.lw.vals[w].readers {
			top = min(top, p.step[r])
		}
	}
	return nextStep(op.kind, m), prevStep(op.kind, top)
}

// improve moves op o to its best step; it reports whether o moved.
func (p *placer) improve(o int32) bool {
	lo, hi := p.window(o)
	cur := p.step[o]
	if lo >= hi {
		return false
	}
	op := &p.lw.ops[o]
	for _, u := range op.ins {
		p.rOther[u] = p.readerMax(u, o)
	}
	p.place(o, cur, -1)
	best := cur
	p.place(o, cur, 1)
	bestCost := p.cost()
	p.place(o, cur, -1)
	for s := lo; s <= hi; s += 2 {
		if s == cur {
			continue
		}
		p.place(o, s, 1)
		if c := p.cost(); c.less(bestCost) {
			best, bestCost = s, c
		}
		p.place(o, s, -1)
	}
	p.place(o, best, 1)
	return best != cur
}

// maxPasses bounds the local search; each pass visits every op once.
const maxPasses = 12

// placeOps returns the steps of the ops: the number of layers is that of
// the as-soon-as-possible placement (the least possible), and within it a
// local search moves single ops to lower the cost.
func placeOps(lw *lowered) (steps []int, layers int) {
	n := len(lw.ops)
	asap := make([]int, n)
	for o := range lw.ops {
		m := 0
		for _, u := range lw.ops[o].ins {
			if po := lw.vals[u].op; po >= 0 {
				m = max(m, asap[po])
			}
		}
		asap[o] = nextStep(lw.ops[o].kind, m)
		layers = max(layers, (asap[o]+1)/2)
	}
	R := 2*layers + 1
	alap := make([]int, n)
	for o := n - 1; o >= 0; o-- {
		top := R
		for _, w := range lw.ops[o].outs {
			if w < 0 {
				continue
			}
			for _, r := range lw.vals[w].readers {
				top = min(top, alap[r])
			}
		}
		alap[o] = prevStep(lw.ops[o].kind, top)
	}

	p := &placer{lw: lw, step: asap, f: make([]int, len(lw.vals)), R: R, S: R + 1,
		live: make([]int32, R+1), heads: make([]int32, layers+1), neurons: make([]int32, layers+1),
		rOther: make([]int, len(lw.vals))}
	p.reset()
	c := p.cost()
	p.step = alap
	p.reset()
	if !p.cost().less(c) {
		p.step = asap
		p.reset()
	}
	for pass := 0; pass < maxPasses; pass++ {
		moved := false
		for i := 0; i < n; i++ {
			o := int32(i)
			if pass%2 == 0 {
				o = int32(n - 1 - i)
			}
			if p.improve(o) {
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	return p.step, layers
}

// scheduleOf places the ops, assigns slots and places the clearings.
func scheduleOf(lw *lowered) *schedule {
	steps, layers := placeOps(lw)
	sc := &schedule{lw: lw, layers: layers, step: steps}
	p := &placer{lw: lw, step: steps, f: make([]int, len(lw.vals)), R: 2*layers + 1, S: 2*layers + 2,
		live: make([]int32, 2*layers+2), heads: make([]int32, layers+1), neurons: make([]int32, layers+1)}
	p.reset()
	c := p.cost()
	sc.f = p.f
	for _, n := range p.live {
		sc.peak = max(sc.peak, int(n))
	}
	sc.dModel = max(int(c.dModel), 3)
	sc.dModel += sc.dModel % 2
	for {
		sc.assignSlots(p)
		if sc.placeClears(p.heads, p.neurons) {
			return sc
		}
		// A clearing found no room: a layer's heads are all taken. More
		// columns give more heads (never needed by the graphs seen so far).
		sc.dModel += 2
	}
}

// assignSlots gives every value a column, in order of production. The
// position encoding takes columns 0, 1, 2. A constant-gate neuron prefers a
// dead value's slot (it clears it for free), the one freed last; any other
// value prefers a slot never used (no clearing needed), of which there are
// some when d_model is above the peak, else the slot freed first: the
// widest window for its clearing, which then more often finds an attention
// sublayer.
func (sc *schedule) assignSlots(p *placer) {
	lw := sc.lw
	order := make([]int32, 0, len(lw.vals))
	for v := range lw.vals {
		order = append(order, int32(v))
	}
	prod := func(v int32) int { return p.prod(v) }
	sort.SliceStable(order, func(i, j int) bool { return prod(order[i]) < prod(order[j]) })

	sc.slot = make([]int32, len(lw.vals))
	sc.foldOf = make([]int32, len(lw.ops))
	for o := range sc.foldOf {
		sc.foldOf[o] = -1
	}
	sc.clears = sc.clears[:0]
	occ := make([]int32, sc.dModel) // slot -> value, -1: never used
	for s := range occ {
		occ[s] = -1
	}
	for _, v := range order {
		at := prod(v)
		o := lw.vals[v].op
		foldable := o >= 0 && lw.ops[o].fold != 0
		fresh, dirty := int32(-1), int32(-1)
		for s := int32(0); int(s) < len(occ); s++ {
			switch old := occ[s]; {
			case old < 0:
				if fresh < 0 {
					fresh = s
				}
			case sc.f[old] > at:
			case dirty < 0,
				foldable && sc.f[old] > sc.f[occ[dirty]],
				!foldable && sc.f[old] < sc.f[occ[dirty]]:
				dirty = s
			}
		}
		s := fresh
		if s < 0 || foldable && dirty >= 0 {
			s = dirty
		}
		if s < 0 {
			panic(fmt.Sprintf("BUG: transformer: no free slot at step %d (d_model %d)", at, sc.dModel))
		}
		if old := occ[s]; old >= 0 {
			if foldable {
				sc.foldOf[o] = old
			} else {
				sc.clears = append(sc.clears, clearing{write: at, slot: s, old: old})
			}
		}
		occ[s] = v
		sc.slot[v] = s
	}
}

// placeClears gives each clearing, in order, a step in its window
// [f(old), write]: the latest attention sublayer with a free head half,
// before the write where possible, else the least loaded feed-forward
// sublayer (before the write where possible), and sets d_ffn. heads and
// neurons hold the graph's ops per layer. It reports false when some
// clearing finds no room.
func (sc *schedule) placeClears(heads, neurons []int32) bool {
	load := append([]int32(nil), neurons...)
	free := make([]int32, sc.layers+1) // head halves left per layer
	for l := 1; l <= sc.layers; l++ {
		free[l] = 2 * (int32(sc.dModel/2) - heads[l])
	}
	for i := range sc.clears {
		c := &sc.clears[i]
		lo, hi := max(sc.f[c.old], 1), c.write
		c.step = attnStep(free, lo, hi-1)
		if c.step < 0 && hi%2 == 1 && free[(hi+1)/2] > 0 {
			c.step = hi
		}
		if c.step < 0 {
			c.step = ffnStep(load, lo, hi-1)
		}
		if c.step < 0 && hi%2 == 0 {
			c.step = hi
		}
		switch {
		case c.step < 0:
			return false
		case c.step%2 == 1:
			free[(c.step+1)/2]--
		default:
			load[c.step/2]++
		}
	}
	sc.dFFN = 1
	for _, n := range load {
		sc.dFFN = max(sc.dFFN, int(n))
	}
	return true
}

// attnStep returns the latest odd step in [lo, hi] whose layer has a free
// head half, or -1.
func attnStep(free []int32, lo, hi int) int {
	for s := hi; s >= lo; s-- {
		if s%2 == 1 && free[(s+1)/2] > 0 {
			return s
		}
	}
	return -1
}

// ffnStep returns the even step in [lo, hi] whose layer has the fewest
// neurons, the latest on a tie, or -1.
func ffnStep(load []int32, lo, hi int) int {
	best := -1
	for s := hi; s >= max(lo, 2); s-- {
		if s%2 == 0 && (best < 0 || load[s/2] < load[best/2]) {
			best = s
		}
	}
	return best
}
