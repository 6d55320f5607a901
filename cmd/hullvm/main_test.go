package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hullvm/hullvm/examples"
	"github.com/hullvm/hullvm/internal/cc"
)

// hullvm runs the command line in process and returns its exit code,
// stdout and stderr.
func hullvm(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := execute(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func needWat2Wasm(t *testing.T) {
	t.Helper()
	if _, err := cc.FindWat2Wasm(); err != nil {
		t.Skip(err)
	}
}

func TestRun(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		stdin      string
		code       int
		out, err   string
		errPrefix  bool // err is a prefix of stderr
		errEndsNew bool
	}{
		{name: "hello", args: []string{"run", "hello", "--engine", "wazero"},
			out: "Hello, world!\n"},
		{name: "unknown example", args: []string{"run", "nope", "--engine", "wazero"},
			code: 1, err: "hullvm: unknown example \"nope\" (try: hullvm examples)\n"},
		{name: "missing file", args: []string{"run", "missing.c", "--engine", "wazero"},
			code: 1, err: "hullvm: missing.c: no such file\n"},
		{name: "input flag", args: []string{"run", "collatz", "--engine", "wazero", "--input", "6"},
			out: "6 reaches 1 in 8 steps (peak 16)\n"},
		{name: "input from stdin", args: []string{"run", "collatz", "--engine=wazero", "--input-file", "-"},
			stdin: "7", out: "7 reaches 1 in 16 steps (peak 52)\n"},
		{name: "bad input to the program", args: []string{"run", "collatz", "--engine", "wazero", "--input", "-5"},
			code: 1, out: "collatz: n must be positive\n"},
		{name: "invoke", args: []string{"run", "add", "--engine", "wazero", "--invoke", "add", "3", "5"},
			out: "8\n"},
		{name: "invoke negative", args: []string{"run", "divrem", "--invoke", "div_s", "-7", "2", "--engine", "wazero"},
			out: "-3\n"},
		{name: "invoke trap", args: []string{"run", "divrem", "--engine", "wazero", "--invoke", "div_s", "1", "0"},
			code: 134, err: "trap: integer divide by zero\n"},
		{name: "invoke bad argument", args: []string{"run", "add", "--engine", "wazero", "--invoke", "add", "x", "1"},
			code: 1, err: "hullvm: invoke add: argument 1: \"x\" is not an i32 decimal\n"},
		{name: "arguments without invoke", args: []string{"run", "add", "--engine", "wazero", "1"},
			code: 1, err: "hullvm: unexpected arguments [\"1\"] (only --invoke takes arguments)\n"},
		{name: "unknown engine", args: []string{"run", "add", "--engine", "v8"},
			code: 1, err: "hullvm: unknown engine \"v8\" (engines: ref, wazero, graph, brute, hull)\n"},
		{name: "hull engine", args: []string{"run", "hello"}, out: "Hello, world!\n"},
		{name: "ref engine", args: []string{"run", "collatz", "--engine", "ref", "--input", "6"},
			out: "6 reaches 1 in 8 steps (peak 16)\n"},
		{name: "brute engine invoke", args: []string{"run", "add", "--engine", "brute", "--invoke", "add", "3", "5"},
			out: "8\n"},
		{name: "hull trap", args: []string{"run", "divrem", "--invoke", "div_s", "1", "0"},
			code: 134, err: "trap: integer divide by zero\n"},
		{name: "out of budget", args: []string{"run", "hello", "--max-tokens", "40"},
			code: 124, err: "hullvm: stopped after 40 tokens (--max-tokens)\n"},
		{name: "stats json", args: []string{"run", "add", "--engine", "ref", "--stats=json"},
			out: "8\n", err: "{\"engine\":\"ref\",", errPrefix: true},
		{name: "trace on wazero", args: []string{"run", "add", "--engine", "wazero", "--trace"},
			code: 1, err: "hullvm: --trace needs a machine engine (ref, graph, brute or hull), not wazero\n"},
		{name: "both inputs", args: []string{"run", "add", "--engine", "wazero", "--input", "1", "--input-file", "x"},
			code: 1, err: "hullvm: --input and --input-file cannot be used together\n"},
		{name: "unknown flag", args: []string{"run", "add", "--fast"},
			code: 1, err: "hullvm: unknown flag: --fast (see hullvm run --help)\n"},
		{name: "stats", args: []string{"run", "add", "--engine", "wazero", "--stats"},
			out: "8\n", err: "stats: engine=wazero instructions=14 wall=", errPrefix: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := hullvm(t, tt.stdin, tt.args...)
			errOK := errOut == tt.err || (tt.errPrefix && strings.HasPrefix(errOut, tt.err))
			if code != tt.code || out != tt.out || !errOK {
				t.Errorf("hullvm %s:\ngot  exit %d stdout %q stderr %q\nwant exit %d stdout %q stderr %q",
					strings.Join(tt.args, " "), code, out, errOut, tt.code, tt.out, tt.err)
			}
		})
	}
}

func TestMissingClang(t *testing.T) {
	t.Setenv("HULLVM_CLANG", filepath.Join(t.TempDir(), "no-clang"))
	t.Setenv("PATH", t.TempDir())
	src := writeFile(t, "p.c", "int main(void) { return 0; }\n")
	code, _, errOut := hullvm(t, "", "run", src)
	if code != 1 || !strings.HasPrefix(errOut, "hullvm: ") || strings.Count(errOut, "\n") != 1 ||
		!strings.Contains(errOut, "clang-16") {
		t.Fatalf("exit %d, stderr %q: want one line naming the package to install", code, errOut)
	}
}

