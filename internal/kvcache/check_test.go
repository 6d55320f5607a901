package kvcache

import (
	"fmt"
	"sort"
)

// checkSeq verifies the structural invariants of an ordered sequence and
// returns its entries in order.
func checkSeq(s *oseq) ([]entry, error) {
	var out []entry
	if !s.tree {
		if s.lo < 0 || s.lo > s.hi || s.hi > len(s.buf) {
			return nil, fmt.Errorf("deque bounds lo=%d hi=%d len=%d", s.lo, s.hi, len(s.buf))
		}
		out = append(out, s.buf[s.lo:s.hi]...)
	} else {
		// Walk the thread and the tree; they must agree.
		count := 0
		prev := int32(none)
		for v := s.first; v != none; v = s.nodes[v].next {
			if s.nodes[v].prev != prev {
				return nil, fmt.Errorf("treap: bad prev link at %d", v)
			}
			out = append(out, s.nodes[v].e)
			prev = v
			count++
			if count > len(s.nodes) {
				return nil, fmt.Errorf("treap: thread cycle")
			}
		}
		if prev != s.last_ {
			return nil, fmt.Errorf("treap: last=%d, thread ends at %d", s.last_, prev)
		}
		if count != s.n {
			return nil, fmt.Errorf("treap: n=%d, thread has %d", s.n, count)
		}
		var inorder []entry
		var walk func(v, parent int32, depth int) error
		walk = func(v, parent int32, depth int) error {
			if v == none {
				return nil
			}
			nd := &s.nodes[v]
			if nd.p != parent {
				return fmt.Errorf("treap: node %d parent %d want %d", v, nd.p, parent)
			}
			if parent != none && s.nodes[parent].prio < nd.prio {
				return fmt.Errorf("treap: heap order violated at %d", v)
			}
			if depth > 200 {
				return fmt.Errorf("treap: depth > 200")
			}
			if err := walk(nd.l, v, depth+1); err != nil {
				return err
			}
			inorder = append(inorder, nd.e)
			return walk(nd.r, v, depth+1)
		}
		if s.root != none && s.nodes[s.root].p != none {
			return nil, fmt.Errorf("treap: root has a parent")
		}
		if err := walk(s.root, none, 0); err != nil {
			return nil, err
		}
		if len(inorder) != len(out) {
			return nil, fmt.Errorf("treap: in-order %d entries, thread %d", len(inorder), len(out))
		}
		for i := range out {
			if inorder[i] != out[i] {
				return nil, fmt.Errorf("treap: in-order and thread differ at %d", i)
			}
		}
	}
	for i := 1; i < len(out); i++ {
		if out[i-1].k >= out[i].k {
			return nil, fmt.Errorf("keys not strictly increasing at %d: %d then %d", i, out[i-1].k, out[i].k)
		}
	}
	return out, nil
}

// checkHull verifies every invariant of h that can be checked locally.
func checkHull(h *hull) error {
	if h.para {
		if len(h.paraV) != 2*h.n || h.stored != 0 {
			return fmt.Errorf("parabola mode: %d values, %d inserts, %d stored in the chains",
				len(h.paraV), h.n, h.stored)
		}
		return nil
	}
	refs := map[int32]int32{}
	for name, s := range map[string]*oseq{"upper": &h.upper, "lower": &h.lower} {
		es, err := checkSeq(s)
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		for i, e := range es {
			refs[e.pt]++
			if i > 0 && i+1 < len(es) {
				a, c := es[i-1], es[i+1]
				if cross(c.k-a.k, c.o-a.o, e.k-a.k, e.o-a.o).sign() < 0 {
					return fmt.Errorf("%s: entry %d (%d,%d) strictly below its neighbours", name, i, e.k, e.o)
				}
			}
		}
	}
	ncols := 2
	if h.oneCol {
		ncols = 1
		if h.xmin != h.xmax {
			return fmt.Errorf("oneCol with xmin %d != xmax %d", h.xmin, h.xmax)
		}
		if h.cols[1].size() != 0 {
			return fmt.Errorf("oneCol but right column not empty")
		}
	}
	for i := 0; i < ncols; i++ {
		es, err := checkSeq(&h.cols[i])
		if err != nil {
			return fmt.Errorf("col %d: %v", i, err)
		}
		want := h.xmin
		if i == 1 {
			want = h.xmax
		}
		for _, e := range es {
			refs[e.pt]++
			if e.o != want {
				return fmt.Errorf("col %d holds x=%d, want %d", i, e.o, want)
			}
		}
	}
	if len(refs) != h.stored {
		return fmt.Errorf("stored=%d but %d distinct points referenced", h.stored, len(refs))
	}
	for id, r := range refs {
		if h.pt(id).refs != r {
			return fmt.Errorf("point %d refs=%d, referenced %d times", id, h.pt(id).refs, r)
		}
	}
	return nil
}

type ikey struct{ x, y int64 }

// boundaryCount is an independent reference for Stored(): the number of
// distinct keys not strictly inside the convex hull of keys.
func boundaryCount(keys []ikey) int {
	set := map[ikey]bool{}
	for _, k := range keys {
		set[k] = true
	}
	pts := make([]ikey, 0, len(set))
	for k := range set {
		pts = append(pts, k)
	}
	sort.Slice(pts, func(i, j int) bool {
		if pts[i].x != pts[j].x {
			return pts[i].x < pts[j].x
		}
		return pts[i].y < pts[j].y
	})
	if len(pts) <= 2 {
		return len(pts)
	}
	turn := func(o, a, b ikey) int { return cross(a.x-o.x, a.y-o.y, b.x-o.x, b.y-o.y).sign() }
	// Andrew's monotone chain, strict vertices only, counter-clockwise.
	var hv []ikey
	for _, p := range pts {
		for len(hv) >= 2 && turn(hv[len(hv)-2], hv[len(hv)-1], p) <= 0 {
			hv = hv[:len(hv)-1]
		}
		hv = append(hv, p)
	}
	lowerLen := len(hv) + 1
	for i := len(pts) - 2; i >= 0; i-- {
		p := pts[i]
		for len(hv) >= lowerLen && turn(hv[len(hv)-2], hv[len(hv)-1], p) <= 0 {
			hv = hv[:len(hv)-1]
		}
		hv = append(hv, p)
	}
	hv = hv[:len(hv)-1]
	if len(hv) <= 2 {
		return len(pts) // all collinear: every key is on the boundary
	}
	n := 0
	for _, p := range pts {
		on := false
		for i := range hv {
			a, b := hv[i], hv[(i+1)%len(hv)]
			if turn(a, b, p) == 0 && min(a.x, b.x) <= p.x && p.x <= max(a.x, b.x) &&
				min(a.y, b.y) <= p.y && p.y <= max(a.y, b.y) {
				on = true
				break
			}
		}
		if on {
			n++
		}
	}
	return n
}
