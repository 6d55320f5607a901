package transformer

import (
	"bytes"
	"math"
	"math/rand"
	"testing"

	"github.com/hullvm/hullvm/internal/graph"
	"github.com/hullvm/hullvm/internal/kvcache"
	"github.com/hullvm/hullvm/internal/vmgraph"
)

func machines() []machine {
	return []machine{
		parityMachine(),
		lagMachine(5),
		lagMachine(17),
		memoryMachine(),
		randomMachine(1, 60),
		randomMachine(2, 300),
	}
}

// lockstep runs graph.Eval and the engines on the same tokens: the prompt,
// then what Eval predicts, for n tokens in all, and fails at the first
// position where any engine disagrees.
func lockstep(t *testing.T, mc machine, m *Model, n int) (trace []int32) {
	t.Helper()
	ev := graph.NewEval(mc.g, kvcache.NewBrute)
	engines := map[string]*Engine{
		"brute":        NewEngine(m, kvcache.NewBrute),
		"hull":         NewEngine(m, kvcache.NewHull),
		"literal hull": newEngine(m, kvcache.NewHull, engineOpts{literal: true}),
		"literal hull, clearing heads through the cache": newEngine(m, kvcache.NewHull,
			engineOpts{literal: true, noShortcut: true}),
	}
	for pos, tok := range mc.prompt[:len(mc.prompt)-1] {
		if _, err := ev.Feed(tok, false); err != nil {
			t.Fatalf("%s: prompt position %d: graph.Eval: %v", mc.name, pos, err)
		}
		for name, e := range engines {
			if err := e.Prefill(tok); err != nil {
				t.Fatalf("%s: prompt position %d: %s engine: %v", mc.name, pos, name, err)
			}
		}
	}
	tok := mc.prompt[len(mc.prompt)-1]
	for pos := len(mc.prompt) - 1; pos < n; pos++ {
		want, werr := ev.Feed(tok, true)
		for name, e := range engines {
			got, err := e.Feed(tok)
			if (err != nil) != (werr != nil) || got != want && err == nil {
				t.Fatalf("%s: position %d (token %d): %s engine gives %d (err %v), graph.Eval %d (err %v)",
					mc.name, pos, tok, name, got, err, want, werr)
			}
		}
		if werr != nil {
			t.Fatalf("%s: position %d: graph.Eval: %v", mc.name, pos, werr)
		}
		trace = append(trace, want)
		tok = want
	}
	for name, e := range engines {
		if e.MinMargin() != ev.MinMargin {
			t.Errorf("%s: %s engine min margin %v, graph.Eval %v", mc.name, name, e.MinMargin(), ev.MinMargin)
		}
	}
	return trace
}

func TestEngineMatchesEval(t *testing.T) {
	for _, mc := range machines() {
		t.Run(mc.name, func(t *testing.T) {
			m, err := Compile(mc.g)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s\n%s", mc.name, m.Summary())
			n := 3000
			if testing.Short() {
				n = 500
			}
			trace := lockstep(t, mc, m, n)
			distinct := map[int32]bool{}
			for _, tok := range trace {
				distinct[tok] = true
			}
			if len(distinct) < 2 {
				t.Errorf("%s: the trace uses only %d token(s): the test proves little", mc.name, len(distinct))
			}
		})
	}
}

// TestRoundTrip writes and loads every model and runs the loaded one.
func TestRoundTrip(t *testing.T) {
	for _, mc := range machines()[:4] {
		m, err := Compile(mc.g)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := m.Write(&buf); err != nil {
			t.Fatal(err)
		}
		m2, err := Load(bytes.NewReader(buf.Bytes()), GraphHash(mc.g))
		if err != nil {
			t.Fatalf("%s: %v", mc.name, err)
		}
		var buf2 bytes.Buffer
		if err := m2.Write(&buf2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
			t.Errorf("%s: loaded model writes different bytes", mc.name)
		}
		lockstep(t, mc, m2, 400)
	}
}

