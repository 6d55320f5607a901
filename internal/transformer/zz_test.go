package transformer

import (
	"testing"

	"github.com/hullvm/hullvm/internal/graph"
)

func TestZZHead(t *testing.T) {
	g := graph.New(101)
	var gs [3]graph.Lin
	for k := range gs {
		gs[k] = tokenColumn(g, "g", 1, func(int) float64 { return 1 })
	}
	z := tokenColumn(g, "z", 1, func(int) float64 { return 1 })
	for k := 0; k < 3; k++ {
		for v := 0; v < 32; v++ {
			g.SetLogit(int32(32*k+v), Add(Scale(1<<20, gs[k]), Scale(float64(2*v), z)).Plus(-float64(v*v)))
		}
	}
	ms, _ := Compile(g)
	t.Log(ms.PosCols, ms.posPure())
	hp := NewEngine(ms, nil).p.head
	for _, bl := range hp.blocks {
		t.Logf("P %v Q %d chain %v q0 %+v", bl.p, len(bl.q), bl.chain, bl.q[0])
	}
}
