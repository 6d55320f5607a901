package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/hullvm/hullvm/examples"
	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/pipeline"
)

type benchFlags struct {
	examples   []string
	engines    []string
	bruteLimit time.Duration
	curve      string
	curveLimit time.Duration
	plot       string
	json       bool
}

// benchRow is one example on one engine.
type benchRow struct {
	Example         string  `json:"example"`
	Engine          string  `json:"engine"`
	Instructions    int64   `json:"instructions"`
	Tokens          int64   `json:"tokens"`
	Seconds         float64 `json:"seconds"`
	TokensPerSecond float64 `json:"tokens_per_second"`
	InstrPerSecond  float64 `json:"instructions_per_second"`
	Finished        bool    `json:"finished"` // false: stopped by the time limit
}

// curvePoint is the cost of one token at a trace length.
type curvePoint struct {
	Engine     string  `json:"engine"`
	Tokens     int64   `json:"tokens"`
	NsPerToken float64 `json:"ns_per_token"`
}

type benchReport struct {
	Rows  []benchRow   `json:"rows"`
	Curve []curvePoint `json:"curve"`
}

func newBenchCmd() *cobra.Command {
	var f benchFlags
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure the transformer on the built-in examples and the cost per token against trace length",
		Long: `Run the built-in examples on the transformer with the convex-hull KV cache
(hull) and with the brute-force cache (brute), and print instructions, tokens,
seconds, tokens/s and instructions/s. Brute-force runs stop at --brute-limit
and are marked as stopped. Then run one long program (--curve, default
recursion: a short prompt and a long trace)
on both caches and report the cost of a token at growing trace lengths: the
hull's stays nearly flat while the scan's grows linearly. --plot draws that
curve as an SVG; --json prints everything as one JSON object.

Figures are measured on this machine, side by side in one run.`,
		Example: "  hullvm bench\n  hullvm bench --examples hello,collatz --curve collatz --plot cost.svg\n  hullvm bench --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBench(cmd.OutOrStdout(), cmd.ErrOrStderr(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&f.examples, "examples", nil, "examples to run (default: all)")
	fl.StringSliceVar(&f.engines, "engines", []string{pipeline.EngineHull, pipeline.EngineBrute}, "engines to compare")
	fl.DurationVar(&f.bruteLimit, "brute-limit", 10*time.Second, "time limit of each brute-force run")
	fl.StringVar(&f.curve, "curve", "recursion", "example whose per-token cost is measured against trace length (\"\": none)")
	fl.DurationVar(&f.curveLimit, "curve-limit", 60*time.Second, "time limit of each curve run")
	fl.StringVar(&f.plot, "plot", "", "write the cost curve to this SVG file")
	fl.BoolVar(&f.json, "json", false, "print the report as JSON")
	return cmd
}

