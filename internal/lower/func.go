package lower

import (
	"fmt"

	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/wasm"
)

// fn is the state of lowering one function, or the entry stub.
type fn struct {
	l      *linker
	u      *unit
	id     int // machine function
	idx    uint32
	typ    *wasm.FuncType
	pad    int            // max(0, results - params)
	locals []wasm.ValType // parameters first
	base   int            // slots below the operand stack
	stack  []wasm.ValType // the operand stack's types
	ctrls  []*ctrl
	skip   int // blocks opened inside the unreachable code being skipped
	src    int // byte offset of the instruction being lowered
	err    error

	// Peephole state: the index of the last instruction when it was emitted
	// for an i32.const or i64.const (constIdx, with its value) or for an
	// i32.eqz (eqzIdx) and nothing has been emitted or placed since; else -1.
	constIdx int
	constVal uint64
	eqzIdx   int
	// jmpIdx is the index of the last instruction when it is a jmp that
	// br emitted, else -1: a label placed right after it makes it a jump
	// to the next instruction, which is dropped.
	jmpIdx int
}

func newFn(l *linker, u *unit, id int, idx uint32) *fn {
	return &fn{l: l, u: u, id: id, idx: idx, constIdx: -1, eqzIdx: -1, jmpIdx: -1}
}

// ctrl is an open block, loop or if, or the function body (op OpcodeCall).
type ctrl struct {
	op              wasm.Opcode
	params, results []wasm.ValType
	height          int    // operand stack depth below the parameters
	label           *label // where a branch to this frame goes
	elseLabel       *label // if: where the false branch starts
	dead            bool   // the rest of the frame is unreachable
	hasElse         bool
}

// arity is the types a branch to c carries.
func (c *ctrl) arity() []wasm.ValType {
	if c.op == wasm.OpcodeLoop {
		return c.params
	}
	return c.results
}

// label is a jump target; refs are the instructions whose Imm waits for it.
type label struct {
	at   int
	refs []int
}

func newLabel() *label { return &label{at: -1} }

// fail records the first error of the function.
func (f *fn) fail(format string, args ...any) {
	if f.err != nil {
		return
	}
	where := "entry stub"
	switch {
	case f.u.runtime && f.id > 0:
		where = "runtime routine " + f.l.funcs[f.id].Name
	case f.id > 0:
		where = fmt.Sprintf("function %d", f.idx)
		if n := f.u.m.FuncName(f.idx); n != "" {
			where += " (" + n + ")"
		}
	}
	if f.src >= 0 && !f.u.runtime {
		where += fmt.Sprintf(" at offset 0x%x", f.src)
	}
	f.err = fmt.Errorf("lower: %s: %s", where, fmt.Sprintf(format, args...))
}

// emit appends an instruction with static height h and returns its index.
func (f *fn) emit(op machine.Op, imm uint64, h int) int {
	if h > machine.MaxOpHeight {
		f.fail("static stack height %d exceeds the machine's limit of %d slots", h, machine.MaxOpHeight)
	}
	if h < 0 {
		f.fail("BUG: negative stack height %d", h)
		h = 0
	}
	src := f.src
	if f.u.runtime {
		src = -1
	}
	f.l.instrs = append(f.l.instrs, machine.Instr{Op: op, Imm: imm, H: h, Func: f.id, Source: src})
	f.constIdx, f.eqzIdx, f.jmpIdx = -1, -1, -1
	return len(f.l.instrs) - 1
}

// place puts lb at the next instruction.
func (f *fn) place(lb *label) {
	if j := f.jmpIdx; j >= 0 && j == len(f.l.instrs)-1 {
		for k, r := range lb.refs {
			if r == j {
				lb.refs = append(lb.refs[:k], lb.refs[k+1:]...)
				f.l.instrs = f.l.instrs[:j]
				break
			}
		}
	}
	lb.at = len(f.l.instrs)
	for _, r := range lb.refs {
		f.l.instrs[r].Imm = uint64(lb.at)
	}
	lb.refs = nil
	f.constIdx, f.eqzIdx, f.jmpIdx = -1, -1, -1
}

