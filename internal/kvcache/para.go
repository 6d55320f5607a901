package kvcache

// Parabola mode. The keys of a "value at position t-d" head are (2j, -j²),
// j = 0, 1, 2, ... in insertion order: points of the concave parabola
// y = -x²/4, every one of them on the upper envelope, the first and the
// last alone on the lower one and on the vertical edges. While the keys
// follow that pattern the hull keeps only each key's value (16 bytes a key
// instead of about 80) and answers queries by arithmetic, with the same
// results as the general structures would give:
//
//   - qy > 0: the score f(j) = 2j·qx - j²·qy along the upper chain stops
//     rising at the first j with 2qx - (2j+1)·qy <= 0, which is
//     ceil((2qx - qy) / 2qy) clamped to [0, n-1]; j+1 ties when that
//     difference is 0;
//   - qy < 0: f is convex in j, so the best keys are among j = 0 and
//     j = n-1 (the lower chain);
//   - qy = 0: the extreme vertical line, j = n-1 for qx > 0, j = 0 for
//     qx < 0.
//
// The first other key makes the hull build its general structures from the
// stored keys (materialize) and continue from there. Each key was inserted
// once; its latest position stands as j, which orders the keys as their
// positions do and comes before every later insert's position (a key
// enters only when its position is at least j, and positions increase):
// ties resolve to the latest key exactly as with the positions themselves.

// materialize leaves parabola mode, inserting the keys kept so far into the
// general structures.
func (h *hull) materialize() {
	h.para = false
	for j := 0; j < len(h.paraV)/2; j++ {
		x := int64(j)
		h.add(2*x, -x*x, h.paraV[2*j], h.paraV[2*j+1], j)
	}
	h.paraV = h.paraV[:0]
}

// paraQuery answers a query (x, y) ≠ (0, 0) in parabola mode.
func (h *hull) paraQuery(x, y int64, mode TieMode) (vx, vy float64) {
	n := int64(len(h.paraV) / 2)
	// edge is the sign of the score's change from key j to key j+1:
	// (x, y)·(2, -(2j+1)), exactly as the general chain search computes it.
	edge := func(j int64) int { return dotSign(x, y, 2, -(2*j + 1)) }
	lo, hi := int64(0), int64(-1) // the tied keys lo and hi (hi < 0: lo alone)
	switch {
	case y > 0:
		// i = ceil((2x - y) / 2y), then steps to the exact first key whose
		// edge does not rise (the division is exact; the steps only guard it).
		a, b := 2*x-y, 2*y
		i := a / b
		if a%b != 0 && a > 0 {
			i++
		}
		i = min(max(i, 0), n-1)
		for i > 0 && edge(i-1) <= 0 {
			i--
		}
		for i < n-1 && edge(i) > 0 {
			i++
		}
		lo = i
		if i < n-1 && edge(i) == 0 {
			hi = i + 1
		}
	case y < 0:
		// The last key against the first: (x, -y)·(2(n-1), (n-1)²) is
		// f(n-1) - f(0), as the mirrored lower chain computes it.
		if m := n - 1; m > 0 {
			switch d := dotSign(x, -y, 2*m, m*m); {
			case d > 0:
				lo = m
			case d == 0:
				hi = m
			}
		}
	case x > 0:
		lo = n - 1
	}
	var t tieAcc
	for _, j := range [2]int64{lo, hi} {
		if j >= 0 {
			vx, vy := h.paraV[2*j], h.paraV[2*j+1]
			t.add(&point{sumX: 0 + vx, sumY: 0 + vy, lastX: vx, lastY: vy, count: 1, lastPos: int(j)})
		}
	}
	return t.result(mode)
}
