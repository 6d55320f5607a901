package pipeline

import (
	"errors"
	"syscall"
	"testing"
	"time"

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
	cpu0 := cpuTime()
	for b.Loop() {
		res, err := Run(p, ex.Input, Options{Engine: eng, MaxTokens: budget})
		if err != nil && !errors.Is(err, ErrBudget) {
			b.Fatal(err)
		}
		tokens += res.Tokens
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
	// The machine may be shared: tokens per second of this process's CPU
	// time is the steadier figure.
	b.ReportMetric(float64(tokens)/(cpuTime()-cpu0).Seconds(), "tokens/cpu-s")
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkMachineTokens runs examples through the compiled transformer
// and reports trace tokens per second (and per CPU second): hungarian for
// its first 40,000 trace tokens and fibonacci to its end (52,276) with the
// hull cache, fibonacci for 2,000 with the brute-force cache (whose cost
// per token grows with the trace: the ratio at one length is no constant).
func BenchmarkMachineTokens(b *testing.B) {
	b.Run("hull/hungarian", func(b *testing.B) { benchRun(b, "hungarian", EngineHull, 40_000) })
	b.Run("hull/fibonacci", func(b *testing.B) { benchRun(b, "fibonacci", EngineHull, 0) })
	b.Run("brute/fibonacci", func(b *testing.B) { benchRun(b, "fibonacci", EngineBrute, 2_000) })
}
