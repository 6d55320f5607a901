// Package cc turns HullVM program sources into WebAssembly binaries.
//
// It is the first pass of the pipeline: C sources are compiled by clang for
// wasm32 and linked by wasm-ld against a small embedded runtime
// (runtime/hullvm_rt.c); WAT sources are assembled by wat2wasm; .wasm files
// are read as they are.
//
// # Contract
//
// The C build is freestanding (-O2 --target=wasm32 -nostdlib -ffreestanding):
// there is no libc. A program includes <hullvm.h> (include/hullvm.h,
// embedded and written to a temporary include directory for each build) and
// defines int main(void). The runtime supplies _start, which calls main and
// then hv_exit with its result, and memset, memcpy, memmove and memcmp.
//
// The linked module:
//   - imports only env.hv_getc, env.hv_putc and env.hv_exit (whatever the
//     program uses of them);
//   - exports _start, memory, and every function marked HV_EXPORT(name);
//   - places a fixed StackSize-byte stack at the bottom of memory
//     (--stack-first), so a stack overflow runs below address 0 and traps as
//     an out of bounds memory access instead of corrupting data;
//   - declares no memory growth (the initial memory holds stack and data);
//   - uses the MVP instruction set plus sign-extension operators, and no
//     bulk-memory, multi-value or reference-type instructions.
//
// Output is deterministic: the same source and the same clang give the same
// bytes. The custom sections that only name the toolchain ("producers",
// "target_features") are removed, so that builds by different distribution
// packages of the same clang version agree; the "name" section is kept.
package cc
