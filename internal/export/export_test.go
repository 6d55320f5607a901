package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hullvm/hullvm/examples"
	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/pipeline"
	"github.com/hullvm/hullvm/internal/transformer"
)

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestWrite checks the three files against the model and a hull run.
func TestWrite(t *testing.T) {
	ex, _ := examples.Get("add")
	dir := t.TempDir()
	res, err := Write(dir, ex.Wasm, Options{Name: "add", Input: ex.Input})
	if err != nil {
		t.Fatal(err)
	}
	_, m, err := pipeline.Model()
	if err != nil {
		t.Fatal(err)
	}

	// The weights are the model's own file, byte for byte.
	var want bytes.Buffer
	if err := m.Write(&want); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, ModelFile))
	if err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(got) != sha256.Sum256(want.Bytes()) || int64(len(got)) != res.ModelBytes {
		t.Fatalf("%s differs from Model.Write (%d vs %d bytes)", ModelFile, len(got), want.Len())
	}
	if _, err := transformer.Load(bytes.NewReader(got), m.GraphHash); err != nil {
		t.Fatal(err)
	}

	var cfg Config
	readJSON(t, filepath.Join(dir, ConfigFile), &cfg)
	if cfg.Vocab != m.Vocab || cfg.DModel != m.DModel || cfg.Layers != m.Layers || cfg.DFFN != m.DFFN ||
		cfg.NHeads != m.DModel/2 || cfg.HeadDim != 2 || cfg.PosCols != m.PosCols || len(cfg.Heads) != m.Layers {
		t.Fatalf("config %+v does not describe the model", cfg)
	}
	self := 0
	for i, hs := range cfg.Heads {
		if len(hs) != len(m.Heads[i]) {
			t.Fatalf("layer %d: %d heads in config, %d in the model", i, len(hs), len(m.Heads[i]))
		}
		for j, h := range hs {
			if h.Slot != m.Heads[i][j].Slot || h.Name != m.Heads[i][j].Name || (h.Tie != "latest" && h.Tie != "average") {
				t.Fatalf("layer %d head %d: %+v vs %+v", i, j, h, m.Heads[i][j])
			}
			if h.Self {
				self++
			}
		}
	}
	if self == 0 {
		t.Error("no clearing head marked self")
	}

	var prog Program
	readJSON(t, filepath.Join(dir, ProgramFile), &prog)
	p, _, err := pipeline.Lower(ex.Wasm, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	prompt, _, err := machine.Prompt(p, ex.Input)
	if err != nil {
		t.Fatal(err)
	}
	if len(prog.Prompt) != len(prompt) {
		t.Fatalf("prompt has %d tokens, want %d", len(prog.Prompt), len(prompt))
	}
	for i, tok := range prompt {
		if prog.Prompt[i] != int32(tok) {
			t.Fatalf("prompt token %d is %d, want %d", i, prog.Prompt[i], tok)
		}
	}
	run, err := pipeline.Run(p, ex.Input, pipeline.Options{Engine: pipeline.EngineHull})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(prog.Trace)) != run.Tokens || !prog.Complete || !prog.Halted || prog.Status != run.Status ||
		prog.Output != string(ex.Expected) || prog.Final != "halt" || prog.Example != "add" {
		t.Fatalf("program.json: %d tokens, complete %v, halted %v, status %d, output %q, final %q; "+
			"the hull run: %d tokens, status %d, output %q", len(prog.Trace), prog.Complete, prog.Halted,
			prog.Status, prog.Output, prog.Final, run.Tokens, run.Status, ex.Expected)
	}
	if prog.Names[fmt.Sprint(prog.Trace[len(prog.Trace)-1])] != "halt" {
		t.Error("names do not spell the final token")
	}
}

func TestWriteBudget(t *testing.T) {
	ex, _ := examples.Get("hello")
	dir := t.TempDir()
	res, err := Write(dir, ex.Wasm, Options{Name: "hello", MaxTokens: 10})
	if err != nil {
		t.Fatal(err)
	}
	var prog Program
	readJSON(t, filepath.Join(dir, ProgramFile), &prog)
	if res.Complete || prog.Complete || len(prog.Trace) != 10 || res.TraceLen != 10 || prog.MaxTokens != 10 {
		t.Fatalf("a 10-token budget gave complete %v, %d tokens", prog.Complete, len(prog.Trace))
	}
}
