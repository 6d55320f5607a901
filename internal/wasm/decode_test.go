package wasm

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readTestdata(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob("testdata/*.wasm")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	files := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = b
	}
	return files
}

// TestDecodeTestdata decodes every committed module and checks that each
// instruction's offset points at its opcode byte.
func TestDecodeTestdata(t *testing.T) {
	for name, b := range readTestdata(t) {
		m, err := Decode(b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for i, f := range m.Funcs {
			if n := len(f.Body); n == 0 || f.Body[n-1].Op != OpcodeEnd {
				t.Errorf("%s: function %d does not end with end", name, i)
			}
			for _, in := range f.Body {
				if first := byte(in.Op); in.Op>>16 != 0 {
					first = byte(in.Op >> 16)
					if b[in.Offset] != first {
						t.Errorf("%s: %s at 0x%x: byte 0x%02x", name, in.Op, in.Offset, b[in.Offset])
					}
				} else if b[in.Offset] != first {
					t.Errorf("%s: %s at 0x%x: byte 0x%02x", name, in.Op, in.Offset, b[in.Offset])
				}
			}
		}
	}
}

// TestDecodeConstructs checks the decoded view of testdata/constructs.wat.
func TestDecodeConstructs(t *testing.T) {
	b, err := os.ReadFile("testdata/constructs.wasm")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Imports) != 2 || HostFuncOf(&m.Imports[0]) != HostGetc || HostFuncOf(&m.Imports[1]) != HostPutc {
		t.Errorf("imports %+v", m.Imports)
	}
	if tb := m.Table(); tb == nil || tb.Limits.Min != 3 || tb.Elem != ValTypeFuncref {
		t.Errorf("table %+v", tb)
	}
	if mem := m.Memory(); mem == nil || mem.Min != 1 || !mem.HasMax || mem.Max != 1 {
		t.Errorf("memory %+v", mem)
	}
	if len(m.Globals) != 2 || m.Globals[0].Init.Value != -7 || !m.Globals[0].Type.Mutable ||
		m.Globals[1].Init.Value != 0x123456789 || m.Globals[1].Type.Type != ValTypeI64 {
		t.Errorf("globals %+v", m.Globals)
	}
	if !m.HasStart || m.FuncName(m.Start) != "init" {
		t.Errorf("start %d (%q)", m.Start, m.FuncName(m.Start))
	}
	if len(m.Elements) != 1 || len(m.Elements[0].Funcs) != 2 || m.FuncName(m.Elements[0].Funcs[1]) != "twice" {
		t.Errorf("elements %+v", m.Elements)
	}
	if len(m.Data) != 1 || string(m.Data[0].Init) != "abc\x00\xff" || m.Data[0].Start.Value != 16 {
		t.Errorf("data %+v", m.Data)
	}
	idx, ok := m.ExportedFunc("_start")
	if !ok || m.FuncName(idx) != "_start" {
		t.Fatalf("_start export: %d %v", idx, ok)
	}
	f := m.DefinedFunc(idx)
	if f.NumLocals() != 2 {
		t.Errorf("locals %+v", f.Locals)
	}
	var ops []string
	for _, in := range f.Body {
		ops = append(ops, in.Op.String())
		switch in.Op {
		case OpcodeBrTable:
			if len(in.Labels) != 4 || in.Labels[0] != 0 || in.Labels[3] != 0 || in.Labels[1] != 1 {
				t.Errorf("br_table labels %v", in.Labels)
			}
		case OpcodeLoop:
			if in.Block.Kind != BlockIndex {
				t.Errorf("loop block type %+v, want a type index", in.Block)
			}
		case OpcodeI64Store32:
			if in.Mem.Offset != 4 {
				t.Errorf("i64.store32 offset %d", in.Mem.Offset)
			}
		}
	}
	if !strings.Contains(strings.Join(ops, " "), "br_table end end drop i32.const i32.const call_indirect") {
		t.Errorf("body: %s", strings.Join(ops, " "))
	}
}

// mod builds a module from sections; sec builds a section.
func mod(sections ...[]byte) []byte {
	b := append([]byte{}, header...)
	for _, s := range sections {
		b = append(b, s...)
	}
	return b
}

func sec(id byte, payload ...byte) []byte {
	return append([]byte{id, byte(len(payload))}, payload...)
}

// A function type () -> (), one function of it, and its code.
var (
	typeVoid = sec(sectionType, 1, 0x60, 0, 0)
	funcOne  = sec(sectionFunction, 1, 0)
)

func code(body ...byte) []byte {
	entry := append([]byte{byte(len(body) + 1), 0}, body...) // size, no locals
	return sec(sectionCode, append([]byte{1}, entry...)...)
}

