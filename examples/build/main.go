// Command build rebuilds the example binaries: each examples/NAME/NAME.c is
// compiled by internal/cc into examples/NAME/NAME.wasm.
//
//	go run ./examples/build [-stats] [NAME ...]
//
// It runs from the examples directory (go generate) or from the module
// root. With -stats it also runs each example on wazero with its input.txt,
// checks the output against expected.txt, and prints the number of executed
// WebAssembly instructions, in all and per function.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hullvm/hullvm/internal/cc"
	"github.com/hullvm/hullvm/internal/wazerorun"
)

func main() {
	stats := flag.Bool("stats", false, "run each example on wazero and print its instruction count")
	flag.Parse()
	dir := "."
	if _, err := os.Stat("examples.go"); err != nil {
		dir = "examples"
	}
	names := flag.Args()
	if len(names) == 0 {
		entries, err := os.ReadDir(dir)
		if err != nil {
			fail(err)
		}
		for _, e := range entries {
			if _, err := os.Stat(filepath.Join(dir, e.Name(), e.Name()+".c")); err == nil {
				names = append(names, e.Name())
			}
		}
	}
	failed := false
	for _, name := range names {
		if err := build(filepath.Join(dir, name), name, *stats); err != nil {
			fmt.Fprintln(os.Stderr, "build:", err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func build(dir, name string, stats bool) error {
	wasm, err := cc.CompileC(filepath.Join(dir, name+".c"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, name+".wasm"), wasm, 0o644); err != nil {
		return err
	}
	if !stats {
		return nil
	}
	input, err := os.ReadFile(filepath.Join(dir, "input.txt"))
	if err != nil {
		return err
	}
	want, err := os.ReadFile(filepath.Join(dir, "expected.txt"))
	if err != nil {
		return err
	}
	var out bytes.Buffer
	res, err := wazerorun.RunWithOptions(context.Background(), wasm, input, &out,
		wazerorun.Options{Profile: true})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	status := "ok"
	if !bytes.Equal(out.Bytes(), want) {
		status = "OUTPUT DIFFERS from expected.txt"
	}
	fmt.Printf("%-12s %7d bytes %10d instructions  exit %d  trap %q  %s\n",
		name, len(wasm), res.Instructions, res.ExitStatus, res.Trap, status)
	for _, f := range res.Profile {
		fmt.Printf("    %-20s %10d\n", f.Name, f.Instructions)
	}
	return nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "build:", err)
	os.Exit(1)
}
