package kvcache

import (
	"math"
	"math/rand"
	"strings"
	"testing"
)

// sameFloat reports bit-identical floats (any NaN equals any NaN).
func sameFloat(a, b float64) bool {
	if math.IsNaN(a) && math.IsNaN(b) {
		return true
	}
	return math.Float64bits(a) == math.Float64bits(b)
}

// harness drives a hull and the brute-force reference in lockstep.
type harness struct {
	t     testing.TB
	h     *hull
	b     Cache
	keys  []ikey
	pos   int
	ops   int
	check int // run checkHull after every insert while Len() < check
	every int // ... and then every this many inserts (0: never)
}

func newHarness(t testing.TB) *harness {
	return &harness{t: t, h: NewHull().(*hull), b: NewBrute(), check: 64, every: 97}
}

func (hs *harness) insert(x, y int64, vx, vy float64) {
	hs.t.Helper()
	hs.pos += 1 + hs.pos&1
	hs.h.Insert(float64(x), float64(y), vx, vy, hs.pos)
	hs.b.Insert(float64(x), float64(y), vx, vy, hs.pos)
	hs.keys = append(hs.keys, ikey{x, y})
	hs.ops++
	if hs.h.Len() != hs.b.Len() {
		hs.t.Fatalf("Len: hull %d brute %d", hs.h.Len(), hs.b.Len())
	}
	if n := hs.h.Len(); n < hs.check || hs.every > 0 && n%hs.every == 0 {
		if err := checkHull(hs.h); err != nil {
			hs.t.Fatalf("after insert %d (%d,%d): %v", n, x, y, err)
		}
	}
}

func (hs *harness) query(x, y int64) {
	hs.t.Helper()
	for _, m := range []TieMode{TieAverage, TieLatest} {
		hx, hy, hok := hs.h.Query(float64(x), float64(y), m)
		bx, by, bok := hs.b.Query(float64(x), float64(y), m)
		hs.ops++
		if hok != bok || !sameFloat(hx, bx) || !sameFloat(hy, by) {
			hs.t.Fatalf("query (%d,%d) mode %d after %d inserts: hull (%v,%v,%v) brute (%v,%v,%v)\nlast keys %v",
				x, y, m, hs.h.Len(), hx, hy, hok, bx, by, bok, tail(hs.keys, 8))
		}
	}
}

// verifyStored compares Stored() with the independent boundary count.
func (hs *harness) verifyStored() {
	hs.t.Helper()
	if err := checkHull(hs.h); err != nil {
		hs.t.Fatalf("final check: %v", err)
	}
	if want := boundaryCount(hs.keys); hs.h.Stored() != want {
		hs.t.Fatalf("Stored()=%d, keys on the hull boundary=%d", hs.h.Stored(), want)
	}
}

func tail(k []ikey, n int) []ikey {
	if len(k) > n {
		return k[len(k)-n:]
	}
	return k
}

// randValue mixes magnitudes so that summation order changes the rounding.
func randValue(r *rand.Rand) float64 {
	switch r.Intn(6) {
	case 0:
		return float64(r.Intn(7) - 3)
	case 1:
		return math.Copysign(0, -1)
	case 2:
		return r.NormFloat64() * math.Pow(10, float64(r.Intn(33)-16))
	case 3:
		return float64(r.Intn(1 << 20))
	default:
		return r.NormFloat64()
	}
}

const maxJ = 94906265 // largest j with j² < 2^53

type keyGen func(r *rand.Rand, n int) []ikey

func parabola(js []int64) []ikey {
	k := make([]ikey, len(js))
	for i, j := range js {
		k[i] = ikey{2 * j, -j * j}
	}
	return k
}

func randIn(r *rand.Rand, lo, hi int64) int64 { return lo + r.Int63n(hi-lo+1) }

