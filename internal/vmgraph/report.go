package vmgraph

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/hullvm/hullvm/internal/graph"
)

// family names the construction step a value belongs to, from its name's
// first component ("add.c.s.a" belongs to "add").
func family(name string) string {
	if i := strings.IndexByte(name, '.'); i > 0 {
		return name[:i]
	}
	return name
}

// Report writes the graph's cost: totals, then heads, neurons and depth per
// family of values (hullvm graph --stats).
func Report(w io.Writer, g *graph.Graph) error {
	s := g.Stats()
	lv := graph.Levels(g)
	fmt.Fprintf(w, "graph: %d values, %d neurons, %d heads, %d embedding columns, depth %d layers, %d logit rows\n\n",
		s.Values, s.Neurons, s.Heads, s.Columns, s.Depth, len(g.Logits))
	type fam struct {
		neurons, heads, depth int
	}
	fams := map[string]*fam{}
	get := func(n string) *fam {
		f := fams[n]
		if f == nil {
			f = &fam{}
			fams[n] = f
		}
		return f
	}
	for i, n := range g.Nodes {
		switch n.Kind {
		case graph.KindNeuron:
			f := get(family(n.Name))
			f.neurons++
			f.depth = max(f.depth, lv[i].Layer)
		case graph.KindLookup:
			if n.Comp == 0 {
				f := get("head " + g.Heads[n.Head].Name)
				f.heads++
				f.depth = max(f.depth, lv[i].Layer)
			}
		}
	}
	names := make([]string, 0, len(fams))
	for n := range fams {
		names = append(names, n)
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "family\theads\tneurons\tlayer")
	for _, n := range names {
		f := fams[n]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", n, f.heads, f.neurons, f.depth)
	}
	return tw.Flush()
}
