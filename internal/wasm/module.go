package wasm

import "fmt"

// ValType is a value type (spec §5.3.1 number types, §5.3.2 vector types,
// §5.3.3 reference types).
type ValType byte

// The value types, by their binary encoding.
const (
	ValTypeI32       ValType = 0x7f
	ValTypeI64       ValType = 0x7e
	ValTypeF32       ValType = 0x7d
	ValTypeF64       ValType = 0x7c
	ValTypeV128      ValType = 0x7b
	ValTypeFuncref   ValType = 0x70
	ValTypeExternref ValType = 0x6f
)

func (t ValType) String() string {
	switch t {
	case ValTypeI32:
		return "i32"
	case ValTypeI64:
		return "i64"
	case ValTypeF32:
		return "f32"
	case ValTypeF64:
		return "f64"
	case ValTypeV128:
		return "v128"
	case ValTypeFuncref:
		return "funcref"
	case ValTypeExternref:
		return "externref"
	}
	return fmt.Sprintf("valtype(0x%02x)", byte(t))
}

// IsFloat reports whether t is f32 or f64.
func (t ValType) IsFloat() bool { return t == ValTypeF32 || t == ValTypeF64 }

// IsInt reports whether t is i32 or i64.
func (t ValType) IsInt() bool { return t == ValTypeI32 || t == ValTypeI64 }

func validValType(b byte) bool {
	switch ValType(b) {
	case ValTypeI32, ValTypeI64, ValTypeF32, ValTypeF64, ValTypeV128, ValTypeFuncref, ValTypeExternref:
		return true
	}
	return false
}

// FuncType is a function signature (spec §5.3.6).
type FuncType struct {
	Params  []ValType
	Results []ValType
}

// Equal reports whether two signatures are the same (the structural match
// call_indirect performs).
func (ft *FuncType) Equal(o *FuncType) bool {
	return equalTypes(ft.Params, o.Params) && equalTypes(ft.Results, o.Results)
}

func equalTypes(a, b []ValType) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (ft *FuncType) String() string {
	return fmt.Sprintf("%v -> %v", ft.Params, ft.Results)
}

// Limits bounds a memory (in 64 KiB pages) or a table (in entries) (spec §5.3.7).
type Limits struct {
	Min    uint32
	Max    uint32 // valid when HasMax
	HasMax bool
	Offset int // byte offset of the limits in the file
}

// PageSize is the size of a linear memory page in bytes.
const PageSize = 65536

// TableType is a table's element type and size (spec §5.3.8).
type TableType struct {
	Elem   ValType
	Limits Limits
}

// GlobalType is a global's value type and mutability (spec §5.3.10).
type GlobalType struct {
	Type    ValType
	Mutable bool
}

// ExternKind says what an import or export names (spec §5.5.5, §5.5.10).
type ExternKind byte

// The extern kinds, by their binary encoding.
const (
	ExternFunc   ExternKind = 0
	ExternTable  ExternKind = 1
	ExternMemory ExternKind = 2
	ExternGlobal ExternKind = 3
)

func (k ExternKind) String() string {
	switch k {
	case ExternFunc:
		return "function"
	case ExternTable:
		return "table"
	case ExternMemory:
		return "memory"
	case ExternGlobal:
		return "global"
	}
	return fmt.Sprintf("extern(%d)", byte(k))
}

// Import is one entry of the import section (spec §5.5.5). Which of the
// type fields is meaningful depends on Kind.
type Import struct {
	Module, Name string
	Kind         ExternKind
	Type         uint32 // ExternFunc: type index
	Table        TableType
	Memory       Limits
	Global       GlobalType
	Offset       int // byte offset of the entry
}

// ConstExpr is a constant expression (spec §3.3.10): the initialiser of a
// global, or the offset of an element or data segment. It is exactly one
// instruction followed by end.
type ConstExpr struct {
	Op     Opcode
	Value  int64  // i32.const (sign-extended), i64.const, f32.const / f64.const bits
	Index  uint32 // global.get, ref.func
	Type   ValType
	Offset int // byte offset of the instruction
}

