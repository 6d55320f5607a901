package wazerorun

import (
	"fmt"
)

// counterExport is the export name of the global that counts instructions
// in an instrumented module.
const counterExport = "hullvm.instructions"

// instrument adds an exported mutable i64 global that counts executed
// instructions, and the code that increments it.
//
// What counts: every executed instruction except the structure markers
// block, loop, else and end, which a lowered program does not execute.
// Each function body is cut into runs that end at a control instruction
// (block, loop, if, else, end, br, br_if, br_table, return, call,
// call_indirect, unreachable). Control only enters a run at its start, so
// one increment by the run's length, placed at its start, counts it
// exactly; the only overcount is the rest of a run in which a trap strikes.
// The increment is global.get, i64.const, i64.add, global.set, which leaves
// the operand stack as it was, so it is valid anywhere, dead code included.
//
// With perFunction set, each defined function gets its own counter, the
// export counterExport+"."+N for the Nth defined function (0-based); the
// plain counterExport is then absent.
func (m *module) instrument(perFunction bool) error {
	ci := m.find(sectionCode)
	var n uint32
	var r *reader
	if ci >= 0 {
		r = &reader{b: m.sections[ci].payload}
		var err error
		if n, err = r.u32(); err != nil {
			return fmt.Errorf("code section: %w", err)
		}
	}
	names := []string{counterExport}
	if perFunction {
		names = names[:0]
		for f := uint32(0); f < n; f++ {
			names = append(names, fmt.Sprintf("%s.%d", counterExport, f))
		}
	}
	first, err := m.addCounterGlobals(names)
	if err != nil {
		return err
	}
	if ci < 0 {
		return nil
	}
	ci = m.find(sectionCode) // adding the globals may have moved it
	out := appendU32(nil, n)
	for f := uint32(0); f < n; f++ {
		size, err := r.u32()
		if err != nil {
			return fmt.Errorf("code %d: %w", f, err)
		}
		body, err := r.bytes(int(size))
		if err != nil {
			return fmt.Errorf("code %d: %w", f, err)
		}
		counter := first
		if perFunction {
			counter += f
		}
		nb, err := instrumentBody(body, counter)
		if err != nil {
			return fmt.Errorf("code %d: %w", f, err)
		}
		out = appendU32(out, uint32(len(nb)))
		out = append(out, nb...)
	}
	m.sections[ci].payload = out
	return nil
}

// addCounterGlobals appends one counter global for each name, exported
// under that name, and returns the global index of the first.
func (m *module) addCounterGlobals(names []string) (uint32, error) {
	imps, err := m.imports()
	if err != nil {
		return 0, err
	}
	var index uint32
	for _, imp := range imps {
		if imp.kind == 3 {
			index++
		}
	}

	// The global section: count, then (valtype mut init-expr) entries.
	entry := []byte{0x7e, 0x01, 0x42, 0x00, 0x0b} // i64 mut (i64.const 0) end
	added := uint32(len(names))
	var globals []byte
	if gi := m.find(sectionGlobal); gi >= 0 {
		r := &reader{b: m.sections[gi].payload}
		n, err := r.u32()
		if err != nil {
			return 0, fmt.Errorf("global section: %w", err)
		}
		index += n
		globals = append(appendU32(nil, n+added), r.b[r.pos:]...)
	} else {
		globals = appendU32(nil, added)
	}
	for range names {
		globals = append(globals, entry...)
	}
	m.put(sectionGlobal, globals)

	// The export section gains (name, global, index).
	var exports []byte
	if ei := m.find(sectionExport); ei >= 0 {
		r := &reader{b: m.sections[ei].payload}
		n, err := r.u32()
		if err != nil {
			return 0, fmt.Errorf("export section: %w", err)
		}
		exports = append(appendU32(nil, n+added), r.b[r.pos:]...)
	} else {
		exports = appendU32(nil, added)
	}
	for i, name := range names {
		exports = appendU32(exports, uint32(len(name)))
		exports = append(exports, name...)
		exports = appendU32(append(exports, 0x03), index+uint32(i))
	}
	m.put(sectionExport, exports)
	return index, nil
}

