package kvcache

import (
	"fmt"
	"sort"
	"unsafe"
)

// bentry is one Insert call as the brute-force cache records it.
type bentry struct {
	x, y   int64
	vx, vy float64
	pos    int
}

// brute keeps every inserted pair and answers a query by scanning them all.
// It is the reference that defines the semantics (see the package doc).
type brute struct {
	es   []bentry
	tied []int32 // scratch: indices of the keys tied at the maximum
}

// NewBrute returns the reference cache: a linear scan of everything
// inserted, O(1) insert and O(n) query, 40 bytes per inserted pair.
func NewBrute() Cache { return &brute{} }

func (b *brute) Insert(kx, ky, vx, vy float64, pos int) {
	x, y := toInt(kx, "key"), toInt(ky, "key")
	if n := len(b.es); n > 0 && pos <= b.es[n-1].pos {
		panic(fmt.Sprintf("kvcache: position %d not after previous position %d", pos, b.es[n-1].pos))
	}
	b.es = append(b.es, bentry{x, y, vx, vy, pos})
}

func (b *brute) Query(qx, qy float64, mode TieMode) (vx, vy float64, ok bool) {
	x, y := toInt(qx, "query"), toInt(qy, "query")
	es := b.es
	if len(es) == 0 {
		return 0, 0, false
	}
	if x == 0 && y == 0 {
		// Every key scores 0: all inserted pairs tie.
		if mode == TieLatest {
			e := &es[len(es)-1]
			return e.vx, e.vy, true
		}
		var sx, sy float64
		for i := range es {
			sx += es[i].vx
			sy += es[i].vy
		}
		return sx / float64(len(es)), sy / float64(len(es)), true
	}
	tied := b.tied[:0]
	best := dot(x, y, es[0].x, es[0].y)
	tied = append(tied, 0)
	for i := 1; i < len(es); i++ {
		s := dot(x, y, es[i].x, es[i].y)
		if c := s.cmp(best); c > 0 {
			best = s
			tied = append(tied[:0], int32(i))
		} else if c == 0 {
			tied = append(tied, int32(i))
		}
	}
	b.tied = tied
	if mode == TieLatest {
		// Positions increase with insertion order.
		e := &es[tied[len(tied)-1]]
		return e.vx, e.vy, true
	}
	// Group the tied pairs by key in increasing (x, y) order, keeping
	// insertion order within a key (the sort is stable); sum each key's
	// values in insertion order, then add the per-key sums in key order.
	sort.SliceStable(tied, func(i, j int) bool {
		a, c := &es[tied[i]], &es[tied[j]]
		if a.x != c.x {
			return a.x < c.x
		}
		return a.y < c.y
	})
	var tx, ty float64
	for i := 0; i < len(tied); {
		k := &es[tied[i]]
		var gx, gy float64
		for ; i < len(tied) && es[tied[i]].x == k.x && es[tied[i]].y == k.y; i++ {
			gx += es[tied[i]].vx
			gy += es[tied[i]].vy
		}
		tx += gx
		ty += gy
	}
	n := float64(len(tied))
	return tx / n, ty / n, true
}

func (b *brute) Len() int    { return len(b.es) }
func (b *brute) Stored() int { return len(b.es) }

// BytesPerKey counts the capacity of the entry slice (40 bytes per entry)
// divided by the number of entries; it is 0 when the cache is empty.
func (b *brute) BytesPerKey() float64 {
	if len(b.es) == 0 {
		return 0
	}
	return float64(uintptr(cap(b.es))*unsafe.Sizeof(bentry{})) / float64(len(b.es))
}

func (b *brute) Reset() {
	b.es = b.es[:0]
	b.tied = b.tied[:0]
}
