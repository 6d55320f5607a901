package transformer

import (
	"testing"

	"github.com/hullvm/hullvm/internal/kvcache"
	vm "github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/vmgraph"
)

// BenchmarkForward is the per-token forward pass without attention (heads
// return their own position's value; caches untouched) on a random graph
// of 300 neurons.
func BenchmarkForward(b *testing.B) {
	m, err := Compile(randomMachine(2, 300).g)
	if err != nil {
		b.Fatal(err)
	}
	b.Log(m.Summary())
	e := NewEngine(m, nil)
	e.skipAttn = true
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := e.forward(int32(i % 16)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFeed is the whole step with the hull cache, 4096 tokens a run.
func BenchmarkFeed(b *testing.B) {
	mc := randomMachine(2, 300)
	m, err := Compile(mc.g)
	if err != nil {
		b.Fatal(err)
	}
	e := NewEngine(m, kvcache.NewHull)
	b.ReportAllocs()
	tok := mc.prompt[0]
	for i := 0; b.Loop(); i++ {
		if i%4096 == 0 {
			e.Reset()
			tok = mc.prompt[0]
		}
		next, err := e.Feed(tok)
		if err != nil {
			b.Fatal(err)
		}
		tok = next
	}
}

func BenchmarkCompile2000(b *testing.B) {
	g := randomMachine(4, 1400).g
	for b.Loop() {
		if _, err := Compile(g); err != nil {
			b.Fatal(err)
		}
	}
}

// loopMachine is a machine program that counts n down to zero, storing the
// counter to memory and reading it back on every turn (53 trace tokens a
// turn), then prints one byte.
func loopMachine(n uint64) *vm.Program {
	ins := func(op vm.Op, imm uint64, h int) vm.Instr { return vm.Instr{Op: op, Imm: imm, H: h, Source: -1} }
	return &vm.Program{MemBytes: 128, Instrs: []vm.Instr{
		ins(vm.OpConst32, n, 0),
		ins(vm.OpConst32, 64, 1), // loop:
		ins(vm.OpLGet32, 0, 2),
		ins(vm.OpStore32, 0, 3),
		ins(vm.OpConst32, 64, 1),
		ins(vm.OpLoad32, 0, 2),
		ins(vm.OpConst32, 1, 2),
		ins(vm.OpSub32, 0, 3),
		ins(vm.OpLSet32, 0, 2),
		ins(vm.OpLGet32, 0, 1),
		ins(vm.OpBrIf, 1, 2),
		ins(vm.OpSpill32, 0, 1),
		ins(vm.OpOut, 0, 0),
		ins(vm.OpConst32, 0, 0),
		ins(vm.OpHalt, 0, 1),
	}}
}

// BenchmarkMachineStep is one token of the machine's compiled model, fed
// the reference trace of loopMachine(2000) (about 106,000 tokens, then
// again from the start) and checked against it.
func BenchmarkMachineStep(b *testing.B) {
	m, err := Compile(vmgraph.Build())
	if err != nil {
		b.Fatal(err)
	}
	p := loopMachine(2000)
	prompt, _, err := vm.Prompt(p, nil)
	if err != nil {
		b.Fatal(err)
	}
	toks := make([]int32, 0, 1<<17)
	for _, t := range prompt {
		toks = append(toks, int32(t))
	}
	if err := vm.RunRef(p, nil, 1<<20, func(t vm.Token) error { toks = append(toks, int32(t)); return nil }); err != nil {
		b.Fatal(err)
	}
	e := NewEngine(m, kvcache.NewHull)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == len(toks)-1 {
			e.Reset()
			i = 0
		}
		predict := i+1 >= len(prompt)
		next, err := e.Step(toks[i], predict)
		if err != nil {
			b.Fatal(err)
		}
		if predict && next != toks[i+1] {
			b.Fatalf("position %d: model %d, reference %d", i, next, toks[i+1])
		}
		i++
	}
}
