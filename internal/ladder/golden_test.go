package ladder

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/pipeline"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.trace from the ref engine")

// goldenPrograms are the programs whose ref trace is kept as text: two
// examples and corpus programs that print, trap and read input.
var goldenPrograms = []string{
	"example/add",
	"example/hello",
	"corpus/edge-putc-masks",
	"corpus/edge-i32-div_s-zero",
	"corpus/edge-getc-echo",
}

// goldenCase finds a golden program among the examples and the corpus.
func goldenCase(t *testing.T, name string) *testCase {
	t.Helper()
	var cs []*testCase
	if strings.HasPrefix(name, "corpus/") {
		cs = corpusCases(t)
	} else {
		cs = exampleCases()
	}
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no program %s", name)
	return nil
}

// traceText runs c on engine and returns its trace as --trace prints it,
// under a header line with the run's counts and ending.
func traceText(c *testCase, engine string) ([]byte, error) {
	p, _, err := pipeline.Lower(c.Wasm, c.Invoke, c.Args)
	if err != nil {
		return nil, err
	}
	var trace bytes.Buffer
	opt := pipeline.Options{Engine: engine, Trace: &trace, MaxTokens: refBudget}
	res, err := pipeline.Run(p, c.Input, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", engine, err)
	}
	ending := fmt.Sprintf("halt %d", res.Status)
	if res.Trap != machine.TrapNone {
		ending = "trap " + res.Trap.String()
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s: %d prompt tokens, %d trace tokens, %d steps, %s\n",
		c.Name, res.PromptLen, res.Tokens, res.Steps, ending)
	b.Write(trace.Bytes())
	return b.Bytes(), nil
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got  %q\n want %q", i+1, gl, wl)
		}
	}
	return "no difference"
}

// TestGolden checks the ref trace of each golden program against
// testdata/golden/NAME.trace (rewritten with -update), and hull's trace
// against the same file.
func TestGolden(t *testing.T) {
	for _, name := range goldenPrograms {
		t.Run(name, func(t *testing.T) {
			c := goldenCase(t, name)
			file := filepath.Join("testdata", "golden", name[strings.Index(name, "/")+1:]+".trace")
			got, err := traceText(c, pipeline.EngineRef)
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/ladder -run TestGolden -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("ref trace differs from %s at %s", file, firstDiff(got, want))
			}
			hull, err := traceText(c, pipeline.EngineHull)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(hull, want) {
				t.Errorf("hull trace differs from %s at %s", file, firstDiff(hull, want))
			}
		})
	}
}