var keyGens = map[string]keyGen{
	"box3": func(r *rand.Rand, n int) []ikey {
		k := make([]ikey, n)
		for i := range k {
			k[i] = ikey{randIn(r, -3, 3), randIn(r, -3, 3)}
		}
		return k
	},
	"box1000": func(r *rand.Rand, n int) []ikey {
		k := make([]ikey, n)
		for i := range k {
			k[i] = ikey{randIn(r, -1000, 1000), randIn(r, -1000, 1000)}
		}
		return k
	},
	"huge": func(r *rand.Rand, n int) []ikey {
		k := make([]ikey, n)
		const m = 1<<53 - 1
		for i := range k {
			k[i] = ikey{randIn(r, -m, m), randIn(r, -m, m)}
		}
		return k
	},
	"hugeCorners": func(r *rand.Rand, n int) []ikey {
		k := make([]ikey, n)
		const m = 1<<53 - 1
		for i := range k {
			x, y := int64(m-r.Intn(3)), int64(m-r.Intn(3))
			if r.Intn(2) == 0 {
				x = -x
			}
			if r.Intn(2) == 0 {
				y = -y
			}
			k[i] = ikey{x, y}
		}
		return k
	},
	"clustered": func(r *rand.Rand, n int) []ikey {
		var c [3]ikey
		for i := range c {
			c[i] = ikey{randIn(r, -1<<50, 1<<50), randIn(r, -1<<50, 1<<50)}
		}
		k := make([]ikey, n)
		for i := range k {
			cc := c[r.Intn(3)]
			k[i] = ikey{cc.x + randIn(r, -5, 5), cc.y + randIn(r, -5, 5)}
		}
		return k
	},
	"collinear": func(r *rand.Rand, n int) []ikey {
		base := ikey{randIn(r, -1e6, 1e6), randIn(r, -1e6, 1e6)}
		d := ikey{randIn(r, -4, 4), randIn(r, -4, 4)}
		k := make([]ikey, n)
		for i := range k {
			t := randIn(r, -60, 60)
			k[i] = ikey{base.x + t*d.x, base.y + t*d.y}
			if r.Intn(25) == 0 {
				k[i].y += randIn(r, -3, 3)
			}
		}
		return k
	},
	"duplicated": func(r *rand.Rand, n int) []ikey {
		pool := make([]ikey, 1+r.Intn(8))
		for i := range pool {
			pool[i] = ikey{randIn(r, -10, 10), randIn(r, -10, 10)}
		}
		k := make([]ikey, n)
		for i := range k {
			k[i] = pool[r.Intn(len(pool))]
		}
		return k
	},
	"parabolaInOrder": func(r *rand.Rand, n int) []ikey {
		j0 := randIn(r, -100, 100)
		js := make([]int64, n)
		for i := range js {
			js[i] = j0 + int64(i)
		}
		return parabola(js)
	},
	"parabolaShuffled": func(r *rand.Rand, n int) []ikey {
		js := make([]int64, n)
		for i := range js {
			js[i] = int64(i)
		}
		r.Shuffle(n, func(i, j int) { js[i], js[j] = js[j], js[i] })
		return parabola(js)
	},
	"parabolaRewrites": func(r *rand.Rand, n int) []ikey {
		js := make([]int64, n)
		m := 1 + r.Int63n(60)
		for i := range js {
			js[i] = r.Int63n(m)
		}
		return parabola(js)
	},
	"parabolaLarge": func(r *rand.Rand, n int) []ikey {
		js := make([]int64, n)
		for i := range js {
			js[i] = maxJ - int64(n) + int64(i)
			if r.Intn(2) == 0 {
				js[i] = -js[i]
			}
		}
		if r.Intn(2) == 0 {
			r.Shuffle(n, func(i, j int) { js[i], js[j] = js[j], js[i] })
		}
		return parabola(js)
	},
	"parabolaDecreasing": func(r *rand.Rand, n int) []ikey {
		js := make([]int64, n)
		for i := range js {
			js[i] = int64(n - i)
			if r.Intn(10) == 0 && i > 0 {
				js[i] = js[i-1] // a re-write
			}
		}
		return parabola(js)
	},
	"mostlyMonotone": func(r *rand.Rand, n int) []ikey {
		k := make([]ikey, n)
		for i := range k {
			j := int64(i)
			if r.Intn(40) == 0 {
				j = r.Int63n(int64(i) + 1)
			}
			k[i] = ikey{j, randIn(r, -3, 3) - j*j/64}
		}
		return k
	},
	"verticalLines": func(r *rand.Rand, n int) []ikey {
		xs := []int64{-1, 0, 2}
		nx := 1 + r.Intn(3)
		k := make([]ikey, n)
		for i := range k {
			k[i] = ikey{xs[r.Intn(nx)], randIn(r, -20, 20)}
		}
		return k
	},
	"horizontalLine": func(r *rand.Rand, n int) []ikey {
		k := make([]ikey, n)
		for i := range k {
			k[i] = ikey{randIn(r, -30, 30), 7}
		}
		return k
	},
	"growingCircle": func(r *rand.Rand, n int) []ikey {
		k := make([]ikey, n)
		for i := range k {
			rad := 100 + 3*float64(i)
			a := r.Float64() * 2 * math.Pi
			k[i] = ikey{int64(math.Round(rad * math.Cos(a))), int64(math.Round(rad * math.Sin(a)))}
		}
		return k
	},
	"stackSlots": func(r *rand.Rand, n int) []ikey {
		// An address walking up and down, as a stack pointer does.
		k := make([]ikey, n)
		sp := int64(0)
		for i := range k {
			sp += randIn(r, -2, 2)
			k[i] = ikey{2 * sp, -sp * sp}
		}
		return k
	},
}

