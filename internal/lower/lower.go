package lower

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/wasm"
)

// Options says which function the program runs.
type Options struct {
	// Invoke names an exported function to call instead of _start or main.
	Invoke string
	// Args are Invoke's arguments, one per parameter: an i32 argument is
	// its low 32 bits (it must fit in 32 bits, signed or unsigned).
	Args []uint64
}

// Lower lowers the validated module m into a machine program.
func Lower(m *wasm.Module, opt Options) (*machine.Program, error) {
	if err := m.CheckSupported(); err != nil {
		return nil, err
	}
	l, err := newLinker(m)
	if err != nil {
		return nil, err
	}
	if err := l.entry(opt); err != nil {
		return nil, err
	}
	if err := l.drain(); err != nil {
		return nil, err
	}
	p, err := l.program()
	if err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, fmt.Errorf("lower: BUG: the lowered program fails its check: %w", err)
	}
	return p, nil
}

// unit is a module whose functions are lowered into the program: the
// user's module, or the runtime.
type unit struct {
	m       *wasm.Module
	runtime bool
	ids     map[uint32]int // function index -> machine function
}

// name is the machine function name of function idx.
func (u *unit) name(idx uint32) string {
	if u.runtime {
		return "rt." + u.m.FuncName(idx)
	}
	if n := u.m.FuncName(idx); n != "" {
		return n
	}
	return fmt.Sprintf("func[%d]", idx)
}

type job struct {
	u   *unit
	idx uint32
	id  int
}

// callFixup is a call whose target is a machine function not placed yet.
type callFixup struct {
	instr int
	fn    int
}

// linker builds the program: it lowers functions as they are first
// referenced (the entry stub's calls, then theirs), so that only reachable
// functions and runtime routines are in it.
type linker struct {
	user   *unit
	rt     *unit
	instrs []machine.Instr
	funcs  []machine.Func
	queue  []job
	calls  []callFixup

	cursor  int // global slot of the input cursor, -1 when hv_getc is not imported
	globals int // number of global slots
	pages   uint32
	table   []uint32 // table 0: function index or wasm.ElemNull per entry
}

func newLinker(m *wasm.Module) (*linker, error) {
	l := &linker{user: &unit{m: m, ids: map[uint32]int{}}, cursor: -1, globals: len(m.Globals)}
	for i := range m.Imports {
		if wasm.HostFuncOf(&m.Imports[i]) == wasm.HostGetc {
			l.cursor = l.globals
			l.globals++
			break
		}
	}
	if l.globals > machine.FrameMax {
		return nil, fmt.Errorf("lower: %d globals exceed the machine's limit of %d", l.globals, machine.FrameMax)
	}
	if mem := m.Memory(); mem != nil {
		l.pages = mem.Min
	}
	if err := l.buildTable(); err != nil {
		return nil, err
	}
	return l, nil
}

// buildTable places the active element segments into table 0.
func (l *linker) buildTable() error {
	m := l.user.m
	t := m.Table()
	if t == nil {
		return nil
	}
	if t.Limits.Min > 1<<20 {
		return fmt.Errorf("lower: a table of %d entries is too large (at most %d)", t.Limits.Min, 1<<20)
	}
	l.table = make([]uint32, t.Limits.Min)
	for i := range l.table {
		l.table[i] = wasm.ElemNull
	}
	for i, el := range m.Elements {
		off := uint64(uint32(el.Start.Value))
		if off+uint64(len(el.Funcs)) > uint64(len(l.table)) {
			return fmt.Errorf("lower: element segment %d (offset %d, %d entries) "+
				"does not fit in the table of %d entries", i, off, len(el.Funcs), len(l.table))
		}
		copy(l.table[off:], el.Funcs)
	}
	return nil
}

// funcID returns the machine function of function idx of u, queueing it
// for lowering when it is new.
func (l *linker) funcID(u *unit, idx uint32) int {
	if id, ok := u.ids[idx]; ok {
		return id
	}
	id := len(l.funcs)
	u.ids[idx] = id
	l.funcs = append(l.funcs, machine.Func{Name: u.name(idx), Start: -1})
	l.queue = append(l.queue, job{u: u, idx: idx, id: id})
	return id
}

// routine returns the machine function and signature of runtime routine
// name, linking it in when it is new.
func (l *linker) routine(name string) (int, *wasm.FuncType, error) {
	if l.rt == nil {
		m, err := runtimeModule()
		if err != nil {
			return 0, nil, err
		}
		l.rt = &unit{m: m, runtime: true, ids: map[uint32]int{}}
	}
	idx, ok := l.rt.m.ExportedFunc(name)
	if !ok {
		return 0, nil, fmt.Errorf("lower: BUG: no runtime routine %q", name)
	}
	return l.funcID(l.rt, idx), l.rt.m.FuncTypeOf(idx), nil
}

// drain lowers queued functions until none is left, then points every call
// at its target.
func (l *linker) drain() error {
	for len(l.queue) > 0 {
		j := l.queue[0]
		l.queue = l.queue[1:]
		if err := l.lowerFunc(j); err != nil {
			return err
		}
	}
	for _, c := range l.calls {
		start := l.funcs[c.fn].Start
		if start < 0 {
			return fmt.Errorf("lower: BUG: function %s was never placed", l.funcs[c.fn].Name)
		}
		l.instrs[c.instr].Imm |= uint64(start)
	}
	return nil
}

