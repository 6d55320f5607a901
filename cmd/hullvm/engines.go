package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/pipeline"
)

// The engines of `hullvm run --engine`: wazero is the reference WebAssembly
// runtime; the others execute the lowered machine program.
const (
	engineWazero = "wazero" // the .wasm on wazero (internal/wazerorun)
	engineRef    = "ref"    // the Go interpreter of the machine program
	engineGraph  = "graph"  // the computation graph, evaluated exactly
	engineBrute  = "brute"  // the transformer, brute-force KV cache
	engineHull   = "hull"   // the transformer, convex-hull KV cache
)

// defaultEngine is the engine of a run without --engine.
const defaultEngine = engineHull

var engineNames = []string{engineRef, engineWazero, engineGraph, engineBrute, engineHull}

// machineRun is what a machine engine is asked to do.
type machineRun struct {
	Wasm      []byte
	Input     []byte
	Invoke    string    // the export to call instead of _start, or ""
	Args      []string  // its arguments, decimal
	Trace     io.Writer // where to write the trace tokens, or nil
	MaxTokens int64     // the token budget; 0 means none
	Stdout    io.Writer // the program's output bytes
	// Progress, when set, is called every ProgressEvery tokens.
	Progress      func(tokens, steps int64, elapsed time.Duration)
	ProgressEvery int64
}

// machineResult is how a machine run ended.
type machineResult struct {
	ExitStatus int      // when the program halted
	Trap       string   // the spec's wording, when it trapped
	Stopped    bool     // the token budget ran out
	Tokens     int64    // tokens generated
	Results    []string // the invoked function's results, signed decimals
	Run        pipeline.Result
}

// runMachine runs a program on one of the machine engines.
func runMachine(engine string, r machineRun) (machineResult, error) {
	p, resultTypes, err := pipeline.Lower(r.Wasm, r.Invoke, r.Args)
	if err != nil {
		return machineResult{}, err
	}
	res, err := pipeline.Run(p, r.Input, pipeline.Options{
		Engine: engine, MaxTokens: r.MaxTokens, Stdout: r.Stdout, Trace: r.Trace,
		Progress: r.Progress, ProgressEvery: r.ProgressEvery,
	})
	out := machineResult{Tokens: res.Tokens, Run: res}
	switch {
	case errors.Is(err, pipeline.ErrBudget):
		out.Stopped = true
		return out, nil
	case err != nil:
		return out, err
	}
	out.ExitStatus = int(res.Status)
	if res.Trap != machine.TrapNone {
		out.Trap = res.Trap.String()
	}
	out.Results = pipeline.FormatResults(res.Results, resultTypes)
	return out, nil
}

// emitMachine renders a module as the lowered machine program ("program")
// or as its prompt tokens ("tokens").
func emitMachine(kind string, wasmBytes []byte) ([]byte, error) {
	p, _, err := pipeline.Lower(wasmBytes, "", nil)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	switch kind {
	case "program":
		err = p.Listing(&b)
	case "tokens":
		err = writeTokens(&b, p)
	default:
		err = fmt.Errorf("unknown --emit %q", kind)
	}
	return b.Bytes(), err
}

// writeTokens prints the prompt one group a line: the header, each input
// and data byte, each instruction (as in the seed: "{ i32.const 03 00 00 00 ...").
func writeTokens(w io.Writer, p *machine.Program) error {
	toks, _, err := machine.Prompt(p, nil)
	if err != nil {
		return err
	}
	var line []string
	for _, t := range toks {
		line = append(line, t.String())
		if _, _, isByte := t.Byte(); isByte {
			continue
		}
		if _, err := fmt.Fprintln(w, strings.Join(line, " ")); err != nil {
			return err
		}
		line = line[:0]
	}
	return nil
}
