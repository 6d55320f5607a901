package wazerorun

import (
	"bytes"
	"errors"
	"fmt"
)

// This file holds the little of the WebAssembly binary format (spec §5) the
// runner needs to rewrite a module before wazero sees it: pinning the memory
// maximum and adding the instruction counter. It is not a validator; wazero
// validates the result.

// Section ids (spec §5.5.2).
const (
	sectionCustom   = 0
	sectionImport   = 2
	sectionMemory   = 5
	sectionGlobal   = 6
	sectionExport   = 7
	sectionCode     = 10
	sectionTag      = 13
	sectionDataCnt  = 12
	sectionStart    = 8
	sectionElement  = 9
	sectionData     = 11
	sectionFunction = 3
	sectionTable    = 4
	sectionType     = 1
)

// sectionRank is the order in which non-custom sections must appear.
var sectionRank = map[byte]int{
	sectionType: 1, sectionImport: 2, sectionFunction: 3, sectionTable: 4,
	sectionMemory: 5, sectionTag: 6, sectionGlobal: 7, sectionExport: 8,
	sectionStart: 9, sectionElement: 10, sectionDataCnt: 11, sectionCode: 12,
	sectionData: 13,
}

// Size limits of a module that Run accepts: the HullVM machine's memory
// limit (docs/limits.md), and a table size far above what C programs use.
const (
	MaxMemoryPages = 256     // 16 MiB
	MaxTableSize   = 1 << 16 // entries
)

var wasmHeader = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

var errShort = errors.New("unexpected end of bytes")

type section struct {
	id      byte
	payload []byte
}

type module struct {
	sections []section
}

// parseModule splits a binary module into its sections.
func parseModule(wasm []byte) (*module, error) {
	if !bytes.HasPrefix(wasm, wasmHeader) {
		return nil, errors.New("not a WebAssembly version 1 binary (bad magic or version)")
	}
	m := &module{}
	r := &reader{b: wasm, pos: len(wasmHeader)}
	for r.pos < len(r.b) {
		start := r.pos
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, fmt.Errorf("section at byte %d: %w", start, err)
		}
		payload, err := r.bytes(int(size))
		if err != nil {
			return nil, fmt.Errorf("section %d at byte %d: %w", id, start, err)
		}
		if err := checkCount(id, payload, len(wasm)); err != nil {
			return nil, fmt.Errorf("section %d at byte %d: %w", id, start, err)
		}
		m.sections = append(m.sections, section{id: id, payload: payload})
	}
	return m, nil
}

// checkCount rejects a section whose leading count promises more entries
// than its bytes can hold (each entry takes at least one byte). wazero
// allocates by such counts before it reads the entries, so a few corrupt
// bytes could otherwise ask for gigabytes.
func checkCount(id byte, payload []byte, moduleSize int) error {
	if id == sectionCustom || id == sectionStart || id > sectionTag {
		return nil
	}
	n, err := (&reader{b: payload}).u32()
	if err != nil {
		return err
	}
	limit := len(payload)
	if id == sectionDataCnt {
		limit = moduleSize
	}
	if uint64(n) > uint64(limit) {
		return fmt.Errorf("count %d is more than the section can hold", n)
	}
	return nil
}

// encode joins the sections back into a binary module.
func (m *module) encode() []byte {
	out := append([]byte{}, wasmHeader...)
	for _, s := range m.sections {
		out = append(out, s.id)
		out = appendU32(out, uint32(len(s.payload)))
		out = append(out, s.payload...)
	}
	return out
}

// find returns the index of the section with this id, or -1.
func (m *module) find(id byte) int {
	for i, s := range m.sections {
		if s.id == id {
			return i
		}
	}
	return -1
}

// put replaces the section with this id, or inserts it where the section
// order puts it.
func (m *module) put(id byte, payload []byte) {
	if i := m.find(id); i >= 0 {
		m.sections[i].payload = payload
		return
	}
	at := len(m.sections)
	for i, s := range m.sections {
		if s.id != sectionCustom && sectionRank[s.id] > sectionRank[id] {
			at = i
			break
		}
	}
	m.sections = append(m.sections, section{})
	copy(m.sections[at+1:], m.sections[at:])
	m.sections[at] = section{id: id, payload: payload}
}

// importInfo is what the import section tells the runner.
type importInfo struct {
	module, name string
	kind         byte // 0 func, 1 table, 2 memory, 3 global, 4 tag
}

// imports decodes the import section (spec §5.5.5).
func (m *module) imports() ([]importInfo, error) {
	i := m.find(sectionImport)
	if i < 0 {
		return nil, nil
	}
	r := &reader{b: m.sections[i].payload}
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	var out []importInfo
	for k := uint32(0); k < n; k++ {
		mod, err := r.name()
		if err != nil {
			return nil, err
		}
		name, err := r.name()
		if err != nil {
			return nil, err
		}
		kind, err := r.byte()
		if err != nil {
			return nil, err
		}
		switch kind {
		case 0: // typeidx
			_, err = r.u32()
		case 1: // reftype, limits
			if _, err = r.byte(); err == nil {
				err = r.skipLimits()
			}
		case 2:
			err = r.skipLimits()
		case 3: // valtype, mut
			_, err = r.bytes(2)
		case 4: // attribute, typeidx
			if _, err = r.byte(); err == nil {
				_, err = r.u32()
			}
		default:
			err = fmt.Errorf("import %d: unknown kind 0x%02x", k, kind)
		}
		if err != nil {
			return nil, fmt.Errorf("import %d: %w", k, err)
		}
		out = append(out, importInfo{module: mod, name: name, kind: kind})
	}
	return out, nil
}

