package vmgraph

import (
	"testing"

	"github.com/hullvm/hullvm/internal/engine"
	"github.com/hullvm/hullvm/internal/graph"
	"github.com/hullvm/hullvm/internal/machine"
)

var built *graph.Graph

func machineGraph() *graph.Graph {
	if built == nil {
		built = Build()
	}
	return built
}

// compare runs p on input through the reference and the graph evaluator and
// requires identical traces.
func compare(t *testing.T, name string, p *machine.Program, input []byte) []machine.Token {
	t.Helper()
	var want []machine.Token
	if err := machine.RunRef(p, input, 1<<20, func(tok machine.Token) error { want = append(want, tok); return nil }); err != nil {
		t.Fatalf("%s: reference: %v", name, err)
	}
	prompt, _, err := machine.Prompt(p, input)
	if err != nil {
		t.Fatal(err)
	}
	ev := graph.NewEval(machineGraph(), nil)
	var got []machine.Token
	err = engine.Generate(ev, prompt, int64(len(want)+10), func(tok machine.Token) error {
		i := len(got)
		got = append(got, tok)
		if i >= len(want) || want[i] != tok {
			w := "end"
			if i < len(want) {
				w = want[i].String()
			}
			t.Fatalf("%s: token %d: graph %s, reference %s (trace so far %v)", name, i, tok, w, got)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("%s: graph: %v (after %d tokens, want %d: %v)", name, err, len(got), len(want), want)
	}
	if len(got) != len(want) {
		t.Fatalf("%s: graph trace has %d tokens, reference %d", name, len(got), len(want))
	}
	return got
}

func ins(op machine.Op, imm uint64, h int) machine.Instr {
	return machine.Instr{Op: op, Imm: imm, H: h, Source: -1}
}

func TestAddProgram(t *testing.T) {
	p := &machine.Program{MemBytes: 65536, Instrs: []machine.Instr{
		ins(machine.OpConst32, 3, 0),
		ins(machine.OpConst32, 5, 1),
		ins(machine.OpAdd32, 0, 2),
		ins(machine.OpConst32, 48, 1),
		ins(machine.OpAdd32, 0, 2),
		ins(machine.OpSpill32, 0, 1),
		ins(machine.OpOut, 0, 0),
		ins(machine.OpConst32, 0, 0),
		ins(machine.OpHalt, 0, 1),
	}}
	got := compare(t, "add", p, nil)
	t.Logf("trace: %v", got)
}