func runBench(w, errw io.Writer, f benchFlags) error {
	names := f.examples
	if len(names) == 0 {
		for _, ex := range examples.All() {
			names = append(names, ex.Name)
		}
	}
	var rep benchReport
	for _, name := range names {
		ex, ok := examples.Get(name)
		if !ok {
			return fmt.Errorf("unknown example %q (try: hullvm examples)", name)
		}
		p, _, err := pipeline.Lower(ex.Wasm, "", nil)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, eng := range f.engines {
			opt := pipeline.Options{Engine: eng, ProgressEvery: 1024}
			if eng == pipeline.EngineBrute || eng == pipeline.EngineGraph {
				opt.Deadline = time.Now().Add(f.bruteLimit)
			}
			fmt.Fprintf(errw, "bench: %s on %s...\n", name, eng)
			res, err := pipeline.Run(p, ex.Input, opt)
			if err != nil && !errors.Is(err, pipeline.ErrDeadline) {
				return fmt.Errorf("%s on %s: %w", name, eng, err)
			}
			row := benchRow{Example: name, Engine: eng, Instructions: res.Steps, Tokens: res.Tokens,
				Seconds: res.Seconds, Finished: err == nil}
			if res.Seconds > 0 {
				row.TokensPerSecond = float64(res.Tokens) / res.Seconds
				row.InstrPerSecond = float64(res.Steps) / res.Seconds
			}
			rep.Rows = append(rep.Rows, row)
		}
	}
	if f.curve != "" {
		pts, err := costCurve(errw, f.curve, f.engines, f.curveLimit)
		if err != nil {
			return err
		}
		rep.Curve = pts
	}
	if f.plot != "" {
		if err := plotCurve(f.plot, f.curve, rep.Curve); err != nil {
			return err
		}
	}
	if f.json {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return printBench(w, rep)
}

// costCurve runs one example on each engine and records the time per token,
// averaged over windows of 1024 tokens, at sequence lengths (prompt plus trace
// so far: the keys each cache holds) spaced by factors of about 1.25.
func costCurve(errw io.Writer, name string, engines []string, limit time.Duration) ([]curvePoint, error) {
	ex, ok := examples.Get(name)
	if !ok {
		return nil, fmt.Errorf("unknown example %q", name)
	}
	p, _, err := pipeline.Lower(ex.Wasm, "", nil)
	if err != nil {
		return nil, err
	}
	prompt, _, err := machine.Prompt(p, ex.Input)
	if err != nil {
		return nil, err
	}
	base := int64(len(prompt)) // keys already in every cache when the trace starts
	var pts []curvePoint
	for _, eng := range engines {
		fmt.Fprintf(errw, "bench: cost curve of %s on %s (at most %s)...\n", name, eng, limit)
		var lastT int64
		var lastE time.Duration
		next := int64(1024)
		opt := pipeline.Options{Engine: eng, ProgressEvery: 1024, Deadline: time.Now().Add(limit),
			Progress: func(tokens, _ int64, elapsed time.Duration) {
				if lastT > 0 && tokens >= next && tokens > lastT {
					ns := float64((elapsed - lastE).Nanoseconds()) / float64(tokens-lastT)
					pts = append(pts, curvePoint{Engine: eng, Tokens: base + tokens, NsPerToken: ns})
					next = int64(math.Ceil(float64(tokens) * 1.25))
				}
				lastT, lastE = tokens, elapsed
			}}
		if _, err := pipeline.Run(p, ex.Input, opt); err != nil && !errors.Is(err, pipeline.ErrDeadline) {
			return nil, fmt.Errorf("%s on %s: %w", name, eng, err)
		}
	}
	return pts, nil
}

func printBench(w io.Writer, rep benchReport) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "example\tengine\tinstructions\ttokens\tseconds\ttokens/s\tinstructions/s\t\t")
	for _, r := range rep.Rows {
		note := ""
		if !r.Finished {
			note = "stopped by the time limit"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.2f\t%.0f\t%.0f\t%s\t\n", r.Example, r.Engine, r.Instructions, r.Tokens,
			r.Seconds, r.TokensPerSecond, r.InstrPerSecond, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(rep.Curve) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\ncost of one token at sequence length (ns/token; ratio = brute/hull at the nearest length):")
	byEngine := map[string][]curvePoint{}
	for _, p := range rep.Curve {
		byEngine[p.Engine] = append(byEngine[p.Engine], p)
	}
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "tokens\thull\tbrute\tratio\t")
	for _, decade := range []int64{1e3, 3e3, 1e4, 3e4, 1e5, 3e5, 1e6, 3e6, 1e7} {
		h, hok := nearest(byEngine[pipeline.EngineHull], decade)
		b, bok := nearest(byEngine[pipeline.EngineBrute], decade)
		if !hok && !bok {
			continue
		}
		cell := func(p curvePoint, ok bool) string {
			if !ok {
				return "-"
			}
			return fmt.Sprintf("%.0f", p.NsPerToken)
		}
		ratio := "-"
		if hok && bok && h.NsPerToken > 0 {
			ratio = fmt.Sprintf("%.1fx", b.NsPerToken/h.NsPerToken)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t\n", decade, cell(h, hok), cell(b, bok), ratio)
	}
	return tw.Flush()
}

// nearest finds the point closest to n tokens (within a factor of 1.4).
func nearest(pts []curvePoint, n int64) (curvePoint, bool) {
	best, ok := curvePoint{}, false
	for _, p := range pts {
		r := float64(p.Tokens) / float64(n)
		if r < 0.7 || r > 1.4 {
			continue
		}
		if !ok || math.Abs(math.Log(r)) < math.Abs(math.Log(float64(best.Tokens)/float64(n))) {
			best, ok = p, true
		}
	}
	return best, ok
}

func plotCurve(path, name string, pts []curvePoint) error {
	if len(pts) == 0 {
		return errors.New("--plot needs a cost curve (--curve EXAMPLE)")
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("HullVM: cost of one token (%s)", name)
	p.X.Label.Text = "sequence length: prompt + trace (tokens)"
	p.Y.Label.Text = "time per token (µs)"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.Legend.Top = true
	p.Legend.Left = false
	p.Legend.YOffs = -vg.Points(12)
	p.Title.Padding = vg.Points(8)
	by := map[string]plotter.XYs{}
	var order []string
	for _, pt := range pts {
		if _, ok := by[pt.Engine]; !ok {
			order = append(order, pt.Engine)
		}
		by[pt.Engine] = append(by[pt.Engine], plotter.XY{X: float64(pt.Tokens), Y: pt.NsPerToken / 1000})
	}
	for i, eng := range order {
		l, err := plotter.NewLine(by[eng])
		if err != nil {
			return err
		}
		l.Color = plotter.DefaultLineStyle.Color
		if i == 1 {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		l.Width = vg.Points(1.5)
		label := map[string]string{pipeline.EngineHull: "HullKVCache (hull)", pipeline.EngineBrute: "standard KV cache (brute)"}[eng]
		if label == "" {
			label = eng
		}
		p.Add(l)
		p.Legend.Add(label, l)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	wt, err := p.WriterTo(6*vg.Inch, 4*vg.Inch, "svg")
	if err != nil {
		f.Close()
		return err
	}
	if _, err := wt.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
