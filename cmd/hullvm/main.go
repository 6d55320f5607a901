// Command hullvm compiles C programs to WebAssembly and runs them, either on
// a reference WebAssembly runtime or inside a transformer whose weights
// were computed to execute them.
//
// Each subcommand lives in its own file (compile.go, run.go, examples.go);
// exit codes are defined in exitcodes.go and the hooks for the machine
// engines in engines.go.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// execute runs the command line args and returns the process exit code.
func execute(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(protectNegativeArgs(root, args))
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	return exitCode(err, stderr)
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "hullvm",
		Short: "Run C programs inside a transformer with computed weights",
		Long: `hullvm compiles a C program to WebAssembly, lowers it to a machine program,
and runs it token by token inside a transformer whose weights were computed,
not trained. It can also run the WebAssembly on a reference runtime.

Files: .c (compiled with clang for wasm32), .wat (assembled with wat2wasm)
and .wasm. Built-in examples can be named instead of a file (hullvm examples).`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w (see hullvm %s --help)", err, cmd.Name())}
	})
	root.AddCommand(newCompileCmd(), newRunCmd(), newExamplesCmd(), newDemoCmd(), newGraphCmd(), newBenchCmd(), newBuildCmd(), newExportCmd())
	return root
}