// jump emits op (jmp, brif, brz, pushframe) aimed at lb.
func (f *fn) jump(op machine.Op, lb *label, h int) {
	i := f.emit(op, 0, h)
	if lb.at >= 0 {
		f.l.instrs[i].Imm = uint64(lb.at)
	} else {
		lb.refs = append(lb.refs, i)
	}
}

// condJump pops a condition at height h and jumps to lb when it is zero
// (ifZero) or nonzero. A preceding i32.eqz is folded into the jump.
func (f *fn) condJump(lb *label, ifZero bool, h int) {
	if f.eqzIdx >= 0 && f.eqzIdx == len(f.l.instrs)-1 {
		f.l.instrs = f.l.instrs[:f.eqzIdx]
		ifZero = !ifZero
	}
	f.jump(pick(ifZero, machine.OpBrZ, machine.OpBrIf), lb, h)
}

func pick[T any](first bool, a, b T) T {
	if first {
		return a
	}
	return b
}

// is32 picks the 32-bit (i32) or 64-bit form of an op.
func is32(t wasm.ValType) bool { return t == wasm.ValTypeI32 }

func (f *fn) h() int { return f.base + len(f.stack) }

func (f *fn) push(ts ...wasm.ValType) { f.stack = append(f.stack, ts...) }

func (f *fn) pop() wasm.ValType {
	if len(f.stack) == 0 {
		f.fail("BUG: operand stack underflow")
		return wasm.ValTypeI32
	}
	t := f.stack[len(f.stack)-1]
	f.stack = f.stack[:len(f.stack)-1]
	return t
}

func (f *fn) popN(n int) {
	for i := 0; i < n; i++ {
		f.pop()
	}
}

// top is the type k values below the top of the operand stack.
func (f *fn) top(k int) wasm.ValType {
	if k >= len(f.stack) {
		f.fail("BUG: operand stack underflow")
		return wasm.ValTypeI32
	}
	return f.stack[len(f.stack)-1-k]
}

// slot is the frame slot of local k.
func (f *fn) slot(k int) int {
	if k < len(f.typ.Params) {
		return k
	}
	return k + f.pad + 1
}

// lowerFunc lowers one defined function.
func (l *linker) lowerFunc(j job) error {
	m := j.u.m
	f := newFn(l, j.u, j.id, j.idx)
	fd, ft := m.DefinedFunc(j.idx), m.FuncTypeOf(j.idx)
	if fd == nil || ft == nil {
		f.fail("BUG: not a defined function")
		return f.err
	}
	f.typ = ft
	np, nr := len(ft.Params), len(ft.Results)
	f.pad = max(0, nr-np)
	if nl := fd.NumLocals(); uint64(np+f.pad+1)+nl > machine.MaxOpHeight {
		f.fail("%d parameters and %d locals exceed the machine's frame of %d slots", np, nl, machine.MaxOpHeight)
		return f.err
	}
	f.locals = append(f.locals, ft.Params...)
	for _, g := range fd.Locals {
		for k := uint32(0); k < g.Count; k++ {
			f.locals = append(f.locals, g.Type)
		}
	}
	f.base = np + f.pad + 1 + len(f.locals) - np
	l.funcs[j.id] = machine.Func{Name: j.u.name(j.idx), Start: len(l.instrs),
		Params: np, Results: nr, Locals: len(f.locals)}

	f.src = fd.Offset
	for k := np; k < len(f.locals); k++ {
		f.emit(machine.OpLZero, uint64(f.slot(k)), f.base)
	}
	f.ctrls = []*ctrl{{op: wasm.OpcodeCall, results: ft.Results, label: newLabel()}}
	f.body(fd.Body)
	if f.err == nil && len(f.ctrls) != 0 {
		f.fail("BUG: the body ends inside a block")
	}
	return f.err
}

// body lowers the instructions of a function body.
func (f *fn) body(code []wasm.Instr) {
	for i := range code {
		in := &code[i]
		f.src = in.Offset
		if len(f.ctrls) == 0 {
			f.fail("BUG: instructions after the end of the body")
			return
		}
		if f.ctrls[len(f.ctrls)-1].dead && !f.revives(in) {
			continue
		}
		f.instr(in)
		if f.err != nil {
			return
		}
	}
}