func TestDeterministic(t *testing.T) {
	for _, build := range []func() machine{memoryMachine, func() machine { return randomMachine(3, 400) }} {
		var out [2][]byte
		for i := range out {
			m, err := Compile(build().g)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := m.Write(&buf); err != nil {
				t.Fatal(err)
			}
			out[i] = buf.Bytes()
		}
		if !bytes.Equal(out[0], out[1]) {
			t.Errorf("two compilations of the same graph give different files (%d and %d bytes)", len(out[0]), len(out[1]))
		}
	}
}

// TestLargeGraph compiles a graph of about 2000 values and checks a short run.
func TestLargeGraph(t *testing.T) {
	mc := randomMachine(4, 1400)
	m, err := Compile(mc.g)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d graph values\n%s", len(mc.g.Nodes), m.Summary())
	if len(mc.g.Nodes) < 1800 {
		t.Errorf("graph has %d values, want about 2000", len(mc.g.Nodes))
	}
	lockstep(t, mc, m, 300)
}

// TestFeedAllocs checks that a step allocates nothing once the caches have
// grown. The brute-force cache is measured on a machine whose heads all tie
// to the latest key: its averaging path sorts, which allocates.
func TestFeedAllocs(t *testing.T) {
	for _, c := range []struct {
		mc    machine
		cache string
		nc    func() kvcache.Cache
	}{
		{lagMachine(5), "brute", kvcache.NewBrute},
		{lagMachine(5), "hull", kvcache.NewHull},
		{memoryMachine(), "hull", kvcache.NewHull},
	} {
		m, err := Compile(c.mc.g)
		if err != nil {
			t.Fatal(err)
		}
		trace := lockstep(t, c.mc, m, 400)
		e := NewEngine(m, c.nc)
		for _, tok := range trace { // grow the caches, then reuse their capacity
			if _, err := e.Feed(tok); err != nil {
				t.Fatal(err)
			}
		}
		e.Reset()
		i := 0
		allocs := testing.AllocsPerRun(200, func() {
			if _, err := e.Feed(trace[i]); err != nil {
				t.Fatal(err)
			}
			i++
		})
		if allocs != 0 {
			t.Errorf("%s, %s cache: Feed allocates %v times per token", c.mc.name, c.cache, allocs)
		}
		e = NewEngine(m, nil)
		e.skipAttn = true
		allocs = testing.AllocsPerRun(100, func() { e.forward(5) })
		if allocs != 0 {
			t.Errorf("%s: the forward pass without attention allocates %v times per token", c.mc.name, allocs)
		}
	}
}

func TestEngineErrors(t *testing.T) {
	// A query x of t/2 is not an integer at odd positions.
	g := graph.New(2)
	b := tokenColumn(g, "bit", 2, func(v int) float64 { return float64(v) })
	a, _ := g.Lookup("half", [2]graph.Lin{Scale(2, V(g.Pos())), Scale(-1, V(g.Pos2()))},
		[2]graph.Lin{Scale(0.5, V(g.Pos())), C(1)}, [2]graph.Lin{b, C(0)}, kvcache.TieLatest)
	emit(g, V(a), 2)
	m, err := Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(m, kvcache.NewHull)
	if _, err := e.Feed(1); err != nil {
		t.Fatalf("position 0: %v", err)
	}
	_, err = e.Feed(0)
	if want := "layer 0 head 0 position 1: query x = 0.5 is not an exact integer"; err == nil || !contains(err.Error(), want) {
		t.Errorf("got %v, want an error containing %q", err, want)
	}

	// Two tokens with the same logit: undecidable.
	g = graph.New(3)
	b = tokenColumn(g, "bit", 3, func(v int) float64 { return float64(v) })
	g.SetLogit(0, b)
	g.SetLogit(1, b)
	m, err = Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	e = NewEngine(m, nil)
	if _, err := e.Feed(1); err == nil || !contains(err.Error(), "won by 0 < 1") {
		t.Errorf("tied logits: got %v", err)
	}
	if e.MinMargin() != 0 {
		t.Errorf("MinMargin %v after a tie, want 0", e.MinMargin())
	}
	if _, err := e.Feed(7); err == nil || !contains(err.Error(), "outside the vocabulary") {
		t.Errorf("token 7: got %v", err)
	}
}

