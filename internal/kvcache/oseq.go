package kvcache

import "unsafe"

// entry is one element of an ordered sequence: k orders the sequence
// (strictly increasing, no two entries share k), o is the other coordinate
// and pt indexes the point's aggregates in hull.pts.
type entry struct {
	k, o int64
	pt   int32
}

// none is the null handle.
const none = -1

// tnode is a treap node. Links are indices into oseq.nodes (none = -1);
// prev/next thread the nodes in key order.
type tnode struct {
	e                   entry
	l, r, p, prev, next int32
	prio                uint32
}

// oseq is a sequence of entries ordered by strictly increasing k.
//
// It starts as a deque (a slice with slack at both ends) in which entries are
// only ever added or removed at the two ends: amortised O(1), and queries are
// a binary search over contiguous memory. The first time an entry must go
// into (or leave) the middle, the deque is converted, once, in O(n), into a
// treap (randomised balanced binary search tree, expected O(log n) depth),
// which then serves every operation in expected O(log n) until clear.
//
// Handles: in deque mode a handle is an absolute index into buf, valid while
// the entry stays; in treap mode it is a node index, valid until the node is
// removed. convert invalidates all handles.
type oseq struct {
	tree bool

	// deque mode: the entries are buf[lo:hi].
	buf    []entry
	lo, hi int

	// treap mode
	nodes              []tnode
	free               []int32
	root, first, last_ int32
	n                  int
	rng                uint64

	// finger is the last argmax answer, an index in buf (deque mode) or
	// a node (treap mode, none when unknown): the search starts there.
	finger int
}

func (s *oseq) size() int {
	if s.tree {
		return s.n
	}
	return s.hi - s.lo
}

// clear empties the sequence and returns it to deque mode, keeping capacity.
func (s *oseq) clear() {
	s.tree = false
	s.lo, s.hi = 0, 0
	if s.buf != nil {
		s.lo = min(len(s.buf)/4, 16)
		s.hi = s.lo
	}
	s.nodes = s.nodes[:0]
	s.free = s.free[:0]
	s.root, s.first, s.last_ = none, none, none
	s.n = 0
}

// bytes returns the bytes held by the sequence's backing arrays (by capacity).
func (s *oseq) bytes() uintptr {
	return uintptr(cap(s.buf))*unsafe.Sizeof(entry{}) +
		uintptr(cap(s.nodes))*unsafe.Sizeof(tnode{}) +
		uintptr(cap(s.free))*unsafe.Sizeof(int32(0))
}

func (s *oseq) at(h int) *entry {
	if s.tree {
		return &s.nodes[h].e
	}
	return &s.buf[h]
}

func (s *oseq) head() int {
	if s.tree {
		return int(s.first)
	}
	if s.lo == s.hi {
		return none
	}
	return s.lo
}

func (s *oseq) tail() int {
	if s.tree {
		return int(s.last_)
	}
	if s.lo == s.hi {
		return none
	}
	return s.hi - 1
}

func (s *oseq) next(h int) int {
	if s.tree {
		return int(s.nodes[h].next)
	}
	if h+1 < s.hi {
		return h + 1
	}
	return none
}

func (s *oseq) prev(h int) int {
	if s.tree {
		return int(s.nodes[h].prev)
	}
	if h > s.lo {
		return h - 1
	}
	return none
}

// locate finds key k: e is the entry with key k (or none), a the entry with
// the largest key < k and c the one with the smallest key > k (or none).
// In deque mode the two ends are checked first, so appends cost O(1).
func (s *oseq) locate(k int64) (a, e, c int) {
	if s.tree {
		a, c = none, none
		v := s.root
		for v != none {
			nd := &s.nodes[v]
			switch {
			case k == nd.e.k:
				return int(nd.prev), int(v), int(nd.next)
			case k < nd.e.k:
				c = int(v)
				v = nd.l
			default:
				a = int(v)
				v = nd.r
			}
		}
		return a, none, c
	}
	lo, hi := s.lo, s.hi
	if lo == hi {
		return none, none, none
	}
	last := s.buf[hi-1].k
	switch {
	case k > last:
		return hi - 1, none, none
	case k == last:
		return s.prev(hi - 1), hi - 1, none
	}
	first := s.buf[lo].k
	switch {
	case k < first:
		return none, none, lo
	case k == first:
		return none, lo, s.next(lo)
	}
	// first < k < last: the first index with key >= k lies in (lo, hi-1].
	i, j := lo+1, hi-1
	for i < j {
		m := int(uint(i+j) >> 1)
		if s.buf[m].k < k {
			i = m + 1
		} else {
			j = m
		}
	}
	if s.buf[i].k == k {
		return i - 1, i, i + 1
	}
	return i - 1, none, i
}

// inMiddle reports whether inserting between a and c, or removing an entry
// whose neighbours are a and c, would touch the interior of a deque: the
// caller must then convert first.
func (s *oseq) inMiddle(a, c int) bool {
	return !s.tree && a != none && c != none
}

