package wasm

import (
	"bytes"
	"fmt"
)

// Section ids (spec §5.5.2).
const (
	sectionCustom    = 0
	sectionType      = 1
	sectionImport    = 2
	sectionFunction  = 3
	sectionTable     = 4
	sectionMemory    = 5
	sectionGlobal    = 6
	sectionExport    = 7
	sectionStart     = 8
	sectionElement   = 9
	sectionCode      = 10
	sectionData      = 11
	sectionDataCount = 12
)

var sectionNames = [...]string{
	"custom", "type", "import", "function", "table", "memory", "global",
	"export", "start", "element", "code", "data", "data count",
}

// sectionRank is the order in which the non-custom sections must appear
// (the data count section sits between element and code).
var sectionRank = [...]int{
	sectionType: 1, sectionImport: 2, sectionFunction: 3, sectionTable: 4,
	sectionMemory: 5, sectionGlobal: 6, sectionExport: 7, sectionStart: 8,
	sectionElement: 9, sectionDataCount: 10, sectionCode: 11, sectionData: 12,
}

var header = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

// Decode decodes b and validates it with wazero. An invalid module gives
// an error wrapping ErrInvalid: a *DecodeError from our decoder, which runs
// first and checks every length and count against the input (see
// validate), or wazero's verdict, "wasm: invalid module: ...".
func Decode(b []byte) (*Module, error) {
	m, err := Parse(b)
	if err != nil {
		return nil, err
	}
	if err := validate(b); err != nil {
		return nil, err
	}
	return m, nil
}

// Parse decodes b without running the reference validator. It checks the
// binary structure (bounds, encodings, section order and sizes) but not
// the typing rules; use Decode for a module from outside.
func Parse(b []byte) (*Module, error) {
	if len(b) < len(header) || !bytes.Equal(b[:4], header[:4]) {
		return nil, &DecodeError{Offset: 0, Msg: "not a WebAssembly binary (bad magic number)"}
	}
	if !bytes.Equal(b[4:8], header[4:]) {
		return nil, &DecodeError{Offset: 4, Msg: "unsupported binary version (want 1)"}
	}
	d := &decoder{m: &Module{}}
	r := &reader{b: b, pos: len(header), end: len(b)}
	rank := 0
	for !r.eof() {
		at := r.pos
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, withContext(err, "section header")
		}
		sr, err := r.sub(size)
		if err != nil {
			return nil, withContext(err, "section %d", id)
		}
		if int(id) >= len(sectionNames) {
			return nil, &DecodeError{Offset: at, Msg: fmt.Sprintf("unknown section id %d", id)}
		}
		if id != sectionCustom {
			if sectionRank[id] <= rank {
				msg := sectionNames[id] + " section out of order or repeated"
				return nil, &DecodeError{Offset: at, Msg: msg}
			}
			rank = sectionRank[id]
		}
		if err := d.section(id, sr); err != nil {
			return nil, withContext(err, "%s section", sectionNames[id])
		}
		if !sr.eof() {
			return nil, &DecodeError{Offset: sr.pos, Context: sectionNames[id] + " section",
				Msg: fmt.Sprintf("%d bytes left over at the end of the section", sr.end-sr.pos)}
		}
	}
	if len(d.funcTypes) != len(d.m.Funcs) {
		return nil, &DecodeError{Offset: len(b), Msg: fmt.Sprintf("%d functions declared but %d bodies given",
			len(d.funcTypes), len(d.m.Funcs))}
	}
	return d.m, nil
}

// decoder holds what one section tells a later one.
type decoder struct {
	m         *Module
	funcTypes []uint32 // the function section
}

func (d *decoder) section(id byte, r *reader) error {
	switch id {
	case sectionCustom:
		return d.custom(r)
	case sectionType:
		return vec(r, 3, d.funcType)
	case sectionImport:
		return vec(r, 4, d.importEntry)
	case sectionFunction:
		return vec(r, 1, func(r *reader) error {
			t, err := r.u32()
			d.funcTypes = append(d.funcTypes, t)
			return err
		})
	case sectionTable:
		return vec(r, 2, func(r *reader) error {
			t, err := r.tableType()
			d.m.Tables = append(d.m.Tables, t)
			return err
		})
	case sectionMemory:
		return vec(r, 1, func(r *reader) error {
			l, err := r.limits()
			d.m.Memories = append(d.m.Memories, l)
			return err
		})
	case sectionGlobal:
		return vec(r, 3, d.global)
	case sectionExport:
		return vec(r, 3, d.export)
	case sectionStart:
		s, err := r.u32()
		d.m.Start, d.m.HasStart = s, true
		return err
	case sectionElement:
		return vec(r, 2, d.element)
	case sectionDataCount:
		n, err := r.u32()
		d.m.DataCount, d.m.HasDataCount = n, true
		return err
	case sectionCode:
		return d.code(r)
	case sectionData:
		return vec(r, 2, d.data)
	}
	return r.errorf(r.pos, "BUG: section %d", id)
}