func TestCompileRejects(t *testing.T) {
	g := graph.New(2)
	g.Embed[5] = []float64{1}
	g.Logits[-1] = C(1)
	_, err := Compile(g)
	for _, want := range []string{"embedding of token 5 outside", "logit of token -1 outside"} {
		if err == nil || !contains(err.Error(), want) {
			t.Errorf("got %v, want it to say %q", err, want)
		}
	}
}

// TestSlotReuse checks the schedule on a chain whose values die quickly:
// the residual stays narrow and reused slots are cleared.
func TestSlotReuse(t *testing.T) {
	g := graph.New(16)
	x := tokenColumn(g, "x", 16, func(v int) float64 { return float64(v) })
	v := x
	for i := 0; i < 40; i++ {
		// A chain of non-linear steps: each value is read only by the next.
		v = V(g.Neuron("n", v.Plus(1), C(1)))
	}
	emit(g, mod16(g, "out", Sub(v, C(40)), 2), 16)
	m, err := Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	if m.Layers != 41 {
		t.Errorf("layers %d, want 41", m.Layers)
	}
	if m.DModel > 8 {
		t.Errorf("d_model %d for a chain, want at most 8\n%s", m.DModel, m.Summary())
	}
	if m.Stats.Reused == 0 {
		t.Errorf("no slot reused\n%s", m.Summary())
	}
	lockstep(t, machine{"chain", g, []int32{3}}, m, 200)
}

func contains(s, sub string) bool { return bytes.Contains([]byte(s), []byte(sub)) }

// TestResidualHoldsValues checks the schedule itself: after every sublayer,
// every value the schedule says is live sits in its slot with the value
// graph.Eval computes, over the first positions of every machine.
func TestResidualHoldsValues(t *testing.T) {
	for _, mc := range append(machines(), randomMachine(4, 1400)) {
		lw := lower(mc.g)
		sc := scheduleOf(lw)
		m := build(mc.g, sc)
		e := NewEngine(m, kvcache.NewHull)
		ev := graph.NewEval(mc.g, kvcache.NewHull)
		check := func(pos, step int) {
			for v := range lw.vals {
				p := 0
				if o := lw.vals[v].op; o >= 0 {
					p = sc.step[o]
				}
				if p <= step && step < sc.f[v] {
					if got, want := e.x[sc.slot[v]], ev.Value(lw.vals[v].node); got != want {
						t.Fatalf("%s: position %d, after step %d: %s in slot %d is %v, want %v",
							mc.name, pos, step, mc.g.Nodes[lw.vals[v].node].Name, sc.slot[v], got, want)
					}
				}
			}
		}
		tok := mc.prompt[0]
		for pos := 0; pos < 40; pos++ {
			next, err := ev.Feed(tok, true)
			if err != nil {
				t.Fatal(err)
			}
			// The embedding, as forward loads it.
			x := e.x
			clear(x)
			for k := m.Tok.Ptr[tok]; k < m.Tok.Ptr[tok+1]; k++ {
				x[m.Tok.Idx[k]] = m.Tok.Val[k]
			}
			x[m.PosCols[0]], x[m.PosCols[1]], x[m.PosCols[2]] = 1, float64(pos), float64(pos*pos)
			check(pos, 0)
			for i := 0; i < m.Layers; i++ {
				if err := e.attend(i); err != nil {
					t.Fatal(err)
				}
				check(pos, 2*i+1)
				e.feedForward(i)
				check(pos, 2*i+2)
			}
			e.pos++
			if pos+1 < len(mc.prompt) {
				tok = mc.prompt[pos+1]
			} else {
				tok = next
			}
		}
	}
}