// Global is a defined global (spec §5.5.9).
type Global struct {
	Type   GlobalType
	Init   ConstExpr
	Offset int
}

// Export is one entry of the export section (spec §5.5.10).
type Export struct {
	Name   string
	Kind   ExternKind
	Index  uint32
	Offset int
}

// SegmentMode says how an element or data segment is used (spec §2.5.12).
type SegmentMode byte

// The segment modes.
const (
	SegmentActive SegmentMode = iota
	SegmentPassive
	SegmentDeclarative
)

func (m SegmentMode) String() string {
	switch m {
	case SegmentActive:
		return "active"
	case SegmentPassive:
		return "passive"
	}
	return "declarative"
}

// ElemNull marks a null entry (ref.null) in Element.Funcs.
const ElemNull = ^uint32(0)

// Element is an element segment (spec §5.5.12). Funcs holds function
// indexes, ElemNull for a null reference.
type Element struct {
	Mode   SegmentMode
	Table  uint32
	Start  ConstExpr // offset of an active segment
	Type   ValType
	Funcs  []uint32
	Offset int
}

// Data is a data segment (spec §5.5.14).
type Data struct {
	Mode   SegmentMode
	Memory uint32
	Start  ConstExpr // offset of an active segment
	Init   []byte
	Offset int
}

// LocalGroup is one run of locals of the same type in a function body
// (spec §5.5.13).
type LocalGroup struct {
	Count uint32
	Type  ValType
}

// Func is a defined function: its type, its locals (parameters excluded)
// and its body.
type Func struct {
	Type   uint32
	Locals []LocalGroup
	Body   []Instr
	Offset int // byte offset of the body (its local declarations, after its size)
}

// NumLocals is the number of declared locals, parameters excluded.
func (f *Func) NumLocals() uint64 {
	var n uint64
	for _, g := range f.Locals {
		n += uint64(g.Count)
	}
	return n
}

// Module is a decoded module. Function, table, memory and global index
// spaces start with the imports of that kind, in import order.
type Module struct {
	Types     []FuncType
	Imports   []Import
	Funcs     []Func // defined functions: function index NumImportedFuncs()+i
	Tables    []TableType
	Memories  []Limits
	Globals   []Global
	Exports   []Export
	Start     uint32 // valid when HasStart
	HasStart  bool
	Elements  []Element
	Data      []Data
	DataCount uint32 // valid when HasDataCount
	// HasDataCount reports a data count section.
	HasDataCount bool
	// Names maps function indexes to names from the "name" custom section
	// (spec §7.4.1); a malformed name section is ignored.
	Names map[uint32]string
}

// NumImported counts the imports of one kind.
func (m *Module) NumImported(kind ExternKind) int {
	n := 0
	for _, im := range m.Imports {
		if im.Kind == kind {
			n++
		}
	}
	return n
}

// NumImportedFuncs counts imported functions.
func (m *Module) NumImportedFuncs() int { return m.NumImported(ExternFunc) }

// NumFuncs is the size of the function index space.
func (m *Module) NumFuncs() int { return m.NumImportedFuncs() + len(m.Funcs) }

// ImportedFunc returns the import of function index idx, or nil when idx is
// a defined function (or out of range).
func (m *Module) ImportedFunc(idx uint32) *Import {
	k := uint32(0)
	for i := range m.Imports {
		if m.Imports[i].Kind != ExternFunc {
			continue
		}
		if k == idx {
			return &m.Imports[i]
		}
		k++
	}
	return nil
}

