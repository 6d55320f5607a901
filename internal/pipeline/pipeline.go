// Package pipeline runs the whole path the README describes: a WebAssembly
// module is decoded and lowered to a machine program, the program and its
// input are encoded as the prompt, and one engine of the verification ladder
// generates the trace, which is decoded into output, results and an outcome.
// The CLI, the demo, the benchmarks and the cross-engine tests all call it.
package pipeline

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/hullvm/hullvm/internal/engine"
	"github.com/hullvm/hullvm/internal/graph"
	"github.com/hullvm/hullvm/internal/kvcache"
	"github.com/hullvm/hullvm/internal/lower"
	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/transformer"
	"github.com/hullvm/hullvm/internal/vmgraph"
	"github.com/hullvm/hullvm/internal/wasm"
)

// The machine engines, in the order of the verification ladder.
const (
	EngineRef   = "ref"   // the Go interpreter of the machine program
	EngineGraph = "graph" // the computation graph, evaluated exactly (brute-force lookups)
	EngineBrute = "brute" // the transformer, brute-force KV cache
	EngineHull  = "hull"  // the transformer, convex-hull KV cache
)

// Engines lists the machine engines.
var Engines = []string{EngineRef, EngineGraph, EngineBrute, EngineHull}

var (
	buildOnce sync.Once
	theGraph  *graph.Graph
	theModel  *transformer.Model
	buildErr  error
)

// Model returns the machine's graph and the transformer compiled from it,
// built once per process (the build is deterministic and takes well under a
// second).
func Model() (*graph.Graph, *transformer.Model, error) {
	buildOnce.Do(func() {
		theGraph = vmgraph.Build()
		theModel, buildErr = transformer.Compile(theGraph)
	})
	return theGraph, theModel, buildErr
}

// Lower decodes and lowers a module. With invoke set, the program calls that
// export with args (decimal integers typed by its signature) and reports its
// results, whose types it returns; otherwise it runs _start or main.
func Lower(wasmBytes []byte, invoke string, args []string) (*machine.Program, []wasm.ValType, error) {
	m, err := wasm.Decode(wasmBytes)
	if err != nil {
		return nil, nil, err
	}
	var results []wasm.ValType
	opt := lower.Options{Invoke: invoke}
	if invoke != "" {
		idx, ok := m.ExportedFunc(invoke)
		if !ok {
			return nil, nil, fmt.Errorf("no exported function %q", invoke)
		}
		ft := m.FuncTypeOf(idx)
		results = ft.Results
		if len(args) != len(ft.Params) {
			return nil, nil, fmt.Errorf("%s takes %d arguments %s, got %d", invoke, len(ft.Params), ft, len(args))
		}
		for i, a := range args {
			v, err := parseArg(a, ft.Params[i] == wasm.ValTypeI64)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: argument %d: %w", invoke, i+1, err)
			}
			opt.Args = append(opt.Args, v)
		}
	}
	p, err := lower.Lower(m, opt)
	return p, results, err
}

// FormatResults spells reported results as signed decimals of their types.
func FormatResults(vals []uint64, types []wasm.ValType) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		if i < len(types) && types[i] == wasm.ValTypeI64 {
			out[i] = strconv.FormatInt(int64(v), 10)
		} else {
			out[i] = strconv.FormatInt(int64(int32(uint32(v))), 10)
		}
	}
	return out
}

func parseArg(s string, is64 bool) (uint64, error) {
	bits := 32
	if is64 {
		bits = 64
	}
	if v, err := strconv.ParseInt(s, 10, bits); err == nil {
		if !is64 {
			return uint64(uint32(int32(v))), nil
		}
		return uint64(v), nil
	}
	v, err := strconv.ParseUint(s, 10, bits)
	if err != nil {
		return 0, fmt.Errorf("%q is not a %d-bit integer", s, bits)
	}
	return v, nil
}

