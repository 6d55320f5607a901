package wasm

import (
	"fmt"
	"sort"

	"github.com/hullvm/hullvm/internal/machine"
)

// HostModule is the module name of the host functions.
const HostModule = "env"

// HostFunc is a function the HullVM machine provides to programs.
type HostFunc struct {
	Name string
	Type FuncType
}

// The host functions, and their order in HostFuncs.
const (
	HostGetc = iota // hv_getc() -> i32: the next input byte, or -1 at the end
	HostPutc        // hv_putc(i32): writes the low byte
	HostExit        // hv_exit(i32): halts with this status
)

// HostFuncs lists the host functions a module may import from HostModule.
var HostFuncs = []HostFunc{
	HostGetc: {"hv_getc", FuncType{Results: []ValType{ValTypeI32}}},
	HostPutc: {"hv_putc", FuncType{Params: []ValType{ValTypeI32}}},
	HostExit: {"hv_exit", FuncType{Params: []ValType{ValTypeI32}}},
}

// HostFuncOf says which host function (HostGetc, ...) an import is, or -1.
// It checks the name only; CheckSupported checks the type.
func HostFuncOf(im *Import) int {
	if im.Module != HostModule || im.Kind != ExternFunc {
		return -1
	}
	for k, h := range HostFuncs {
		if h.Name == im.Name {
			return k
		}
	}
	return -1
}

// Reasons given for unsupported constructs.
const (
	whyFloat    = "floating point is not supported"
	whySIMD     = "SIMD is not supported"
	whyBulk     = "bulk memory is not supported"
	whyRef      = "reference types are not supported"
	whyTables   = "more than one table is not supported"
	whyMemories = "more than one memory is not supported"
	whyConst    = "only constant initialisers and offsets are supported"
	whyImport   = "only env.hv_getc () -> i32, env.hv_putc (i32) -> () and env.hv_exit (i32) -> () are provided"
)

// CheckSupported finds every construct of m that HullVM cannot run and
// returns them all as one *UnsupportedError, or nil. m must be valid.
func (m *Module) CheckSupported() error {
	c := &checker{m: m}
	c.imports()
	c.memories()
	c.tables()
	c.globals()
	c.segments()
	for i := range m.Funcs {
		c.function(uint32(m.NumImportedFuncs()+i), &m.Funcs[i])
	}
	if len(c.problems) == 0 {
		return nil
	}
	sort.SliceStable(c.problems, func(i, j int) bool { return c.problems[i].Offset < c.problems[j].Offset })
	return &UnsupportedError{Problems: c.problems}
}

type checker struct {
	m        *Module
	problems []Problem
}

func (c *checker) add(fn int, at int, what, why string) {
	p := Problem{Func: fn, Offset: at, What: what, Why: why}
	if fn >= 0 {
		p.Name = c.m.FuncName(uint32(fn))
	}
	c.problems = append(c.problems, p)
}

func (c *checker) imports() {
	for i := range c.m.Imports {
		im := &c.m.Imports[i]
		what := fmt.Sprintf("import %s.%s", im.Module, im.Name)
		if im.Kind != ExternFunc {
			c.add(-1, im.Offset, what,
				fmt.Sprintf("an imported %s is not supported; the module must define it", im.Kind))
			continue
		}
		k := HostFuncOf(im)
		if k < 0 {
			c.add(-1, im.Offset, what, whyImport)
			continue
		}
		if uint64(im.Type) < uint64(len(c.m.Types)) && !c.m.Types[im.Type].Equal(&HostFuncs[k].Type) {
			why := fmt.Sprintf("its type is %v, the host function's is %v", &c.m.Types[im.Type], &HostFuncs[k].Type)
			c.add(-1, im.Offset, what, why)
		}
	}
}

func (c *checker) memories() {
	for i, l := range c.m.Memories {
		if i+c.m.NumImported(ExternMemory) > 0 {
			c.add(-1, l.Offset, fmt.Sprintf("memory %d", i), whyMemories)
			continue
		}
		if bytes := uint64(l.Min) * PageSize; bytes > machine.MemMax {
			c.add(-1, l.Offset, fmt.Sprintf("memory of %d pages (%d bytes)", l.Min, bytes),
				fmt.Sprintf("the machine's memory holds at most %d bytes", machine.MemMax))
		}
	}
}

func (c *checker) tables() {
	for i, t := range c.m.Tables {
		switch {
		case i+c.m.NumImported(ExternTable) > 0:
			c.add(-1, t.Limits.Offset, fmt.Sprintf("table %d", i), whyTables)
		case t.Elem != ValTypeFuncref:
			c.add(-1, t.Limits.Offset, fmt.Sprintf("table of %s", t.Elem), whyRef)
		}
	}
}

// typeWhy says why a value type is unsupported, or "".
func typeWhy(t ValType) string {
	switch {
	case t.IsInt():
		return ""
	case t.IsFloat():
		return whyFloat
	case t == ValTypeV128:
		return whySIMD
	}
	return whyRef
}

