package corpus

import (
	"fmt"
	"strings"
)

// A kind of random program: how many, and what the generator may use.
type kind struct {
	name     string
	count    int
	types    []string // the value types expressions favour
	mem      bool     // loads and stores
	control  bool     // if, loops, blocks, br_table, early return
	calls    bool     // helper functions, call, call_indirect
	globals  bool     // global.get and global.set
	io       bool     // hv_getc as a value, hv_exit at the end
	budget   int      // instructions in _start, roughly
	maxDepth int      // expression depth
}

var kinds = []kind{
	{name: "i32", count: 25, types: []string{"i32"}, budget: 28, maxDepth: 3},
	{name: "i64", count: 25, types: []string{"i64"}, budget: 28, maxDepth: 3},
	{name: "mix", count: 25, types: []string{"i32", "i64"}, mem: true, globals: true, budget: 30, maxDepth: 3},
	{name: "ctl", count: 25, types: []string{"i32", "i64"}, mem: true, control: true, budget: 30, maxDepth: 2},
	{name: "call", count: 20, types: []string{"i32", "i64"}, calls: true, globals: true, control: true,
		budget: 26, maxDepth: 2},
	{name: "io", count: 10, types: []string{"i32"}, io: true, control: true, mem: true, budget: 26, maxDepth: 2},
}

// randomPrograms generates every kind's programs from fixed seeds.
func randomPrograms() []Program {
	var ps []Program
	for _, k := range kinds {
		for i := 0; i < k.count; i++ {
			ps = append(ps, generate(k, i))
		}
	}
	return ps
}

// fn is what expressions may use inside one function.
type fn struct {
	locals  map[string][]string // [type] assignable locals and parameters
	counter int                 // loop counters allocated
}

// gen holds the state of generating one program.
type gen struct {
	r       *rng
	k       kind
	ops     int // instructions so far in the current function
	budget  int
	labels  int
	helpers []helper
}

// helper is a generated function that programs call.
type helper struct {
	name, typ string // typ is one of the helperTypes
	index     int    // position in the table
}

// helperTypes are the signatures of helpers: params, then result.
var helperTypes = map[string][3]string{
	"bin32": {"i32", "i32", "i32"},
	"bin64": {"i64", "i64", "i64"},
	"mix64": {"i32", "i64", "i64"},
}

// generate builds program i of kind k.
func generate(k kind, i int) Program {
	name := fmt.Sprintf("rand-%s-%03d", k.name, i)
	g := &gen{r: newRNG(seedOf(name)), k: k}
	m := module{imports: []string{"putc"}}
	if k.io {
		m.imports = append(m.imports, "getc", "exit")
	}
	if k.mem {
		m.data = make([]byte, 64)
		for j := range m.data {
			m.data[j] = byte(g.r.next())
		}
	}
	if k.globals {
		m.decls = append(m.decls,
			fmt.Sprintf("(global $g32 (mut i32) %s)", constant("i32", g.value("i32"))),
			fmt.Sprintf("(global $g64 (mut i64) %s)", constant("i64", g.value("i64"))))
	}
	if k.calls {
		m.decls = append(m.decls, g.helperDecls()...)
	}
	m.start = g.start()
	p := Program{Name: name, WAT: m.text()}
	if k.io {
		p.Input = make([]byte, g.r.intn(9))
		for j := range p.Input {
			p.Input[j] = byte(g.r.next())
		}
	}
	return p
}