// randQuery draws queries of every shape: axis-aligned, zero, negative,
// small (many ties), huge, and index-lookup queries near the keys.
func randQuery(r *rand.Rand, keys []ikey) (int64, int64) {
	x, y := rawQuery(r, keys)
	return clampCoord(x), clampCoord(y)
}

func clampCoord(v int64) int64 {
	const m = 1<<53 - 1
	return max(-m, min(m, v))
}

func rawQuery(r *rand.Rand, keys []ikey) (int64, int64) {
	switch r.Intn(9) {
	case 0:
		return randIn(r, -3, 3), randIn(r, -3, 3)
	case 1:
		return 0, randIn(r, -5, 5)
	case 2:
		return randIn(r, -5, 5), 0
	case 3:
		const m = 1<<53 - 1
		return randIn(r, -m, m), randIn(r, -m, m)
	case 4:
		return randIn(r, -1000, 1000), randIn(r, -1000, 1000)
	case 5, 6:
		// (i, 1) or (2i+1, 2) around a key's j = x/2: exact hits and ties.
		k := keys[r.Intn(len(keys))]
		i := k.x/2 + randIn(r, -2, 2)
		if r.Intn(2) == 0 {
			return i, 1
		}
		return 2*i + 1, 2
	case 7:
		// Normal of a random pair of keys: that pair ties if on the hull.
		a, b := keys[r.Intn(len(keys))], keys[r.Intn(len(keys))]
		dx, dy := b.x-a.x, b.y-a.y
		if absI(dx) >= 1<<52 || absI(dy) >= 1<<52 {
			dx, dy = dx>>2, dy>>2
		}
		if r.Intn(2) == 0 {
			return dy, -dx
		}
		return -dy, dx
	default:
		return randIn(r, -1, 1) * randIn(r, 1, 1<<20), randIn(r, -1, 1) * randIn(r, 1, 1<<20)
	}
}

