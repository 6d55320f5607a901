// Package wasm decodes and checks WebAssembly binary modules for HullVM.
//
// It is the second pass of the pipeline: a .wasm file becomes a Module, a
// typed and structured view that the lowering (internal/lower) walks. The
// format is WebAssembly 1.0 (spec §5, "Binary Format") with the
// sign-extension operators. The decoder also understands the encodings that
// WebAssembly 2.0 added (multi-value block types, bulk memory, reference
// types, SIMD, saturating conversions), so that the supported-subset check
// can name them instead of failing on an unknown byte.
//
// # Why our own decoder
//
// wazero validates modules and is the reference for what a valid module is,
// but its decoded form is internal to it. The lowering needs more than a
// yes or no: every instruction with its immediates and its byte offset in
// the file (the machine program keeps it as Instr.Source, and every error
// names it), function names from the name section, and element and data
// segments in a form it can place. This package provides that view.
//
// # Contract
//
// Decode runs our decoder, then wazero's CompileModule (the reference
// validator) on the same bytes. Our decoder goes first because it checks
// every length and count against the input: wazero 1.12 allocates by some
// counts before checking them, and a few malformed bytes could exhaust
// memory. Malformed bytes give a *DecodeError that names the byte offset;
// a module wazero rejects gives "wasm: invalid module: ..."; both wrap
// ErrInvalid. Parse is our decoder alone, for callers that validated
// already and for fuzzing. Neither panics on any input. One limit is ours,
// not the spec's: a function may declare at most MaxLocals locals.
//
// A decoded module may still use constructs that HullVM cannot run.
// (*Module).CheckSupported finds every one of them in a single pass and
// returns them together as an *UnsupportedError (errors.Is ErrUnsupported):
// floating point, SIMD, bulk memory and reference-type instructions, more
// than one memory or table, imports other than the three host functions,
// a memory larger than machine.MemMax, passive or declarative segments.
//
// # Invariants
//
// Instruction offsets (Instr.Offset) are byte offsets from the start of the
// file, of the instruction's first opcode byte. A function body's last
// instruction is the end that closes it. A Module is never modified after
// Decode returns it; the lowering only reads it.
package wasm
