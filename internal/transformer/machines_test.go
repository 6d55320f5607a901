package transformer

import (
	"fmt"
	"math/rand"

	"github.com/hullvm/hullvm/internal/graph"
	"github.com/hullvm/hullvm/internal/kvcache"
)

// Synthetic machines: small graphs whose next token is a function of the
// tokens so far, each built only from the graph's primitives.

var (
	C     = graph.C
	V     = graph.V
	Add   = graph.Add
	Sub   = graph.Sub
	Sum   = graph.Sum
	Scale = graph.Scale
)

// machine is a graph with the prompt that starts it.
type machine struct {
	name   string
	g      *graph.Graph
	prompt []int32
}

// posRead reads value at position t-d (position 0 when t-d < 0).
func posRead(g *graph.Graph, name string, d float64, value [2]graph.Lin) (graph.Lin, graph.Lin) {
	t, t2 := V(g.Pos()), V(g.Pos2())
	a, b := g.Lookup(name, [2]graph.Lin{Scale(2, t), Scale(-1, t2)}, [2]graph.Lin{t.Plus(-d), C(1)},
		value, kvcache.TieLatest)
	return V(a), V(b)
}

// ge is the step [s >= c] of an integer s: ReLU(s-c+1) - ReLU(s-c).
func ge(g *graph.Graph, name string, s graph.Lin, c float64) graph.Lin {
	a := g.Neuron(name+".a", s.Plus(1-c), C(1))
	b := g.Neuron(name+".b", s.Plus(-c), C(1))
	return Sub(V(a), V(b))
}

// mod16 reduces an integer s in [0, 16·k) to [0, 16).
func mod16(g *graph.Graph, name string, s graph.Lin, k int) graph.Lin {
	out := s
	for j := 1; j < k; j++ {
		out = Sub(out, Scale(16, ge(g, fmt.Sprintf("%s.ge%d", name, 16*j), s, float64(16*j))))
	}
	return out
}

// emit sets the logits so that the next token is the integer y in [0, n):
// logit_v = 2v·y - v², largest at v = y by at least 1.
func emit(g *graph.Graph, y graph.Lin, n int) {
	for v := 0; v < n; v++ {
		g.SetLogit(int32(v), Scale(float64(2*v), y).Plus(-float64(v*v)))
	}
}

// tokenColumn adds a column holding the token's own number for tokens 0..n-1.
func tokenColumn(g *graph.Graph, name string, n int, f func(int) float64) graph.Lin {
	id := g.Column(name)
	for v := 0; v < n; v++ {
		if x := f(v); x != 0 {
			g.SetEmbed(int32(v), id, x)
		}
	}
	return V(id)
}

// parityMachine: the next bit is the current bit XOR the previous one.
func parityMachine() machine {
	g := graph.New(2)
	b := tokenColumn(g, "bit", 2, func(v int) float64 { return float64(v) })
	p, _ := posRead(g, "prev", 1, [2]graph.Lin{b, C(0)})
	and := g.Neuron("and", b, p)
	emit(g, Sub(Add(b, p), Scale(2, V(and))), 2)
	return machine{"parity", g, []int32{1}}
}

// lagMachine: x[t+1] = (x[t] + x[t+1-k]) mod 16, a lagged Fibonacci generator.
func lagMachine(k int) machine {
	g := graph.New(16)
	x := tokenColumn(g, "x", 16, func(v int) float64 { return float64(v) })
	old, _ := posRead(g, "lag", float64(k-1), [2]graph.Lin{x, C(0)})
	emit(g, mod16(g, "sum", Add(x, old), 2), 16)
	rng := rand.New(rand.NewSource(int64(k)))
	prompt := make([]int32, k)
	for i := range prompt {
		prompt[i] = int32(rng.Intn(16))
	}
	prompt[0] = 1
	return machine{fmt.Sprintf("lag%d", k), g, prompt}
}

// memoryMachine: every position writes its token x at address (5x+3)&7 and
// reads address x&7 (latest write wins); a min head finds the smallest x>>2
// seen so far (many exact ties, averaged); s = (mem + x + addr + min + 1)
// mod 16 is persisted; its low three bits lo address a second read and are
// the address of a write (key (2·lo, -lo²), lo² a gated product) that a
// third head reads at x&7; the next token sums these, through gated
// selects, with the previous token and 1.
func memoryMachine() machine {
	g := graph.New(16)
	x := tokenColumn(g, "x", 16, func(v int) float64 { return float64(v) })
	wa := tokenColumn(g, "wa", 16, func(v int) float64 { return float64((5*v + 3) & 7) })
	wa2 := tokenColumn(g, "wa2", 16, func(v int) float64 { a := (5*v + 3) & 7; return float64(a * a) })
	ra := tokenColumn(g, "ra", 16, func(v int) float64 { return float64(v & 7) })
	cat := tokenColumn(g, "cat", 16, func(v int) float64 { return float64(v >> 2) })
	key := [2]graph.Lin{Scale(2, wa), Scale(-1, wa2)}

	m0, m1 := g.Lookup("mem", key, [2]graph.Lin{ra, C(1)}, [2]graph.Lin{x, wa}, kvcache.TieLatest)
	c0, c1 := g.Lookup("min", [2]graph.Lin{C(0), Scale(-1, cat)}, [2]graph.Lin{C(0), C(1)},
		[2]graph.Lin{cat, cat.Plus(1)}, kvcache.TieAverage)
	sv := g.Persist("s", mod16(g, "s", Sum(V(m0), x, V(m1), V(c1)), 3))
	b3 := ge(g, "b3", V(sv), 8)
	lo := g.Persist("lo", Sub(V(sv), Scale(8, b3)))
	sq := g.Neuron("lo2", V(lo), V(lo))
	r0, r1 := g.Lookup("mem2", key, [2]graph.Lin{V(lo), C(1)}, [2]graph.Lin{x, V(c0)}, kvcache.TieLatest)
	r2, _ := g.Lookup("mem3", [2]graph.Lin{Scale(2, V(lo)), Scale(-1, V(sq))}, [2]graph.Lin{ra, C(1)},
		[2]graph.Lin{x, C(0)}, kvcache.TieLatest)
	hi := ge(g, "hi", V(lo), 4)
	pick := g.Neuron("pick", hi, Add(V(r0), V(sv)))
	rest := g.Neuron("rest", Sub(C(1), hi), Add(V(r0), V(sv)))
	prev, _ := posRead(g, "prev", 1, [2]graph.Lin{x, C(0)})
	emit(g, mod16(g, "out", Sum(V(pick), V(rest), V(r1), V(r2), prev, C(1)), 5), 16)
	return machine{"memory", g, []int32{3, 14, 1, 5, 9, 2, 6}}
}