func absI(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// TestHullVsBrute is the main property test: every generator, many trials,
// each insert followed by queries in both tie modes, compared bit for bit.
func TestHullVsBrute(t *testing.T) {
	trials, maxN := 40, 700
	if testing.Short() {
		trials, maxN = 4, 300
	}
	total := 0
	for name, gen := range keyGens {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewSource(int64(len(name)) * 7919))
			for trial := 0; trial < trials; trial++ {
				n := 1 + r.Intn(maxN)
				if trial < 4 {
					n = 1 + trial // single point, two points, ...
				}
				keys := gen(r, n)
				hs := newHarness(t)
				for i, k := range keys {
					hs.insert(k.x, k.y, randValue(r), randValue(r))
					for q := 0; q < 2; q++ {
						qx, qy := randQuery(r, keys[:i+1])
						hs.query(qx, qy)
					}
					if i == n/2 && n <= 1500 {
						hs.verifyStored()
					}
				}
				hs.query(0, 0)
				hs.verifyStored()
				total += hs.ops
			}
		})
	}
	t.Logf("%d hull operations compared against brute force", total)
	if !testing.Short() && total < 1_000_000 {
		t.Errorf("only %d operations; want at least 1e6", total)
	}
}

// TestResetReuse interleaves Reset with inserts and checks nothing leaks.
func TestResetReuse(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	hs := newHarness(t)
	for round := 0; round < 50; round++ {
		hs.h.Reset()
		hs.b.Reset()
		hs.keys = hs.keys[:0]
		if _, _, ok := hs.h.Query(1, 1, TieAverage); ok {
			t.Fatal("query after Reset reported ok")
		}
		if hs.h.Len() != 0 || hs.h.Stored() != 0 || hs.h.BytesPerKey() != 0 {
			t.Fatalf("after Reset: Len %d Stored %d BytesPerKey %v", hs.h.Len(), hs.h.Stored(), hs.h.BytesPerKey())
		}
		hs.pos = r.Intn(3) - 1 // positions restart after Reset
		gen := keyGens["mostlyMonotone"]
		if round%2 == 1 {
			gen = keyGens["box3"]
		}
		keys := gen(r, 1+r.Intn(200))
		for _, k := range keys {
			hs.insert(k.x, k.y, randValue(r), randValue(r))
			qx, qy := randQuery(r, keys)
			hs.query(qx, qy)
		}
		hs.verifyStored()
	}
}

// TestLargeShuffled exercises the treap path at scale: parabola keys and
// scattered points in random order, checked against brute force.
func TestLargeShuffled(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 20_000
	}
	r := rand.New(rand.NewSource(11))
	js := make([]int64, n)
	for i := range js {
		js[i] = int64(i) * 3
	}
	r.Shuffle(n, func(i, j int) { js[i], js[j] = js[j], js[i] })
	keys := parabola(js)
	for i := 0; i < n/10; i++ { // interior points and re-writes
		j := 3 * (1 + r.Int63n(int64(n)-2)) // not an extreme x: strictly inside or a re-write
		keys = append(keys, ikey{2 * j, -j*j - r.Int63n(5)})
	}
	r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	hs := newHarness(t)
	hs.check, hs.every = 0, 0
	for _, k := range keys {
		hs.insert(k.x, k.y, randValue(r), randValue(r))
	}
	if err := checkHull(hs.h); err != nil {
		t.Fatal(err)
	}
	if !hs.h.upper.tree {
		t.Error("upper chain did not switch to the treap")
	}
	for q := 0; q < 1000; q++ {
		qx, qy := randQuery(r, keys)
		hs.query(qx, qy)
		i := js[r.Intn(n)]
		hs.query(i, 1)
	}
	if hs.h.Stored() != n {
		t.Errorf("Stored %d, want %d (one per distinct parabola key)", hs.h.Stored(), n)
	}
	t.Logf("n=%d inserts=%d stored=%d BytesPerKey=%.1f (treap)", n, hs.h.Len(), hs.h.Stored(), hs.h.BytesPerKey())
}

