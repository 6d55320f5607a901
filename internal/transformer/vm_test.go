package transformer

import (
	"testing"

	"github.com/hullvm/hullvm/internal/engine"
	"github.com/hullvm/hullvm/internal/kvcache"
	vm "github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/vmgraph"
)

// TestMachineGraph compiles the machine's graph and runs a small program
// through the compiled model with both caches, against the reference
// interpreter, token for token and to the final halt.
func TestMachineGraph(t *testing.T) {
	m, err := Compile(vmgraph.Build())
	if err != nil {
		t.Fatal(err)
	}
	t.Log(m.Summary())
	ins := func(op vm.Op, imm uint64, h int) vm.Instr { return vm.Instr{Op: op, Imm: imm, H: h, Source: -1} }
	p := &vm.Program{MemBytes: 65536, Instrs: []vm.Instr{
		ins(vm.OpConst32, 3, 0),
		ins(vm.OpConst32, 5, 1),
		ins(vm.OpAdd32, 0, 2),
		ins(vm.OpConst32, 48, 1),
		ins(vm.OpAdd32, 0, 2),
		ins(vm.OpSpill32, 0, 1),
		ins(vm.OpOut, 0, 0),
		ins(vm.OpConst32, 0, 0),
		ins(vm.OpHalt, 0, 1),
	}}
	var want []vm.Token
	if err := vm.RunRef(p, nil, 1<<20, func(tok vm.Token) error { want = append(want, tok); return nil }); err != nil {
		t.Fatal(err)
	}
	prompt, _, err := vm.Prompt(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, nc := range map[string]func() kvcache.Cache{"brute": kvcache.NewBrute, "hull": kvcache.NewHull} {
		e := NewEngine(m, nc)
		if e.p == nil {
			t.Fatal("the machine's model does not fit the plan")
		}
		t.Log(e.p.head)
		var got []vm.Token
		err := engine.Generate(Stepper{e}, prompt, int64(len(want)+10), func(tok vm.Token) error {
			if i := len(got); i >= len(want) || tok != want[i] {
				t.Fatalf("%s: token %d: model %s, reference trace %v", name, i, tok, want)
			}
			got = append(got, tok)
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v after %d tokens", name, err, len(got))
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d tokens, reference %d", name, len(got), len(want))
		}
		if e.MinMargin() < 1 {
			t.Errorf("%s: min margin %v", name, e.MinMargin())
		}
	}
}

// TestMachinePlanMatchesLiteral runs the machine's compiled model through
// the plan and through the literal sparse products on the reference trace
// of a loop that stores, loads and branches, checking the residuals equal
// after every position.
func TestMachinePlanMatchesLiteral(t *testing.T) {
	m, err := Compile(vmgraph.Build())
	if err != nil {
		t.Fatal(err)
	}
	p := loopMachine(20)
	prompt, _, err := vm.Prompt(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	toks := append([]vm.Token(nil), prompt...)
	if err := vm.RunRef(p, nil, 1<<20, func(tok vm.Token) error { toks = append(toks, tok); return nil }); err != nil {
		t.Fatal(err)
	}
	a, b := NewEngine(m, kvcache.NewHull), newEngine(m, kvcache.NewHull, engineOpts{literal: true})
	if a.p == nil {
		t.Fatal("the machine's model does not fit the plan")
	}
	for i, tok := range toks[:len(toks)-1] {
		predict := i+1 >= len(prompt)
		ga, errA := a.Step(int32(tok), predict)
		gb, errB := b.Step(int32(tok), predict)
		if errA != nil || errB != nil || ga != gb || predict && ga != int32(toks[i+1]) {
			t.Fatalf("position %d: plan %d (%v), literal %d (%v), reference %d", i, ga, errA, gb, errB, toks[i+1])
		}
		for c := range a.x {
			if a.x[c] != b.x[c] {
				t.Fatalf("position %d: residual column %d: plan %v, literal %v", i, c, a.x[c], b.x[c])
			}
		}
	}
	if a.MinMargin() != b.MinMargin() || a.MinMargin() < 1 {
		t.Errorf("margins: plan %v, literal %v", a.MinMargin(), b.MinMargin())
	}
	t.Logf("%d positions", len(toks))
}