// pinMemory rewrites the memory section so that each memory's maximum equals
// its initial size: every memory.grow by a positive number of pages then
// fails and returns -1, as it does on the HullVM machine.
func (m *module) pinMemory() error {
	i := m.find(sectionMemory)
	if i < 0 {
		return nil
	}
	r := &reader{b: m.sections[i].payload}
	n, err := r.u32()
	if err != nil {
		return fmt.Errorf("memory section: %w", err)
	}
	out := appendU32(nil, n)
	for k := uint32(0); k < n; k++ {
		flags, err := r.byte()
		if err != nil {
			return fmt.Errorf("memory %d: %w", k, err)
		}
		if flags > 1 {
			return fmt.Errorf("memory %d: unsupported limits flags 0x%02x", k, flags)
		}
		min, err := r.u32()
		if err != nil {
			return fmt.Errorf("memory %d: %w", k, err)
		}
		if flags == 1 {
			if _, err := r.u32(); err != nil {
				return fmt.Errorf("memory %d: %w", k, err)
			}
		}
		if min > MaxMemoryPages {
			return fmt.Errorf("memory %d: %d pages is over the limit of %d (16 MiB)", k, min, MaxMemoryPages)
		}
		out = appendU32(append(out, 1), min)
		out = appendU32(out, min)
	}
	m.sections[i].payload = out
	return nil
}

// checkTables rejects tables larger than MaxTableSize, which wazero would
// allocate in full.
func (m *module) checkTables() error {
	i := m.find(sectionTable)
	if i < 0 {
		return nil
	}
	r := &reader{b: m.sections[i].payload}
	n, err := r.u32()
	if err != nil {
		return fmt.Errorf("table section: %w", err)
	}
	for k := uint32(0); k < n; k++ {
		if _, err := r.byte(); err != nil { // reftype (0x40 forms are left to wazero)
			return fmt.Errorf("table %d: %w", k, err)
		}
		if _, err := r.byte(); err != nil { // limits flags
			return fmt.Errorf("table %d: %w", k, err)
		}
		min, err := r.u32()
		if err != nil {
			return fmt.Errorf("table %d: %w", k, err)
		}
		if min > MaxTableSize {
			return fmt.Errorf("table %d: %d entries is over the limit of %d", k, min, MaxTableSize)
		}
		return nil // the first table is all the checks need; wazero validates the rest
	}
	return nil
}

// reader decodes the primitive encodings of spec §5.1 and §5.2.
type reader struct {
	b   []byte
	pos int
}

func (r *reader) byte() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, errShort
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

func (r *reader) bytes(n int) ([]byte, error) {
	if n < 0 || r.pos+n > len(r.b) {
		return nil, errShort
	}
	s := r.b[r.pos : r.pos+n]
	r.pos += n
	return s, nil
}

func (r *reader) u32() (uint32, error) {
	v, err := r.leb(5, false)
	return uint32(v), err
}

func (r *reader) name() (string, error) {
	n, err := r.u32()
	if err != nil {
		return "", err
	}
	b, err := r.bytes(int(n))
	return string(b), err
}

// leb reads an LEB128 number of at most maxBytes bytes.
func (r *reader) leb(maxBytes int, signed bool) (int64, error) {
	var v uint64
	var shift uint
	for i := 0; i < maxBytes; i++ {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if signed && shift < 64 && c&0x40 != 0 {
				v |= ^uint64(0) << shift
			}
			return int64(v), nil
		}
	}
	return 0, errors.New("LEB128 number too long")
}

func (r *reader) skipLimits() error {
	flags, err := r.byte()
	if err != nil {
		return err
	}
	if _, err := r.leb(10, false); err != nil {
		return err
	}
	if flags&1 != 0 {
		_, err = r.leb(10, false)
	}
	return err
}

func appendU32(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendS64(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// functionNames decodes the function names of the "name" custom section
// (spec appendix 7.4.1), keyed by function index. It returns nil when the
// section is missing or malformed: names only decorate reports.
func (m *module) functionNames() map[uint32]string {
	for _, s := range m.sections {
		if s.id != sectionCustom {
			continue
		}
		r := &reader{b: s.payload}
		if name, err := r.name(); err != nil || name != "name" {
			continue
		}
		for r.pos < len(r.b) {
			id, err := r.byte()
			if err != nil {
				return nil
			}
			size, err := r.u32()
			if err != nil {
				return nil
			}
			sub, err := r.bytes(int(size))
			if err != nil {
				return nil
			}
			if id == 1 {
				return nameMap(sub)
			}
		}
	}
	return nil
}

func nameMap(b []byte) map[uint32]string {
	r := &reader{b: b}
	n, err := r.u32()
	if err != nil {
		return nil
	}
	out := make(map[uint32]string, n)
	for i := uint32(0); i < n; i++ {
		idx, err := r.u32()
		if err != nil {
			return out
		}
		name, err := r.name()
		if err != nil {
			return out
		}
		out[idx] = name
	}
	return out
}