// TestMonotoneLookup checks the fast path at a million keys against the
// analytic answer: query (i, 1) on keys (2j, -j²) returns the value at j = i.
func TestMonotoneLookup(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	c := NewHull().(*hull)
	for j := 0; j < n; j++ {
		c.Insert(float64(2*j), -float64(j)*float64(j), float64(j), -float64(j), j)
	}
	if c.upper.tree || c.lower.tree {
		t.Error("monotone keys left the deque fast path")
	}
	r := rand.New(rand.NewSource(3))
	for q := 0; q < n; q++ {
		i := r.Intn(n)
		vx, vy, ok := c.Query(float64(i), 1, TieLatest)
		if !ok || vx != float64(i) || vy != -float64(i) {
			t.Fatalf("query i=%d: got (%v,%v,%v)", i, vx, vy, ok)
		}
	}
	if c.Stored() != n {
		t.Errorf("Stored %d want %d", c.Stored(), n)
	}
	t.Logf("n=%d BytesPerKey=%.1f (deque)", n, c.BytesPerKey())
	small := NewHull()
	for j := 0; j < 10; j++ {
		small.Insert(float64(2*j), -float64(j*j), 0, 0, j)
	}
	if b := small.BytesPerKey(); b > 1000 {
		t.Errorf("a 10-key hull retains %.0f bytes per key", b)
	}
	t.Logf("10 keys: BytesPerKey=%.1f", small.BytesPerKey())
}

// TestMemory10M inserts ten million parabola keys and bounds the memory.
func TestMemory10M(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	const n = 10_000_000
	c := NewHull()
	for j := 0; j < n; j++ {
		c.Insert(float64(2*j), -float64(j)*float64(j), float64(j), 0, j)
	}
	bytes := c.BytesPerKey() * float64(c.Stored())
	t.Logf("n=%d stored=%d BytesPerKey=%.1f total=%.2f GiB", n, c.Stored(), c.BytesPerKey(), bytes/(1<<30))
	if bytes > 4<<30 {
		t.Errorf("hull retains %.2f GiB for %d keys; want well under 24 GiB", bytes/(1<<30), n)
	}
	if vx, _, ok := c.Query(float64(n-7), 1, TieAverage); !ok || vx != float64(n-7) {
		t.Errorf("lookup at n-7: %v %v", vx, ok)
	}
}

