package transformer

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// Shared linear forms. Many rows of a sublayer's weights are the same linear
// form up to a constant and a factor ±2^e: the two neurons of a step
// ReLU(x-c+1) - ReLU(x-c), the neurons of a one-hot, a value selected for
// several byte phases at scales 256^k. The plan evaluates each distinct
// form once per sublayer and rebuilds every row from it:
//
//	row·x = s·(form·x) + k·x[one]
//
// where x[one] = 1 (the constant is split off only when posPure holds), so
// the constant is added directly. Scaling by ±2^e is exact in float64 (no
// rounding, no overflow for the values of an exact model), so s·(form·x)
// is bit for bit the sum of the scaled terms taken in the same order. The
// constant is added last instead of in column order: the same number
// whenever every partial sum is exact, which is the model's exactness
// condition (see the package doc). A row with one entry besides the
// constant is no form: it reads its column directly (a sum of two terms is
// the same in either order).

// formSet collects the distinct linear forms of one sublayer. Form 0 is the
// empty form, whose value is 0. In the plan's buffer the residual takes
// [0, D) and form j sits at D+j (base = D).
type formSet struct {
	idx  []int32   // [nnz] columns
	val  []float64 // [nnz] coefficients
	end  []int32   // [forms] form j is idx[end[j-1]:end[j]] (end[-1] = 0)
	base int32     // D
	keys map[string]int32
}

func newFormSet(d int) *formSet {
	return &formSet{end: []int32{0}, base: int32(d), keys: map[string]int32{"": 0}}
}

// n is the number of forms, the empty one included.
func (fs *formSet) n() int { return len(fs.end) }

// scaledRow is a row of weights written as s·buf[src] + k: buf[src] is a
// form's value or, for a row with one entry besides the constant, the
// residual column itself.
type scaledRow struct {
	src  int32
	s, k float64
}

// add returns the row (cols, vals) as a scaled form, splitting off the entry
// of column one when one >= 0.
func (fs *formSet) add(cols []int32, vals []float64, one int32) scaledRow {
	r := scaledRow{src: fs.base, s: 1}
	var cs []int32
	var vs []float64
	for i, c := range cols {
		if c == one {
			r.k = vals[i]
		} else {
			cs, vs = append(cs, c), append(vs, vals[i])
		}
	}
	switch len(cs) {
	case 0:
		return r
	case 1:
		r.src, r.s = cs[0], vs[0]
		return r
	}
	// The first coefficient fixes the scale ±2^e that brings it into
	// [1, 2), kept only where it divides every coefficient exactly.
	f, e := math.Frexp(vs[0])
	r.s = math.Ldexp(math.Copysign(1, f), e-1)
	for _, v := range vs {
		if (v/r.s)*r.s != v {
			r.s = 1
		}
	}
	var key strings.Builder
	for i, c := range cs {
		vs[i] /= r.s
		key.WriteString(strconv.Itoa(int(c)))
		key.WriteByte(':')
		key.WriteString(strconv.FormatUint(math.Float64bits(vs[i]), 16))
		key.WriteByte(',')
	}
	j, ok := fs.keys[key.String()]
	if !ok {
		j = int32(len(fs.end))
		fs.keys[key.String()] = j
		fs.idx, fs.val = append(fs.idx, cs...), append(fs.val, vs...)
		fs.end = append(fs.end, int32(len(fs.idx)))
	}
	r.src = fs.base + j
	return r
}

// quadEntry is entry k of the four forms of a quad: coefficient v[f] of
// buffer index uint16(i >> 16f) (one word, loaded once).
type quadEntry struct {
	i uint64
	v [4]float64
}

// quad is four forms evaluated side by side: their entries are
// ents[a:b], their values go to buf[out[0..3]].
type quad struct {
	a, b int32
	out  [4]uint16
}

// quads is the evaluation order of a formSet.
type quads struct {
	qs   []quad
	ents []quadEntry
}

// pack fixes the evaluation order. The forms, by decreasing length, go
// four at a time into quads, four independent sums each taken in the
// form's own order; a shorter form is padded to the longest of its quad
// with entries 0·buf[base], and the last quad with copies of the empty
// form. buf[base] is the empty form's value, 0, and adding +0 to a sum that
// started at +0 leaves it as it is, bit for bit.
func (fs *formSet) pack() quads {
	fs.keys = nil
	js := make([]int32, 0, len(fs.end))
	for j := 1; j < len(fs.end); j++ {
		js = append(js, int32(j))
	}
	size := func(j int32) int32 { return fs.end[j] - fs.end[j-1] }
	sort.SliceStable(js, func(a, b int) bool { return size(js[a]) > size(js[b]) })
	for len(js)%4 != 0 {
		js = append(js, 0)
	}
	var q quads
	for ; len(js) > 0; js = js[4:] {
		qd := quad{a: int32(len(q.ents))}
		for i, j := range js[:4] {
			qd.out[i] = uint16(fs.base + j)
		}
		for k := int32(0); k < size(js[0]); k++ {
			var en quadEntry
			for i, j := range js[:4] {
				c := fs.base
				if j > 0 && k < size(j) {
					c, en.v[i] = fs.idx[fs.end[j-1]+k], fs.val[fs.end[j-1]+k]
				}
				en.i |= uint64(uint16(c)) << (16 * i)
			}
			q.ents = append(q.ents, en)
		}
		qd.b = int32(len(q.ents))
		q.qs = append(q.qs, qd)
	}
	return q
}

// eval computes every form into buf (the residual, then the forms).
func (q *quads) eval(buf *[planCols]float64) {
	for _, qd := range q.qs {
		var s0, s1, s2, s3 float64
		es := q.ents[qd.a:qd.b]
		for k := range es {
			i, v := es[k].i, &es[k].v
			s0 += v[0] * buf[uint16(i)]
			s1 += v[1] * buf[uint16(i>>16)]
			s2 += v[2] * buf[uint16(i>>32)]
			s3 += v[3] * buf[uint16(i>>48)]
		}
		buf[qd.out[0]], buf[qd.out[1]], buf[qd.out[2]], buf[qd.out[3]] = s0, s1, s2, s3
	}
}