// randomMachine builds a random graph of about n neurons: step neurons,
// gated selects, persisted sums and lookups by position and by address,
// reading mostly recent values; the next token folds four bits of the
// final values into (x + bits) mod 16. All values are integers of modest
// size.
func randomMachine(seed int64, n int) machine {
	rng := rand.New(rand.NewSource(seed))
	g := graph.New(16)
	type pv struct {
		l     graph.Lin
		bound float64 // |value| <= bound
		reads int
	}
	var pool []*pv
	push := func(l graph.Lin, bound float64) { pool = append(pool, &pv{l: l, bound: bound}) }
	x := tokenColumn(g, "x", 16, func(v int) float64 { return float64(v) })
	push(x, 15)
	for k := 0; k < 4; k++ {
		a, b := 1+2*rng.Intn(8), rng.Intn(16)
		push(tokenColumn(g, fmt.Sprintf("f%d", k), 16, func(v int) float64 { return float64((a*v + b) % 16) }), 15)
	}
	addr := tokenColumn(g, "addr", 16, func(v int) float64 { return float64(v % 8) })
	addr2 := tokenColumn(g, "addr2", 16, func(v int) float64 { return float64((v % 8) * (v % 8)) })
	pick := func() *pv {
		i := len(pool) - 1 - int(rng.ExpFloat64()*float64(len(pool))/6)
		if i < 0 {
			i = rng.Intn(len(pool))
		}
		pool[i].reads++
		return pool[i]
	}
	var bits []graph.Lin
	for neurons := 0; neurons < n; {
		switch k := rng.Intn(10); {
		case k < 4: // a step of a signed sum
			a, b := pick(), pick()
			sgn := float64(1 - 2*rng.Intn(2))
			c := float64(rng.Intn(9) - 4)
			bit := ge(g, fmt.Sprintf("st%d", len(pool)), Add(a.l, Scale(sgn, b.l)), c)
			bits = append(bits, bit)
			push(bit, 1)
			neurons += 2
		case k < 6 && len(bits) > 0: // select: bit·v
			bit, v := bits[rng.Intn(len(bits))], pick()
			id := g.Neuron(fmt.Sprintf("sel%d", len(pool)), bit, v.l)
			push(V(id), v.bound)
			neurons++
		case k < 8: // persisted sum
			a, b := pick(), pick()
			if a.bound+b.bound > 1<<30 {
				continue
			}
			id := g.Persist(fmt.Sprintf("sum%d", len(pool)), Sum(a.l, b.l, C(float64(rng.Intn(3)))))
			push(V(id), a.bound+b.bound+2)
			neurons++
		case k < 9: // read a value from d positions back
			v0, v1 := pick(), pick()
			d := float64(1 + rng.Intn(5))
			a, b := posRead(g, fmt.Sprintf("back%d", len(pool)), d, [2]graph.Lin{v0.l, v1.l})
			push(a, v0.bound)
			push(b, v1.bound)
		default: // latest write at an address
			v0 := pick()
			a, _ := g.Lookup(fmt.Sprintf("mem%d", len(pool)), [2]graph.Lin{Scale(2, addr), Scale(-1, addr2)},
				[2]graph.Lin{addr, C(1)}, [2]graph.Lin{v0.l, C(0)}, kvcache.TieLatest)
			push(V(a), v0.bound)
		}
	}
	// Four bits from the values nobody read: alternating signed sums.
	var leaves [4]graph.Lin
	i := 0
	for _, p := range pool {
		if p.reads == 0 && p.bound < 1<<30 {
			leaves[i%4] = Add(leaves[i%4], Scale(float64(1-2*(i/4%2)), p.l))
			i++
		}
	}
	s := x
	for k := range leaves {
		s = Add(s, Scale(float64(int(1)<<k), ge(g, fmt.Sprintf("leaf%d", k), leaves[k], 1)))
	}
	emit(g, mod16(g, "out", s, 2), 16)
	return machine{fmt.Sprintf("random%d-%d", seed, n), g, []int32{int32(seed % 16), 7, 2}}
}