// start generates the body of _start: statements, then the locals printed.
func (g *gen) start() string {
	f := &fn{locals: map[string][]string{"i32": {"$a", "$b"}, "i64": {"$c", "$d"}}}
	g.ops, g.budget = 0, g.k.budget
	var body []string
	for _, l := range []string{"$a", "$b"} {
		body = append(body, fmt.Sprintf("(local.set %s %s)", l, constant("i32", g.value("i32"))))
	}
	for _, l := range []string{"$c", "$d"} {
		body = append(body, fmt.Sprintf("(local.set %s %s)", l, constant("i64", g.value("i64"))))
	}
	for g.ops < g.budget {
		body = append(body, g.stmt(f, true))
	}
	body = append(body, printI32("(local.get $a)"), printI64("(local.get $c)"))
	if g.k.control && g.r.chance(15) {
		body = append(body, fmt.Sprintf("(if %s (then (return)))", g.expr(f, "i32", 1)))
	}
	body = append(body, printI32("(local.get $b)"), printI64("(local.get $d)"))
	if g.k.io {
		body = append(body, fmt.Sprintf("(call $exit (i32.and %s (i32.const 127)))", g.expr(f, "i32", 1)))
	}

	decls := "(local $a i32) (local $b i32) (local $c i64) (local $d i64) (local $s32 i32) (local $s64 i64)"
	for i := 0; i < f.counter; i++ {
		decls += fmt.Sprintf(" (local $n%d i32)", i)
	}
	return decls + "\n" + strings.Join(body, "\n")
}

// helperDecls declares the helper types, two to four helpers, and the
// table that holds them, grouped by type.
func (g *gen) helperDecls() []string {
	decls := []string{
		"(type $bin32 (func (param i32 i32) (result i32)))",
		"(type $bin64 (func (param i64 i64) (result i64)))",
		"(type $mix64 (func (param i32 i64) (result i64)))",
	}
	var elems []string
	for _, typ := range []string{"bin32", "bin64", "mix64"} {
		n := 1 + g.r.intn(2)
		if typ == "mix64" {
			n = g.r.intn(2)
		}
		for j := 0; j < n; j++ {
			h := helper{name: fmt.Sprintf("$h_%s_%d", typ, j), typ: typ, index: len(elems)}
			g.helpers = append(g.helpers, h)
			elems = append(elems, h.name)
			decls = append(decls, g.helperFunc(h))
		}
	}
	decls = append(decls, fmt.Sprintf("(table %d funcref)", len(elems)),
		fmt.Sprintf("(elem (i32.const 0) %s)", strings.Join(elems, " ")))
	return decls
}

// helperFunc generates a helper's body: maybe an early return, then a
// result expression over its parameters.
func (g *gen) helperFunc(h helper) string {
	sig := helperTypes[h.typ]
	f := &fn{locals: map[string][]string{}}
	f.locals[sig[0]] = append(f.locals[sig[0]], "$p0")
	f.locals[sig[1]] = append(f.locals[sig[1]], "$p1")
	g.ops, g.budget = 0, 10
	var body []string
	if g.r.chance(50) {
		body = append(body, fmt.Sprintf("(if %s (then (return %s)))", g.expr(f, "i32", 1), g.expr(f, sig[2], 1)))
	}
	body = append(body, g.expr(f, sig[2], 2))
	return fmt.Sprintf("(func %s (type $%s) (param $p0 %s) (param $p1 %s) (result %s) "+
		"(local $s32 i32) (local $s64 i64)\n    %s)",
		h.name, h.typ, sig[0], sig[1], sig[2], strings.Join(body, "\n    "))
}

// stmt generates one statement; control says whether it may be a
// structured one (blocks are not nested in loops more than one deep).
func (g *gen) stmt(f *fn, control bool) string {
	t := pick(g.r, g.k.types)
	d := 1 + g.r.intn(g.k.maxDepth)
	k := g.r.intn(100)
	switch {
	case control && g.k.control && k < 12:
		return g.loop(f)
	case control && g.k.control && k < 20:
		return fmt.Sprintf("(if %s\n  (then %s)\n  (else %s))", g.expr(f, "i32", 1), g.stmt(f, false), g.stmt(f, false))
	case control && g.k.control && k < 26:
		return g.brTable(f)
	case control && g.k.control && k < 31:
		l := g.label("b")
		return fmt.Sprintf("(block %s\n  %s\n  (br_if %s %s)\n  %s)", l, g.stmt(f, false), l,
			g.expr(f, "i32", 1), g.stmt(f, false))
	case g.k.control && k < 35:
		return g.valueBlock(f, t)
	case g.k.calls && k < 50:
		return g.call(f)
	case g.k.globals && k < 58:
		return fmt.Sprintf("(global.set $g%s %s)", t[1:], g.expr(f, t, d))
	case g.k.mem && k < 68:
		return g.store(f)
	case k < 76:
		return printer(t, g.expr(f, t, d))
	case k < 78:
		return fmt.Sprintf("(drop %s)", g.expr(f, t, 1))
	case k < 79:
		g.ops++
		return "(nop)"
	}
	return fmt.Sprintf("(local.set %s %s)", pick(g.r, f.locals[t]), g.expr(f, t, d))
}