// entry emits the entry stub, machine function 0.
func (l *linker) entry(opt Options) error {
	m := l.user.m
	l.funcs = append(l.funcs, machine.Func{Name: "entry", Start: 0})
	f := newFn(l, l.user, 0, 0)
	f.src = -1

	for i, g := range m.Globals {
		f.constant(g.Type.Type, uint64(g.Init.Value))
		f.emit(pick(is32(g.Type.Type), machine.OpGSet32, machine.OpGSet64), uint64(i), 1)
		f.pop()
	}
	if l.cursor >= 0 {
		f.emit(machine.OpConst32, 0, 0)
		f.emit(machine.OpGSet32, uint64(l.cursor), 1)
	}
	if m.HasStart {
		f.call(m.Start)
	}

	idx, ft, err := l.entryFunc(opt)
	if err != nil {
		return err
	}
	for i, t := range ft.Params {
		if t == wasm.ValTypeI32 {
			f.emit(machine.OpConst32, opt.Args[i]&0xffffffff, f.h())
		} else {
			f.emit(machine.OpConst64, opt.Args[i], f.h())
		}
		f.push(t)
	}
	f.call(idx)

	switch {
	case opt.Invoke != "":
		for i, t := range ft.Results {
			f.emit(pick(is32(t), machine.OpLGet32, machine.OpLGet64), uint64(i), len(ft.Results))
			f.emit(pick(is32(t), machine.OpResult32, machine.OpResult64), 0, len(ft.Results)+1)
		}
		f.emit(machine.OpConst32, 0, len(ft.Results))
		f.emit(machine.OpHalt, 0, len(ft.Results)+1)
	case len(ft.Results) == 1: // main: its result is the status
		f.emit(machine.OpHalt, 0, 1)
	default:
		f.emit(machine.OpConst32, 0, 0)
		f.emit(machine.OpHalt, 0, 1)
	}
	return f.err
}

// entryFunc finds the function the stub calls and checks its signature
// and arguments.
func (l *linker) entryFunc(opt Options) (uint32, *wasm.FuncType, error) {
	m := l.user.m
	name, want := opt.Invoke, ""
	if name == "" {
		if _, ok := m.ExportedFunc("_start"); ok {
			name, want = "_start", "[] -> []"
		} else if _, ok := m.ExportedFunc("main"); ok {
			name, want = "main", "[] -> [i32]"
		} else {
			return 0, nil, errors.New("lower: the module exports neither _start nor main " +
				"(name another export to invoke)")
		}
	}
	idx, ok := m.ExportedFunc(name)
	if !ok {
		return 0, nil, fmt.Errorf("lower: no exported function %q", name)
	}
	ft := m.FuncTypeOf(idx)
	if ft == nil {
		return 0, nil, fmt.Errorf("lower: export %q: function %d does not exist", name, idx)
	}
	if want != "" && ft.String() != want {
		return 0, nil, fmt.Errorf("lower: export %q has type %v, want %s", name, ft, want)
	}
	if len(opt.Args) != len(ft.Params) {
		return 0, nil, fmt.Errorf("lower: export %q takes %d arguments, %d given",
			name, len(ft.Params), len(opt.Args))
	}
	for i, t := range ft.Params {
		a := opt.Args[i]
		fits := a <= math.MaxUint32 || int64(a) < 0 && int64(a) >= math.MinInt32
		if t == wasm.ValTypeI32 && !fits {
			return 0, nil, fmt.Errorf("lower: argument %d of %q (%d) does not fit in i32", i, name, int64(a))
		}
	}
	return idx, ft, nil
}

// program assembles the machine program.
func (l *linker) program() (*machine.Program, error) {
	p := &machine.Program{
		Instrs:   l.instrs,
		Funcs:    l.funcs,
		Entry:    0,
		Globals:  l.globals,
		MemBytes: l.pages * wasm.PageSize,
	}
	data, err := l.data(p.MemBytes)
	if err != nil {
		return nil, err
	}
	p.Data = data
	return p, nil
}

// data places the active data segments. Overlapping segments are merged,
// the later one's bytes winning as at instantiation, so that the segments
// of the program never overlap.
func (l *linker) data(mem uint32) ([]machine.Segment, error) {
	type span struct{ lo, hi uint64 }
	var spans []span
	for i, d := range l.user.m.Data {
		off := uint64(uint32(d.Start.Value))
		if off+uint64(len(d.Init)) > uint64(mem) {
			return nil, fmt.Errorf("lower: data segment %d (offset %d, %d bytes) "+
				"does not fit in the memory of %d bytes", i, off, len(d.Init), mem)
		}
		if len(d.Init) > 0 {
			spans = append(spans, span{off, off + uint64(len(d.Init))})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].lo < spans[j].lo })
	var merged []span
	for _, s := range spans {
		if n := len(merged); n > 0 && s.lo <= merged[n-1].hi {
			merged[n-1].hi = max(merged[n-1].hi, s.hi)
			continue
		}
		merged = append(merged, s)
	}
	segs := make([]machine.Segment, len(merged))
	for i, s := range merged {
		segs[i] = machine.Segment{Addr: uint32(s.lo), Bytes: make([]byte, s.hi-s.lo)}
	}
	for _, d := range l.user.m.Data {
		off := uint64(uint32(d.Start.Value))
		end := func(i int) uint64 { return uint64(segs[i].Addr) + uint64(len(segs[i].Bytes)) }
		k := sort.Search(len(segs), func(i int) bool { return end(i) > off })
		if len(d.Init) > 0 {
			copy(segs[k].Bytes[off-uint64(segs[k].Addr):], d.Init)
		}
	}
	return segs, nil
}
