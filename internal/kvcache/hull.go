package kvcache

import (
	"fmt"
	"math"
	"unsafe"
)

// point holds the aggregates of one distinct stored key.
type point struct {
	sumX, sumY   float64 // values summed in insertion order, starting from +0
	lastX, lastY float64 // value of the latest insert of this key
	count        int64   // number of inserts of this key
	lastPos      int     // position of the latest insert of this key
	refs         int32   // how many of the hull's structures hold this key
}

// hull is the convex-hull cache. It keeps exactly the distinct keys that lie
// on the boundary of the convex hull of all keys inserted so far:
//
//   - upper: the keys on the upper envelope (for each x, the top key, and
//     every key on an upper edge), ordered by x, entries (x, y);
//   - lower: the same for the lower envelope, stored mirrored as (x, -y) so
//     that it too is an upper convex chain;
//   - cols: every key with x == xmin (cols[0]) and every key with x == xmax
//     (cols[1]), ordered by y; when xmin == xmax there is one column, cols[0].
//
// A key may sit in several structures; they share its aggregates in pts.
type hull struct {
	upper, lower oseq
	cols         [2]oseq
	oneCol       bool
	xmin, xmax   int64

	pts     [][]point // aggregates in fixed-size chunks: growing never copies
	npts    int       // points allocated in pts (live or on freePts)
	freePts []int32
	stored  int

	n              int // Insert calls since Reset
	lastPos        int
	gsumX, gsumY   float64 // every inserted value, summed in insertion order
	glastX, glastY float64

	// memo is the stored key found or added last, so that a key inserted
	// again and again costs one comparison (memoID none: no memo).
	memoX, memoY int64
	memoID       int32

	// Parabola mode (para.go): while the keys are (2j, -j²) for j = 0, 1,
	// 2, ... in insertion order, only their values are kept.
	para  bool
	paraV []float64 // [2n] value of key j: paraV[2j], paraV[2j+1]
}

// NewHull returns the convex-hull cache: O(log n) insert and query
// (amortised O(1) insert for keys arriving in increasing or decreasing x).
func NewHull() Cache {
	h := &hull{}
	h.Reset()
	return h
}

func (h *hull) Reset() {
	h.upper.clear()
	h.lower.clear()
	h.cols[0].clear()
	h.cols[1].clear()
	h.oneCol = false
	h.xmin, h.xmax = 0, 0
	h.npts = 0
	h.freePts = h.freePts[:0]
	h.stored = 0
	h.n = 0
	h.lastPos = 0
	h.gsumX, h.gsumY, h.glastX, h.glastY = 0, 0, 0, 0
	h.memoID = none
	h.para = true
	h.paraV = h.paraV[:0]
}

func (h *hull) Len() int { return h.n }

func (h *hull) Stored() int {
	if h.para {
		return len(h.paraV) / 2
	}
	return h.stored
}

// BytesPerKey is the capacity of every backing array the hull owns (chain
// and column deques or treap nodes, point aggregates, free lists), in bytes
// as given by unsafe.Sizeof, divided by Stored(); 0 when nothing is stored.
// Slack from slice growth is included; Go allocator and GC overhead and the
// fixed-size header are not.
func (h *hull) BytesPerKey() float64 {
	if h.Stored() == 0 {
		return 0
	}
	b := h.upper.bytes() + h.lower.bytes() + h.cols[0].bytes() + h.cols[1].bytes() +
		h.ptsCap()*unsafe.Sizeof(point{}) +
		uintptr(cap(h.freePts))*unsafe.Sizeof(int32(0)) +
		uintptr(cap(h.paraV))*unsafe.Sizeof(float64(0))
	return float64(b) / float64(h.Stored())
}

// ptChunk is the number of points per chunk of hull.pts.
const ptChunk = 1 << 14

func (h *hull) ptsCap() uintptr {
	var n uintptr
	for _, c := range h.pts {
		n += uintptr(cap(c))
	}
	return n
}

func (h *hull) pt(id int32) *point { return &h.pts[id/ptChunk][id%ptChunk] }

func (h *hull) addRef(id int32) {
	p := h.pt(id)
	if p.refs == 0 {
		h.stored++
	}
	p.refs++
}

func (h *hull) decRef(id int32) {
	p := h.pt(id)
	p.refs--
	if p.refs == 0 {
		h.stored--
		h.freePts = append(h.freePts, id)
		if id == h.memoID {
			h.memoID = none
		}
	}
}

func (h *hull) left() *oseq { return &h.cols[0] }

func (h *hull) right() *oseq {
	if h.oneCol {
		return &h.cols[0]
	}
	return &h.cols[1]
}

