package vmgraph

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hullvm/hullvm/internal/graph"
	"github.com/hullvm/hullvm/internal/machine"
)

func TestZZFam(t *testing.T) {
	Probes = map[string]graph.Lin{}
	b := &builder{g: graph.New(int(machine.VocabSize)), cols: map[string]graph.ID{}, famCache: map[string]lin{}}
	b.one, b.t, b.t2 = V(b.g.One()), V(b.g.Pos()), V(b.g.Pos2())
	b.embedding()
	b.fetch()
	b.stack()
	b.memory()
	b.emit()
	n := int(machine.NumOps)
	var fams [][]float64
	for k := range b.famCache {
		w := make([]float64, n+2)
		for _, p := range strings.Split(strings.TrimSuffix(k, ","), ",") {
			var op int
			var v float64
			fmt.Sscanf(p, "%d:%g", &op, &v)
			w[op] = v
		}
		fams = append(fams, w)
	}
	cost := func(order []int) int {
		c := 0
		for _, w := range fams {
			seq := []float64{0}
			for _, op := range order {
				seq = append(seq, w[op])
			}
			seq = append(seq, 0, 0)
			for i := 1; i+1 < len(seq); i++ {
				if seq[i+1]-2*seq[i]+seq[i-1] != 0 {
					c++
				}
			}
		}
		return c
	}
	var id []int
	for op := int(machine.OpConst32); op < n; op++ {
		id = append(id, op)
	}
	t.Logf("%d fams, identity cost %d", len(fams), cost(id))
	sig := func(op int) string {
		s := ""
		for _, w := range fams {
			s += fmt.Sprint(w[op], ",")
		}
		return s
	}
	classes := map[string][]int{}
	for _, op := range id {
		classes[sig(op)] = append(classes[sig(op)], op)
	}
	t.Logf("%d signature classes", len(classes))
	keys := []string{}
	for k := range classes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var order []int
	for _, k := range keys {
		order = append(order, classes[k]...)
	}
	t.Logf("sorted-signature cost %d", cost(order))
	best := cost(order)
	for it := 0; it < 200; it++ {
		improved := false
		for i := 0; i < len(order); i++ {
			for j := i + 1; j < len(order); j++ {
				// reverse segment i..j
				for a, b := i, j; a < b; a, b = a+1, b-1 {
					order[a], order[b] = order[b], order[a]
				}
				if c := cost(order); c < best {
					best = c
					improved = true
				} else {
					for a, b := i, j; a < b; a, b = a+1, b-1 {
						order[a], order[b] = order[b], order[a]
					}
				}
			}
		}
		if !improved {
			break
		}
	}
	t.Logf("2-opt cost %d", best)
}