// TestEdgeCases is a table of small sequences with known answers.
func TestEdgeCases(t *testing.T) {
	type ins struct{ kx, ky, vx, vy float64 }
	type qry struct {
		qx, qy float64
		mode   TieMode
		vx, vy float64
		ok     bool
	}
	const big = 1 << 52
	cases := []struct {
		name   string
		ins    []ins
		qs     []qry
		stored int
	}{
		{"empty", nil, []qry{{1, 1, TieAverage, 0, 0, false}, {0, 0, TieLatest, 0, 0, false}}, 0},
		{"single", []ins{{3, -4, 7, 8}}, []qry{
			{1, 0, TieAverage, 7, 8, true}, {-1, 0, TieLatest, 7, 8, true}, {0, 1, TieAverage, 7, 8, true},
			{0, -1, TieAverage, 7, 8, true}, {0, 0, TieAverage, 7, 8, true}, {-5, 9, TieLatest, 7, 8, true},
		}, 1},
		{"two points tie perpendicular", []ins{{0, 0, 1, 0}, {2, 2, 3, 10}}, []qry{
			{1, -1, TieAverage, 2, 5, true}, {1, -1, TieLatest, 3, 10, true},
			{-1, 1, TieAverage, 2, 5, true}, {1, 1, TieAverage, 3, 10, true}, {-1, -1, TieLatest, 1, 0, true},
		}, 2},
		{"duplicates", []ins{{1, 1, 1, 0}, {1, 1, 3, 0}, {0, 0, 100, 0}, {1, 1, 8, 0}}, []qry{
			{1, 1, TieAverage, 4, 0, true}, {1, 1, TieLatest, 8, 0, true}, {-1, 0, TieAverage, 100, 0, true},
			{0, 0, TieAverage, 28, 0, true}, {0, 0, TieLatest, 8, 0, true},
		}, 2},
		{"collinear edge", []ins{{0, 0, 1, 0}, {2, 2, 2, 0}, {1, 1, 6, 0}, {3, 0, 50, 0}}, []qry{
			{-1, 1, TieAverage, 3, 0, true}, {-1, 1, TieLatest, 6, 0, true}, {1, 1, TieAverage, 2, 0, true},
		}, 4},
		{"vertical edges", []ins{{0, 0, 1, 0}, {0, 2, 2, 0}, {0, 1, 3, 0}, {5, 9, 4, 0}, {5, -9, 6, 0}, {5, 0, 8, 0}}, []qry{
			{-1, 0, TieAverage, 2, 0, true}, {-7, 0, TieLatest, 3, 0, true},
			{1, 0, TieAverage, 6, 0, true}, {1, 0, TieLatest, 8, 0, true}, {0, 1, TieAverage, 4, 0, true},
		}, 6},
		{"column left behind", []ins{{0, 0, 1, 0}, {0, 2, 2, 0}, {0, 1, 3, 0}, {-1, 1, 4, 0}, {1, 1, 5, 0}}, []qry{
			{1, 0, TieAverage, 5, 0, true}, {-1, 0, TieAverage, 4, 0, true}, {0, 1, TieLatest, 2, 0, true},
			{0, 0, TieAverage, 3, 0, true},
		}, 4}, // (0,1) is now strictly inside
		{"interior dropped but counted at q=0", []ins{{-1, -1, 1, 0}, {1, -1, 1, 0}, {1, 1, 1, 0}, {-1, 1, 1, 0}, {0, 0, 11, 0}}, []qry{
			{0, 0, TieAverage, 3, 0, true}, {0, 0, TieLatest, 11, 0, true}, {1, 0, TieAverage, 1, 0, true},
		}, 4},
		{"exact at 2^104", []ins{{big, 1, 1, 0}, {big + 1, 0, 2, 0}}, []qry{
			// Scores 2^104 and 2^104-1: equal in float64, not exactly.
			{big - 1, big, TieAverage, 1, 0, true},
			{big + 1, big, TieAverage, 2, 0, true},
		}, 2},
		{"large parabola", []ins{
			{2 * (maxJ - 2), -(maxJ - 2) * (maxJ - 2), 1, 0},
			{2 * (maxJ - 1), -(maxJ - 1) * (maxJ - 1), 2, 0},
			{2 * maxJ, -maxJ * maxJ, 3, 0},
		}, []qry{
			{maxJ - 1, 1, TieLatest, 2, 0, true}, {maxJ - 2, 1, TieLatest, 1, 0, true}, {maxJ, 1, TieAverage, 3, 0, true},
			{2*maxJ - 3, 2, TieAverage, 1.5, 0, true}, {-1, -1, TieAverage, 3, 0, true},
		}, 3},
		{"negative quadrant", []ins{{-5, -5, 1, 0}, {5, 5, 2, 0}, {-5, 5, 3, 0}, {5, -5, 4, 0}}, []qry{
			{-1, -2, TieLatest, 1, 0, true}, {-2, 1, TieLatest, 3, 0, true}, {1, -2, TieLatest, 4, 0, true},
			{0, -1, TieAverage, 2.5, 0, true}, {-1, 0, TieAverage, 2, 0, true},
		}, 4},
	}
	for _, tc := range cases {
		for _, mk := range []struct {
			name string
			new  func() Cache
		}{{"hull", NewHull}, {"brute", NewBrute}} {
			c := mk.new()
			for i, in := range tc.ins {
				c.Insert(in.kx, in.ky, in.vx, in.vy, 10*i)
			}
			for _, q := range tc.qs {
				vx, vy, ok := c.Query(q.qx, q.qy, q.mode)
				if vx != q.vx || vy != q.vy || ok != q.ok {
					t.Errorf("%s/%s: query (%v,%v) mode %d = (%v,%v,%v), want (%v,%v,%v)",
						tc.name, mk.name, q.qx, q.qy, q.mode, vx, vy, ok, q.vx, q.vy, q.ok)
				}
			}
			if mk.name == "hull" && c.Stored() != tc.stored {
				t.Errorf("%s: Stored %d want %d", tc.name, c.Stored(), tc.stored)
			}
			if c.Len() != len(tc.ins) {
				t.Errorf("%s/%s: Len %d want %d", tc.name, mk.name, c.Len(), len(tc.ins))
			}
		}
	}
}

