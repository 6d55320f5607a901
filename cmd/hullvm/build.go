package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/hullvm/hullvm/internal/pipeline"
	"github.com/hullvm/hullvm/internal/transformer"
)

func newBuildCmd() *cobra.Command {
	var out string
	var check string
	cmd := &cobra.Command{
		Use:   "build [-o model.safetensors]",
		Short: "Build the universal model (the program comes in the prompt) and write it as safetensors",
		Long: `Build the transformer that executes any machine program given in its prompt:
the machine's computation graph compiled into weights. The file is
safetensors with the tensor names of a PyTorch state_dict of the seed's
VanillaTransformer, and metadata for the format version, the vocabulary, the
position encoding, the heads and a hash of the graph (docs/model.md).

hullvm run builds the same model in memory (deterministically, in well under a
second), so this step is never required; --check FILE loads a model file and
verifies it is the one this binary builds.`,
		Example: "  hullvm build -o model.safetensors\n  hullvm build --check model.safetensors",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			g, m, err := pipeline.Model()
			if err != nil {
				return err
			}
			if check != "" {
				f, err := os.Open(check)
				if err != nil {
					return err
				}
				defer f.Close()
				data, err := io.ReadAll(f)
				if err != nil {
					return err
				}
				lm, err := transformer.Load(bytes.NewReader(data), transformer.GraphHash(g))
				if err != nil {
					return fmt.Errorf("%s: %w", check, err)
				}
				var want bytes.Buffer
				if err := m.Write(&want); err != nil {
					return err
				}
				if !bytes.Equal(data, want.Bytes()) {
					i := 0
					for i < len(data) && i < want.Len() && data[i] == want.Bytes()[i] {
						i++
					}
					return fmt.Errorf("%s: the weights differ from the model this binary builds (first at byte %d)", check, i)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: ok, identical to the model this binary builds: %s\n", check, lm.Summary())
				return nil
			}
			f, err := os.Create(out)
			if err != nil {
				return err
			}
			w := bufio.NewWriter(f)
			if err := m.Write(w); err != nil {
				f.Close()
				return err
			}
			if err := w.Flush(); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s: %s\n", out, m.Summary())
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "model.safetensors", "the model file to write")
	cmd.Flags().StringVar(&check, "check", "", "load this model file and check it instead of building one")
	return cmd
}
