// Package corpus is the differential corpus: small WebAssembly programs,
// written in the text format, that every engine of the verification ladder
// runs and must agree on byte for byte (output, exit status, trap).
//
// # Contents
//
// Programs returns, in a fixed order and always the same:
//   - "op-*": one program per integer instruction, applying it to a few
//     chosen operands (zero, one, minus one, the extremes, shift amounts of
//     32 and more) and printing each result;
//   - "rand-*": random programs from fixed seeds, mixing i32 and i64
//     arithmetic, locals, globals, memory, select, blocks, loops, if/else,
//     br_table, calls, call_indirect and early returns;
//   - "edge-*": handwritten edge cases, among them every trap of the spec.
//
// # Program contract
//
// Each module imports env.hv_putc (and env.hv_getc, env.hv_exit where it
// uses them), has one memory of one page, and exports _start, which takes
// no parameters and returns nothing. Values are printed by $print as 16
// lowercase hex digits and a newline ($print32 prints an i32 zero-extended).
// Programs are small (a few dozen instructions, loops of at most 10
// iterations) so that the slow engines replay all of them in seconds: each
// executes at most a few thousand WebAssembly instructions (the test holds
// them to 5000). Only integer instructions are used.
//
// testdata/wazero.golden pins wazero's outcome of every program: exit
// status, trap, instruction count and output. A change to the generator
// shows up there; regenerate it with go test ./internal/corpus -update.
package corpus

import (
	"fmt"

	"github.com/hullvm/hullvm/internal/cc"
)

// Program is one corpus program.
type Program struct {
	Name  string
	WAT   string // the module, in the WebAssembly text format
	Input []byte // what hv_getc reads; nil for none
}

// Programs returns the whole corpus. Each call builds it afresh, identical
// every time.
func Programs() []Program {
	var ps []Program
	ps = append(ps, opPrograms()...)
	ps = append(ps, randomPrograms()...)
	ps = append(ps, edgePrograms()...)
	return ps
}

// Compile assembles p into a binary module with wat2wasm.
func Compile(p Program) ([]byte, error) {
	wasm, err := cc.AssembleWAT(p.Name, p.WAT)
	if err != nil {
		return nil, fmt.Errorf("corpus %s: %w", p.Name, err)
	}
	return wasm, nil
}
