package transformer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// SoftmaxScale is the factor by which a softmax model should multiply its
// queries to act as the hard-max model: integer scores that differ differ
// by at least 1, PyTorch divides them by sqrt(2), and exp(-1024/sqrt(2)) is
// below 1e-314, so every losing key's weight underflows against any value
// held exactly. It is a power of two, so scaling the q rows is exact, and
// it keeps scores exact while |q·k| < 2^43. Softmax cannot break ties by
// latest: a TieLatest head agrees only where its tied keys carry equal values.
const SoftmaxScale = 1024

// Config is the config.json Export writes beside the weights.
type Config struct {
	Format       string       `json:"format"`
	Version      string       `json:"version"`
	Vocab        int          `json:"vocab"`
	DModel       int          `json:"d_model"`
	Layers       int          `json:"layers"`
	DFFN         int          `json:"d_ffn"`
	NHeads       int          `json:"n_heads"`
	PosCols      [3]int       `json:"pos_cols"`
	Heads        [][]headJSON `json:"heads"`
	SoftmaxScale float64      `json:"softmax_scale"`
	GraphSHA256  string       `json:"graph_sha256"`
	Weights      string       `json:"weights"`
	Tokens       string       `json:"tokens"`
}

// Export writes dir/model.safetensors, dir/config.json and dir/tokens.json
// (the prompt and the trace the model is expected to generate from it), the
// inputs of an external checker.
func Export(m *Model, dir string, prompt, trace []int32) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("transformer: export: %w", err)
	}
	f, err := os.Create(filepath.Join(dir, "model.safetensors"))
	if err != nil {
		return fmt.Errorf("transformer: export: %w", err)
	}
	if err := m.Write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("transformer: export: %w", err)
	}
	cfg := Config{Format: formatName, Version: formatVersion, Vocab: m.Vocab, DModel: m.DModel,
		Layers: m.Layers, DFFN: m.DFFN, NHeads: m.NHeads(), PosCols: m.PosCols, Heads: m.headsJSON(),
		SoftmaxScale: SoftmaxScale, GraphSHA256: m.GraphHash, Weights: "model.safetensors", Tokens: "tokens.json"}
	if err := writeJSON(filepath.Join(dir, "config.json"), cfg); err != nil {
		return err
	}
	toks := struct {
		Prompt []int32 `json:"prompt"`
		Trace  []int32 `json:"trace"`
	}{append([]int32{}, prompt...), append([]int32{}, trace...)}
	return writeJSON(filepath.Join(dir, "tokens.json"), toks)
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("transformer: export: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("transformer: export: %w", err)
	}
	return nil
}