func (g *gen) label(prefix string) string {
	g.labels++
	return fmt.Sprintf("$%s%d", prefix, g.labels)
}

// loop runs one to three statements 1 to 10 times, counting down a local
// of its own.
func (g *gen) loop(f *fn) string {
	n := fmt.Sprintf("$n%d", f.counter)
	f.counter++
	l := g.label("l")
	var body []string
	for i := 0; i <= g.r.intn(3); i++ {
		body = append(body, g.stmt(f, false))
	}
	g.ops += 6
	return fmt.Sprintf("(local.set %s (i32.const %d))\n(loop %s\n  %s\n  (br_if %s (local.tee %s (i32.sub (local.get %s) (i32.const 1)))))",
		n, 1+g.r.intn(10), l, strings.Join(body, "\n  "), l, n, n)
}

// brTable switches over three cases and a default.
func (g *gen) brTable(f *fn) string {
	end, c2, c1, c0 := g.label("end"), g.label("c"), g.label("c"), g.label("c")
	idx := g.expr(f, "i32", 1)
	if g.r.chance(60) {
		idx = fmt.Sprintf("(i32.and %s (i32.const 3))", idx)
	}
	g.ops += 4
	return fmt.Sprintf("(block %s\n  (block %s\n    (block %s\n      (block %s\n        (br_table %s %s %s %s %s))\n"+
		"      %s\n      (br %s))\n    %s\n    (br %s))\n  %s)",
		end, c2, c1, c0, c0, c1, c2, end, idx, g.stmt(f, false), end, g.stmt(f, false), end, g.stmt(f, false))
}

// valueBlock assigns a local from a block or an if that yields a value.
func (g *gen) valueBlock(f *fn, t string) string {
	dst := pick(g.r, f.locals[t])
	g.ops += 3
	if g.r.chance(50) {
		l := g.label("v")
		return fmt.Sprintf("(local.set %s (block %s (result %s) (drop (br_if %s %s %s)) %s))",
			dst, l, t, l, g.expr(f, t, 1), g.expr(f, "i32", 1), g.expr(f, t, 1))
	}
	return fmt.Sprintf("(local.set %s (if (result %s) %s (then %s) (else %s)))",
		dst, t, g.expr(f, "i32", 1), g.expr(f, t, 1), g.expr(f, t, 1))
}

// call calls a helper directly or through the table.
func (g *gen) call(f *fn) string {
	h := pick(g.r, g.helpers)
	sig := helperTypes[h.typ]
	args := g.expr(f, sig[0], 1) + " " + g.expr(f, sig[1], 1)
	dst := pick(g.r, f.locals[sig[2]])
	g.ops += 2
	if g.r.chance(50) {
		return fmt.Sprintf("(local.set %s (call %s %s))", dst, h.name, args)
	}
	idx := fmt.Sprintf("(i32.const %d)", h.index)
	if next := h.index + 1; next < len(g.helpers) && g.helpers[next].typ == h.typ && g.r.chance(50) {
		idx = fmt.Sprintf("(i32.add (i32.and %s (i32.const 1)) (i32.const %d))", g.expr(f, "i32", 1), h.index)
	}
	return fmt.Sprintf("(local.set %s (call_indirect (type $%s) %s %s))", dst, h.typ, args, idx)
}

// store writes a value at a random address of the low memory.
func (g *gen) store(f *fn) string {
	s := pick(g.r, stores)
	g.ops++
	return fmt.Sprintf("(%s%s %s %s)", s.op, g.offset(), g.address(f), g.expr(f, s.t, 2))
}

func (g *gen) offset() string {
	if g.r.chance(50) {
		return ""
	}
	return fmt.Sprintf(" offset=%d", g.r.intn(64))
}