// instrumentBody rewrites one function body (locals, then instructions).
func instrumentBody(body []byte, counter uint32) ([]byte, error) {
	r := &reader{b: body}
	groups, err := r.u32()
	if err != nil {
		return nil, err
	}
	for g := uint32(0); g < groups; g++ {
		if _, err := r.u32(); err != nil {
			return nil, err
		}
		if _, err := r.byte(); err != nil {
			return nil, err
		}
	}
	out := append([]byte{}, body[:r.pos]...)

	runStart, runLen := r.pos, int64(0)
	flush := func(end int) {
		if runLen > 0 {
			out = append(out, 0x23)
			out = appendU32(out, counter)
			out = append(out, 0x42)
			out = appendS64(out, runLen)
			out = append(out, 0x7c, 0x24)
			out = appendU32(out, counter)
		}
		out = append(out, body[runStart:end]...)
		runStart, runLen = end, 0
	}
	for r.pos < len(body) {
		at := r.pos
		op, err := r.byte()
		if err != nil {
			return nil, err
		}
		if err := skipImmediates(r, op); err != nil {
			return nil, fmt.Errorf("instruction 0x%02x at body offset %d: %w", op, at, err)
		}
		switch op {
		case 0x02, 0x03, 0x05, 0x0b: // block, loop, else, end: not counted
			flush(r.pos)
		case 0x00, 0x04, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11:
			runLen++
			flush(r.pos)
		default:
			runLen++
		}
	}
	flush(len(body))
	return out, nil
}

// skipImmediates steps over the immediates of the instruction op (spec
// §5.4) of the MVP, sign-extension, saturating-truncation, bulk-memory and
// reference-type instruction sets.
func skipImmediates(r *reader, op byte) error {
	var err error
	switch {
	case op == 0x02 || op == 0x03 || op == 0x04: // blocktype
		_, err = r.leb(5, true)
	case op == 0x0c || op == 0x0d || (op >= 0x20 && op <= 0x26) || op == 0x10 || op == 0xd2:
		_, err = r.u32()
	case op == 0x0e: // br_table: vec(labelidx) labelidx
		var n uint32
		if n, err = r.u32(); err == nil {
			for i := uint32(0); i <= n && err == nil; i++ {
				_, err = r.u32()
			}
		}
	case op == 0x11: // typeidx tableidx
		if _, err = r.u32(); err == nil {
			_, err = r.u32()
		}
	case op == 0x1c: // select t*
		var n uint32
		if n, err = r.u32(); err == nil {
			_, err = r.bytes(int(n))
		}
	case op >= 0x28 && op <= 0x3e: // memarg
		if _, err = r.u32(); err == nil {
			_, err = r.u32()
		}
	case op == 0x3f || op == 0x40 || op == 0xd0:
		_, err = r.byte()
	case op == 0x41:
		_, err = r.leb(5, true)
	case op == 0x42:
		_, err = r.leb(10, true)
	case op == 0x43:
		_, err = r.bytes(4)
	case op == 0x44:
		_, err = r.bytes(8)
	case op == 0xfc:
		err = skipPrefixed(r)
	case op <= 0x01 || op == 0x05 || op == 0x0b || op == 0x0f || op == 0x1a || op == 0x1b ||
		(op >= 0x45 && op <= 0xc4) || op == 0xd1:
		// no immediates
	default:
		err = fmt.Errorf("unknown opcode")
	}
	return err
}

// skipPrefixed steps over a 0xFC-prefixed instruction's sub-opcode and
// immediates.
func skipPrefixed(r *reader) error {
	sub, err := r.u32()
	if err != nil {
		return err
	}
	var n int // number of u32 immediates
	switch {
	case sub <= 7: // trunc_sat
	case sub == 9 || sub == 13 || (sub >= 15 && sub <= 17):
		n = 1
	case sub == 8 || sub == 10 || sub == 12 || sub == 14:
		n = 2
	case sub == 11:
		n = 1
	default:
		return fmt.Errorf("unknown 0xfc sub-opcode %d", sub)
	}
	for i := 0; i < n && err == nil; i++ {
		_, err = r.u32()
	}
	return err
}
