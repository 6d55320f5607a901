package corpus_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hullvm/hullvm/internal/cc"
	"github.com/hullvm/hullvm/internal/corpus"
	"github.com/hullvm/hullvm/internal/wazerorun"
)

var update = flag.Bool("update", false, "rewrite testdata/wazero.golden")

// specTraps are the trap wordings a corpus program may end with.
var specTraps = map[string]bool{
	wazerorun.TrapUnreachable: true, wazerorun.TrapDivideByZero: true,
	wazerorun.TrapIntegerOverflow: true, wazerorun.TrapOutOfBounds: true,
	wazerorun.TrapIndirectMismatch: true, wazerorun.TrapUndefinedElement: true,
}

// wantTrap is how the edge cases that trap must end.
var wantTrap = map[string]string{
	"edge-i32-div_s-overflow":           wazerorun.TrapIntegerOverflow,
	"edge-i64-div_s-overflow":           wazerorun.TrapIntegerOverflow,
	"edge-i32-div_s-zero":               wazerorun.TrapDivideByZero,
	"edge-i32-div_u-zero":               wazerorun.TrapDivideByZero,
	"edge-i32-rem_s-zero":               wazerorun.TrapDivideByZero,
	"edge-i32-rem_u-zero":               wazerorun.TrapDivideByZero,
	"edge-i64-div_s-zero":               wazerorun.TrapDivideByZero,
	"edge-i64-div_u-zero":               wazerorun.TrapDivideByZero,
	"edge-i64-rem_s-zero":               wazerorun.TrapDivideByZero,
	"edge-i64-rem_u-zero":               wazerorun.TrapDivideByZero,
	"edge-load-out-of-bounds":           wazerorun.TrapOutOfBounds,
	"edge-load8-out-of-bounds":          wazerorun.TrapOutOfBounds,
	"edge-load-offset-out-of-bounds":    wazerorun.TrapOutOfBounds,
	"edge-load-address-wraps":           wazerorun.TrapOutOfBounds,
	"edge-store-out-of-bounds":          wazerorun.TrapOutOfBounds,
	"edge-store16-out-of-bounds":        wazerorun.TrapOutOfBounds,
	"edge-memory-size-and-grow":         wazerorun.TrapOutOfBounds,
	"edge-unreachable":                  wazerorun.TrapUnreachable,
	"edge-unreachable-in-callee":        wazerorun.TrapUnreachable,
	"edge-call_indirect-wrong-type":     wazerorun.TrapIndirectMismatch,
	"edge-call_indirect-out-of-range":   wazerorun.TrapUndefinedElement,
	"edge-call_indirect-negative-index": wazerorun.TrapUndefinedElement,
}

func compileAll(t *testing.T) ([]corpus.Program, [][]byte) {
	t.Helper()
	if _, err := cc.FindWat2Wasm(); err != nil {
		t.Skipf("skipping: %v", err)
	}
	ps := corpus.Programs()
	bins := make([][]byte, len(ps))
	for i, p := range ps {
		wasm, err := corpus.Compile(p)
		if errors.Is(err, cc.ErrNoWat2Wasm) {
			t.Skip(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		bins[i] = wasm
	}
	return ps, bins
}

func TestDeterministic(t *testing.T) {
	a, b := corpus.Programs(), corpus.Programs()
	if len(a) < 220 {
		t.Errorf("%d programs, want at least 220", len(a))
	}
	names := map[string]bool{}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].WAT != b[i].WAT || !bytes.Equal(a[i].Input, b[i].Input) {
			t.Fatalf("program %d (%s) differs between two calls", i, a[i].Name)
		}
		if names[a[i].Name] {
			t.Errorf("duplicate name %s", a[i].Name)
		}
		names[a[i].Name] = true
	}
}

