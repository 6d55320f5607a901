package graph

import "testing"

// rangeGraph builds a graph whose tokens 0..n-1 carry x = tok + lo in column
// "x" and y = (tok*7919) mod m + lo2 in column "y", so helpers can be
// evaluated over whole input ranges.
type rangeGraph struct {
	g    *Graph
	x, y Lin
	lo   int
}

func newRangeGraph(lo, hi int) *rangeGraph {
	n := hi - lo
	g := New(n)
	x, y := g.Column("x"), g.Column("y")
	for tok := 0; tok < n; tok++ {
		g.SetEmbed(int32(tok), x, float64(tok+lo))
		g.SetEmbed(int32(tok), y, float64((tok*7919)%n+lo))
	}
	return &rangeGraph{g: g, x: V(x), y: V(y), lo: lo}
}

// run evaluates outs at every token and calls check with x, y and the values.
func (r *rangeGraph) run(t *testing.T, outs []Lin, check func(x, y int, got []float64)) {
	t.Helper()
	e := NewEval(r.g, nil)
	for tok := 0; tok < r.g.Vocab; tok++ {
		if _, err := e.Feed(int32(tok), false); err != nil {
			t.Fatal(err)
		}
		got := make([]float64, len(outs))
		for i, o := range outs {
			got[i] = o.Const
			for _, term := range o.Terms {
				got[i] += term.Coef * e.Value(term.ID)
			}
		}
		x := tok + r.lo
		y := int(e.Value(r.y.Terms[0].ID))
		check(x, y, got)
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func TestStepIsZeroAbsMin(t *testing.T) {
	r := newRangeGraph(-300, 300)
	g := r.g
	outs := []Lin{g.Step("s", r.x, 7), g.IsZero("z", r.x), g.Abs("a", r.x), g.MinC("m", r.x, 5),
		g.Min("mm", r.x, r.y), g.Bit("b", r.x, -3)}
	r.run(t, outs, func(x, y int, got []float64) {
		want := []float64{b2f(x >= 7), b2f(x == 0), float64(max(x, -x)), float64(min(x, 5)), float64(min(x, y)), b2f(x >= -3)}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("helper %d at x=%d y=%d: got %g, want %g", i, x, y, got[i], want[i])
			}
		}
	})
}

func TestOneHotAndSelect(t *testing.T) {
	r := newRangeGraph(-20, 40)
	g := r.g
	hot := g.OneHot("h", r.x, 0, 15)
	flag := g.Step("f", r.x, 10)
	outs := append([]Lin{g.Select("sel", flag, r.y), g.And("and", flag, g.Step("f2", r.y, 30))}, hot...)
	r.run(t, outs, func(x, y int, got []float64) {
		if want := b2f(x >= 10) * float64(y); got[0] != want {
			t.Fatalf("select at x=%d y=%d: %g, want %g", x, y, got[0], want)
		}
		if want := b2f(x >= 10 && y >= 30); got[1] != want {
			t.Fatalf("and at x=%d y=%d: %g, want %g", x, y, got[1], want)
		}
		for k := 0; k <= 15; k++ {
			if want := b2f(x == k); got[2+k] != want {
				t.Fatalf("onehot %d at x=%d: %g", k, x, got[2+k])
			}
		}
	})
}

func TestBits8Exhaustive(t *testing.T) {
	r := newRangeGraph(0, 256)
	g := r.g
	bits := g.Bits8("b", r.x)
	outs := append([]Lin{g.Floor16("f", r.x)}, bits[:]...)
	r.run(t, outs, func(x, _ int, got []float64) {
		if got[0] != float64(x/16) {
			t.Fatalf("floor16(%d) = %g", x, got[0])
		}
		for i := 0; i < 8; i++ {
			if want := float64((x >> i) & 1); got[1+i] != want {
				t.Fatalf("bit %d of %d = %g", i, x, got[1+i])
			}
		}
	})
}

func TestEvalRejectsInexact(t *testing.T) {
	g := New(2)
	x := g.Column("x")
	g.SetEmbed(1, x, 1<<40)
	big := g.Neuron("big", C(1), Scale(1<<20, V(x)))
	_ = big
	e := NewEval(g, nil)
	if _, err := e.Feed(0, false); err != nil {
		t.Fatalf("small input: %v", err)
	}
	if _, err := e.Feed(1, false); err == nil {
		t.Fatal("2^60 passed the exactness check")
	} else {
		t.Log(err)
	}
}
