package lower

import (
	"bytes"
	"context"
	"testing"

	"github.com/hullvm/hullvm/examples"
	"github.com/hullvm/hullvm/internal/wazerorun"
)

// TestExamples lowers every built-in C example and checks that the
// reference interpreter prints the expected output, as wazero does.
func TestExamples(t *testing.T) {
	for _, ex := range examples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			p, err := lowerBytes(t, ex.Wasm, Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := runProgram(t, p, ex.Input)
			var out bytes.Buffer
			res, err := wazerorun.Run(context.Background(), ex.Wasm, ex.Input, &out)
			if err != nil {
				t.Fatalf("wazero: %v", err)
			}
			if !bytes.Equal(r.out, ex.Expected) {
				t.Errorf("output %q, want %q", r.out, ex.Expected)
			}
			if !bytes.Equal(out.Bytes(), r.out) || res.Trap != "" || int32(res.ExitStatus) != r.o.Status || !r.o.Halted {
				t.Errorf("lowered: %q %+v; wazero: %q %+v", r.out, r.o, out.Bytes(), res)
			}
			t.Logf("%d instructions, %d steps, %d trace tokens", len(p.Instrs), r.o.Steps, r.o.Tokens)
		})
	}
}
