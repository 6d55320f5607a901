package graph

import "fmt"

// Helpers build common functions out of neurons. Each states its cost and the
// input range on which it is exact; all inputs are integers.

// ReLU is ReLU(x) (one neuron).
func (g *Graph) ReLU(name string, x Lin) Lin { return V(g.Neuron(name, x, C(1))) }

// Step is [x >= c] for integer x: ReLU(x-c+1) - ReLU(x-c). Two neurons; exact
// for every integer x.
func (g *Graph) Step(name string, x Lin, c float64) Lin {
	a := g.Neuron(name+".a", x.Plus(1-c), C(1))
	b := g.Neuron(name+".b", x.Plus(-c), C(1))
	return Sub(V(a), V(b))
}

// Bit is [x >= c] persisted as a value of its own (three neurons, one layer
// more than Step): its consumers may scale it by large constants, which would
// not be exact with Step's two unbounded neurons.
func (g *Graph) Bit(name string, x Lin, c float64) Lin {
	return V(g.Persist(name, g.Step(name+".s", x, c)))
}

// IsZero is [x == 0] for integer x: ReLU(x+1) - 2ReLU(x) + ReLU(x-1). Three neurons.
func (g *Graph) IsZero(name string, x Lin) Lin {
	a := g.Neuron(name+".a", x.Plus(1), C(1))
	b := g.Neuron(name+".b", x, C(1))
	c := g.Neuron(name+".c", x.Plus(-1), C(1))
	return Sum(V(a), Scale(-2, V(b)), V(c))
}

// And is the conjunction of flags that are each exactly 0 or 1:
// ReLU(Σ flags - (n-1)). One neuron.
func (g *Graph) And(name string, flags ...Lin) Lin {
	return g.ReLU(name, Sum(flags...).Plus(-float64(len(flags)-1)))
}

// Select is cond·val for cond exactly 0 or 1 and any val: ReLU(cond)·val. One neuron.
func (g *Graph) Select(name string, cond, val Lin) Lin { return V(g.Neuron(name, cond, val)) }

// Abs is |x|: ReLU(x) + ReLU(-x). Two neurons.
func (g *Graph) Abs(name string, x Lin) Lin {
	return Add(g.ReLU(name+".p", x), g.ReLU(name+".n", Scale(-1, x)))
}

// MinC is min(x, c): x - ReLU(x-c). One neuron.
func (g *Graph) MinC(name string, x Lin, c float64) Lin {
	return Sub(x, g.ReLU(name, x.Plus(-c)))
}

// Min is min(x, y): x - ReLU(x-y). One neuron.
func (g *Graph) Min(name string, x, y Lin) Lin {
	return Sub(x, g.ReLU(name, Sub(x, y)))
}

// OneHot returns [x == k] for k = lo..hi, for integer x (any value: outside
// [lo, hi] all are 0). It shares hi-lo+3 neurons ReLU(x-m), m = lo-1..hi+1.
func (g *Graph) OneHot(name string, x Lin, lo, hi int) []Lin {
	r := make(map[int]ID, hi-lo+3)
	for m := lo - 1; m <= hi+1; m++ {
		r[m] = g.Neuron(fmt.Sprintf("%s.r%d", name, m), x.Plus(-float64(m)), C(1))
	}
	out := make([]Lin, 0, hi-lo+1)
	for k := lo; k <= hi; k++ {
		out = append(out, Sum(V(r[k-1]), Scale(-2, V(r[k])), V(r[k+1])))
	}
	return out
}

// Floor16 returns floor(x/16) for integer x in [0, 255]: Σ_k [x >= 16k],
// 30 neurons.
func (g *Graph) Floor16(name string, x Lin) Lin {
	out := Lin{}
	for k := 1; k <= 15; k++ {
		out = Add(out, g.Step(fmt.Sprintf("%s.%d", name, k), x, float64(16*k)))
	}
	return out
}

// Bits4 returns the 4 bits (least significant first) of integer x in [0, 15]
// as linear combinations of the 15 steps [x >= k]: 30 neurons.
func (g *Graph) Bits4(name string, x Lin) [4]Lin {
	var steps [16]Lin
	for k := 1; k <= 15; k++ {
		steps[k] = g.Step(fmt.Sprintf("%s.%d", name, k), x, float64(k))
	}
	var bits [4]Lin
	for i := 0; i < 4; i++ {
		// bit i of x is Σ_k (bit i of k - bit i of k-1)·[x >= k].
		for k := 1; k <= 15; k++ {
			d := float64((k>>i)&1) - float64(((k-1)>>i)&1)
			if d != 0 {
				bits[i] = Add(bits[i], Scale(d, steps[k]))
			}
		}
	}
	return bits
}

// Bits8 returns the 8 bits (least significant first) of integer x in [0, 255]:
// 90 neurons, three feed-forward layers deep.
func (g *Graph) Bits8(name string, x Lin) [8]Lin {
	hi := g.Floor16(name+".hi", x)
	lo := Sub(x, Scale(16, hi))
	h := g.Bits4(name+".hb", hi)
	l := g.Bits4(name+".lb", lo)
	return [8]Lin{l[0], l[1], l[2], l[3], h[0], h[1], h[2], h[3]}
}