func TestRunFiles(t *testing.T) {
	needWat2Wasm(t)
	trap := writeFile(t, "trap.wat", `(module (import "env" "hv_putc" (func $putc (param i32)))
	  (func (export "_start") (call $putc (i32.const 65)) (drop (i32.div_s (i32.const 1) (i32.const 0)))))`)
	exit := writeFile(t, "exit.wat", `(module (import "env" "hv_exit" (func $exit (param i32)))
	  (func (export "_start") (call $exit (i32.const 259))))`)
	other := writeFile(t, "prog.txt", "hello")
	tests := []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"run", trap, "--engine", "wazero"}, 134, "A", "trap: integer divide by zero\n"},
		{[]string{"run", exit, "--engine", "wazero"}, 3, "", ""},
		{[]string{"run", other, "--engine", "wazero"}, 1, "",
			"hullvm: cc: " + other + ": unknown file type (want .c, .wat or .wasm)\n"},
		{[]string{"run", filepath.Dir(other), "--engine", "wazero"}, 1, "",
			"hullvm: " + filepath.Dir(other) + " is a directory, not a program\n"},
	}
	for _, tt := range tests {
		code, out, errOut := hullvm(t, "", tt.args...)
		if code != tt.code || out != tt.out || errOut != tt.err {
			t.Errorf("hullvm %s:\ngot  exit %d stdout %q stderr %q\nwant exit %d stdout %q stderr %q",
				strings.Join(tt.args, " "), code, out, errOut, tt.code, tt.out, tt.err)
		}
	}
}

func TestCompileError(t *testing.T) {
	if _, err := cc.FindTools(); err != nil {
		t.Skip(err)
	}
	bad := writeFile(t, "bad.c", "int main(void) { return nope; }\n")
	code, out, errOut := hullvm(t, "", "run", bad, "--engine", "wazero")
	if code != 1 || out != "" || !strings.HasPrefix(errOut, "hullvm: cc: "+bad+": ") ||
		!strings.Contains(errOut, "nope") {
		t.Errorf("got exit %d stdout %q stderr %q", code, out, errOut)
	}
}

func TestCompile(t *testing.T) {
	ex, _ := examples.Get("sudoku")
	path := filepath.Join(t.TempDir(), "s.wasm")
	if code, out, errOut := hullvm(t, "", "compile", "sudoku", "-o", path); code != 0 || out != "" || errOut != "" {
		t.Fatalf("got exit %d stdout %q stderr %q", code, out, errOut)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, ex.Wasm) {
		t.Errorf("compile -o wrote %d bytes, want the example's %d", len(got), len(ex.Wasm))
	}
	if code, out, _ := hullvm(t, "", "compile", "sudoku", "--emit", "wasm"); code != 0 || out != string(ex.Wasm) {
		t.Errorf("compile to stdout: exit %d, %d bytes", code, len(out))
	}
	if code, out, errOut := hullvm(t, "", "compile", "add", "--emit", "tokens"); code != 0 ||
		!strings.HasPrefix(out, "00 01 00 00 00 00 00 00 {\n") || !strings.HasSuffix(out, " }\n") {
		t.Errorf("--emit tokens: exit %d stderr %q stdout %.80q", code, errOut, out)
	}
	if code, out, _ := hullvm(t, "", "compile", "add", "--emit", "program"); code != 0 ||
		!strings.Contains(out, "add32") || !strings.Contains(out, "func ") {
		t.Errorf("--emit program: exit %d stdout %.200q", code, out)
	}
	if code, _, errOut := hullvm(t, "", "compile", "sudoku", "--emit", "asm"); code != 1 ||
		errOut != "hullvm: unknown --emit \"asm\" (want wasm, program or tokens)\n" {
		t.Errorf("--emit asm: exit %d stderr %q", code, errOut)
	}
}

func TestExamples(t *testing.T) {
	code, out, errOut := hullvm(t, "", "examples")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	for _, ex := range examples.All() {
		if !strings.Contains(out, ex.Name+" ") || !strings.Contains(out, ex.Summary) {
			t.Errorf("the listing lacks %s: %s", ex.Name, ex.Summary)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"compile", "run", "examples"} {
		code, out, errOut := hullvm(t, "", cmd, "--help")
		if code != 0 || !strings.Contains(out, "Usage:") || errOut != "" {
			t.Errorf("%s --help: exit %d stderr %q", cmd, code, errOut)
		}
	}
}

// TestBinary builds the command and checks real exit codes.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "hullvm")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "run", "hello", "--engine", "wazero").Output()
	if err != nil || string(out) != "Hello, world!\n" {
		t.Errorf("run hello: %q, %v", out, err)
	}
	cmd := exec.Command(bin, "run", "divrem", "--engine", "wazero", "--invoke", "rem_u", "1", "0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 134 || stderr.String() != "trap: integer divide by zero\n" {
		t.Errorf("trap: %v, stderr %q; want exit 134", err, stderr.String())
	}
	cmd = exec.Command(bin, "run", "nope")
	stderr.Reset()
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 ||
		stderr.String() != "hullvm: unknown example \"nope\" (try: hullvm examples)\n" {
		t.Errorf("unknown example: %v, stderr %q; want exit 1", err, stderr.String())
	}
}