// find returns the aggregates index of stored key (x, y), or none. A key
// that is not stored is strictly inside the hull (or new).
func (h *hull) find(x, y int64) int32 {
	if h.stored == 0 || x < h.xmin || x > h.xmax {
		return none
	}
	if h.memoID != none && x == h.memoX && y == h.memoY {
		return h.memoID
	}
	if _, e, _ := h.upper.locate(x); e != none && h.upper.at(e).o == y {
		return h.upper.at(e).pt
	}
	if _, e, _ := h.lower.locate(x); e != none && h.lower.at(e).o == -y {
		return h.lower.at(e).pt
	}
	if x == h.xmin {
		if _, e, _ := h.left().locate(y); e != none {
			return h.left().at(e).pt
		}
	}
	if x == h.xmax {
		if _, e, _ := h.right().locate(y); e != none {
			return h.right().at(e).pt
		}
	}
	return none
}

func (h *hull) Insert(kx, ky, vx, vy float64, pos int) {
	x, y := toInt(kx, "key"), toInt(ky, "key")
	if h.n > 0 && pos <= h.lastPos {
		panic(fmt.Sprintf("kvcache: position %d not after previous position %d", pos, h.lastPos))
	}
	j := int64(h.n)
	h.n++
	h.lastPos = pos
	h.gsumX += vx
	h.gsumY += vy
	h.glastX, h.glastY = vx, vy
	if h.para {
		if j < 1<<26 && x == 2*j && y == -j*j && int64(pos) >= j {
			h.paraV = append(h.paraV, vx, vy)
			return
		}
		h.materialize()
	}
	h.add(x, y, vx, vy, pos)
}

// add inserts the key (x, y) with its value into the hull's structures
// (Insert, less the running totals).
func (h *hull) add(x, y int64, vx, vy float64, pos int) {
	if id := h.find(x, y); id != none {
		p := h.pt(id)
		p.sumX += vx
		p.sumY += vy
		p.lastX, p.lastY = vx, vy
		p.count++
		p.lastPos = pos
		h.memoX, h.memoY, h.memoID = x, y, id
		return
	}
	var id int32
	if k := len(h.freePts); k > 0 {
		id = h.freePts[k-1]
		h.freePts = h.freePts[:k-1]
	} else {
		if h.npts == math.MaxInt32 {
			panic("kvcache: more than 2^31-1 stored keys")
		}
		id = int32(h.npts)
		c, off := h.npts/ptChunk, h.npts%ptChunk
		if c == len(h.pts) {
			n := ptChunk
			if c == 0 {
				n = 8 // the first chunk grows by doubling: small caches stay small
			}
			h.pts = append(h.pts, make([]point, 0, n))
		}
		if chunk := h.pts[c]; off == cap(chunk) {
			nc := make([]point, off, min(2*off, ptChunk))
			copy(nc, chunk)
			h.pts[c] = nc
		}
		h.pts[c] = h.pts[c][:off+1]
		h.npts++
	}
	// 0 + v, not v: the documented sum starts from +0 (this matters for -0).
	*h.pt(id) = point{sumX: 0 + vx, sumY: 0 + vy, lastX: vx, lastY: vy, count: 1, lastPos: pos}
	h.insertCols(x, y, id)
	h.insertChain(&h.upper, x, y, id)
	h.insertChain(&h.lower, x, -y, id)
	if h.pt(id).refs == 0 {
		// Strictly inside the hull: it can never be the answer.
		h.freePts = append(h.freePts, id)
	} else {
		h.memoX, h.memoY, h.memoID = x, y, id
	}
}

// insertChain adds the point (x, y) with aggregates id to the upper convex
// chain s, unless it lies strictly below the chain, and removes the points
// that fall strictly below the new chain. Points exactly on the chain
// (collinear with an edge) are kept.
func (h *hull) insertChain(s *oseq, x, y int64, id int32) {
	a, e, c := s.locate(x)
	if e != none {
		if s.at(e).o >= y {
			return // at or below the top key at this x
		}
	} else if a != none && c != none {
		pa, pc := s.at(a), s.at(c)
		if crossSign(pc.k-pa.k, pc.o-pa.o, x-pa.k, y-pa.o) < 0 {
			return // strictly below the edge a–c
		}
	}
	if s.inMiddle(a, c) {
		s.convert()
		a, e, c = s.locate(x)
	}
	if e != none {
		pt := s.at(e).pt
		s.remove(e)
		h.decRef(pt)
	}
	// Pop left neighbours that fall strictly below the segment b–p.
	for a != none {
		b := s.prev(a)
		if b == none {
			break
		}
		pa, pb := s.at(a), s.at(b)
		if crossSign(x-pb.k, y-pb.o, pa.k-pb.k, pa.o-pb.o) >= 0 {
			break
		}
		pt := pa.pt
		s.remove(a)
		h.decRef(pt)
		a = b
	}
	// Pop right neighbours that fall strictly below the segment p–d.
	for c != none {
		d := s.next(c)
		if d == none {
			break
		}
		pc, pd := s.at(c), s.at(d)
		if crossSign(pd.k-x, pd.o-y, pc.k-x, pc.o-y) >= 0 {
			break
		}
		pt := pc.pt
		s.remove(c)
		h.decRef(pt)
		c = d
	}
	s.insert(a, c, entry{k: x, o: y, pt: id})
	h.addRef(id)
}