func (c *checker) globals() {
	for i, g := range c.m.Globals {
		if why := typeWhy(g.Type.Type); why != "" {
			c.add(-1, g.Offset, fmt.Sprintf("global %d of type %s", c.m.NumImported(ExternGlobal)+i, g.Type.Type), why)
		} else if g.Init.Op != OpcodeI32Const && g.Init.Op != OpcodeI64Const {
			c.add(-1, g.Init.Offset, fmt.Sprintf("global %d initialised by %s", i, g.Init.Op), whyConst)
		}
	}
}

func (c *checker) segments() {
	for i, el := range c.m.Elements {
		switch {
		case el.Mode != SegmentActive:
			c.add(-1, el.Offset, fmt.Sprintf("%s element segment %d", el.Mode, i), whyRef)
		case el.Table != 0:
			c.add(-1, el.Offset, fmt.Sprintf("element segment %d for table %d", i, el.Table), whyTables)
		case el.Start.Op != OpcodeI32Const:
			c.add(-1, el.Start.Offset, fmt.Sprintf("element segment %d placed by %s", i, el.Start.Op), whyConst)
		}
	}
	for i, d := range c.m.Data {
		switch {
		case d.Mode != SegmentActive:
			c.add(-1, d.Offset, fmt.Sprintf("passive data segment %d", i), whyBulk)
		case d.Start.Op != OpcodeI32Const:
			c.add(-1, d.Start.Offset, fmt.Sprintf("data segment %d placed by %s", i, d.Start.Op), whyConst)
		}
	}
}

func (c *checker) function(idx uint32, f *Func) {
	fn := int(idx)
	if uint64(f.Type) < uint64(len(c.m.Types)) {
		ft := &c.m.Types[f.Type]
		for k, t := range ft.Params {
			if why := typeWhy(t); why != "" {
				c.add(fn, f.Offset, fmt.Sprintf("parameter %d of type %s", k, t), why)
			}
		}
		for k, t := range ft.Results {
			if why := typeWhy(t); why != "" {
				c.add(fn, f.Offset, fmt.Sprintf("result %d of type %s", k, t), why)
			}
		}
	}
	for _, g := range f.Locals {
		if why := typeWhy(g.Type); why != "" && g.Count > 0 {
			c.add(fn, f.Offset, fmt.Sprintf("%d locals of type %s", g.Count, g.Type), why)
		}
	}
	for i := range f.Body {
		if what, why := c.instrWhy(&f.Body[i]); why != "" {
			c.add(fn, f.Body[i].Offset, what, why)
		}
	}
}

// instrWhy says why an instruction is unsupported, or why "".
func (c *checker) instrWhy(in *Instr) (what, why string) {
	what = in.Op.String()
	op := in.Op
	switch {
	case op.IsSIMD():
		return what, whySIMD
	case isFloatOp(op):
		return what, whyFloat
	case op >= OpcodeMemoryInit && op <= OpcodeTableCopy:
		return what, whyBulk
	case op >= OpcodeTableGrow && op <= OpcodeTableFill,
		op == OpcodeTableGet, op == OpcodeTableSet,
		op == OpcodeRefNull, op == OpcodeRefIsNull, op == OpcodeRefFunc:
		return what, whyRef
	case op == OpcodeCallIndirect && in.Index2 != 0:
		return what + " of table " + fmt.Sprint(in.Index2), whyTables
	case op == OpcodeSelectT:
		for _, t := range in.Types {
			if why := typeWhy(t); why != "" {
				return fmt.Sprintf("select of %s", t), why
			}
		}
	case op == OpcodeBlock || op == OpcodeLoop || op == OpcodeIf:
		params, results, _ := c.m.Signature(in.Block)
		for _, t := range append(append([]ValType{}, params...), results...) {
			if why := typeWhy(t); why != "" {
				return fmt.Sprintf("%s of type %s", op, t), why
			}
		}
	}
	return what, ""
}

// isFloatOp reports whether op takes or produces a floating-point value.
func isFloatOp(op Opcode) bool {
	switch {
	case op == OpcodeF32Load, op == OpcodeF64Load, op == OpcodeF32Store, op == OpcodeF64Store,
		op == OpcodeF32Const, op == OpcodeF64Const:
		return true
	case op >= OpcodeF32Eq && op <= OpcodeF64Ge:
		return true
	case op >= OpcodeF32Abs && op <= OpcodeF64Copysign:
		return true
	case op == OpcodeI64ExtendI32S, op == OpcodeI64ExtendI32U:
		return false
	case op >= OpcodeI32TruncF32S && op <= OpcodeF64ReinterpretI64:
		return true
	case op >= OpcodeI32TruncSatF32S && op <= OpcodeI64TruncSatF64U:
		return true
	}
	return false
}
