package wasm

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestCheckSupported checks that every unsupported construct of
// testdata/unsupported.wat is reported, in file order, in one error.
func TestCheckSupported(t *testing.T) {
	b, err := os.ReadFile("testdata/unsupported.wasm")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	err = m.CheckSupported()
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("error %v, want ErrUnsupported", err)
	}
	want := `wasm: unsupported: at offset 0x31: import env.sin (only env.hv_getc () -> i32, env.hv_putc (i32) -> () and env.hv_exit (i32) -> () are provided)
wasm: unsupported: at offset 0x3b: import env.hv_exit (its type is [i64] -> [], the host function's is [i32] -> [])
wasm: unsupported: at offset 0x49: import env.mem (an imported memory is not supported; the module must define it)
wasm: unsupported: at offset 0x60: table 1 (more than one table is not supported)
wasm: unsupported: at offset 0x65: global 0 of type f32 (floating point is not supported)
wasm: unsupported: at offset 0x70: passive element segment 0 (reference types are not supported)
wasm: unsupported: function 3 (float) at offset 0x78: parameter 0 of type f64 (floating point is not supported)
wasm: unsupported: function 3 (float) at offset 0x78: result 0 of type f32 (floating point is not supported)
wasm: unsupported: function 3 (float) at offset 0x78: 1 locals of type v128 (SIMD is not supported)
wasm: unsupported: function 3 (float) at offset 0x7d: f32.demote_f64 (floating point is not supported)
wasm: unsupported: function 4 (bulk) at offset 0x87: memory.fill (bulk memory is not supported)
wasm: unsupported: function 4 (bulk) at offset 0x8a: simd.0x0c (SIMD is not supported)
wasm: unsupported: function 4 (bulk) at offset 0x9c: simd.0x1b (SIMD is not supported)
wasm: unsupported: function 4 (bulk) at offset 0xa0: ref.null (reference types are not supported)
wasm: unsupported: function 4 (bulk) at offset 0xa2: ref.is_null (reference types are not supported)
wasm: unsupported: function 4 (bulk) at offset 0xa4: table.size (reference types are not supported)
wasm: unsupported: function 4 (bulk) at offset 0xaa: i32.trunc_sat_f32_s (floating point is not supported)
wasm: unsupported: at offset 0xb1: passive data segment 0 (bulk memory is not supported)`
	if got := err.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSupportedModules(t *testing.T) {
	for name, b := range readTestdata(t) {
		if name == "unsupported.wasm" || name == "runtime.wasm" {
			continue
		}
		m, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.CheckSupported(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestMemoryLimit(t *testing.T) {
	// 257 pages: one more than the machine's 16 MiB.
	b := mod(sec(sectionMemory, 1, 0, 0x81, 0x02))
	m, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	err = m.CheckSupported()
	want := "wasm: unsupported: at offset 0xb: memory of 257 pages (16842752 bytes) (the machine's memory holds at most 16777216 bytes)"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	m.Memories[0].Min = 256
	if err := m.CheckSupported(); err != nil {
		t.Errorf("256 pages: %v", err)
	}
}

func TestOpcodeNames(t *testing.T) {
	for op, want := range map[Opcode]string{
		OpcodeI32Add: "i32.add", OpcodeI64Extend32S: "i64.extend32_s", OpcodeMemoryCopy: "memory.copy",
		PrefixSIMD<<16 | 0x0c: "simd.0x0c", 0x06: "op(0x06)",
	} {
		if got := op.String(); got != want {
			t.Errorf("%#x: %q, want %q", uint32(op), got, want)
		}
	}
	if !strings.HasPrefix((PrefixMisc<<16 | 0x30).String(), "op(0xfc") {
		t.Errorf("unknown misc op: %s", PrefixMisc<<16|0x30)
	}
}
