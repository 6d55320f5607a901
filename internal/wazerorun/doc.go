// Package wazerorun runs HullVM programs on wazero, a WebAssembly runtime
// written in Go. It is the first rung of the verification ladder: the
// reference every HullVM engine must agree with, byte for byte.
//
// # Program interface
//
// A program imports up to three functions from the module "env":
//
//	hv_getc() -> i32        the next input byte, or -1 at the end of input
//	hv_putc(i32)            writes its argument & 255 to stdout
//	hv_exit(i32)            ends the run with this exit status
//
// Run calls the export _start (no parameters, no results); a module without
// _start may export main (no parameters, one i32 result), whose result is
// the exit status. Returning from _start is exit status 0. Any other import
// is an error before the program starts.
//
// # Differences from a plain wazero run
//
//   - Memory cannot grow. Before compiling, each memory's maximum is set to
//     its initial size, so memory.grow with a positive delta returns -1 and
//     memory.grow 0 returns the current size. The spec allows a grow to fail
//     at any time, and the HullVM machine fails every growing memory.grow.
//   - Traps are reported in the spec's wording (see Trap values below), not
//     in wazero's.
//   - A memory of more than MaxMemoryPages (16 MiB, the machine's limit) or a
//     table of more than MaxTableSize entries is rejected, and so is a
//     section whose entry count exceeds its size, before wazero allocates
//     for it.
//   - Run counts executed instructions by instrumenting a copy of the module
//     (see Result.Instructions; Options.Profile splits the count by
//     function); Invoke runs the module uninstrumented.
//
// # Trap values
//
// Result.Trap is "" for a run that halted, or one of: "unreachable",
// "integer divide by zero", "integer overflow", "out of bounds memory
// access", "indirect call type mismatch", "undefined element" (wazero's
// "invalid table access", which covers both an index past the table and a
// null entry), "call stack exhausted" (the wazero interpreter allows 2000
// nested calls) and, for floating-point programs, "invalid conversion to
// integer". An unrecognised runtime error keeps wazero's text.
//
// The package uses wazero's interpreter, so it runs identically on every
// platform Go supports.
package wazerorun