func TestParseMalformed(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "wasm: malformed module: at offset 0x0: not a WebAssembly binary (bad magic number)"},
		{"bad version", []byte{0, 'a', 's', 'm', 2, 0, 0, 0}, "wasm: malformed module: at offset 0x4: unsupported binary version (want 1)"},
		{"truncated section", append(mod(), 1, 5, 1), "wasm: malformed module: section 1: at offset 0xa: 5 bytes wanted, 1 left"},
		{"unknown section", mod(sec(13)), "wasm: malformed module: at offset 0x8: unknown section id 13"},
		{"out of order", mod(funcOne, typeVoid), "wasm: malformed module: at offset 0xc: type section out of order or repeated"},
		{"repeated", mod(typeVoid, typeVoid), "wasm: malformed module: at offset 0xe: type section out of order or repeated"},
		{"leb too long", mod(sec(sectionType, 0x80, 0x80, 0x80, 0x80, 0x80, 0)),
			"wasm: malformed module: type section: at offset 0xa: integer representation too long"},
		{"leb too large", mod(sec(sectionStart, 0xff, 0xff, 0xff, 0xff, 0x1f)),
			"wasm: malformed module: start section: at offset 0xa: integer too large for 32 bits"},
		{"vector too long", mod(sec(sectionType, 100, 0x60)),
			"wasm: malformed module: type section: at offset 0xa: vector of 100 elements does not fit in the 1 bytes left"},
		{"bad func type", mod(sec(sectionType, 1, 0x61, 0, 0)),
			"wasm: malformed module: type section: entry 0: at offset 0xb: function type must start with 0x60, got 0x61"},
		{"bad value type", mod(sec(sectionType, 1, 0x60, 1, 0x55, 0)),
			"wasm: malformed module: type section: entry 0: at offset 0xd: invalid value type 0x55"},
		{"leftover", mod(sec(sectionStart, 0, 0)),
			"wasm: malformed module: start section: at offset 0xb: 1 bytes left over at the end of the section"},
		{"no code", mod(typeVoid, funcOne),
			"wasm: malformed module: at offset 0x12: 1 functions declared but 0 bodies given"},
		{"body without end", mod(typeVoid, funcOne, code(0x01)),
			"wasm: malformed module: code section: function 0: at offset 0x18: function body does not end with end"},
		{"bytes after end", mod(typeVoid, funcOne, code(0x0b, 0x01)),
			"wasm: malformed module: code section: function 0: at offset 0x18: 1 bytes after the end of the function body"},
		{"unknown opcode", mod(typeVoid, funcOne, code(0x06, 0x0b)),
			"wasm: malformed module: code section: function 0: at offset 0x17: unknown opcode op(0x06)"},
		{"unknown prefixed opcode", mod(typeVoid, funcOne, code(0xfc, 0x20, 0x0b)),
			"wasm: malformed module: code section: function 0: at offset 0x17: unknown opcode op(0xfc 0x20)"},
		{"truncated immediate", mod(typeVoid, funcOne, code(0x41)),
			"wasm: malformed module: code section: function 0: at offset 0x18: unexpected end"},
		{"memory.size flag", mod(typeVoid, funcOne, code(0x3f, 0x01, 0x1a, 0x0b)),
			"wasm: malformed module: code section: function 0: at offset 0x18: zero byte expected, got 0x01"},
		{"bad limits", mod(sec(sectionMemory, 1, 1, 5, 4)),
			"wasm: malformed module: memory section: entry 0: at offset 0xb: limits maximum 4 below minimum 5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.b)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error\n  %v\nwant\n  %s", err, tc.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) is false")
			}
		})
	}
}

func TestDecodeUsesWazero(t *testing.T) {
	// Structurally fine, but i32.add has no operands.
	b := mod(typeVoid, funcOne, code(0x6a, 0x0b))
	if _, err := Parse(b); err != nil {
		t.Fatalf("parse: %v", err)
	}
	_, err := Decode(b)
	if err == nil || !strings.HasPrefix(err.Error(), "wasm: invalid module: ") || !errors.Is(err, ErrInvalid) {
		t.Errorf("error %v, want wazero's verdict as wasm: invalid module", err)
	}
}

func TestLEB(t *testing.T) {
	for _, tc := range []struct {
		b    []byte
		bits uint
		s    bool
		want int64
		err  bool
	}{
		{[]byte{0x00}, 32, false, 0, false},
		{[]byte{0xe5, 0x8e, 0x26}, 32, false, 624485, false},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0x0f}, 32, false, 0xffffffff, false},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0x1f}, 32, false, 0, true},
		{[]byte{0x80, 0x00}, 32, false, 0, false},
		{[]byte{0x7f}, 32, true, -1, false},
		{[]byte{0xc0, 0xbb, 0x78}, 32, true, -123456, false},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0x07}, 32, true, 0x7fffffff, false},
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x78}, 32, true, -0x80000000, false},
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x70}, 32, true, 0, true},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0x0f}, 32, true, 0, true},
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}, 64, true, -1 << 63, false},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00}, 64, true, 1<<63 - 1, false},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, 64, true, 0, true},
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x0f}, 33, true, 0xf0000000, false},
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x10}, 33, true, 0, true},
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x70}, 33, true, -1 << 32, false},
	} {
		r := &reader{b: tc.b, end: len(tc.b)}
		var v int64
		var err error
		if tc.s {
			v, err = r.sleb(tc.bits)
		} else {
			var u uint64
			u, err = r.uleb(tc.bits)
			v = int64(u)
		}
		if (err != nil) != tc.err || err == nil && (v != tc.want || !r.eof()) {
			t.Errorf("% x (%d bits, signed %v): %d, %v; want %d, error %v", tc.b, tc.bits, tc.s, v, err, tc.want, tc.err)
		}
	}
}

func TestNameSection(t *testing.T) {
	names := []byte{4, 'n', 'a', 'm', 'e', 1, 4, 1, 0, 1, 'f'}
	b := mod(typeVoid, funcOne, code(0x0b), sec(sectionCustom, names...))
	m, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if m.FuncName(0) != "f" {
		t.Errorf("name %q, want f", m.FuncName(0))
	}
	bad := []byte{4, 'n', 'a', 'm', 'e', 1, 9, 1, 0, 1, 'f'}
	if m, err = Parse(mod(typeVoid, funcOne, code(0x0b), sec(sectionCustom, bad...))); err != nil || m.Names != nil {
		t.Errorf("a malformed name section: %v, names %v; want it ignored", err, m.Names)
	}
}