// TestSummationOrder pins the documented TieAverage order: per-key sums in
// insertion order, combined in increasing key order.
func TestSummationOrder(t *testing.T) {
	for _, mk := range []func() Cache{NewHull, NewBrute} {
		c := mk()
		// Keys (1,0) and (0,1) tie for q=(1,1); (0,1) < (1,0) in key order.
		c.Insert(1, 0, 1e16, 0, 1)
		c.Insert(0, 1, 1, 0, 2)
		c.Insert(0, 1, 1, 0, 3)
		c.Insert(1, 0, -1e16, 0, 4)
		vx, _, _ := c.Query(1, 1, TieAverage)
		one, e16, zero := 1.0, 1e16, 0.0                      // variables: constant arithmetic would be exact
		k01 := zero + one + one                               // 2
		k10 := zero + e16 + -e16                              // 0
		want := (zero + k01 + k10) / 4                        // 0.5
		insertionOrder := (zero + e16 + one + one + -e16) / 4 // 1e16+1 rounds to 1e16: 0
		if want == insertionOrder {
			t.Fatal("test values do not distinguish the summation orders")
		}
		if vx != want {
			t.Errorf("%T: got %v want %v", c, vx, want)
		}
		// q=(0,0): insertion order over all pairs.
		vx, _, _ = c.Query(0, 0, TieAverage)
		if vx != insertionOrder {
			t.Errorf("%T q=0: got %v want %v", c, vx, insertionOrder)
		}
	}
}

func TestPanics(t *testing.T) {
	mustPanic := func(name string, f func()) {
		t.Helper()
		defer func() {
			r := recover()
			s, _ := r.(string)
			if !strings.HasPrefix(s, "kvcache:") {
				t.Errorf("%s: recovered %v, want a panic starting \"kvcache:\"", name, r)
			}
		}()
		f()
	}
	for _, mk := range []func() Cache{NewHull, NewBrute} {
		for _, bad := range []float64{0.5, 1 << 53, -(1 << 53), math.NaN(), math.Inf(1), 1e300} {
			mustPanic("key", func() { mk().Insert(bad, 0, 0, 0, 0) })
			mustPanic("key y", func() { mk().Insert(0, bad, 0, 0, 0) })
			mustPanic("query", func() { c := mk(); c.Insert(0, 0, 0, 0, 0); c.Query(0, bad, TieAverage) })
			mustPanic("query x", func() { mk().Query(bad, 1, TieLatest) })
		}
		mustPanic("pos", func() { c := mk(); c.Insert(0, 0, 0, 0, 5); c.Insert(1, 0, 0, 0, 5) })
		// The largest legal coordinates are accepted.
		c := mk()
		c.Insert(1<<53-1, -(1<<53 - 1), 1, 2, 0)
		if vx, _, ok := c.Query(1<<53-1, -(1<<53 - 1), TieAverage); !ok || vx != 1 {
			t.Errorf("extreme coordinates: %v %v", vx, ok)
		}
	}
}