// address is an i32 below 256.
func (g *gen) address(f *fn) string {
	g.ops++
	if g.r.chance(40) {
		return fmt.Sprintf("(i32.const %d)", g.r.intn(256))
	}
	return fmt.Sprintf("(i32.and %s (i32.const 255))", g.expr(f, "i32", 1))
}

// value is a constant: from the pool, small, or random bits.
func (g *gen) value(t string) uint64 {
	var v uint64
	switch g.r.intn(3) {
	case 0:
		v = pick(g.r, poolOf(t))
	case 1:
		v = uint64(int64(g.r.intn(41) - 20))
	default:
		v = g.r.next()
	}
	if t == "i32" {
		v &= 0xffffffff
	}
	return v
}

// expr generates an expression of type t at most depth deep.
func (g *gen) expr(f *fn, t string, depth int) string {
	g.ops++
	if depth <= 0 || g.ops >= g.budget+10 {
		return g.leaf(f, t)
	}
	sub := func(t string) string { return g.expr(f, t, depth-1) }
	switch k := g.r.intn(100); {
	case k < 42:
		return g.binary(f, t, depth)
	case k < 52:
		return fmt.Sprintf("(%s.%s %s)", t, pick(g.r, unOps(t)), sub(t))
	case k < 62 && t == "i32":
		ot := pick(g.r, []string{"i32", "i64"})
		if g.r.chance(20) {
			return fmt.Sprintf("(%s.eqz %s)", ot, sub(ot))
		}
		return fmt.Sprintf("(%s.%s %s %s)", ot, pick(g.r, cmpOps), sub(ot), sub(ot))
	case k < 68:
		if t == "i32" {
			return fmt.Sprintf("(i32.wrap_i64 %s)", sub("i64"))
		}
		return fmt.Sprintf("(i64.extend_i32_%s %s)", pick(g.r, []string{"s", "u"}), sub("i32"))
	case k < 76 && g.k.mem:
		var ls []string
		for _, l := range loads {
			if l.t == t {
				ls = append(ls, l.op)
			}
		}
		return fmt.Sprintf("(%s%s %s)", pick(g.r, ls), g.offset(), g.address(f))
	case k < 81:
		return fmt.Sprintf("(select %s %s %s)", sub(t), sub(t), sub("i32"))
	case k < 85 && len(f.locals[t]) > 0:
		return fmt.Sprintf("(local.tee %s %s)", pick(g.r, f.locals[t]), sub(t))
	}
	return g.leaf(f, t)
}

// binary applies a binary instruction; divisors are usually made safe.
func (g *gen) binary(f *fn, t string, depth int) string {
	op := pick(g.r, binOps)
	a := g.expr(f, t, depth-1)
	var b string
	switch {
	case isShift(op) && g.r.chance(50):
		b = constant(t, pick(g.r, shiftAmounts))
	case (strings.HasPrefix(op, "div") || strings.HasPrefix(op, "rem")) && g.r.chance(90):
		b = g.safeDivisor(f, t, depth-1)
	default:
		b = g.expr(f, t, depth-1)
	}
	return fmt.Sprintf("(%s.%s %s %s)", t, op, a, b)
}

// safeDivisor is an expression that is never 0 or -1: the value d when
// d+1 > 1 unsigned, else 3.
func (g *gen) safeDivisor(f *fn, t string, depth int) string {
	s := "$s" + t[1:]
	g.ops += 6
	return fmt.Sprintf("(select (local.tee %s %s) %s (%s.gt_u (%s.add (local.get %s) %s) %s))",
		s, g.expr(f, t, depth), constant(t, 3), t, t, s, constant(t, 1), constant(t, 1))
}

// leaf is a constant, a local, a global, or an input byte.
func (g *gen) leaf(f *fn, t string) string {
	k := g.r.intn(100)
	switch {
	case k < 30 && len(f.locals[t]) > 0:
		return fmt.Sprintf("(local.get %s)", pick(g.r, f.locals[t]))
	case k < 40 && g.k.globals:
		return fmt.Sprintf("(global.get $g%s)", t[1:])
	case k < 50 && g.k.io && t == "i32":
		return "(call $getc)"
	}
	return constant(t, g.value(t))
}
