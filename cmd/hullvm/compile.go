package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func newCompileCmd() *cobra.Command {
	var emit, out string
	cmd := &cobra.Command{
		Use:   "compile FILE|EXAMPLE",
		Short: "Compile a program to WebAssembly, a machine program or prefix tokens",
		Long: `Compile a program (a .c, .wat or .wasm file, or a built-in example) and write
the result to -o, or to stdout.

--emit wasm       the WebAssembly binary (C is built freestanding for wasm32)
--emit program    the lowered machine program, as text
--emit tokens     the program prefix the transformer reads, as tokens`,
		Example: `  hullvm compile prog.c -o prog.wasm
  hullvm compile sudoku --emit tokens`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCompile(cmd, args[0], emit, out)
		},
	}
	cmd.Flags().StringVar(&emit, "emit", "wasm", "what to write: wasm, program or tokens")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of stdout")
	return cmd
}

func runCompile(cmd *cobra.Command, arg, emit, out string) error {
	if emit != "wasm" && emit != "program" && emit != "tokens" {
		return fmt.Errorf("unknown --emit %q (want wasm, program or tokens)", emit)
	}
	prog, err := loadProgram(arg)
	if err != nil {
		return err
	}
	data := prog.wasm
	if emit != "wasm" {
		if data, err = emitMachine(emit, prog.wasm); err != nil {
			return err
		}
	}
	if out != "" {
		return os.WriteFile(out, data, 0o644)
	}
	if emit == "wasm" {
		if f, ok := cmd.OutOrStdout().(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			return errors.New("refusing to write a binary module to a terminal (use -o FILE)")
		}
	}
	_, err = cmd.OutOrStdout().Write(data)
	return err
}
