package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hullvm/hullvm/internal/export"
)

type exportFlags struct {
	out       string
	input     string
	maxTokens int64
}

func newExportCmd() *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export -o DIR [EXAMPLE|FILE]",
		Short: "Write the model, its config and one program's trace for stock PyTorch",
		Long: `Export the transformer and one run of a program (default: the add example)
for checking outside HullVM. DIR receives:

  model.safetensors  the exact hard-max model (F64), tensors named as a
                     state_dict of the seed's VanillaTransformer
  config.json        dimensions, position-encoding columns, used heads and
                     their tie modes
  program.json       the prompt token ids, the trace token ids the hull
                     engine generated, the example name and the outcome

tools/torch_check.py DIR reruns the prompt in PyTorch with
nn.MultiheadAttention and compares every token (docs/pytorch.md).

Without --input an example reads its default input and a file reads
nothing. With --max-tokens the trace is cut after N tokens and marked
incomplete.`,
		Example: `  hullvm export -o /tmp/add add
  hullvm export -o /tmp/collatz collatz --input 6
  /usr/bin/python3 tools/torch_check.py /tmp/add`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd, unprotect(args), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "out", "o", "", "the directory to write (created if needed)")
	fl.StringVar(&f.input, "input", "", "the program's input, as given")
	fl.Int64Var(&f.maxTokens, "max-tokens", 0, "stop the trace after this many tokens (0: no limit)")
	return cmd
}

func runExport(cmd *cobra.Command, args []string, f exportFlags) error {
	if f.out == "" {
		return usageError{errors.New("export needs -o DIR (see hullvm export --help)")}
	}
	if f.maxTokens < 0 {
		return errors.New("--max-tokens must not be negative")
	}
	name := "add"
	if len(args) == 1 {
		name = args[0]
	}
	prog, err := loadProgram(name)
	if err != nil {
		return err
	}
	input := prog.input
	if cmd.Flags().Changed("input") {
		input = []byte(f.input)
	}
	res, err := export.Write(f.out, prog.wasm, export.Options{Name: prog.name, Input: input, MaxTokens: f.maxTokens})
	if err != nil {
		return err
	}
	c := res.Config
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "wrote %s: %s (%d bytes), %s, %s\n", res.Dir, export.ModelFile, res.ModelBytes,
		export.ConfigFile, export.ProgramFile)
	fmt.Fprintf(w, "model: vocab %d, d_model %d, n_heads %d, layers %d, d_ffn %d\n",
		c.Vocab, c.DModel, c.NHeads, c.Layers, c.DFFN)
	state := "ends with " + res.Final
	if !res.Complete {
		state = "stopped by --max-tokens, incomplete"
	}
	fmt.Fprintf(w, "%s: prompt %d tokens, trace %d tokens (%s)\n", prog.name, res.PromptLen, res.TraceLen, state)
	return nil
}