// revives tracks the nesting of unreachable code and reports whether in
// ends it: the else or end of the frame that went dead.
func (f *fn) revives(in *wasm.Instr) bool {
	switch in.Op {
	case wasm.OpcodeBlock, wasm.OpcodeLoop, wasm.OpcodeIf:
		f.skip++
	case wasm.OpcodeElse:
		return f.skip == 0
	case wasm.OpcodeEnd:
		if f.skip == 0 {
			return true
		}
		f.skip--
	}
	return false
}

// instr lowers one reachable instruction.
func (f *fn) instr(in *wasm.Instr) {
	switch in.Op {
	case wasm.OpcodeNop:
	case wasm.OpcodeDrop:
		f.pop()
		f.constIdx, f.eqzIdx = -1, -1
	case wasm.OpcodeBlock, wasm.OpcodeLoop, wasm.OpcodeIf:
		f.open(in)
	case wasm.OpcodeElse:
		f.elseBranch()
	case wasm.OpcodeEnd:
		f.end()
	case wasm.OpcodeBr:
		if c := f.target(in.Index); c != nil {
			f.branch(c)
		}
		f.kill()
	case wasm.OpcodeBrIf:
		f.brIf(in.Index)
	case wasm.OpcodeBrTable:
		f.brTable(in.Labels)
	case wasm.OpcodeReturn:
		f.ret()
		f.kill()
	case wasm.OpcodeUnreachable:
		f.emit(machine.OpTrap, uint64(machine.TrapUnreachable), f.h())
		f.kill()
	case wasm.OpcodeCall:
		f.call(in.Index)
	case wasm.OpcodeCallIndirect:
		f.callIndirect(in.Index)
	case wasm.OpcodeSelect, wasm.OpcodeSelectT:
		f.selectOp()
	default:
		f.simple(in)
	}
}

// kill marks the rest of the innermost frame unreachable.
func (f *fn) kill() { f.ctrls[len(f.ctrls)-1].dead = true }

func (f *fn) open(in *wasm.Instr) {
	params, results, ok := f.u.m.Signature(in.Block)
	if !ok || len(params) > len(f.stack) {
		f.fail("BUG: bad block type")
		return
	}
	c := &ctrl{op: in.Op, params: params, results: results,
		height: len(f.stack) - len(params), label: newLabel()}
	switch in.Op {
	case wasm.OpcodeBlock:
		f.constIdx, f.eqzIdx = -1, -1
	case wasm.OpcodeLoop:
		f.place(c.label)
	case wasm.OpcodeIf:
		h := f.h()
		f.pop()
		c.height--
		c.elseLabel = newLabel()
		f.condJump(c.elseLabel, true, h)
	}
	f.ctrls = append(f.ctrls, c)
}

func (f *fn) elseBranch() {
	c := f.ctrls[len(f.ctrls)-1]
	if c.op != wasm.OpcodeIf || c.hasElse {
		f.fail("BUG: else without if")
		return
	}
	if !c.dead {
		f.jump(machine.OpJmp, c.label, f.h())
	}
	f.place(c.elseLabel)
	c.hasElse, c.dead = true, false
	f.resetStack(c, c.params)
}

func (f *fn) resetStack(c *ctrl, ts []wasm.ValType) {
	if c.height > len(f.stack) {
		f.fail("BUG: operand stack below its block")
		return
	}
	f.stack = append(f.stack[:c.height], ts...)
}

func (f *fn) end() {
	c := f.ctrls[len(f.ctrls)-1]
	f.ctrls = f.ctrls[:len(f.ctrls)-1]
	reach := !c.dead || c.op == wasm.OpcodeIf && !c.hasElse
	if c.op != wasm.OpcodeLoop {
		reach = reach || len(c.label.refs) > 0
		f.place(c.label)
	}
	if c.op == wasm.OpcodeIf && !c.hasElse {
		f.place(c.elseLabel)
	}
	f.resetStack(c, c.results)
	if len(f.ctrls) == 0 {
		// The function body: branches to it were lowered as returns.
		if reach {
			f.ret()
		}
		return
	}
	if !reach {
		f.kill()
	}
}

// target is the frame a branch of depth d leaves to.
func (f *fn) target(d uint32) *ctrl {
	if uint64(d) >= uint64(len(f.ctrls)) {
		f.fail("BUG: branch depth %d", d)
		return nil
	}
	return f.ctrls[len(f.ctrls)-1-int(d)]
}

