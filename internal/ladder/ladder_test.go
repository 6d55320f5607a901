package ladder

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/pipeline"
)

// How much of the ladder runs.
//
// graph and brute scan every earlier position at every position, so a run
// costs the square of its positions (prompt and trace): about 1e-7 s per
// pair on one loaded core, 3 to 9 s at 6,000 positions, 80 s for collatz
// (27,400 positions). They run the cases of at most quadCap positions
// (quadCapShort with -short) and, in full runs, the op programs of
// quadExtra. hull costs about 5e-5 s a position on a loaded core: it runs
// every case of at most hullCap positions (sudoku, 4.7M, took 74 to 215 s);
// the one case over it, recursion's ack(-1, 0), recurses 37.7M tokens deep
// before the call stack is exhausted, and only ref and wazero run it.
// With -short hull runs every shortEvery-th corpus program and invoke
// case and the examples of at most hullCapShort positions.
const (
	quadCap      = 6000
	quadCapShort = 3000
	hullCap      = 5_000_000
	hullCapShort = 100_000
	shortEvery   = 8
)

// quadExtra are corpus programs that graph and brute run in full runs
// although they are longer than quadCap (about 7,800 to 9,600 positions,
// 13 s each for the two engines): one instruction of each family the
// op-* programs test, so that each family reaches the two exact engines.
var quadExtra = []string{
	"op-i32.add", "op-i64.mul", "op-i32.shr_s", "op-i64.rotl", "op-i32.lt_u",
	"op-i64.extend8_s", "op-i32.load8_s", "op-i64.store32", "op-i32.clz",
}

// engineRun is one engine's run of one case, computed once per process
// (the seed tests reuse the ladder's runs).
type engineRun struct {
	once    sync.Once
	run     Run
	err     error
	seconds float64
}

var engineRuns sync.Map // engine + " " + case name -> *engineRun

// runOf runs c on a machine engine and checks it against ref.
func runOf(c *testCase, engine string) (*engineRun, *lowered, error) {
	l, err := refOf(c)
	if err != nil {
		return nil, nil, err
	}
	v, _ := engineRuns.LoadOrStore(engine+" "+c.Name, &engineRun{})
	r := v.(*engineRun)
	r.once.Do(func() {
		s, margin, err := Stepper(engine)
		if err != nil {
			r.err = err
			return
		}
		start := time.Now()
		r.run, r.err = Follow(s, margin, l.ref)
		r.seconds = time.Since(start).Seconds()
	})
	return r, l, nil
}

// checkRun runs c on engine and reports every failure: a token that
// differs from ref, an early stop, an outcome or output that does not
// decode to ref's, a margin under 1.
func checkRun(t *testing.T, c *testCase, engine string) {
	r, l, err := runOf(c, engine)
	if err != nil {
		t.Fatal(err)
	}
	if r.err != nil {
		t.Fatalf("%s on %s: %v", engine, c.Name, r.err)
	}
	if string(r.run.Out) != string(l.ref.Out) || r.run.O.Steps != l.ref.O.Steps {
		t.Errorf("decoded output %q in %d steps, ref %q in %d",
			r.run.Out, r.run.O.Steps, l.ref.Out, l.ref.O.Steps)
	}
	if r.run.MinMargin < 1 {
		t.Errorf("%s on %s: MinMargin %g, want at least 1", engine, c.Name, r.run.MinMargin)
	}
	n := positions(l)
	t.Logf("%d positions (prompt %d, trace %d), %.1f s, %.0f positions/s, margin %g",
		n, len(l.ref.Prompt), len(l.ref.Trace), r.seconds, float64(n)/r.seconds, r.run.MinMargin)
}

// job is one engine's run of one case, with its estimated cost in seconds.
type job struct {
	c      *testCase
	engine string
	cost   float64
}

func estimate(engine string, n int) float64 {
	if engine == pipeline.EngineHull {
		return 5e-5 * float64(n)
	}
	if engine == EngineGraphHull {
		return 6e-5 * float64(n)
	}
	return 1e-7 * float64(n) * float64(n)
}

