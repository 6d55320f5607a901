package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hullvm/hullvm/internal/wasm"
	"github.com/hullvm/hullvm/internal/wazerorun"
)

type runFlags struct {
	input     string
	inputFile string
	invoke    string
	engine    string
	trace     bool
	maxTokens int64
	stats     string // "", "text" or "json"
	quiet     bool
}

func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run FILE|EXAMPLE [--invoke NAME ARG...]",
		Short: "Run a program",
		Long: `Run a program (a .c, .wat or .wasm file, or a built-in example) and copy its
output to stdout. Without --input or --input-file an example reads its
default input and a file reads nothing.

With --invoke NAME the exported function NAME is called with the remaining
arguments (signed or unsigned decimals) instead of running the program, and
its results are printed one per line after any output it makes.

Engines: hull (the transformer with the convex-hull KV cache, the default),
brute (the same transformer, brute-force cache), graph (its computation
graph), ref (the machine program's Go interpreter), wazero (the .wasm on the
wazero WebAssembly runtime).

Exit status: the program's own (0-255) when it halts; 134 with "trap: ..."
on stderr when it traps; 124 when --max-tokens runs out; 1 on an error.`,
		Example: `  hullvm run hello
  hullvm run sudoku --engine wazero --stats
  hullvm run prog.c --input-file data.txt
  hullvm run divrem --invoke div_s -7 2`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, unprotect(args), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.input, "input", "", "the program's input, as given")
	fl.StringVar(&f.inputFile, "input-file", "", "read the program's input from this file (- for stdin)")
	fl.StringVar(&f.invoke, "invoke", "", "call this exported function with the remaining arguments")
	fl.StringVar(&f.engine, "engine", defaultEngine, "engine: "+strings.Join(engineNames, ", "))
	fl.BoolVar(&f.trace, "trace", false, "write the execution trace tokens to stderr (machine engines)")
	fl.Int64Var(&f.maxTokens, "max-tokens", 0, "stop after this many generated tokens (machine engines; 0: no limit)")
	fl.StringVar(&f.stats, "stats", "", "print run statistics to stderr: text, or json for one JSON object")
	fl.Lookup("stats").NoOptDefVal = "text"
	fl.BoolVar(&f.quiet, "quiet", false, "no live progress line on stderr")
	return cmd
}

func runRun(cmd *cobra.Command, args []string, f runFlags) error {
	if !slices.Contains(engineNames, f.engine) {
		return fmt.Errorf("unknown engine %q (engines: %s)", f.engine, strings.Join(engineNames, ", "))
	}
	if f.invoke == "" && len(args) > 1 {
		return fmt.Errorf("unexpected arguments %q (only --invoke takes arguments)", args[1:])
	}
	if f.maxTokens < 0 {
		return errors.New("--max-tokens must not be negative")
	}
	prog, err := loadProgram(args[0])
	if err != nil {
		return err
	}
	input, err := runInput(cmd, f, prog)
	if err != nil {
		return err
	}

	if f.stats != "" && f.stats != "text" && f.stats != "json" {
		return fmt.Errorf("--stats takes text or json, not %q", f.stats)
	}
	start := time.Now()
	if f.engine == engineWazero {
		stdout := bufio.NewWriter(cmd.OutOrStdout())
		defer stdout.Flush()
		return runWazero(cmd, prog, input, args[1:], f, stdout, start)
	}
	// Machine engines stream: every output byte is written as it is generated.
	stdout := cmd.OutOrStdout()
	r := machineRun{Wasm: prog.wasm, Input: input, Invoke: f.invoke, Args: args[1:],
		MaxTokens: f.maxTokens, Stdout: stdout}
	if f.trace {
		r.Trace = cmd.ErrOrStderr()
	}
	prog2 := newProgressLine(cmd.ErrOrStderr(), f.quiet || f.trace)
	r.Progress, r.ProgressEvery = prog2.update, 4096
	res, err := runMachine(f.engine, r)
	prog2.clear()
	if err != nil {
		return err
	}
	for _, v := range res.Results {
		fmt.Fprintln(stdout, v)
	}
	if f.stats != "" {
		writeStats(cmd.ErrOrStderr(), f.stats, f.engine, res.Run)
	}
	switch {
	case res.Stopped:
		return budgetExit(res.Tokens)
	case res.Trap != "":
		return trapExit(res.Trap)
	}
	return exitWith(res.ExitStatus)
}

// runInput picks the program's input: --input, --input-file, or the
// example's default.
func runInput(cmd *cobra.Command, f runFlags, prog program) ([]byte, error) {
	inputSet, fileSet := cmd.Flags().Changed("input"), cmd.Flags().Changed("input-file")
	switch {
	case inputSet && fileSet:
		return nil, errors.New("--input and --input-file cannot be used together")
	case inputSet:
		return []byte(f.input), nil
	case fileSet && f.inputFile == "-":
		return io.ReadAll(cmd.InOrStdin())
	case fileSet:
		return os.ReadFile(f.inputFile)
	}
	return prog.input, nil
}

// runWazero runs the program, or the invoked function, on wazero.
func runWazero(cmd *cobra.Command, prog program, input []byte, args []string, f runFlags,
	stdout *bufio.Writer, start time.Time) error {
	if f.trace {
		return errors.New("--trace needs a machine engine (ref, graph, brute or hull), not wazero")
	}
	if f.maxTokens > 0 {
		return errors.New("--max-tokens needs a machine engine (ref, graph, brute or hull), not wazero")
	}
	// Our decoder bounds every count before wazero sizes allocations from it.
	if _, err := wasm.Parse(prog.wasm); err != nil {
		return err
	}
	ctx := cmd.Context()
	if f.invoke != "" {
		results, err := wazerorun.InvokeIO(ctx, prog.wasm, f.invoke, args, input, stdout)
		var trap *wazerorun.TrapError
		var exit *wazerorun.ExitError
		switch {
		case errors.As(err, &trap):
			stdout.Flush()
			return trapExit(trap.Trap)
		case errors.As(err, &exit):
			stdout.Flush()
			return exitWith(exit.Status)
		case err != nil:
			return err
		}
		for _, v := range results {
			fmt.Fprintln(stdout, v)
		}
		return stdout.Flush()
	}
	res, err := wazerorun.Run(ctx, prog.wasm, input, stdout)
	if err != nil {
		return err
	}
	if err := stdout.Flush(); err != nil {
		return err
	}
	if f.stats == "json" {
		fmt.Fprintf(cmd.ErrOrStderr(), "{\"engine\":\"wazero\",\"instructions\":%d,\"seconds\":%.6f}\n",
			res.Instructions, time.Since(start).Seconds())
	} else if f.stats != "" {
		fmt.Fprintf(cmd.ErrOrStderr(), "stats: engine=wazero instructions=%d wall=%s\n",
			res.Instructions, time.Since(start).Round(time.Microsecond))
	}
	if res.Trap != "" {
		return trapExit(res.Trap)
	}
	return exitWith(res.ExitStatus)
}

// exitWith ends the command with a halted program's exit status.
func exitWith(status int) error {
	if programStatus(status) == 0 {
		return nil
	}
	return exitStatusError{code: programStatus(status)}
}