// moves says whether a branch to c must copy values down.
func (f *fn) moves(c *ctrl) bool {
	n := len(c.arity())
	return c == f.ctrls[0] || n > 0 && f.h()-n != f.base+c.height
}

// move copies the top len(ts) values down to the slots from slot to, and
// returns the height after them. Disjoint ranges are copied top first, so
// each lset pops; overlapping ones bottom first, so no value is
// overwritten before it is read.
func (f *fn) move(ts []wasm.ValType, to int) int {
	n := len(ts)
	from := f.h() - n
	if n == 0 || from == to {
		return f.h()
	}
	if from < to {
		f.fail("BUG: values moved up")
		return f.h()
	}
	set := func(i int) {
		f.emit(pick(is32(ts[i]), machine.OpLSet32, machine.OpLSet64), uint64(to+i), from+i+1)
	}
	if to+n <= from {
		for i := n - 1; i >= 0; i-- {
			set(i)
		}
	} else {
		for i := 0; i < n; i++ {
			set(i)
		}
	}
	return from
}

// branch emits an unconditional branch to c; to the function body it is a
// return.
func (f *fn) branch(c *ctrl) {
	if c == f.ctrls[0] {
		f.ret()
		return
	}
	h := f.move(c.arity(), f.base+c.height)
	f.jump(machine.OpJmp, c.label, h)
	f.jmpIdx = len(f.l.instrs) - 1
}

// ret copies the results into slots 0..R-1 and returns.
func (f *fn) ret() {
	nr := len(f.typ.Results)
	if nr > len(f.stack) {
		f.fail("BUG: return without its results")
		return
	}
	h := f.move(f.typ.Results, 0)
	f.emit(machine.OpRet, uint64(len(f.typ.Params)+f.pad), h)
}

func (f *fn) brIf(depth uint32) {
	h := f.h()
	f.pop()
	c := f.target(depth)
	if c == nil {
		return
	}
	if !f.moves(c) {
		f.condJump(c.label, false, h)
		return
	}
	skip := newLabel()
	f.condJump(skip, true, h)
	f.branch(c)
	f.place(skip)
}

// brTable lowers br_table: brtable, then one jmp per label (the default
// last), to the target or to a trampoline that moves the values first.
func (f *fn) brTable(labels []uint32) {
	h := f.h()
	f.pop()
	f.emit(machine.OpBrTable, uint64(len(labels)-1), h)
	tramps := map[uint32]*label{}
	var order []uint32
	for _, d := range labels {
		c := f.target(d)
		if c == nil {
			return
		}
		lb := c.label
		if f.moves(c) {
			if lb = tramps[d]; lb == nil {
				lb = newLabel()
				tramps[d] = lb
				order = append(order, d)
			}
		}
		f.jump(machine.OpJmp, lb, h-1)
	}
	for _, d := range order {
		f.place(tramps[d])
		f.branch(f.target(d))
	}
	f.kill()
}

// selectOp lowers select: when the condition is nonzero the first value
// stays where it is; otherwise the second is copied over it.
func (f *fn) selectOp() {
	h := f.h()
	f.pop()
	t := f.top(0)
	keep := newLabel()
	f.condJump(keep, false, h)
	f.emit(pick(is32(t), machine.OpLSet32, machine.OpLSet64), uint64(h-3), h-1)
	f.place(keep)
	f.pop()
}

// call lowers a call of function idx of the function's own module.
func (f *fn) call(idx uint32) {
	m := f.u.m
	ft := m.FuncTypeOf(idx)
	if ft == nil || len(ft.Params) > len(f.stack) {
		f.fail("BUG: bad call of function %d", idx)
		return
	}
	if im := m.ImportedFunc(idx); im != nil {
		f.importCall(im)
		return
	}
	f.callSite(f.l.funcID(f.u, idx), ft, nil)
}