// remove deletes the entry at h. In deque mode h must be an end.
func (s *oseq) remove(h int) {
	if s.tree {
		s.treeRemove(int32(h))
		return
	}
	switch h {
	case s.hi - 1:
		s.hi--
	case s.lo:
		s.lo++
	default:
		panic("kvcache: internal error: deque removal from the middle")
	}
}

// insert adds e between the adjacent handles a and c (either may be none,
// meaning e goes first or last). In deque mode one of them must be none.
func (s *oseq) insert(a, c int, e entry) {
	if s.tree {
		s.treeInsert(int32(a), int32(c), e)
		return
	}
	switch {
	case c == none:
		if s.hi == len(s.buf) {
			s.grow(false)
		}
		s.buf[s.hi] = e
		s.hi++
	case a == none:
		if s.lo == 0 {
			s.grow(true)
		}
		s.lo--
		s.buf[s.lo] = e
	default:
		panic("kvcache: internal error: deque insertion in the middle")
	}
}

// grow reallocates the deque, doubling the slack on the side that ran out
// and keeping a little on the other.
func (s *oseq) grow(front bool) {
	n := s.hi - s.lo
	extra := n + 16
	var headroom int
	if front {
		headroom = extra
	} else {
		headroom = min(s.lo, n/8+4)
	}
	tailroom := len(s.buf) - s.hi
	if front {
		tailroom = min(tailroom, n/8+4)
	} else {
		tailroom = extra
	}
	nb := make([]entry, headroom+n+tailroom)
	copy(nb[headroom:], s.buf[s.lo:s.hi])
	s.finger += headroom - s.lo
	s.buf, s.lo, s.hi = nb, headroom, headroom+n
}

func (s *oseq) rand32() uint32 {
	// xorshift64*
	if s.rng == 0 {
		s.rng = 0x9E3779B97F4A7C15
	}
	s.rng ^= s.rng >> 12
	s.rng ^= s.rng << 25
	s.rng ^= s.rng >> 27
	return uint32((s.rng * 2685821657736338717) >> 32)
}

// convert turns the deque into a treap in O(n), building the Cartesian tree
// of random priorities over the entries in order with a stack.
func (s *oseq) convert() {
	if s.tree {
		return
	}
	n := s.hi - s.lo
	s.nodes = s.nodes[:0]
	s.free = s.free[:0]
	stack := make([]int32, 0, 64)
	for i := 0; i < n; i++ {
		s.nodes = append(s.nodes, tnode{
			e: s.buf[s.lo+i], l: none, r: none, p: none,
			prev: int32(i - 1), next: int32(i + 1), prio: s.rand32(),
		})
		cur := int32(i)
		lastPopped := int32(none)
		for len(stack) > 0 && s.nodes[stack[len(stack)-1]].prio < s.nodes[cur].prio {
			lastPopped = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		}
		s.nodes[cur].l = lastPopped
		if lastPopped != none {
			s.nodes[lastPopped].p = cur
		}
		if len(stack) > 0 {
			top := stack[len(stack)-1]
			s.nodes[top].r = cur
			s.nodes[cur].p = top
		}
		stack = append(stack, cur)
	}
	s.root, s.first, s.last_ = none, none, none
	if n > 0 {
		s.nodes[n-1].next = none
		s.root = stack[0]
		s.first, s.last_ = 0, int32(n-1)
	}
	s.n = n
	s.tree = true
	s.buf, s.lo, s.hi = nil, 0, 0
	s.finger = none
}

// setChild replaces old by x in the child slot of parent p (or the root).
func (s *oseq) setChild(p, old, x int32) {
	switch {
	case p == none:
		s.root = x
	case s.nodes[p].l == old:
		s.nodes[p].l = x
	default:
		s.nodes[p].r = x
	}
	if x != none {
		s.nodes[x].p = p
	}
}

// rotateUp lifts x above its parent, preserving key order.
func (s *oseq) rotateUp(x int32) {
	nd := s.nodes
	p := nd[x].p
	g := nd[p].p
	if nd[p].l == x {
		b := nd[x].r
		nd[p].l = b
		if b != none {
			nd[b].p = p
		}
		nd[x].r = p
	} else {
		b := nd[x].l
		nd[p].r = b
		if b != none {
			nd[b].p = p
		}
		nd[x].l = p
	}
	nd[p].p = x
	s.setChild(g, p, x)
}

func (s *oseq) treeInsert(a, c int32, e entry) {
	var x int32
	if k := len(s.free); k > 0 {
		x = s.free[k-1]
		s.free = s.free[:k-1]
	} else {
		x = int32(len(s.nodes))
		s.nodes = append(s.nodes, tnode{})
	}
	s.nodes[x] = tnode{e: e, l: none, r: none, p: none, prev: a, next: c, prio: s.rand32()}
	// a and c are adjacent, so a has no right child or c has no left child.
	switch {
	case a != none && s.nodes[a].r == none:
		s.nodes[a].r = x
		s.nodes[x].p = a
	case c != none && s.nodes[c].l == none:
		s.nodes[c].l = x
		s.nodes[x].p = c
	case a == none && c == none:
		s.root = x
	default:
		panic("kvcache: internal error: treap insert between non-adjacent nodes")
	}
	if a != none {
		s.nodes[a].next = x
	} else {
		s.first = x
	}
	if c != none {
		s.nodes[c].prev = x
	} else {
		s.last_ = x
	}
	for p := s.nodes[x].p; p != none && s.nodes[p].prio < s.nodes[x].prio; p = s.nodes[x].p {
		s.rotateUp(x)
	}
	s.n++
}

