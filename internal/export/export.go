// Package export writes what a third party needs to rerun a HullVM program
// in stock PyTorch: the exact hard-max model as safetensors, its dimensions
// and head metadata as JSON, and one program's prompt with the trace the
// hull engine generated from it. tools/torch_check.py reads the three files
// and decodes the prompt with torch.nn.MultiheadAttention (docs/pytorch.md).
//
// The files of a directory written by Write:
//
//	model.safetensors  transformer.Model.Write, byte for byte: tensors named
//	                   as a state_dict of the seed's VanillaTransformer
//	                   (tok.weight, attn.{i}.in_proj_weight,
//	                   attn.{i}.out_proj.weight, ff_in.{i}.weight,
//	                   ff_out.{i}.weight, head.weight), F64, little-endian
//	config.json        Config
//	program.json       Program
package export

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/hullvm/hullvm/internal/engine"
	"github.com/hullvm/hullvm/internal/kvcache"
	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/pipeline"
	"github.com/hullvm/hullvm/internal/transformer"
)

// File names inside an export directory.
const (
	ModelFile   = "model.safetensors"
	ConfigFile  = "config.json"
	ProgramFile = "program.json"
)

// Format names and version written into config.json and program.json.
const (
	ConfigFormat  = "hullvm-torch-config"
	ProgramFormat = "hullvm-torch-program"
	Version       = "1"
)

// Head is one used attention head of a layer.
type Head struct {
	Slot int    `json:"slot"` // index of the head in the layer's nn.MultiheadAttention
	Tie  string `json:"tie"`  // "latest" or "average": how exact ties of q·k are broken
	Name string `json:"name"` // the graph's name for the head
	// Self marks a clearing head: query (0, 1) from the column of 1 and key
	// (0, t) from the column of t, so it attends to its own position only.
	Self bool `json:"self"`
}

// Config is config.json.
type Config struct {
	Format  string `json:"format"`
	Version string `json:"version"`
	Vocab   int    `json:"vocab"`
	DModel  int    `json:"d_model"`
	NHeads  int    `json:"n_heads"`
	HeadDim int    `json:"head_dim"`
	Layers  int    `json:"layers"`
	DFFN    int    `json:"d_ffn"`
	// PosCols are the residual columns that pos_emb sets to 1, t and t².
	PosCols [3]int `json:"pos_cols"`
	// Heads lists, per layer, the heads with non-zero weights (all others
	// are zero), by increasing slot.
	Heads       [][]Head `json:"heads"`
	Attention   string   `json:"attention"` // "hardmax"
	DType       string   `json:"dtype"`     // "F64"
	GraphSHA256 string   `json:"graph_sha256"`
	Weights     string   `json:"weights"` // ModelFile
	Program     string   `json:"program"` // ProgramFile
}

// Program is program.json: one run of the hull engine.
type Program struct {
	Format   string  `json:"format"`
	Version  string  `json:"version"`
	Example  string  `json:"example"`   // the example's name, or the file as given
	Input    string  `json:"input"`     // the program's input (invalid UTF-8 is replaced: see InputHex)
	InputHex string  `json:"input_hex"` // the program's input bytes, in hex
	Engine   string  `json:"engine"`    // "hull"
	Prompt   []int32 `json:"prompt"`
	Trace    []int32 `json:"trace"` // the tokens the model generated after the prompt
	// Complete is set when the trace ends with halt or a trap token; it is
	// false when MaxTokens stopped the run first.
	Complete  bool    `json:"complete"`
	MaxTokens int64   `json:"max_tokens"` // the budget of the run; 0: none
	Final     string  `json:"final"`      // the last trace token, spelled as --trace prints it
	Halted    bool    `json:"halted"`
	Status    int32   `json:"exit_status"`
	Trap      string  `json:"trap"`
	Output    string  `json:"output"`     // the output bytes the trace encodes
	MinMargin float64 `json:"min_margin"` // smallest winning logit margin of the hull engine
	// Names spells every trace token (every token the model may emit) and
	// every token of Prompt, keyed by the decimal id, for diagnostics.
	Names map[string]string `json:"names"`
}

// Options selects the program run Write records.
type Options struct {
	Name      string // recorded as Program.Example
	Input     []byte
	MaxTokens int64 // trace token budget; 0: none
}

// Result summarises a Write.
type Result struct {
	Dir        string
	Config     Config
	PromptLen  int
	TraceLen   int
	Complete   bool
	Final      string
	ModelBytes int64
}

