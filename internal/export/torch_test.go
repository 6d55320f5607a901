package export

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hullvm/hullvm/examples"
)

// python is the interpreter of tools/torch_check.py: Debian's, which has
// python3-torch (HULLVM_PYTHON overrides it).
func python(t *testing.T) string {
	py := os.Getenv("HULLVM_PYTHON")
	if py == "" {
		py = "/usr/bin/python3"
	}
	out, err := exec.Command(py, "-c", "import torch").CombinedOutput()
	if err != nil {
		t.Skipf("skipping the PyTorch check: %s cannot import torch (apt-get install python3-torch): %v: %s",
			py, err, strings.TrimSpace(string(out)))
	}
	return py
}

type torchSummary struct {
	Compared     int     `json:"compared"`
	Trace        int     `json:"trace"`
	MinMargin    float64 `json:"min_margin"`
	MaxMargin    float64 `json:"max_margin"`
	NotOneHot    int     `json:"not_one_hot"`
	MinTopWeight float64 `json:"min_top_weight"`
	OK           bool    `json:"ok"`
	Eps          float64 `json:"eps"`
	Scale        float64 `json:"scale"`
}

// TestTorchCheck exports programs and reruns each in stock PyTorch
// (tools/torch_check.py), requiring every trace token to be the one the
// hull engine generated.
//
// A difference is a failure: the script names the first differing position
// and why.
func TestTorchCheck(t *testing.T) {
	py := python(t)
	script, err := filepath.Abs(filepath.Join("..", "..", "tools", "torch_check.py"))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ex := func(name string) []byte {
		e, ok := examples.Get(name)
		if !ok {
			t.Fatalf("no example %q", name)
		}
		return e.Wasm
	}
	cases := []struct {
		name      string
		wasm      []byte
		maxTokens int64
		args      []string
	}{
		// Repeated stores to one address, a loop, one output byte, exit 10.
		{name: "acc", wasm: read("acc.wasm")},
		// The same, decoded one token per forward call (first 20 tokens).
		{name: "acc-greedy", wasm: read("acc.wasm"), maxTokens: 20, args: []string{"--mode", "greedy", "--allow-incomplete"}},
		// The seed's forward(), one call over the first 60 tokens.
		{name: "acc-seed", wasm: read("acc.wasm"), maxTokens: 60, args: []string{"--mode", "seed", "--allow-incomplete"}},
		{name: "add", wasm: ex("add")},
		{name: "hello", wasm: ex("hello")},
		// A countdown loop that shifts and prints "FDB\n".
		{name: "loop", wasm: read("loop.wasm")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			res, err := Write(dir, c.wasm, Options{Name: c.name, MaxTokens: c.maxTokens})
			if err != nil {
				t.Fatal(err)
			}
			sum := filepath.Join(dir, "summary.json")
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			args := append([]string{script, dir, "--quiet", "--json", sum}, c.args...)
			out, err := exec.CommandContext(ctx, py, args...).CombinedOutput()
			text := strings.TrimSpace(string(out))
			var ee *exec.ExitError
			if err != nil && !errors.As(err, &ee) {
				t.Fatalf("running %s: %v\n%s", script, err, text)
			}
			if err != nil {
				t.Fatalf("torch_check failed (%v):\n%s", err, text)
			}
			var s torchSummary
			readJSON(t, sum, &s)
			if !s.OK || s.Compared != res.TraceLen || s.Trace != res.TraceLen {
				t.Fatalf("summary %+v for a trace of %d tokens:\n%s", s, res.TraceLen, text)
			}
			t.Logf("%d/%d trace tokens equal (prompt %d); eps %g, scale %g; logit margin min %g max %g; "+
				"attention rows not one-hot %d", s.Compared, res.TraceLen, res.PromptLen, s.Eps, s.Scale,
				s.MinMargin, s.MaxMargin, s.NotOneHot)
			if s.NotOneHot != 0 {
				t.Errorf("%d attention rows of used heads were not exactly one-hot", s.NotOneHot)
			}
		})
	}
}
