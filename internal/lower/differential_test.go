package lower

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/wazerorun"
)

// The differential test generates random valid programs (integer
// expressions, locals, globals, memory, blocks with values, br_if,
// br_table, if/else, bounded loops, multi-value calls, call_indirect),
// runs each on wazero and lowered on the reference interpreter, and
// requires the same output, exit status and trap.

type gen struct {
	rng    *rand.Rand
	b      strings.Builder
	sigs   [][2][]string // params, results of each function
	fn     int           // function being generated
	locals []string      // types of the current function's locals, params first
	loops  int           // counters in use
	depth  int           // label depth (blocks open)
}

var types = []string{"i32", "i64"}

func (g *gen) n(k int) int { return g.rng.Intn(k) }

func (g *gen) typ() string { return types[g.n(2)] }

func (g *gen) types(max int) []string {
	ts := make([]string, g.n(max+1))
	for i := range ts {
		ts[i] = g.typ()
	}
	return ts
}

func (g *gen) constant(t string) string {
	vals := []int64{0, 1, -1, 2, 7, 31, 32, 63, 64, 255, -128, 1 << 31, 0x12345678, -0x7fffffff}
	var v int64
	if g.n(2) == 0 {
		v = vals[g.n(len(vals))]
	} else {
		v = g.rng.Int63() >> g.n(63)
		if g.n(2) == 0 {
			v = -v
		}
	}
	if t == "i32" {
		v = int64(int32(v))
	}
	return fmt.Sprintf("(%s.const %d)", t, v)
}