// colInsert adds key (x, y) to column s (keyed by y); the key is new.
func (h *hull) colInsert(s *oseq, x, y int64, id int32) {
	a, _, c := s.locate(y)
	if s.inMiddle(a, c) {
		s.convert()
		a, _, c = s.locate(y)
	}
	s.insert(a, c, entry{k: y, o: x, pt: id})
	h.addRef(id)
}

// discard empties column s, releasing its keys.
func (h *hull) discard(s *oseq) {
	for e := s.head(); e != none; e = s.next(e) {
		h.decRef(s.at(e).pt)
	}
	s.clear()
}

// insertCols maintains the columns of keys at x == xmin and x == xmax. When
// a key beyond xmin (xmax) arrives, the old column's keys other than its
// top and bottom become strictly interior (the hull then has width on both
// sides of it); the top and bottom stay wherever the chains keep them.
func (h *hull) insertCols(x, y int64, id int32) {
	switch {
	case h.stored == 0:
		h.cols[0].clear()
		h.cols[1].clear()
		h.oneCol = true
		h.xmin, h.xmax = x, x
		h.colInsert(&h.cols[0], x, y, id)
	case h.oneCol:
		switch {
		case x == h.xmin:
			h.colInsert(&h.cols[0], x, y, id)
		case x < h.xmin:
			// The single column becomes the right one.
			h.cols[0], h.cols[1] = h.cols[1], h.cols[0]
			h.cols[0].clear()
			h.oneCol = false
			h.xmin = x
			h.colInsert(&h.cols[0], x, y, id)
		default:
			h.cols[1].clear()
			h.oneCol = false
			h.xmax = x
			h.colInsert(&h.cols[1], x, y, id)
		}
	default:
		switch {
		case x == h.xmin:
			h.colInsert(&h.cols[0], x, y, id)
		case x == h.xmax:
			h.colInsert(&h.cols[1], x, y, id)
		case x < h.xmin:
			h.discard(&h.cols[0])
			h.xmin = x
			h.colInsert(&h.cols[0], x, y, id)
		case x > h.xmax:
			h.discard(&h.cols[1])
			h.xmax = x
			h.colInsert(&h.cols[1], x, y, id)
		}
	}
}

// tieAcc accumulates the tied keys of one query in increasing key order.
type tieAcc struct {
	sx, sy  float64
	count   int64
	bestPos int
	bx, by  float64
	any     bool
}

func (t *tieAcc) add(p *point) {
	t.sx += p.sumX
	t.sy += p.sumY
	t.count += p.count
	if !t.any || p.lastPos > t.bestPos {
		t.any = true
		t.bestPos = p.lastPos
		t.bx, t.by = p.lastX, p.lastY
	}
}

func (t *tieAcc) result(mode TieMode) (float64, float64) {
	if mode == TieLatest {
		return t.bx, t.by
	}
	n := float64(t.count)
	return t.sx / n, t.sy / n
}

func (h *hull) Query(qx, qy float64, mode TieMode) (vx, vy float64, ok bool) {
	x, y := toInt(qx, "query"), toInt(qy, "query")
	if h.n == 0 {
		return 0, 0, false
	}
	if x == 0 && y == 0 {
		if mode == TieLatest {
			return h.glastX, h.glastY, true
		}
		n := float64(h.n)
		return h.gsumX / n, h.gsumY / n, true
	}
	if h.para {
		vx, vy = h.paraQuery(x, y, mode)
		return vx, vy, true
	}
	var t tieAcc
	if y == 0 {
		// Every key on the extreme vertical line ties; walk it in y order.
		s := h.left()
		if x > 0 {
			s = h.right()
		}
		for e := s.head(); e != none; e = s.next(e) {
			t.add(h.pt(s.at(e).pt))
		}
	} else {
		s, wy := &h.upper, y
		if y < 0 {
			s, wy = &h.lower, -y
		}
		e := s.argmax(x, wy)
		for {
			cur := s.at(e)
			t.add(h.pt(cur.pt))
			f := s.next(e)
			if f == none {
				break
			}
			nx := s.at(f)
			if dotSign(x, wy, nx.k-cur.k, nx.o-cur.o) != 0 {
				break
			}
			e = f
		}
	}
	vx, vy = t.result(mode)
	return vx, vy, true
}