// DefinedFunc returns the defined function of function index idx, or nil
// when idx is imported or out of range.
func (m *Module) DefinedFunc(idx uint32) *Func {
	n := uint32(m.NumImportedFuncs())
	if idx < n || uint64(idx-n) >= uint64(len(m.Funcs)) {
		return nil
	}
	return &m.Funcs[idx-n]
}

// FuncTypeOf returns the signature of function index idx, or nil when idx
// or its type index is out of range.
func (m *Module) FuncTypeOf(idx uint32) *FuncType {
	var t uint32
	if im := m.ImportedFunc(idx); im != nil {
		t = im.Type
	} else if f := m.DefinedFunc(idx); f != nil {
		t = f.Type
	} else {
		return nil
	}
	if uint64(t) >= uint64(len(m.Types)) {
		return nil
	}
	return &m.Types[t]
}

// FuncName is the function's name from the name section, else the name it
// is exported under, else "".
func (m *Module) FuncName(idx uint32) string {
	if n := m.Names[idx]; n != "" {
		return n
	}
	for _, e := range m.Exports {
		if e.Kind == ExternFunc && e.Index == idx {
			return e.Name
		}
	}
	return ""
}

// ExportedFunc finds the function exported under name.
func (m *Module) ExportedFunc(name string) (uint32, bool) {
	for _, e := range m.Exports {
		if e.Name == name && e.Kind == ExternFunc {
			return e.Index, true
		}
	}
	return 0, false
}

// Memory returns the limits of memory 0 (imported or defined), or nil
// when the module has no memory.
func (m *Module) Memory() *Limits {
	for i := range m.Imports {
		if m.Imports[i].Kind == ExternMemory {
			return &m.Imports[i].Memory
		}
	}
	if len(m.Memories) > 0 {
		return &m.Memories[0]
	}
	return nil
}

// Table returns table 0 (imported or defined), or nil when there is none.
func (m *Module) Table() *TableType {
	for i := range m.Imports {
		if m.Imports[i].Kind == ExternTable {
			return &m.Imports[i].Table
		}
	}
	if len(m.Tables) > 0 {
		return &m.Tables[0]
	}
	return nil
}

// BlockKind says how a block type is given (spec §5.4.1).
type BlockKind byte

// The block type kinds.
const (
	BlockEmpty BlockKind = iota // no parameters, no results
	BlockValue                  // no parameters, one result of type Type
	BlockIndex                  // the signature Types[Index] (multi-value)
)

// BlockType is the type of a block, loop or if.
type BlockType struct {
	Kind  BlockKind
	Type  ValType
	Index uint32
}

// Signature returns the block's parameters and results, or ok false when
// its type index is out of range.
func (m *Module) Signature(bt BlockType) (params, results []ValType, ok bool) {
	switch bt.Kind {
	case BlockEmpty:
		return nil, nil, true
	case BlockValue:
		return nil, []ValType{bt.Type}, true
	}
	if uint64(bt.Index) >= uint64(len(m.Types)) {
		return nil, nil, false
	}
	t := &m.Types[bt.Index]
	return t.Params, t.Results, true
}

// MemArg is the immediate of a load or store (spec §5.4.6).
type MemArg struct {
	Align  uint32 // log2 of the alignment hint
	Offset uint32
}

// Instr is one decoded instruction. Which immediate fields are set depends
// on Op (see Opcode.Immediate).
type Instr struct {
	Op     Opcode
	Offset int // byte offset of the first opcode byte in the file
	Block  BlockType
	// Index is the first index immediate: local, global, function, label
	// depth (br, br_if), type (call_indirect), table, data, element, or lane.
	Index uint32
	// Index2 is a second index: call_indirect's table, the source table of
	// table.copy, the table of table.init.
	Index2 uint32
	// Value is the constant of i32.const (sign-extended to 64 bits) and
	// i64.const, or the bits of f32.const and f64.const.
	Value  int64
	Mem    MemArg
	Labels []uint32  // br_table: the label depths, the default last
	Types  []ValType // typed select; ref.null's type
}