// TestWazero runs the corpus on wazero: each program halts or traps with
// a spec wording, stays small, and gives the same output counted or not.
// The outcomes are pinned in testdata/wazero.golden (go test -update).
func TestWazero(t *testing.T) {
	ps, bins := compileAll(t)
	ctx := context.Background()
	var golden strings.Builder
	for i, p := range ps {
		var out, plain bytes.Buffer
		res, err := wazerorun.Run(ctx, bins[i], p.Input, &out)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		res2, err := wazerorun.RunWithOptions(ctx, bins[i], p.Input, &plain, wazerorun.Options{NoCount: true})
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if out.String() != plain.String() || res.Trap != res2.Trap || res.ExitStatus != res2.ExitStatus {
			t.Errorf("%s: the instruction counter changed the run", p.Name)
		}
		if res.Trap != "" && !specTraps[res.Trap] {
			t.Errorf("%s: trap %q is not a spec wording", p.Name, res.Trap)
		}
		if want, ok := wantTrap[p.Name]; (ok || strings.HasPrefix(p.Name, "edge-")) && res.Trap != want {
			t.Errorf("%s: trap %q, want %q", p.Name, res.Trap, want)
		}
		if res.Instructions > 5000 {
			t.Errorf("%s: %d instructions, the corpus wants at most 5000", p.Name, res.Instructions)
		}
		fmt.Fprintf(&golden, "%s exit=%d trap=%q instructions=%d output=%q\n",
			p.Name, res.ExitStatus, res.Trap, res.Instructions, out.String())
	}
	path := filepath.Join("testdata", "wazero.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/corpus -update)", err)
	}
	if got := golden.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("outcome differs from %s (go test -update if intended):\ngot:  %s\nwant: %s",
					path, gl[i], wl[i])
			}
		}
		t.Fatalf("outcome differs from %s: %d lines, want %d", path, len(gl), len(wl))
	}
}

// mnemonics are the instructions the corpus must use at least once.
var mnemonics = func() []string {
	ms := []string{
		"unreachable", "nop", "block", "loop", "if", "else", "br", "br_if", "br_table", "return",
		"call", "call_indirect", "drop", "select", "local.get", "local.set", "local.tee",
		"global.get", "global.set", "memory.size", "memory.grow",
		"i32.const", "i64.const", "i32.wrap_i64", "i64.extend_i32_s", "i64.extend_i32_u",
		"i32.extend8_s", "i32.extend16_s", "i64.extend8_s", "i64.extend16_s", "i64.extend32_s",
	}
	for _, t := range []string{"i32", "i64"} {
		for _, op := range []string{"add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or",
			"xor", "shl", "shr_s", "shr_u", "rotl", "rotr", "clz", "ctz", "popcnt", "eqz", "eq", "ne",
			"lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u", "load", "store",
			"load8_s", "load8_u", "load16_s", "load16_u", "store8", "store16"} {
			ms = append(ms, t+"."+op)
		}
	}
	return append(ms, "i64.load32_s", "i64.load32_u", "i64.store32")
}()

// TestCoverage scans the programs' text for every instruction mnemonic,
// and checks that the random programs use nearly all of them too (which
// ones they miss is down to the seeds).
func TestCoverage(t *testing.T) {
	all, random := map[string]bool{}, map[string]bool{}
	for _, p := range corpus.Programs() {
		words := strings.FieldsFunc(p.WAT, func(r rune) bool {
			return r == ' ' || r == '\n' || r == '(' || r == ')' || r == '\t'
		})
		for _, w := range words {
			w, _, _ = strings.Cut(w, " ")
			all[w] = true
			if strings.HasPrefix(p.Name, "rand-") {
				random[w] = true
			}
		}
	}
	var missing, missingRandom []string
	for _, m := range mnemonics {
		if !all[m] {
			missing = append(missing, m)
		}
		if !random[m] && m != "unreachable" && m != "memory.size" && m != "memory.grow" {
			missingRandom = append(missingRandom, m)
		}
	}
	if len(missing) > 0 {
		t.Errorf("the corpus never uses %s", strings.Join(missing, ", "))
	}
	if len(missingRandom) > 3 {
		t.Errorf("the random programs never use %s", strings.Join(missingRandom, ", "))
	}
}
