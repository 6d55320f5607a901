package vmgraph

import (
	"testing"

	"github.com/hullvm/hullvm/internal/engine"
	"github.com/hullvm/hullvm/internal/graph"
	"github.com/hullvm/hullvm/internal/kvcache"
	"github.com/hullvm/hullvm/internal/machine"
)

// loopProgram counts n down to zero, storing the counter to memory and
// reading it back on every turn, then prints one byte of it.
func loopProgram(t *testing.T, n uint64) *machine.Program {
	lines := []asmLine{
		{op: machine.OpConst32, imm: n, h: 0},
		{label: "loop", op: machine.OpConst32, imm: 64, h: 1},
		{op: machine.OpLGet32, imm: 0, h: 2},
		{op: machine.OpStore32, imm: 0, h: 3},
		{op: machine.OpConst32, imm: 64, h: 1},
		{op: machine.OpLoad32, imm: 0, h: 2},
		{op: machine.OpConst32, imm: 1, h: 2},
		{op: machine.OpSub32, h: 3},
		{op: machine.OpLSet32, imm: 0, h: 2},
		{op: machine.OpLGet32, imm: 0, h: 1},
		{op: machine.OpBrIf, ref: "loop", h: 2},
		{op: machine.OpSpill32, h: 1},
		{op: machine.OpOut, h: 0},
		{op: machine.OpConst32, imm: 0, h: 0},
		{op: machine.OpHalt, h: 1},
	}
	return assemble(t, lines, 0, 128)
}

// TestLongRunExact runs over five million trace tokens through the graph
// evaluator (hull caches), checking every token against the reference and
// that the smallest decision margin stayed at least 1 and every value exact.
func TestLongRunExact(t *testing.T) {
	n := uint64(100_000) // 53 tokens a turn: 5.3 million tokens
	if testing.Short() {
		n = 2_000
	}
	p := loopProgram(t, n)
	ref, err := machine.NewRef(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	prompt, _, _ := machine.Prompt(p, nil)
	ev := graph.NewEval(machineGraph(), kvcache.NewHull)
	var buf []machine.Token
	var count int64
	err = engine.Generate(ev, prompt, 0, func(tok machine.Token) error {
		if len(buf) == 0 {
			buf = ref.Step(buf)
		}
		if buf[0] != tok {
			t.Fatalf("token %d: graph %s, reference %s", count, tok, buf[0])
		}
		buf = buf[1:]
		count++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !ref.Done() || len(buf) != 0 {
		t.Fatalf("graph stopped after %d tokens but the reference goes on", count)
	}
	if ev.MinMargin < 1 {
		t.Fatalf("smallest margin %g < 1", ev.MinMargin)
	}
	t.Logf("%d tokens, %d instructions, smallest margin %g", count, ref.Steps(), ev.MinMargin)
	if !testing.Short() && count < 5_000_000 {
		t.Fatalf("only %d tokens", count)
	}
}