// ladderCases is every case of the ladder: the examples, the corpus and,
// for each integer export of the examples, its first argument set and the
// sets that trap.
func ladderCases(t *testing.T) (examples, corpus, invoke []*testCase) {
	examples = exampleCases()
	t.Run("corpus", func(t *testing.T) { corpus = corpusCases(t) })
	all, err := invokeCases()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{} // "invoke/example.export"
	for _, c := range all {
		l, err := refOf(c)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		export, _, _ := strings.Cut(c.Name, "(")
		if !seen[export] || l.ref.O.Trap != machine.TrapNone {
			seen[export] = true
			invoke = append(invoke, c)
		}
	}
	return examples, corpus, invoke
}

// enginesFor chooses the engines that run a case of n positions, the
// i-th of its list; short runs keep every every-th case on hull.
func enginesFor(name string, i, every, n int) []string {
	quad := n <= quadCap || slices.Contains(quadExtra, strings.TrimPrefix(name, "corpus/"))
	hull := n <= hullCap
	if testing.Short() {
		quad = n <= quadCapShort
		hull = i%every == 0 && n <= hullCapShort
	}
	var es []string
	if hull {
		es = append(es, pipeline.EngineHull, EngineGraphHull)
	}
	if quad {
		es = append(es, pipeline.EngineGraph, pipeline.EngineBrute)
	}
	return es
}

// plan decides which engine runs which case, and logs what it leaves out.
func plan(t *testing.T) []job {
	examples, corpus, invoke := ladderCases(t)
	for _, name := range quadExtra {
		if len(corpus) > 0 && !hasCase(corpus, "corpus/"+name) {
			t.Errorf("quadExtra names %s, which is not in the corpus", name)
		}
	}
	var jobs []job
	add := func(kind string, cs []*testCase, every int) {
		ran := map[string]int{}
		var left []string
		for i, c := range cs {
			l, err := refOf(c)
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			n := positions(l)
			es := enginesFor(c.Name, i, every, n)
			for _, e := range es {
				jobs = append(jobs, job{c, e, estimate(e, n)})
				ran[e]++
			}
			var out []string
			for _, e := range []string{pipeline.EngineGraph, pipeline.EngineBrute, pipeline.EngineHull, EngineGraphHull} {
				if !slices.Contains(es, e) {
					out = append(out, e)
				}
			}
			if len(out) > 0 && (kind == "examples" || !testing.Short()) {
				left = append(left, fmt.Sprintf("%s (%d positions): not run on %s",
					c.Name, n, strings.Join(out, ", ")))
			}
		}
		t.Logf("%s: %d cases, run on %v", kind, len(cs), ran)
		if kind != "corpus" {
			for _, s := range left {
				t.Logf("  %s", s)
			}
		}
	}
	add("examples", examples, 1)
	add("corpus", corpus, shortEvery)
	add("invoke", invoke, shortEvery)
	return jobs
}

func hasCase(cs []*testCase, name string) bool {
	for _, c := range cs {
		if c.Name == name {
			return true
		}
	}
	return false
}

// TestLadder runs the graph, brute and hull engines on the cases plan
// chooses and requires each to generate the reference trace exactly. The
// runs go longest first to one worker per CPU.
func TestLadder(t *testing.T) {
	jobs := plan(t)
	sort.SliceStable(jobs, func(i, j int) bool { return jobs[i].cost > jobs[j].cost })
	var total float64
	count := map[string]int{}
	for _, j := range jobs {
		total += j.cost
		count[j.engine]++
	}
	workers := runtime.GOMAXPROCS(0)
	t.Logf("%d runs %v, about %.0f s of CPU on %d workers", len(jobs), count, total, workers)

	next := make(chan job)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				t.Run(j.engine+"/"+j.c.Name, func(t *testing.T) { checkRun(t, j.c, j.engine) })
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
}
