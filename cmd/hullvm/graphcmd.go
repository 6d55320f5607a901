package main

import (
	"github.com/spf13/cobra"

	"github.com/hullvm/hullvm/internal/pipeline"
	"github.com/hullvm/hullvm/internal/vmgraph"
)

func newGraphCmd() *cobra.Command {
	var stats bool
	cmd := &cobra.Command{
		Use:   "graph --stats",
		Short: "Report the cost of the machine's computation graph and of its transformer",
		Long: `Report the machine's computation graph (internal/vmgraph): values, neurons,
heads, embedding columns and depth, then heads, neurons and layer per family
of values, then the size of the transformer compiled from it.`,
		Example: "  hullvm graph --stats",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			g, m, err := pipeline.Model()
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if err := vmgraph.Report(w, g); err != nil {
				return err
			}
			_, err = w.Write([]byte("\ntransformer: " + m.Summary() + "\n"))
			return err
		},
	}
	cmd.Flags().BoolVar(&stats, "stats", true, "print the cost report")
	return cmd
}