func TestFastSigns(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	edge := []int64{0, 1, -1, 1<<30 - 1, -(1<<30 - 1), 1 << 30, -1 << 30, 1<<30 + 1, 1 << 31, 1<<53 - 1, -(1<<54 - 2)}
	pick := func() int64 {
		switch r.Intn(3) {
		case 0:
			return edge[r.Intn(len(edge))]
		case 1:
			return r.Int63n(1<<31) - 1<<30
		}
		return r.Int63n(1<<55) - 1<<54
	}
	for i := 0; i < 200000; i++ {
		a, b, c, d := pick(), pick(), pick(), pick()
		if g, w := dotSign(a, b, c, d), dot(a, b, c, d).sign(); g != w {
			t.Fatalf("dotSign(%d,%d,%d,%d)=%d want %d", a, b, c, d, g, w)
		}
		if g, w := crossSign(a, b, c, d), cross(a, b, c, d).sign(); g != w {
			t.Fatalf("crossSign(%d,%d,%d,%d)=%d want %d", a, b, c, d, g, w)
		}
	}
}

func TestInt128(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 100000; i++ {
		a := r.Int63n(1<<54) - 1<<53
		b := r.Int63n(1<<54) - 1<<53
		c := r.Int63n(1<<54) - 1<<53
		d := r.Int63n(1<<54) - 1<<53
		if i%4 == 0 {
			a, b = r.Int63n(7)-3, r.Int63n(7)-3
		}
		got := dot(a, b, c, d)
		want := bigDot(a, b, c, d)
		if got != want {
			t.Fatalf("dot(%d,%d,%d,%d) = %v want %v", a, b, c, d, got, want)
		}
		if s := cross(a, b, c, d).cmp(dot(a, -b, d, c)); s != 0 {
			t.Fatalf("cross mismatch")
		}
		if got.cmp(want) != 0 || got.sub(want).sign() != 0 {
			t.Fatalf("cmp/sub")
		}
	}
}

// TestParabolaMode checks the hull's parabola mode (keys (2j, -j²) in
// order, para.go) against the brute-force cache: every kind of query on
// chains of 1 to 40 keys, exact ties between neighbours, huge coordinates,
// then the switch to the general structures when another key arrives,
// duplicates included.
func TestParabolaMode(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	// Positions from -9: the first keys go to the general structures.
	hs := newHarness(t)
	hs.pos = -10
	for j := int64(0); j < 30; j++ {
		hs.insert(2*j, -j*j, float64(j), 1)
		hs.query(2*j+1, 2)
		hs.query(j, 1)
	}
	hs.insert(4, -4, 7, 7)
	hs.query(5, 2)
	hs.query(4, 2)
	for n := int64(1); n <= 40; n++ {
		for _, next := range []ikey{{2 * n, -n * n}, {3, 0}, {0, 0}, {2 * (n - 1), -(n - 1) * (n - 1)}, {-5, 7}} {
			hs := newHarness(t)
			for j := int64(0); j < n; j++ {
				hs.insert(2*j, -j*j, float64(r.Intn(9)-4), float64(j))
			}
			if !hs.h.para {
				t.Fatalf("n=%d: parabola keys left parabola mode", n)
			}
			queries := func() {
				for _, q := range [][2]int64{{0, 1}, {1, 0}, {-1, 0}, {0, -1}, {1, -1}, {-3, -2}, {7, 1},
					{2*n + 1, 2}, {n, 1}, {-n, 1}, {1 << 52, 1}, {-(1 << 52), 1}, {1 << 52, (1 << 52) - 1},
					{3, 1 << 52}, {5, -(1 << 52)}} {
					hs.query(q[0], q[1])
				}
				for i := 0; i < 60; i++ {
					qy := int64(r.Intn(7) - 3)
					qx := int64(r.Intn(int(4*n+9))) - n - 4
					if r.Intn(3) == 0 {
						qx = 2*int64(r.Intn(int(n+1))) + 1 // a tie between neighbours when qy = 2
						qy = 2
					}
					hs.query(qx, qy)
				}
			}
			queries()
			hs.insert(next.x, next.y, 1.5, -2)
			if next == (ikey{2 * n, -n * n}) != hs.h.para {
				t.Fatalf("n=%d, key %v: parabola mode %v", n, next, hs.h.para)
			}
			queries()
			hs.insert(2*n+2, -(n+1)*(n+1), 3, 4)
			queries()
			hs.verifyStored()
		}
	}
}