// vec reads a vector whose elements are at least min bytes long, calling
// each for every element; an error names the element's index.
func vec(r *reader, min int, each func(*reader) error) error {
	n, err := r.count(min)
	if err != nil {
		return err
	}
	for i := uint32(0); i < n; i++ {
		if err := each(r); err != nil {
			return withContext(err, "entry %d", i)
		}
	}
	return nil
}

func (d *decoder) custom(r *reader) error {
	name, err := r.name()
	if err != nil {
		return err
	}
	if name == "name" {
		// A malformed name section is not an error (spec §7.4): its
		// names are dropped.
		names, err := (&reader{b: r.b, pos: r.pos, end: r.end}).nameSection()
		if err == nil {
			d.m.Names = names
		}
	}
	r.pos = r.end
	return nil
}

func (r *reader) types() ([]ValType, error) {
	n, err := r.count(1)
	if err != nil {
		return nil, err
	}
	ts := make([]ValType, 0, n)
	for i := uint32(0); i < n; i++ {
		t, err := r.valType()
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	return ts, nil
}

func (d *decoder) funcType(r *reader) error {
	at := r.pos
	c, err := r.byte()
	if err != nil {
		return err
	}
	if c != 0x60 {
		return r.errorf(at, "function type must start with 0x60, got 0x%02x", c)
	}
	params, err := r.types()
	if err != nil {
		return err
	}
	results, err := r.types()
	if err != nil {
		return err
	}
	d.m.Types = append(d.m.Types, FuncType{Params: params, Results: results})
	return nil
}

func (r *reader) limits() (Limits, error) {
	at := r.pos
	flag, err := r.byte()
	if err != nil {
		return Limits{}, err
	}
	if flag > 1 {
		return Limits{}, r.errorf(at, "invalid limits flag 0x%02x", flag)
	}
	l := Limits{Offset: at}
	if l.Min, err = r.u32(); err != nil {
		return l, err
	}
	if flag == 1 {
		l.HasMax = true
		if l.Max, err = r.u32(); err != nil {
			return l, err
		}
		if l.Max < l.Min {
			return l, r.errorf(at, "limits maximum %d below minimum %d", l.Max, l.Min)
		}
	}
	return l, nil
}

func (r *reader) refType() (ValType, error) {
	at := r.pos
	t, err := r.valType()
	if err != nil {
		return 0, err
	}
	if t != ValTypeFuncref && t != ValTypeExternref {
		return 0, r.errorf(at, "reference type expected, got %s", t)
	}
	return t, nil
}

func (r *reader) tableType() (TableType, error) {
	t, err := r.refType()
	if err != nil {
		return TableType{}, err
	}
	l, err := r.limits()
	return TableType{Elem: t, Limits: l}, err
}

func (r *reader) globalType() (GlobalType, error) {
	t, err := r.valType()
	if err != nil {
		return GlobalType{}, err
	}
	at := r.pos
	mut, err := r.byte()
	if err != nil {
		return GlobalType{}, err
	}
	if mut > 1 {
		return GlobalType{}, r.errorf(at, "invalid mutability 0x%02x", mut)
	}
	return GlobalType{Type: t, Mutable: mut == 1}, nil
}

func (d *decoder) importEntry(r *reader) error {
	im := Import{Offset: r.pos}
	var err error
	if im.Module, err = r.name(); err != nil {
		return err
	}
	if im.Name, err = r.name(); err != nil {
		return err
	}
	at := r.pos
	kind, err := r.byte()
	if err != nil {
		return err
	}
	im.Kind = ExternKind(kind)
	switch im.Kind {
	case ExternFunc:
		im.Type, err = r.u32()
	case ExternTable:
		im.Table, err = r.tableType()
	case ExternMemory:
		im.Memory, err = r.limits()
	case ExternGlobal:
		im.Global, err = r.globalType()
	default:
		return r.errorf(at, "invalid import kind 0x%02x", kind)
	}
	d.m.Imports = append(d.m.Imports, im)
	return err
}

func (d *decoder) global(r *reader) error {
	g := Global{Offset: r.pos}
	var err error
	if g.Type, err = r.globalType(); err != nil {
		return err
	}
	if g.Init, err = r.constExpr(); err != nil {
		return err
	}
	d.m.Globals = append(d.m.Globals, g)
	return nil
}

func (d *decoder) export(r *reader) error {
	e := Export{Offset: r.pos}
	var err error
	if e.Name, err = r.name(); err != nil {
		return err
	}
	at := r.pos
	kind, err := r.byte()
	if err != nil {
		return err
	}
	if kind > byte(ExternGlobal) {
		return r.errorf(at, "invalid export kind 0x%02x", kind)
	}
	e.Kind = ExternKind(kind)
	e.Index, err = r.u32()
	d.m.Exports = append(d.m.Exports, e)
	return err
}

// constExpr reads a constant expression: one constant instruction, then end.
func (r *reader) constExpr() (ConstExpr, error) {
	in, err := r.instr()
	if err != nil {
		return ConstExpr{}, err
	}
	e := ConstExpr{Op: in.Op, Value: in.Value, Index: in.Index, Offset: in.Offset}
	switch in.Op {
	case OpcodeI32Const:
		e.Type = ValTypeI32
	case OpcodeI64Const:
		e.Type = ValTypeI64
	case OpcodeF32Const:
		e.Type = ValTypeF32
	case OpcodeF64Const:
		e.Type = ValTypeF64
	case OpcodeRefNull:
		e.Type = in.Types[0]
	case OpcodeRefFunc:
		e.Type = ValTypeFuncref
	case OpcodeGlobalGet:
	default:
		return e, r.errorf(in.Offset, "%s is not a constant instruction", in.Op)
	}
	at := r.pos
	end, err := r.byte()
	if err != nil {
		return e, err
	}
	if end != byte(OpcodeEnd) {
		return e, r.errorf(at, "constant expression must end after one instruction")
	}
	return e, nil
}

func (d *decoder) element(r *reader) error {
	el := Element{Offset: r.pos, Type: ValTypeFuncref}
	at := r.pos
	flags, err := r.u32()
	if err != nil {
		return err
	}
	if flags > 7 {
		return r.errorf(at, "invalid element segment flags %d", flags)
	}
	// Bit 0: passive or declarative; bit 1: explicit table (active) or
	// declarative; bit 2: expressions instead of function indexes.
	switch {
	case flags&1 == 0:
		el.Mode = SegmentActive
	case flags&2 == 0:
		el.Mode = SegmentPassive
	default:
		el.Mode = SegmentDeclarative
	}
	if flags&3 == 2 {
		if el.Table, err = r.u32(); err != nil {
			return err
		}
	}
	if el.Mode == SegmentActive {
		if el.Start, err = r.constExpr(); err != nil {
			return err
		}
	}
	if flags&3 != 0 {
		if flags&4 == 0 {
			at := r.pos
			kind, err := r.byte()
			if err != nil {
				return err
			}
			if kind != 0 {
				return r.errorf(at, "invalid element kind 0x%02x", kind)
			}
		} else if el.Type, err = r.refType(); err != nil {
			return err
		}
	}
	n, err := r.count(1)
	if err != nil {
		return err
	}
	for i := uint32(0); i < n; i++ {
		f, err := r.elemEntry(flags&4 != 0)
		if err != nil {
			return err
		}
		el.Funcs = append(el.Funcs, f)
	}
	d.m.Elements = append(d.m.Elements, el)
	return nil
}

// elemEntry reads one entry of an element segment: a function index, or an
// expression (ref.func or ref.null). Any other expression is reported as
// a null entry by its own decode error.
func (r *reader) elemEntry(expr bool) (uint32, error) {
	if !expr {
		return r.u32()
	}
	e, err := r.constExpr()
	if err != nil {
		return 0, err
	}
	switch e.Op {
	case OpcodeRefFunc:
		return e.Index, nil
	case OpcodeRefNull:
		return ElemNull, nil
	}
	return 0, r.errorf(e.Offset, "element expression %s is not supported (only ref.func and ref.null)", e.Op)
}

func (d *decoder) data(r *reader) error {
	ds := Data{Offset: r.pos}
	at := r.pos
	flags, err := r.u32()
	if err != nil {
		return err
	}
	switch flags {
	case 0:
	case 1:
		ds.Mode = SegmentPassive
	case 2:
		if ds.Memory, err = r.u32(); err != nil {
			return err
		}
	default:
		return r.errorf(at, "invalid data segment flags %d", flags)
	}
	if ds.Mode == SegmentActive {
		if ds.Start, err = r.constExpr(); err != nil {
			return err
		}
	}
	n, err := r.u32()
	if err != nil {
		return err
	}
	if ds.Init, err = r.bytes(n); err != nil {
		return err
	}
	d.m.Data = append(d.m.Data, ds)
	return nil
}

func (d *decoder) code(r *reader) error {
	n, err := r.count(2)
	if err != nil {
		return err
	}
	if int(n) != len(d.funcTypes) {
		return r.errorf(r.pos, "%d bodies for %d declared functions", n, len(d.funcTypes))
	}
	base := d.m.NumImportedFuncs()
	for i := uint32(0); i < n; i++ {
		f, err := r.funcBody()
		if err != nil {
			return withContext(err, "function %d", base+int(i))
		}
		f.Type = d.funcTypes[i]
		d.m.Funcs = append(d.m.Funcs, f)
	}
	return nil
}

// nameSection reads the function names of a "name" custom section
// (spec §7.4.1); the other subsections are skipped.
func (r *reader) nameSection() (map[uint32]string, error) {
	names := map[uint32]string{}
	for !r.eof() {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		sr, err := r.sub(size)
		if err != nil {
			return nil, err
		}
		if id != 1 {
			continue
		}
		err = vec(sr, 2, func(r *reader) error {
			idx, err := r.u32()
			if err != nil {
				return err
			}
			name, err := r.name()
			names[idx] = name
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return names, nil
}
