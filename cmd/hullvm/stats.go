package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/hullvm/hullvm/internal/pipeline"
)

// runStats is what --stats reports.
type runStats struct {
	Engine          string  `json:"engine"`
	Tokens          int64   `json:"tokens"`
	PromptTokens    int     `json:"prompt_tokens"`
	Instructions    int64   `json:"instructions"`
	Seconds         float64 `json:"seconds"`
	TokensPerSecond float64 `json:"tokens_per_second"`
	InstrPerSecond  float64 `json:"instructions_per_second"`
	PeakMemoryBytes int64   `json:"peak_memory_bytes"`
	MinMargin       float64 `json:"min_margin,omitempty"`
	Halted          bool    `json:"halted"`
	Trap            string  `json:"trap,omitempty"`
}

func newRunStats(engine string, r pipeline.Result) runStats {
	s := runStats{Engine: engine, Tokens: r.Tokens, PromptTokens: r.PromptLen, Instructions: r.Steps,
		Seconds: r.Seconds, PeakMemoryBytes: peakMemory(), MinMargin: r.MinMargin, Halted: r.Halted}
	if r.Seconds > 0 {
		s.TokensPerSecond = float64(r.Tokens) / r.Seconds
		s.InstrPerSecond = float64(r.Steps) / r.Seconds
	}
	if r.Trap != 0 {
		s.Trap = r.Trap.String()
	}
	return s
}

// writeStats prints the final figures of a run, as text lines or one JSON object.
func writeStats(w io.Writer, format, engine string, r pipeline.Result) {
	s := newRunStats(engine, r)
	if format == "json" {
		b, _ := json.Marshal(s)
		fmt.Fprintf(w, "%s\n", b)
		return
	}
	fmt.Fprintf(w, "stats: engine=%s tokens=%d (prompt %d) instructions=%d seconds=%.3f tokens/s=%.0f instructions/s=%.0f peak-memory=%.1fMiB",
		s.Engine, s.Tokens, s.PromptTokens, s.Instructions, s.Seconds, s.TokensPerSecond, s.InstrPerSecond,
		float64(s.PeakMemoryBytes)/(1<<20))
	if s.MinMargin > 0 {
		fmt.Fprintf(w, " min-margin=%g", s.MinMargin)
	}
	fmt.Fprintln(w)
}

// peakMemory is the process's peak resident set (VmHWM), or the Go runtime's
// obtained memory where /proc is not available.
func peakMemory() int64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				f := strings.Fields(rest)
				if len(f) > 0 {
					if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
						return kb << 10
					}
				}
			}
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.Sys)
}

// progressLine shows a live line on a terminal stderr for runs longer than a second.
type progressLine struct {
	w     io.Writer
	on    bool
	shown bool
	last  time.Duration
}

func newProgressLine(w io.Writer, quiet bool) *progressLine {
	p := &progressLine{w: w}
	if f, ok := w.(*os.File); ok && !quiet && term.IsTerminal(int(f.Fd())) {
		p.on = true
	}
	return p
}

func (p *progressLine) update(tokens, steps int64, elapsed time.Duration) {
	if !p.on || elapsed < time.Second || elapsed-p.last < 200*time.Millisecond {
		return
	}
	p.last = elapsed
	p.shown = true
	fmt.Fprintf(p.w, "\r\x1b[K%d tokens, %d instructions, %.0f tokens/s, %s", tokens, steps,
		float64(tokens)/elapsed.Seconds(), elapsed.Round(100*time.Millisecond))
}

func (p *progressLine) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