// Options configures a run.
type Options struct {
	Engine    string
	MaxTokens int64     // trace token budget; 0: none
	Stdout    io.Writer // output bytes, as they are generated (nil: discarded)
	Trace     io.Writer // the trace, one step a line (nil: none)
	// Progress, when set, is called every ProgressEvery tokens.
	Progress      func(tokens, steps int64, elapsed time.Duration)
	ProgressEvery int64
	// Deadline, when not zero, stops the run with ErrDeadline once passed
	// (checked every ProgressEvery tokens).
	Deadline time.Time
}

// ErrDeadline is returned (with the partial Result) when Options.Deadline passed.
var ErrDeadline = errors.New("time limit reached")

// Result is a finished (or stopped) run.
type Result struct {
	machine.Outcome
	Engine    string
	PromptLen int
	Seconds   float64
	MinMargin float64 // smallest next-token margin; 0 when the engine has none (ref)
}

// ErrBudget is returned (with the partial Result) when MaxTokens ran out.
var ErrBudget = machine.ErrBudget

// stepper wraps the engine-specific stepper with its margin report.
type stepper struct {
	engine.Stepper
	margin func() float64
}

// NewStepper returns a fresh stepper of a machine engine other than ref
// (graph, brute or hull) and the function reporting its smallest next-token
// margin so far.
func NewStepper(name string) (engine.Stepper, func() float64, error) {
	s, err := newStepper(name)
	return s.Stepper, s.margin, err
}

func newStepper(name string) (stepper, error) {
	g, m, err := Model()
	if err != nil {
		return stepper{}, err
	}
	switch name {
	case EngineGraph:
		ev := graph.NewEval(g, kvcache.NewBrute)
		return stepper{ev, func() float64 { return ev.MinMargin }}, nil
	case EngineBrute, EngineHull:
		mk := kvcache.NewHull
		if name == EngineBrute {
			mk = kvcache.NewBrute
		}
		e := transformer.NewEngine(m, mk)
		return stepper{transformer.Stepper{E: e}, e.MinMargin}, nil
	}
	return stepper{}, fmt.Errorf("unknown engine %q", name)
}

// Run executes p on input with one engine. A run that stops before halt or a
// trap returns an error (ErrBudget for the budget) together with what it got.
func Run(p *machine.Program, input []byte, opt Options) (Result, error) {
	prompt, lay, err := machine.Prompt(p, input)
	if err != nil {
		return Result{}, err
	}
	res := Result{Engine: opt.Engine, PromptLen: len(prompt)}
	dec := &machine.Decoder{Out: opt.Stdout}
	var tw *TraceWriter
	if opt.Trace != nil {
		tw = NewTraceWriter(opt.Trace, p, lay, len(prompt))
	}
	var start time.Time
	every := opt.ProgressEvery
	if every <= 0 {
		every = 1 << 16
	}
	emit := func(t machine.Token) error {
		if err := dec.Push(t); err != nil {
			return err
		}
		if tw != nil {
			if err := tw.Push(t); err != nil {
				return err
			}
		}
		if dec.O.Tokens%every == 0 {
			if opt.Progress != nil {
				opt.Progress(dec.O.Tokens, dec.O.Steps, time.Since(start))
			}
			if !opt.Deadline.IsZero() && time.Now().After(opt.Deadline) {
				return ErrDeadline
			}
		}
		return nil
	}
	if opt.Engine == EngineRef {
		start = time.Now()
		err = machine.RunRef(p, input, opt.MaxTokens, emit)
	} else {
		var s stepper
		if s, err = newStepper(opt.Engine); err != nil {
			return res, err
		}
		start = time.Now()
		err = engine.Generate(s, prompt, opt.MaxTokens, emit)
		res.MinMargin = s.margin()
	}
	res.Seconds = time.Since(start).Seconds()
	res.Outcome = dec.O
	if err == nil && !dec.O.Ended() {
		err = errors.New("the trace ended before halt or a trap")
	}
	return res, err
}