func (s *oseq) treeRemove(x int32) {
	nd := s.nodes
	// Rotate x down until it has at most one child.
	for nd[x].l != none && nd[x].r != none {
		l, r := nd[x].l, nd[x].r
		if nd[l].prio > nd[r].prio {
			s.rotateUp(l)
		} else {
			s.rotateUp(r)
		}
	}
	child := nd[x].l
	if child == none {
		child = nd[x].r
	}
	s.setChild(nd[x].p, x, child)
	pv, nx := nd[x].prev, nd[x].next
	if pv != none {
		nd[pv].next = nx
	} else {
		s.first = nx
	}
	if nx != none {
		nd[nx].prev = pv
	} else {
		s.last_ = pv
	}
	nd[x] = tnode{l: none, r: none, p: none, prev: none, next: none}
	s.free = append(s.free, x)
	if int(x) == s.finger {
		s.finger = none
	}
	s.n--
}

// argmax returns the first entry (in key order) maximising wx*k + wy*o over
// a chain whose edges have non-increasing slope (an upper convex chain),
// given wy > 0. Along such a chain the sign of w·(next-cur) is +, ..., +,
// 0, ..., 0, -, ..., - so a binary search finds the first edge that does not
// increase the score. Returns none on an empty sequence.
func (s *oseq) argmax(wx, wy int64) int {
	if s.tree {
		if v := s.treeFinger(wx, wy); v != none {
			return v
		}
		cand := int32(none)
		v := s.root
		for v != none {
			nd := &s.nodes[v]
			if w := nd.next; w != none && dotSign(wx, wy, s.nodes[w].e.k-nd.e.k, s.nodes[w].e.o-nd.e.o) > 0 {
				v = nd.r
			} else {
				cand = v
				v = nd.l
			}
		}
		s.finger = int(cand)
		return int(cand)
	}
	if s.lo == s.hi {
		return none
	}
	i := s.lo + s.firstNotRising(wx, wy)
	s.finger = i
	return i
}

// treeFinger looks for argmax's answer (treap mode) within a few entries of
// the previous answer, walking towards it: the answer is the first entry
// whose edge to the next does not raise the score. It returns none when
// the walk ends without it.
func (s *oseq) treeFinger(wx, wy int64) int {
	if s.finger == none {
		return none
	}
	nd := s.nodes
	rises := func(v int32) bool {
		w := nd[v].next
		return w != none && dotSign(wx, wy, nd[w].e.k-nd[v].e.k, nd[w].e.o-nd[v].e.o) > 0
	}
	v := int32(s.finger)
	for step := 0; step < 4; step++ {
		if rises(v) {
			v = nd[v].next
			continue
		}
		if p := nd[v].prev; p == none || rises(p) {
			s.finger = int(v)
			return int(v)
		}
		v = nd[v].prev
	}
	return none
}

// firstNotRising returns, in deque mode, the first index i of b = buf[lo:hi]
// whose edge to i+1 does not raise the score w·e (the last index when every
// edge does). The predicate "edge i does not raise it" is false, ..., false,
// true, ..., true along the chain. The search gallops from the previous
// answer (the finger) in the direction of the answer, doubling its step,
// then bisects the bracket found: O(log d) dot products for an answer d
// entries from the finger. Successive lookups of a head mostly land next to
// each other (a window over the previous tokens moves by one position a
// token, fetches walk through the program), so d is mostly small; galloping
// costs at most twice the plain bisection otherwise.
func (s *oseq) firstNotRising(wx, wy int64) int {
	b := s.buf[s.lo:s.hi]
	n := len(b)
	// flat(i) reports whether edge i does not raise the score (true at n-1).
	flat := func(i int) bool {
		return i == n-1 || dotSign(wx, wy, b[i+1].k-b[i].k, b[i+1].o-b[i].o) <= 0
	}
	f := min(max(s.finger-s.lo, 0), n-1)
	// The answer is in (lo, hi]: flat(hi) holds, flat(lo) does not (lo = -1:
	// no such index).
	var lo, hi int
	if flat(f) {
		lo, hi = -1, f
		for step := 1; hi > 0; step *= 2 {
			j := max(hi-step, 0)
			if !flat(j) {
				lo = j
				break
			}
			hi = j
		}
	} else {
		lo, hi = f, n-1
		for step := 1; lo < n-1; step *= 2 {
			j := min(lo+step, n-1)
			if flat(j) {
				hi = j
				break
			}
			lo = j
		}
	}
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if flat(m) {
			hi = m
		} else {
			lo = m
		}
	}
	return hi
}
