// Package lower turns a decoded WebAssembly module into a machine program
// (internal/machine). It is the third pass of the pipeline, after
// internal/wasm.
//
// # Static heights
//
// Every machine instruction carries H, the number of stack slots above the
// frame base fp before it runs. After validation the operand stack height
// at every WebAssembly instruction is static, so the lowering computes each
// H while it walks a function once, and the machine never keeps a stack
// pointer. Code that validation calls unreachable (after br, return,
// unreachable) is not lowered.
//
// # Frames
//
// A function with P parameters, R results and L other locals uses the slots
//
//	[0, P)            parameters, pushed by the caller
//	[P, P+pad)        pad = max(0, R-P) zeros, pushed by the caller
//	P+pad             the frame record (return position, caller's fp)
//	[P+pad+1, +L)     the other locals, zeroed with lzero on entry
//	above             the operand stack
//
// Local k is slot k when k < P, else k+pad+1. Before ret, the results are
// copied into slots [0, R), which the pad keeps clear of the record.
//
// # Instructions
//
// Integer add, sub, comparisons, eqz, wrap and extend are native machine
// instructions; and/or/xor and the sign extensions pass their operands
// through the scratch slots (spill). Shifts and rotations by a constant,
// multiplication by a constant (shift and add over the constant's
// non-adjacent form), and unsigned division and remainder by a power of two
// are short inline sequences. Everything else (mul, div, rem, variable
// shifts and rotations, clz, ctz, popcnt) calls a runtime routine, written
// in WebAssembly (runtime/runtime.wat) with native operations only and
// lowered like any function; only the routines a program uses are linked.
// docs/lowering.md gives the cost of each instruction; a test generates it
// from this code.
//
// Calls to the host functions are inline: hv_getc reads the input byte at
// a hidden global cursor, hv_putc is spill+out, hv_exit is halt.
// call_indirect is a brtable over the table's entries. memory.grow always
// fails (returns -1) unless its delta is 0.
//
// # Entry
//
// The program starts in a stub that initialises the globals, calls the
// start function if there is one, then calls the entry export: _start, else
// main (whose result is the exit status), or the export Options.Invoke with
// Options.Args, whose results it reports with result32/result64.
//
// # Contract
//
// Lower needs a module from wasm.Decode (validated); it runs
// CheckSupported itself and returns its error unchanged. Its errors start
// with "lower: ". Every program it returns passes machine.Program.Check.
// It does not panic on a validated module; on a module that skipped
// validation it returns an error instead where it notices an inconsistency.
package lower