// TestPlanMatchesLiteral runs the planned forward pass and the literal
// sparse products side by side on every machine and checks that the
// residuals are equal after every position and the decisions and margins
// the same: the plan's sharing, clearing shortcuts and head blocks change
// no number.
func TestPlanMatchesLiteral(t *testing.T) {
	for _, mc := range append(machines(), randomMachine(4, 1400)) {
		m, err := Compile(mc.g)
		if err != nil {
			t.Fatal(err)
		}
		p, lt := NewEngine(m, kvcache.NewHull), newEngine(m, kvcache.NewHull, engineOpts{literal: true})
		if p.p == nil {
			t.Fatalf("%s: the model does not fit the plan", mc.name)
		}
		ev := graph.NewEval(mc.g, kvcache.NewBrute)
		tok := mc.prompt[0]
		for pos := 0; pos < 300; pos++ {
			next, err := ev.Feed(tok, true)
			if err != nil {
				t.Fatal(err)
			}
			a, errA := p.Feed(tok)
			b, errB := lt.Feed(tok)
			if a != b || (errA == nil) != (errB == nil) {
				t.Fatalf("%s: position %d: plan %d (%v), literal %d (%v)", mc.name, pos, a, errA, b, errB)
			}
			for c := range p.x {
				if p.x[c] != lt.x[c] {
					t.Fatalf("%s: position %d: residual column %d: plan %v, literal %v",
						mc.name, pos, c, p.x[c], lt.x[c])
				}
			}
			if pos+1 < len(mc.prompt) {
				tok = mc.prompt[pos+1]
			} else {
				tok = next
			}
		}
		if p.MinMargin() != lt.MinMargin() {
			t.Errorf("%s: margin plan %v, literal %v", mc.name, p.MinMargin(), lt.MinMargin())
		}
	}
}

// TestHeadPlan holds the head plan's decision (head.go) to the literal
// product head·x on random residuals: the machine's head (byte chains, out
// bytes, gated tokens) and a synthetic one with product blocks, a concave
// chain, repeated rows, constant rows and exact ties.
func TestHeadPlan(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	check := func(name string, m *Model, fill func(x []float64)) {
		p, lt := NewEngine(m, nil), newEngine(m, nil, engineOpts{literal: true})
		if p.p == nil {
			t.Fatalf("%s: no plan", name)
		}
		for trial := 0; trial < 3000; trial++ {
			fill(p.x)
			copy(lt.x, p.x)
			a, b := p.p.head.decide(p.p.buf), lt.lit.decide(m)
			if a.best != b.best || a.second != b.second || a.best > a.second && a.arg != b.arg {
				t.Fatalf("%s: trial %d: plan %+v, literal %+v", name, trial, a, b)
			}
		}
	}

	// The machine: gate columns 0 or 1, other columns integers below 2^32.
	m, err := Compile(vmgraph.Build())
	if err != nil {
		t.Fatal(err)
	}
	gates := map[int32]bool{} // the columns a logit weighs by 2^43
	for k := range m.Head.Idx {
		if math.Abs(m.Head.Val[k]) >= 1<<40 {
			gates[m.Head.Idx[k]] = true
		}
	}
	check("machine", m, func(x []float64) {
		for c := range x {
			x[c] = float64(r.Int63n(1 << 32))
			if gates[int32(c)] {
				x[c] = float64(r.Intn(2))
			}
			if r.Intn(4) == 0 {
				x[c] = float64(r.Intn(3))
			}
		}
		x[m.PosCols[0]] = 1
	})

	// Synthetic: tokens 0..95 score g_k + (2v·z - v²) for k < 3, v < 32 (a
	// product of three gates with a concave chain), tokens 96..99 repeat a
	// row, are constant or read two columns, 100 is empty.
	g := graph.New(101)
	var gs [3]graph.Lin
	for k := range gs {
		gs[k] = tokenColumn(g, "g", 1, func(int) float64 { return 1 })
	}
	z := tokenColumn(g, "z", 1, func(int) float64 { return 1 })
	w := tokenColumn(g, "w", 1, func(int) float64 { return 1 })
	for k := 0; k < 3; k++ {
		for v := 0; v < 32; v++ {
			g.SetLogit(int32(32*k+v), Add(Scale(1<<20, gs[k]), Scale(float64(2*v), z)).Plus(-float64(v*v)))
		}
	}
	g.SetLogit(96, Add(Scale(1<<20, gs[0]), Scale(6, z)).Plus(-9)) // = token 3
	g.SetLogit(97, C(5))
	g.SetLogit(98, Add(z, Scale(-3, w)))
	g.SetLogit(99, Scale(2, w).Plus(1))
	ms, err := Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	check("synthetic", ms, func(x []float64) {
		for c := range x {
			x[c] = float64(r.Intn(40) - 5)
		}
		x[ms.PosCols[0]] = 1
	})
	t.Log(NewEngine(ms, nil).p.head)
}
