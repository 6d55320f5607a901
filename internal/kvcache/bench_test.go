package kvcache

import (
	"fmt"
	"math/rand"
	"runtime"
	"testing"
)

// Benchmarks of one attention lookup.
//
// BenchmarkQuery/{hull,brute}/n=N builds a cache of N index-lookup keys
// (2j, -j²), j = 0..N-1 (the keys most heads write), and measures one
// Query (i, 1) for a random i in [0, N): ns/op is the cost of one lookup.
// Reading the ratio: brute/hull at the same n is the speed-up the hull buys
// for that cache length. Brute grows linearly in n (one exact 128-bit score
// per stored key); the hull grows with log n (a binary search over a
// contiguous chain, since these keys arrive in increasing x), so the ratio
// itself grows roughly like n / log n. Both use the same exact arithmetic,
// so the ratio measures the algorithm, not a float-versus-integer shortcut.
// Building the caches is not timed. brute at n=1e7 takes tens of
// milliseconds per op; run with -benchtime=20x or similar to keep it short.
//
// BenchmarkQueryShuffled is the same lookup after inserting the keys in
// random order (the chains are then treaps: expected O(log n) with pointer
// chasing). BenchmarkInsert measures one Insert: in order (amortised O(1)
// append) and in random order (O(log n) treap insert).
func BenchmarkQuery(b *testing.B) {
	sizes := []int{1e3, 1e4, 1e5, 1e6, 1e7}
	for _, impl := range []struct {
		name string
		new  func() Cache
	}{{"hull", NewHull}, {"brute", NewBrute}} {
		b.Run(impl.name, func(b *testing.B) {
			for _, n := range sizes {
				b.Run(fmt.Sprintf("n=1e%d", digits(n)), func(b *testing.B) {
					c := impl.new()
					for j := 0; j < n; j++ {
						c.Insert(float64(2*j), -float64(j)*float64(j), float64(j), 1, j)
					}
					benchLookups(b, c, n)
					c = nil
					runtime.GC()
				})
			}
		})
	}
}

func BenchmarkQueryShuffled(b *testing.B) {
	for _, n := range []int{1e3, 1e5, 1e6} {
		b.Run(fmt.Sprintf("hull/n=1e%d", digits(n)), func(b *testing.B) {
			c := NewHull()
			for i, j := range rand.New(rand.NewSource(1)).Perm(n) {
				c.Insert(float64(2*j), -float64(j)*float64(j), float64(j), 1, i)
			}
			benchLookups(b, c, n)
		})
	}
}

func benchLookups(b *testing.B, c Cache, n int) {
	r := rand.New(rand.NewSource(7))
	idx := make([]float64, 1<<16)
	for i := range idx {
		idx[i] = float64(r.Intn(n))
	}
	b.ResetTimer()
	var sink float64
	for i := 0; i < b.N; i++ {
		q := idx[i&(len(idx)-1)]
		vx, _, ok := c.Query(q, 1, TieAverage)
		if !ok || vx != q {
			b.Fatalf("lookup %v returned %v", q, vx)
		}
		sink += vx
	}
	_ = sink
	b.ReportMetric(c.BytesPerKey(), "B/key")
}

func BenchmarkInsert(b *testing.B) {
	b.Run("hull/inorder", func(b *testing.B) {
		c := NewHull()
		for i := 0; i < b.N; i++ {
			j := float64(i % (1 << 24))
			if i%(1<<24) == 0 {
				c.Reset()
			}
			c.Insert(2*j, -j*j, j, 0, i)
		}
	})
	b.Run("hull/shuffled", func(b *testing.B) {
		perm := rand.New(rand.NewSource(2)).Perm(1 << 20)
		c := NewHull()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			k := i % len(perm)
			if k == 0 {
				c.Reset()
			}
			j := float64(perm[k])
			c.Insert(2*j, -j*j, j, 0, i)
		}
	})
	b.Run("brute", func(b *testing.B) {
		c := NewBrute()
		for i := 0; i < b.N; i++ {
			j := float64(i % (1 << 24))
			if i%(1<<24) == 0 {
				c.Reset()
			}
			c.Insert(2*j, -j*j, j, 0, i)
		}
	})
}

func digits(n int) int {
	d := 0
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}
