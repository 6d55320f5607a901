package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/hullvm/hullvm/examples"
)

func newExamplesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "examples",
		Short: "List the built-in example programs",
		Long: `List the built-in example programs. Each can be named wherever a file is
expected, e.g. "hullvm run sudoku"; it then reads its default input unless
--input or --input-file is given.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 8, 2, ' ', 0)
			for _, ex := range examples.All() {
				fmt.Fprintf(w, "%s\t%s\n", ex.Name, ex.Summary)
			}
			return w.Flush()
		},
	}
}
