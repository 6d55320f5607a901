package pipeline

import (
	"bytes"
	"testing"

	"github.com/hullvm/hullvm/examples"
)

func TestExamplesRef(t *testing.T) {
	for _, ex := range examples.All() {
		p, _, err := Lower(ex.Wasm, "", nil)
		if err != nil {
			t.Errorf("%s: %v", ex.Name, err)
			continue
		}
		var out bytes.Buffer
		res, err := Run(p, ex.Input, Options{Engine: EngineRef, Stdout: &out})
		if err != nil {
			t.Errorf("%s: %v", ex.Name, err)
			continue
		}
		if !bytes.Equal(out.Bytes(), ex.Expected) {
			t.Errorf("%s: output %q, want %q", ex.Name, out.String(), ex.Expected)
		}
		t.Logf("%s: %d instructions, %d tokens, prompt %d", ex.Name, res.Steps, res.Tokens, res.PromptLen)
	}
}
