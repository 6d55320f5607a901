package ladder

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hullvm/hullvm/examples"
	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/pipeline"
	"github.com/hullvm/hullvm/internal/wazerorun"
)

// wazeroTimeout bounds one wazero run; every program here ends in well
// under a second.
const wazeroTimeout = time.Minute

// ending is how a run ended, in the terms both runtimes share.
type ending struct {
	Out     []byte
	Trap    string // the spec's wording, "" for none
	Status  int32  // exit status; 0 when trapped
	Results []string
}

func refEnding(l *lowered) ending {
	e := ending{Out: l.ref.Out}
	if l.ref.O.Trap != machine.TrapNone {
		e.Trap = l.ref.O.Trap.String()
	} else {
		e.Status = l.ref.O.Status
	}
	if len(l.ref.O.Results) > 0 {
		e.Results = pipeline.FormatResults(l.ref.O.Results, l.results)
	}
	return e
}

// compareEndings reports every way got (ref) differs from want (wazero).
func compareEndings(t *testing.T, got, want ending) {
	t.Helper()
	if !bytes.Equal(got.Out, want.Out) {
		t.Errorf("output: ref %q, wazero %q", got.Out, want.Out)
	}
	if got.Trap != want.Trap {
		t.Errorf("trap: ref %q, wazero %q", got.Trap, want.Trap)
	}
	if got.Status != want.Status {
		t.Errorf("exit status: ref %d, wazero %d", got.Status, want.Status)
	}
	if !slices.Equal(got.Results, want.Results) {
		t.Errorf("results: ref %q, wazero %q", got.Results, want.Results)
	}
}

// wazeroRun runs c's _start (or main) on wazero.
func wazeroRun(t *testing.T, c *testCase) ending {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wazeroTimeout)
	defer cancel()
	var out bytes.Buffer
	res, err := wazerorun.Run(ctx, c.Wasm, c.Input, &out)
	if err != nil {
		t.Fatalf("wazero: %v", err)
	}
	return ending{Out: out.Bytes(), Trap: res.Trap, Status: int32(res.ExitStatus)}
}

// wazeroInvoke calls c's export on wazero.
func wazeroInvoke(t *testing.T, c *testCase) ending {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wazeroTimeout)
	defer cancel()
	var out bytes.Buffer
	results, err := wazerorun.InvokeIO(ctx, c.Wasm, c.Invoke, c.Args, c.Input, &out)
	e := ending{Out: out.Bytes(), Results: results}
	var trap *wazerorun.TrapError
	var exit *wazerorun.ExitError
	switch {
	case errors.As(err, &trap):
		e.Trap = trap.Trap
	case errors.As(err, &exit):
		e.Status = int32(exit.Status)
	case err != nil:
		t.Fatalf("wazero: %v", err)
	}
	return e
}

// differential checks ref against wazero on every case, and calls also
// (when not nil) with each case's ref run.
func differential(t *testing.T, cases []*testCase, also func(*testing.T, *testCase, *lowered)) {
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			l, err := refOf(c)
			if err != nil {
				t.Fatal(err)
			}
			var want ending
			if c.Invoke != "" {
				want = wazeroInvoke(t, c)
			} else {
				want = wazeroRun(t, c)
			}
			compareEndings(t, refEnding(l), want)
			if also != nil {
				also(t, c, l)
			}
		})
	}
}

// TestWazeroExamples: every example's output, exit status and trap on ref
// equal wazero's, and the output is the committed expected.txt.
func TestWazeroExamples(t *testing.T) {
	differential(t, exampleCases(), func(t *testing.T, c *testCase, l *lowered) {
		ex, _ := examples.Get(strings.TrimPrefix(c.Name, "example/"))
		if !bytes.Equal(l.ref.Out, ex.Expected) {
			t.Errorf("output %q, want expected.txt %q", l.ref.Out, ex.Expected)
		}
	})
}

// TestWazeroCorpus: the same for every corpus program.
func TestWazeroCorpus(t *testing.T) {
	cs := corpusCases(t)
	if len(cs) != 261 {
		t.Errorf("the corpus has %d programs, this suite was written for 261", len(cs))
	}
	differential(t, cs, nil)
}

// TestWazeroInvoke: calling each integer export of the examples with a
// few argument sets gives the same results, trap, exit status and output
// on ref as on wazero.
func TestWazeroInvoke(t *testing.T) {
	cs, err := invokeCases()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 100 {
		t.Errorf("only %d invoke cases: the examples' exports were not found", len(cs))
	}
	endings := map[string]int{}
	differential(t, cs, func(t *testing.T, c *testCase, l *lowered) {
		switch e := refEnding(l); {
		case e.Trap != "":
			endings["trap: "+e.Trap]++
		case len(e.Results) > 0:
			endings["results"]++
		default:
			endings["no results"]++
		}
	})
	t.Logf("%d calls, endings %v", len(cs), endings)
}
