package main

import (
	"fmt"
	"io"
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
}

// machineResult is how a machine run ended.
type machineResult struct {
	ExitStatus int      // when the program halted
	Trap       string   // the spec's wording, when it trapped
	Stopped    bool     // the token budget ran out
	Tokens     int64    // tokens generated
	Results    []string // the invoked function's results, signed decimals
	Stats      []string // "key=value" lines for --stats
}

// runMachine runs a program on one of the machine engines.
//
// TODO(lead): wire the engines: lower the module, encode the prefix, and run
// the interpreter (ref), the graph (graph) or the transformer (brute, hull).
func runMachine(engine string, r machineRun) (machineResult, error) {
	return machineResult{}, fmt.Errorf("engine %s not built yet", engine)
}

// emitMachine renders a module as the lowered machine program ("program")
// or as its prefix tokens ("tokens").
//
// TODO(lead): wire to the lowering and token-encoding packages.
func emitMachine(kind string, wasm []byte) ([]byte, error) {
	return nil, fmt.Errorf("--emit %s not built yet", kind)
}
