package ladder

import (
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/hullvm/hullvm/examples"
	"github.com/hullvm/hullvm/internal/corpus"
	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/pipeline"
	"github.com/hullvm/hullvm/internal/wasm"
)

// refBudget bounds every reference run in this package (sudoku, the
// longest, needs 4.7M tokens); a run that needs more fails.
const refBudget = 50_000_000

// testCase is one program run: a module, the export it invokes (or none)
// and the input.
type testCase struct {
	Name   string // "example/add", "corpus/op-i32.add", "invoke/add.add(3,5)"
	Wasm   []byte
	Invoke string
	Args   []string
	Input  []byte
}

// lowered is a case lowered and run on ref, computed once per case.
type lowered struct {
	once    sync.Once
	p       *machine.Program
	results []wasm.ValType
	ref     *Ref
	err     error
}

var loweredCases sync.Map // case name -> *lowered

// refOf lowers c and runs it on ref, once per process.
func refOf(c *testCase) (*lowered, error) {
	v, _ := loweredCases.LoadOrStore(c.Name, &lowered{})
	l := v.(*lowered)
	l.once.Do(func() {
		l.p, l.results, l.err = pipeline.Lower(c.Wasm, c.Invoke, c.Args)
		if l.err == nil {
			l.ref, l.err = RunRef(l.p, c.Input, refBudget)
		}
	})
	return l, l.err
}

// positions is the number of positions c takes: prompt and trace.
func positions(l *lowered) int { return len(l.ref.Prompt) + len(l.ref.Trace) }

func exampleCases() []*testCase {
	var cs []*testCase
	for _, ex := range examples.All() {
		cs = append(cs, &testCase{Name: "example/" + ex.Name, Wasm: ex.Wasm, Input: ex.Input})
	}
	return cs
}

// exampleCase returns the case of the example called name.
func exampleCase(t *testing.T, name string) *testCase {
	t.Helper()
	for _, c := range exampleCases() {
		if c.Name == "example/"+name {
			return c
		}
	}
	t.Fatalf("no example %s", name)
	return nil
}

var (
	corpusOnce  sync.Once
	corpusList  []*testCase
	corpusError error
)

// corpusCases compiles the corpus once. It skips t when wat2wasm is
// missing: the corpus is written in the text format.
func corpusCases(t *testing.T) []*testCase {
	t.Helper()
	if _, err := exec.LookPath("wat2wasm"); err != nil {
		t.Skip("wat2wasm (wabt) is not installed: the corpus is WebAssembly text and " +
			"corpus.Compile needs it; install wabt to run the corpus")
	}
	corpusOnce.Do(func() {
		for _, p := range corpus.Programs() {
			b, err := corpus.Compile(p)
			if err != nil {
				corpusError = err
				return
			}
			corpusList = append(corpusList, &testCase{Name: "corpus/" + p.Name, Wasm: b, Input: p.Input})
		}
	})
	if corpusError != nil {
		t.Fatal(corpusError)
	}
	return corpusList
}

// Argument pools of the invoke tests: the small values, the extremes and
// the shift amounts around the width; the i64 pool adds a value above 32
// bits and one written unsigned.
var (
	pool32 = []string{"0", "1", "-1", "7", "-13", "31", "32", "100", "2147483647", "-2147483648"}
	pool64 = []string{"0", "1", "-1", "7", "-13", "63", "64", "4294967296",
		"9223372036854775807", "-9223372036854775808", "18446744073709551615"}
)

// boundedArgs, keyed by example.export, are the argument sets of the
// exports whose running time grows with their arguments (loops,
// recursion): small values only, and for ack a negative one that recurses
// until the call stack is exhausted.
var boundedArgs = map[string][][]string{
	"collatz.steps": {{"0"}, {"1"}, {"2"}, {"27"}, {"97"}, {"871"}},
	"fibonacci.fib": {{"0"}, {"1"}, {"2"}, {"10"}, {"93"}, {"94"}, {"-5"}},
	"recursion.fib": {{"0"}, {"1"}, {"2"}, {"10"}, {"-3"}},
	"recursion.ack": {{"0", "0"}, {"0", "5"}, {"1", "2"}, {"2", "3"}, {"3", "1"}, {"-1", "0"}},
}

// argSets returns the argument sets for an export with params: a few
// mixes of the pools, then (with two or more parameters) a zero second
// operand and the minimum over minus one, the two division traps.
func argSets(key string, params []wasm.ValType) [][]string {
	if sets, ok := boundedArgs[key]; ok {
		return sets
	}
	pick := func(ty wasm.ValType, k int) string {
		p := pool32
		if ty == wasm.ValTypeI64 {
			p = pool64
		}
		return p[k%len(p)]
	}
	var sets [][]string
	for j := 0; j < 6; j++ {
		args := make([]string, len(params))
		for i, ty := range params {
			args[i] = pick(ty, j*(2*i+1)+i)
		}
		sets = append(sets, args)
	}
	if len(params) >= 2 {
		zero := make([]string, len(params))
		ovf := make([]string, len(params))
		for i, ty := range params {
			zero[i], ovf[i] = pick(ty, 3), "-1"
		}
		zero[1] = "0"
		ovf[0] = pick(params[0], 9) // the minimum of its type
		sets = append(sets, zero, ovf)
	}
	return distinct(sets)
}

// distinct drops the argument sets that repeat an earlier one.
func distinct(sets [][]string) [][]string {
	seen := map[string]bool{}
	var out [][]string
	for _, s := range sets {
		if k := strings.Join(s, ","); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// invokeCases returns, for every exported function of every example that
// takes and returns only integers (_start and main aside), one case per
// argument set.
func invokeCases() ([]*testCase, error) {
	var cs []*testCase
	for _, ex := range examples.All() {
		m, err := wasm.Decode(ex.Wasm)
		if err != nil {
			return nil, fmt.Errorf("example %s: %w", ex.Name, err)
		}
		for _, e := range m.Exports {
			if e.Kind != wasm.ExternFunc || e.Name == "_start" || e.Name == "main" {
				continue
			}
			ft := m.FuncTypeOf(e.Index)
			if !allInt(ft.Params) || !allInt(ft.Results) {
				continue
			}
			for _, args := range argSets(ex.Name+"."+e.Name, ft.Params) {
				cs = append(cs, &testCase{
					Name:   fmt.Sprintf("invoke/%s.%s(%s)", ex.Name, e.Name, strings.Join(args, ",")),
					Wasm:   ex.Wasm,
					Invoke: e.Name,
					Args:   args,
				})
			}
		}
	}
	return cs, nil
}

func allInt(ts []wasm.ValType) bool {
	for _, t := range ts {
		if !t.IsInt() {
			return false
		}
	}
	return true
}