// Write lowers the WebAssembly module, runs it with the hull engine on
// opt.Input, and writes the model, config.json and program.json into dir
// (created if needed). A run the budget stopped is still written, with
// Complete false; any other engine error is returned before anything is
// written.
func Write(dir string, wasm []byte, opt Options) (Result, error) {
	_, m, err := pipeline.Model()
	if err != nil {
		return Result{}, err
	}
	p, _, err := pipeline.Lower(wasm, "", nil)
	if err != nil {
		return Result{}, err
	}
	prompt, _, err := machine.Prompt(p, opt.Input)
	if err != nil {
		return Result{}, err
	}
	prog, err := run(m, prompt, opt)
	if err != nil {
		return Result{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, fmt.Errorf("export: %w", err)
	}
	n, err := writeModel(filepath.Join(dir, ModelFile), m)
	if err != nil {
		return Result{}, err
	}
	cfg := ConfigOf(m)
	if err := writeJSON(filepath.Join(dir, ConfigFile), cfg); err != nil {
		return Result{}, err
	}
	if err := writeJSON(filepath.Join(dir, ProgramFile), prog); err != nil {
		return Result{}, err
	}
	return Result{Dir: dir, Config: cfg, PromptLen: len(prog.Prompt), TraceLen: len(prog.Trace),
		Complete: prog.Complete, Final: prog.Final, ModelBytes: n}, nil
}

// run generates the trace with the hull engine, as pipeline.Run does with
// Engine "hull", keeping the token ids.
func run(m *transformer.Model, prompt []machine.Token, opt Options) (Program, error) {
	e := transformer.NewEngine(m, kvcache.NewHull)
	var out outBuf
	dec := &machine.Decoder{Out: &out}
	var trace []int32
	err := engine.Generate(transformer.Stepper{E: e}, prompt, opt.MaxTokens, func(t machine.Token) error {
		trace = append(trace, int32(t))
		return dec.Push(t)
	})
	if err != nil && !errors.Is(err, machine.ErrBudget) {
		return Program{}, fmt.Errorf("export: the hull engine failed: %w", err)
	}
	pr := Program{Format: ProgramFormat, Version: Version, Example: opt.Name, Input: string(opt.Input),
		InputHex: hex.EncodeToString(opt.Input),
		Engine:   pipeline.EngineHull, Trace: trace, Complete: dec.O.Ended(), MaxTokens: opt.MaxTokens,
		Halted: dec.O.Halted, Status: dec.O.Status, Output: string(out), MinMargin: e.MinMargin(),
		Names: map[string]string{}}
	if dec.O.Trap != machine.TrapNone {
		pr.Trap = dec.O.Trap.String()
	}
	for _, t := range prompt {
		pr.Prompt = append(pr.Prompt, int32(t))
	}
	if len(trace) > 0 {
		pr.Final = machine.Token(trace[len(trace)-1]).String()
	}
	for t := machine.Token(0); t < machine.NumTrace; t++ {
		pr.Names[fmt.Sprint(int32(t))] = t.String()
	}
	for _, t := range pr.Prompt {
		pr.Names[fmt.Sprint(t)] = machine.Token(t).String()
	}
	return pr, nil
}

type outBuf []byte

func (b *outBuf) Write(p []byte) (int, error) { *b = append(*b, p...); return len(p), nil }

// ConfigOf describes m.
func ConfigOf(m *transformer.Model) Config {
	cfg := Config{Format: ConfigFormat, Version: Version, Vocab: m.Vocab, DModel: m.DModel,
		NHeads: m.NHeads(), HeadDim: 2, Layers: m.Layers, DFFN: m.DFFN, PosCols: m.PosCols,
		Heads: make([][]Head, m.Layers), Attention: "hardmax", DType: "F64",
		GraphSHA256: m.GraphHash, Weights: ModelFile, Program: ProgramFile}
	for i, hs := range m.Heads {
		cfg.Heads[i] = []Head{}
		for _, h := range hs {
			tie := "average"
			if h.Tie == kvcache.TieLatest {
				tie = "latest"
			}
			cfg.Heads[i] = append(cfg.Heads[i], Head{Slot: h.Slot, Tie: tie, Name: h.Name, Self: selfHead(m, i, h.Slot)})
		}
		sort.Slice(cfg.Heads[i], func(a, b int) bool { return cfg.Heads[i][a].Slot < cfg.Heads[i][b].Slot })
	}
	return cfg
}

// selfHead reports whether head h of layer i has query (0, 1) and key
// (0, t): its first query and key rows are empty, its second query row is
// exactly the column of 1 and its second key row exactly the column of t.
// (The script checks separately that nothing writes those columns.)
func selfHead(m *transformer.Model, i, h int) bool {
	in, d := m.In[i], m.DModel
	only := func(r, col int) bool {
		return in.Ptr[r+1]-in.Ptr[r] == 1 && int(in.Idx[in.Ptr[r]]) == col && in.Val[in.Ptr[r]] == 1
	}
	empty := func(r int) bool { return in.Ptr[r+1] == in.Ptr[r] }
	return empty(2*h) && only(2*h+1, m.PosCols[0]) && empty(d+2*h) && only(d+2*h+1, m.PosCols[1])
}

func writeModel(path string, m *transformer.Model) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	if err := m.Write(f); err != nil {
		f.Close()
		return 0, err
	}
	st, err := f.Stat()
	if err == nil {
		err = f.Close()
	} else {
		f.Close()
	}
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	return st.Size(), nil
}

// numberList matches an indented JSON array of numbers, which writeJSON
// puts on one line.
var numberList = regexp.MustCompile(`\[\s*-?[0-9][-+.eE0-9]*(?:,\s*-?[0-9][-+.eE0-9]*)*\s*\]`)

var space = regexp.MustCompile(`\s+`)

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	b = numberList.ReplaceAllFunc(b, func(m []byte) []byte { return space.ReplaceAll(m, nil) })
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
