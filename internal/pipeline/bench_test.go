package pipeline

import (
	"errors"
	"testing"

	"github.com/hullvm/hullvm/examples"
)

// benchRun runs example name on engine for at most budget trace tokens per
// iteration and reports trace tokens per second.
func benchRun(b *testing.B, name, eng string, budget int64) {
	ex, ok := examples.Get(name)
	if !ok {
		b.Fatalf("no example %s", name)
	}
	p, _, err := Lower(ex.Wasm, "", nil)
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := Model(); err != nil {
		b.Fatal(err)
	}
	var tokens int64
	b.ResetTimer()
	for b.Loop() {
		res, err := Run(p, ex.Input, Options{Engine: eng, MaxTokens: budget})
		if err != nil && !errors.Is(err, ErrBudget) {
			b.Fatal(err)
		}
		tokens += res.Tokens
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkMachineTokens runs the hungarian example through the compiled
// transformer: the hull cache for 40,000 trace tokens, the brute-force
// cache for 4,000.
func BenchmarkMachineTokens(b *testing.B) {
	b.Run("hull", func(b *testing.B) { benchRun(b, "hungarian", EngineHull, 40_000) })
	b.Run("brute", func(b *testing.B) { benchRun(b, "hungarian", EngineBrute, 4_000) })
}
