package transformer

import (
	"testing"

	"github.com/hullvm/hullvm/internal/kvcache"
)

// BenchmarkForward is the per-token forward pass without attention (heads
// return their own position's value; caches untouched) on a random graph
// of 300 neurons.
func BenchmarkForward(b *testing.B) {
	m, err := Compile(randomMachine(2, 300).g)
	if err != nil {
		b.Fatal(err)
	}
	b.Log(m.Summary())
	e := NewEngine(m, nil)
	e.skipAttn = true
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := e.forward(int32(i % 16)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFeed is the whole step with the hull cache, 4096 tokens a run.
func BenchmarkFeed(b *testing.B) {
	mc := randomMachine(2, 300)
	m, err := Compile(mc.g)
	if err != nil {
		b.Fatal(err)
	}
	e := NewEngine(m, kvcache.NewHull)
	b.ReportAllocs()
	tok := mc.prompt[0]
	for i := 0; b.Loop(); i++ {
		if i%4096 == 0 {
			e.Reset()
			tok = mc.prompt[0]
		}
		next, err := e.Feed(tok)
		if err != nil {
			b.Fatal(err)
		}
		tok = next
	}
}

func BenchmarkCompile2000(b *testing.B) {
	g := randomMachine(4, 1400).g
	for b.Loop() {
		if _, err := Compile(g); err != nil {
			b.Fatal(err)
		}
	}
}