// callSite emits a call of machine function id of type ft: the pads, the
// frame record, the call. The callee returns to ret, or to the instruction
// after the call when ret is nil.
func (f *fn) callSite(id int, ft *wasm.FuncType, ret *label) {
	np, nr := len(ft.Params), len(ft.Results)
	pad := max(0, nr-np)
	h := f.h()
	for i := 0; i < pad; i++ {
		f.emit(machine.OpConst32, 0, h+i)
	}
	if ret == nil {
		pf := f.emit(machine.OpPushFrame, 0, h+pad)
		f.l.instrs[pf].Imm = uint64(pf + 2)
	} else {
		f.jump(machine.OpPushFrame, ret, h+pad)
	}
	c := f.emit(machine.OpCall, uint64(np+pad)<<32, h+pad+1)
	f.l.calls = append(f.l.calls, callFixup{instr: c, fn: id})
	f.popN(np)
	f.push(ft.Results...)
}

// importCall lowers a call of an imported function: a host function of
// the user's module, or a trap of the runtime's.
func (f *fn) importCall(im *wasm.Import) {
	h := f.h()
	if f.u.runtime {
		switch im.Name {
		case "trap_div_by_zero":
			f.emit(machine.OpTrap, uint64(machine.TrapDivByZero), h)
		case "trap_overflow":
			f.emit(machine.OpTrap, uint64(machine.TrapOverflow), h)
		default:
			f.fail("BUG: runtime import %s", im.Name)
		}
		return
	}
	switch wasm.HostFuncOf(im) {
	case wasm.HostGetc:
		cur := uint64(f.l.cursor)
		f.emit(machine.OpGGet32, cur, h)
		f.emit(machine.OpIn, 0, h+1)
		f.emit(machine.OpGGet32, cur, h+1)
		f.emit(machine.OpConst32, 1, h+2)
		f.emit(machine.OpAdd32, 0, h+3)
		f.emit(machine.OpGSet32, cur, h+2)
		f.push(wasm.ValTypeI32)
	case wasm.HostPutc:
		f.emit(machine.OpSpill32, 0, h)
		f.emit(machine.OpOut, 0, h-1)
		f.pop()
	case wasm.HostExit:
		f.emit(machine.OpHalt, 0, h)
		f.pop()
	default:
		f.fail("BUG: import %s.%s", im.Module, im.Name)
	}
}

// callIndirect lowers call_indirect: a brtable over table 0 into one
// trampoline per distinct callee of the right type, which calls it and
// returns after the whole sequence; entries of another type go to a
// type-mismatch trap, null entries and indexes past the table to an
// undefined-element trap.
func (f *fn) callIndirect(typeIdx uint32) {
	m := f.u.m
	if f.u.runtime || uint64(typeIdx) >= uint64(len(m.Types)) {
		f.fail("BUG: bad call_indirect")
		return
	}
	ft := &m.Types[typeIdx]
	h := f.h()
	f.pop()
	if len(ft.Params) > len(f.stack) {
		f.fail("BUG: call_indirect without its arguments")
		return
	}
	table := f.l.table
	f.emit(machine.OpBrTable, uint64(len(table)), h)
	join, undefined, mismatch := newLabel(), newLabel(), newLabel()
	tramps := map[uint32]*label{}
	var order []uint32
	for i := 0; i <= len(table); i++ {
		lb := undefined
		if i < len(table) && table[i] != wasm.ElemNull {
			callee := table[i]
			if t := m.FuncTypeOf(callee); t == nil || !t.Equal(ft) {
				lb = mismatch
			} else if lb = tramps[callee]; lb == nil {
				lb = newLabel()
				tramps[callee] = lb
				order = append(order, callee)
			}
		}
		f.jump(machine.OpJmp, lb, h-1)
	}

	saved := append([]wasm.ValType(nil), f.stack...)
	for _, callee := range order {
		f.place(tramps[callee])
		f.stack = append(f.stack[:0], saved...)
		if im := m.ImportedFunc(callee); im != nil {
			f.importCall(im)
			f.jump(machine.OpJmp, join, f.h())
		} else {
			f.callSite(f.l.funcID(f.u, callee), ft, join)
		}
	}
	f.stack = append(f.stack[:0], saved...)
	if len(mismatch.refs) > 0 {
		f.place(mismatch)
		f.emit(machine.OpTrap, uint64(machine.TrapIndirectType), h-1)
	}
	f.place(undefined)
	f.emit(machine.OpTrap, uint64(machine.TrapUndefinedElement), h-1)
	f.place(join)
	f.popN(len(ft.Params))
	f.push(ft.Results...)
}