func (g *gen) localOf(t string) (int, bool) {
	var ks []int
	for k, lt := range g.locals {
		if lt == t { // loop counters are "counter", never picked
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return 0, false
	}
	return ks[g.n(len(ks))], true
}

var (
	binops = []string{"add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr",
		"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"}
	divops = []string{"div_s", "div_u", "rem_s", "rem_u"}
	unops  = []string{"clz", "ctz", "popcnt", "eqz", "extend8_s", "extend16_s"}
)

func isCompare(op string) bool {
	switch op {
	case "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u", "eqz":
		return true
	}
	return false
}

// expr returns an expression of type t.
func (g *gen) expr(t string, depth int) string {
	if depth <= 0 {
		switch g.n(4) {
		case 0:
			if k, ok := g.localOf(t); ok {
				return fmt.Sprintf("(local.get %d)", k)
			}
		case 1:
			return fmt.Sprintf("(global.get $g%s)", t)
		}
		return g.constant(t)
	}
	d := depth - 1
	switch g.n(14) {
	case 0, 1, 2:
		op := binops[g.n(len(binops))]
		if isCompare(op) {
			if t != "i32" {
				return fmt.Sprintf("(i64.extend_i32_u %s)", g.expr("i32", depth))
			}
			at := g.typ()
			return fmt.Sprintf("(%s.%s %s %s)", at, op, g.expr(at, d), g.expr(at, d))
		}
		if g.n(3) == 0 { // a constant second operand
			return fmt.Sprintf("(%s.%s %s %s)", t, op, g.expr(t, d), g.constant(t))
		}
		return fmt.Sprintf("(%s.%s %s %s)", t, op, g.expr(t, d), g.expr(t, d))
	case 3:
		op := divops[g.n(len(divops))]
		div := g.expr(t, d)
		switch g.n(8) {
		case 0: // may trap
		case 1:
			div = g.constant(t)
		default:
			div = fmt.Sprintf("(%s.or %s (%s.const 1))", t, div, t)
		}
		return fmt.Sprintf("(%s.%s %s %s)", t, op, g.expr(t, d), div)
	case 4:
		op := unops[g.n(len(unops))]
		if op == "eqz" {
			at := g.typ()
			e := fmt.Sprintf("(%s.eqz %s)", at, g.expr(at, d))
			if t == "i64" {
				e = "(i64.extend_i32_s " + e + ")"
			}
			return e
		}
		return fmt.Sprintf("(%s.%s %s)", t, op, g.expr(t, d))
	case 5:
		if t == "i32" {
			return fmt.Sprintf("(i32.wrap_i64 %s)", g.expr("i64", d))
		}
		return fmt.Sprintf("(i64.extend_i32_%s %s)", []string{"s", "u"}[g.n(2)], g.expr("i32", d))
	case 6:
		return fmt.Sprintf("(select %s %s %s)", g.expr(t, d), g.expr(t, d), g.expr("i32", d))
	case 7:
		return g.load(t, d)
	case 8: // a block whose value leaves early by br_if
		g.depth++
		e := fmt.Sprintf("(block (result %s) %s (br_if 0 %s) (drop) %s)", t, g.expr(t, d), g.expr("i32", d), g.expr(t, d))
		g.depth--
		return e
	case 9:
		g.depth++
		e := fmt.Sprintf("(if (result %s) %s (then %s) (else %s))", t, g.expr("i32", d), g.expr(t, d), g.expr(t, d))
		g.depth--
		return e
	case 10:
		return g.call(t, d)
	case 11: // br_table choosing among nested blocks
		g.depth += 3
		e := fmt.Sprintf("(block $x (result %[1]s) (block $y (result %[1]s) (block $z (result %[1]s) %[2]s %[3]s (br_table $z $y $x %[4]s)) %[5]s (%[1]s.add)) %[6]s (%[1]s.sub))",
			t, g.expr(t, 0), g.stmts(1, d), g.expr("i32", d), g.expr(t, 0), g.expr(t, 0))
		g.depth -= 3
		return e
	case 12:
		if k, ok := g.localOf(t); ok {
			return fmt.Sprintf("(local.tee %d %s)", k, g.expr(t, d))
		}
	}
	return g.constant(t)
}

func (g *gen) load(t string, d int) string {
	addr := fmt.Sprintf("(i32.and %s (i32.const 0xfff8))", g.expr("i32", d))
	if g.n(20) == 0 {
		addr = g.expr("i32", d) // may be out of bounds
	}
	ops := map[string][]string{
		"i32": {"load", "load8_s", "load8_u", "load16_s", "load16_u"},
		"i64": {"load", "load8_s", "load8_u", "load16_s", "load16_u", "load32_s", "load32_u"},
	}[t]
	return fmt.Sprintf("(%s.%s offset=%d %s)", t, ops[g.n(len(ops))], g.n(5), addr)
}

// call calls an earlier function (no recursion) and keeps one result of
// type t, or calls through the table.
func (g *gen) call(t string, d int) string {
	if g.fn == 0 {
		return g.constant(t)
	}
	if g.n(4) == 0 && t == "i32" {
		return fmt.Sprintf("(call_indirect (type $ii) %s (i32.and %s (i32.const 3)))", g.expr("i32", d), g.expr("i32", d))
	}
	j := g.n(g.fn)
	sig := g.sigs[j]
	var args []string
	for _, p := range sig[0] {
		args = append(args, g.expr(p, d))
	}
	e := fmt.Sprintf("(call $f%d %s)", j, strings.Join(args, " "))
	// Keep the first result of type t; drop the others.
	keep := -1
	for i, r := range sig[1] {
		if r == t {
			keep = i
		}
	}
	if keep < 0 {
		for range sig[1] {
			e += " (drop)"
		}
		return fmt.Sprintf("(block (result %s) %s %s)", t, e, g.constant(t))
	}
	// Results are on the stack in order; drop those above keep, park keep
	// in a scratch local of its type, drop the rest.
	k, _ := g.localOf(t)
	for i := len(sig[1]) - 1; i > keep; i-- {
		e += " (drop)"
	}
	e += fmt.Sprintf(" (local.set %d)", k)
	for i := keep - 1; i >= 0; i-- {
		e += " (drop)"
	}
	return fmt.Sprintf("(block (result %s) %s (local.get %d))", t, e, k)
}

// stmts returns n statements of depth at most d.
func (g *gen) stmts(n, d int) string {
	var ss []string
	for i := 0; i < n; i++ {
		ss = append(ss, g.stmt(d))
	}
	return strings.Join(ss, " ")
}

func (g *gen) stmt(d int) string {
	t := g.typ()
	switch g.n(9) {
	case 0, 1:
		if k, ok := g.localOf(t); ok {
			return fmt.Sprintf("(local.set %d %s)", k, g.expr(t, d))
		}
	case 2:
		return fmt.Sprintf("(global.set $g%s %s)", t, g.expr(t, d))
	case 3:
		ops := map[string][]string{"i32": {"store", "store8", "store16"}, "i64": {"store", "store8", "store16", "store32"}}[t]
		return fmt.Sprintf("(%s.%s offset=%d (i32.and %s (i32.const 0xfff8)) %s)", t, ops[g.n(len(ops))], g.n(5), g.expr("i32", d), g.expr(t, d))
	case 4:
		if d > 0 {
			g.depth++
			s := fmt.Sprintf("(if %s (then %s) (else %s))", g.expr("i32", d-1), g.stmts(2, d-1), g.stmts(1, d-1))
			g.depth--
			return s
		}
	case 5:
		if d > 0 && g.loops < 2 {
			// A loop of at most 4 rounds; the counter is a reserved local.
			c := len(g.sigs[g.fn][0]) + g.loops // a "counter" local
			g.loops++
			g.depth++
			s := fmt.Sprintf("(local.set %d (i32.const %d)) (loop %s (br_if 0 (i32.gt_s (local.tee %d (i32.sub (local.get %d) (i32.const 1))) (i32.const 0))))",
				c, 1+g.n(4), g.stmts(2, d-1), c, c)
			g.depth--
			g.loops--
			return s
		}
	case 6:
		if d > 0 {
			g.depth++
			s := fmt.Sprintf("(block %s (br_if 0 %s) %s)", g.stmts(1, d-1), g.expr("i32", d-1), g.stmts(1, d-1))
			g.depth--
			return s
		}
	case 7:
		return fmt.Sprintf("(call $p64 %s)", g.expr("i64", d))
	case 8:
		if g.n(6) == 0 {
			return g.early()
		}
	}
	return fmt.Sprintf("(call $p32 %s)", g.expr("i32", d))
}

// early returns from the function when a condition holds.
func (g *gen) early() string {
	var rs []string
	for _, r := range g.sigs[g.fn][1] {
		rs = append(rs, g.expr(r, 1))
	}
	return fmt.Sprintf("(if %s (then %s (return)))", g.expr("i32", 1), strings.Join(rs, " "))
}

// program generates a whole module.
func (g *gen) program() string {
	nf := 1 + g.n(4)
	g.sigs = make([][2][]string, nf+1) // the last is _start's
	for i := range g.sigs[:nf] {
		g.sigs[i] = [2][]string{g.types(3), g.types(3)}
	}
	g.b.WriteString(`(module
  (import "env" "hv_putc" (func $putc (param i32)))
  (type $ii (func (param i32) (result i32)))
  (memory 1 1)
  (data (i32.const 0) "\01\02\03\04\f0\f1\f2\f3\80\7f")
  (global $gi32 (mut i32) (i32.const 5))
  (global $gi64 (mut i64) (i64.const -3))
  (table 4 funcref)
  (elem (i32.const 0) $t0 $t1 $t2)
  (func $t0 (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $t1 (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $t2 (param i64) (result i64) (local.get 0))
  (func $p32 (param i32)
    (call $putc (i32.shr_u (local.get 0) (i32.const 24))) (call $putc (i32.shr_u (local.get 0) (i32.const 16)))
    (call $putc (i32.shr_u (local.get 0) (i32.const 8))) (call $putc (local.get 0)))
  (func $p64 (param i64)
    (call $p32 (i32.wrap_i64 (i64.shr_u (local.get 0) (i64.const 32)))) (call $p32 (i32.wrap_i64 (local.get 0))))
`)
	for i := 0; i < nf; i++ {
		g.fn = i
		params, results := g.sigs[i][0], g.sigs[i][1]
		g.locals = append(append([]string{}, params...), "counter", "counter", "i32", "i32", "i64", "i64")
		fmt.Fprintf(&g.b, "  (func $f%d", i)
		if len(params) > 0 {
			fmt.Fprintf(&g.b, " (param %s)", strings.Join(params, " "))
		}
		if len(results) > 0 {
			fmt.Fprintf(&g.b, " (result %s)", strings.Join(results, " "))
		}
		fmt.Fprintf(&g.b, " (local i32 i32 i32 i32 i64 i64)\n    %s\n   ", g.stmts(1+g.n(4), 3))
		for _, r := range results {
			g.b.WriteString(" " + g.expr(r, 2))
		}
		g.b.WriteString(")\n")
	}
	g.fn = nf
	g.b.WriteString("  (func (export \"_start\") (local i32 i32 i32 i32 i64 i64)\n")
	g.locals = []string{"counter", "counter", "i32", "i32", "i64", "i64"}
	for i := 0; i < nf; i++ {
		var args []string
		for _, p := range g.sigs[i][0] {
			args = append(args, g.expr(p, 2))
		}
		fmt.Fprintf(&g.b, "    (call $f%d %s)", i, strings.Join(args, " "))
		for k := len(g.sigs[i][1]) - 1; k >= 0; k-- {
			fmt.Fprintf(&g.b, " (call $p%s)", strings.TrimPrefix(g.sigs[i][1][k], "i"))
		}
		g.b.WriteString("\n")
	}
	g.b.WriteString("    (call $p32 (global.get $gi32)) (call $p64 (global.get $gi64)) (call $p64 (i64.load (i32.const 8)))))\n")
	return g.b.String()
}

var diffPrograms = flag.Int("diff", 300, "number of random programs TestDifferential runs")

// differ generates the program of seed and compares the lowered run with
// wazero's; it returns how the run ended.
func differ(t *testing.T, seed int64) string {
	g := &gen{rng: rand.New(rand.NewSource(seed))}
	src := g.program()
	b := wat(t, src)
	var want bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	res, err := wazerorun.Run(ctx, b, nil, &want)
	cancel()
	if err != nil {
		t.Fatalf("seed %d: wazero: %v", seed, err)
	}
	p, err := lowerBytes(t, b, Options{})
	if err != nil {
		t.Fatalf("seed %d: %v\n%s", seed, err, src)
	}
	r := runProgram(t, p, nil)
	trap := ""
	if r.o.Trap != machine.TrapNone {
		trap = r.o.Trap.String()
	}
	if !bytes.Equal(r.out, want.Bytes()) || trap != res.Trap || (trap == "" && r.o.Status != int32(res.ExitStatus)) {
		t.Fatalf("seed %d: lowered gives %x, trap %q, status %d; wazero %x, trap %q, status %d\n%s",
			seed, r.out, trap, r.o.Status, want.Bytes(), res.Trap, res.ExitStatus, src)
	}
	return trap
}

func TestDifferential(t *testing.T) {
	needWabt(t)
	n := *diffPrograms
	if testing.Short() {
		n = 30
	}
	endings := map[string]int{}
	for seed := 0; seed < n; seed++ {
		endings[differ(t, int64(seed))]++
	}
	t.Logf("endings (\"\" is halt): %v", endings)
}

// FuzzDifferential runs the differential test on fuzzed seeds.
func FuzzDifferential(f *testing.F) {
	for seed := int64(0); seed < 4; seed++ {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed int64) {
		needWabt(t)
		differ(t, seed)
	})
}
