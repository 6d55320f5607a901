package examples_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hullvm/hullvm/examples"
	"github.com/hullvm/hullvm/internal/cc"
	"github.com/hullvm/hullvm/internal/wazerorun"
)

var want = []string{
	"add", "bitops", "collatz", "divrem", "fibonacci", "fnptr", "hello", "hungarian",
	"i64math", "recursion", "sudoku", "switch",
}

func TestAll(t *testing.T) {
	var got []string
	for _, ex := range examples.All() {
		got = append(got, ex.Name)
		if ex.Summary == "" || strings.Contains(ex.Summary, "\n") {
			t.Errorf("%s: summary %q: want one line from the source's first line", ex.Name, ex.Summary)
		}
		if len(ex.Wasm) == 0 || ex.Input == nil || len(ex.Expected) == 0 {
			t.Errorf("%s: missing wasm, input.txt or expected.txt", ex.Name)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("examples: got %v, want %v", got, want)
	}
	if _, ok := examples.Get("../examples"); ok {
		t.Error("Get accepted a path")
	}
	if _, ok := examples.Get("nope"); ok {
		t.Error("Get accepted an unknown name")
	}
}

// TestWasmUpToDate rebuilds every example and compares it with the
// committed binary. After changing a source or internal/cc, run
// go generate ./examples.
func TestWasmUpToDate(t *testing.T) {
	if _, err := cc.FindTools(); err != nil {
		t.Skipf("not checking that the committed .wasm files match their sources: %v", err)
	}
	for _, ex := range examples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			t.Parallel()
			wasm, err := cc.CompileC(filepath.Join(ex.Name, ex.Name+".c"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(wasm, ex.Wasm) {
				t.Errorf("%s.wasm is stale (%d bytes, a rebuild gives %d): run go generate ./examples",
					ex.Name, len(ex.Wasm), len(wasm))
			}
		})
	}
}

func run(t *testing.T, wasm []byte, input string) (wazerorun.Result, string) {
	t.Helper()
	var out bytes.Buffer
	res, err := wazerorun.Run(context.Background(), wasm, []byte(input), &out)
	if err != nil {
		t.Fatal(err)
	}
	return res, out.String()
}

// TestWazero runs every example on its default input.
func TestWazero(t *testing.T) {
	for _, ex := range examples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			res, out := run(t, ex.Wasm, string(ex.Input))
			if res.Trap != "" || res.ExitStatus != 0 {
				t.Errorf("got trap %q exit %d, want exit 0", res.Trap, res.ExitStatus)
			}
			if out != string(ex.Expected) {
				t.Errorf("output differs from expected.txt:\ngot:\n%s\nwant:\n%s", out, ex.Expected)
			}
			t.Logf("%d instructions", res.Instructions)
		})
	}
}

// TestInstructionBudgets keeps the two showcase programs cheap enough for
// the transformer (about 20k instructions a second).
func TestInstructionBudgets(t *testing.T) {
	for name, budget := range map[string]int64{"sudoku": 1_000_000, "hungarian": 60_000, "add": 20} {
		ex, _ := examples.Get(name)
		res, _ := run(t, ex.Wasm, string(ex.Input))
		if res.Instructions > budget {
			t.Errorf("%s: %d instructions, budget %d", name, res.Instructions, budget)
		}
	}
}

func TestInvoke(t *testing.T) {
	tests := []struct {
		example, fn string
		args        []string
		want        string
	}{
		{"add", "add", []string{"3", "5"}, "8"},
		{"collatz", "steps", []string{"27"}, "111"},
		{"fibonacci", "fib", []string{"90"}, "2880067194370816120"},
		{"i64math", "mul64", []string{"4294967296", "4294967297"}, "4294967296"},
		{"i64math", "udiv64", []string{"18446744073709551615", "2"}, "9223372036854775807"},
		{"divrem", "div_s", []string{"-7", "2"}, "-3"},
		{"divrem", "rem_u", []string{"-7", "2"}, "1"},
		{"divrem", "div_s", []string{"-2147483648", "-1"}, "trap: integer overflow"},
		{"divrem", "rem_s64", []string{"5", "0"}, "trap: integer divide by zero"},
		{"bitops", "rotl", []string{"305419896", "8"}, "878082066"},
		{"bitops", "set7", []string{"1"}, "129"},
		{"switch", "apply", []string{"3", "6", "7"}, "7"},
		{"fnptr", "apply", []string{"2", "6", "7"}, "42"},
		{"recursion", "ack", []string{"2", "2"}, "7"},
		{"recursion", "fib", []string{"10"}, "55"},
	}
	for _, tt := range tests {
		ex, _ := examples.Get(tt.example)
		res, err := wazerorun.Invoke(context.Background(), ex.Wasm, tt.fn, tt.args)
		got := strings.Join(res, " ")
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: %s%v = %s, want %s", tt.example, tt.fn, tt.args, got, tt.want)
		}
	}
}

// TestInstructionsUsed checks, with wasm2wat, that the feature examples
// execute the instructions they are about.
func TestInstructionsUsed(t *testing.T) {
	w2w, err := exec.LookPath("wasm2wat")
	if err != nil {
		t.Skip("wasm2wat not installed (Debian package wabt)")
	}
	uses := map[string][]string{
		"add":       {"i32.add"},
		"switch":    {"br_table"},
		"fnptr":     {"call_indirect"},
		"i64math":   {"i64.add", "i64.sub", "i64.mul", "i64.div_s", "i64.div_u", "i64.shl", "i64.shr_s", "i64.shr_u", "i64.extend_i32_s", "i64.extend_i32_u", "i32.wrap_i64"},
		"divrem":    {"i32.div_s", "i32.div_u", "i32.rem_s", "i32.rem_u", "i64.div_s", "i64.div_u", "i64.rem_s", "i64.rem_u"},
		"bitops":    {"i32.and", "i32.or", "i32.xor", "i32.shl", "i32.shr_s", "i32.shr_u", "i32.rotl", "i32.rotr", "i32.clz", "i32.ctz", "i32.popcnt", "i64.rotl", "i64.clz", "i64.ctz", "i64.popcnt"},
		"recursion": {"call"},
	}
	for name, ops := range uses {
		ex, _ := examples.Get(name)
		path := filepath.Join(t.TempDir(), name+".wasm")
		if err := os.WriteFile(path, ex.Wasm, 0o644); err != nil {
			t.Fatal(err)
		}
		text, err := exec.Command(w2w, path).Output()
		if err != nil {
			t.Fatalf("%s: wasm2wat: %v", name, err)
		}
		words := map[string]bool{}
		for _, w := range strings.Fields(string(text)) {
			words[strings.Trim(w, "()")] = true
		}
		for _, op := range ops {
			if !words[op] {
				t.Errorf("%s: the module has no %s", name, op)
			}
		}
	}
}

// TestSudoku checks the solver on other puzzles: every answer must be a
// valid grid that keeps the givens.
func TestSudoku(t *testing.T) {
	ex, _ := examples.Get("sudoku")
	puzzles := []string{
		strings.Repeat("0", 81),
		"..3.2.6..9..3.5..1..18.64....81.29..7.......8..67.82....26.95..8..2.3..9..5.1.3..",
		"000000010400000000020000000000050407008000300001090000300400200050100000000806000",
		"4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......",
		"000000000000003085001020000000507000004000100090000000500000073002010000000040009",
	}
	for _, p := range puzzles {
		res, out := run(t, ex.Wasm, p)
		if res.Trap != "" || res.ExitStatus != 0 {
			t.Fatalf("%s: trap %q exit %d", p, res.Trap, res.ExitStatus)
		}
		if err := checkGrid(p, out); err != nil {
			t.Errorf("%s: %v; output:\n%s", p, err, out)
		}
		t.Logf("%s: %d instructions", p, res.Instructions)
	}
	for _, p := range []string{
		"11" + strings.Repeat(".", 79),                                       // a clash in the givens
		"12345678." + strings.Repeat(".", 8) + "9" + strings.Repeat(".", 63), // cell 8 has no digit
	} {
		if _, out := run(t, ex.Wasm, p); out != "no solution\n" {
			t.Errorf("%s: got %q, want no solution", p, out)
		}
	}
	if res, out := run(t, ex.Wasm, "123"); out != "bad input: want 81 cells\n" || res.ExitStatus != 1 {
		t.Errorf("short input: got %q exit %d", out, res.ExitStatus)
	}
}

func checkGrid(puzzle, out string) error {
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 9 {
		return fmt.Errorf("%d lines, want 9", len(lines))
	}
	var g [81]int
	for r, line := range lines {
		f := strings.Split(line, " ")
		if len(f) != 9 {
			return fmt.Errorf("line %d: %q is not 9 digits", r+1, line)
		}
		for c, s := range f {
			if len(s) != 1 || s[0] < '1' || s[0] > '9' {
				return fmt.Errorf("line %d: bad digit %q", r+1, s)
			}
			g[r*9+c] = int(s[0] - '0')
		}
	}
	for i := 0; i < 81; i++ {
		if ch := puzzle[i]; ch >= '1' && ch <= '9' && int(ch-'0') != g[i] {
			return fmt.Errorf("cell %d: given %c changed to %d", i, ch, g[i])
		}
	}
	for u := 0; u < 27; u++ {
		seen := map[int]bool{}
		for k := 0; k < 9; k++ {
			var c int
			switch {
			case u < 9:
				c = u*9 + k
			case u < 18:
				c = k*9 + (u - 9)
			default:
				b := u - 18
				c = (b/3*3+k/3)*9 + b%3*3 + k%3
			}
			seen[g[c]] = true
		}
		if len(seen) != 9 {
			return fmt.Errorf("unit %d repeats a digit", u)
		}
	}
	return nil
}

// TestHungarian compares the matching of random matrices with the best of
// all permutations.
func TestHungarian(t *testing.T) {
	ex, _ := examples.Get("hungarian")
	rng := rand.New(rand.NewSource(1))
	for n := 1; n <= 7; n++ {
		a := make([][]int, n)
		var in strings.Builder
		fmt.Fprintln(&in, n)
		for i := range a {
			a[i] = make([]int, n)
			for j := range a[i] {
				a[i][j] = rng.Intn(200) - 50
				fmt.Fprintf(&in, "%d ", a[i][j])
			}
			in.WriteString("\n")
		}
		_, out := run(t, ex.Wasm, in.String())
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != n+1 {
			t.Fatalf("n=%d: output:\n%s", n, out)
		}
		usedRow, sum := map[int]bool{}, 0
		for j, line := range lines[:n] {
			var r, c, cost int
			if _, err := fmt.Sscanf(line, "row %d -> col %d (cost %d).", &r, &c, &cost); err != nil ||
				c != j+1 || usedRow[r] || cost != a[r-1][j] {
				t.Fatalf("n=%d: bad line %q", n, line)
			}
			usedRow[r] = true
			sum += cost
		}
		total, err := strconv.Atoi(strings.TrimPrefix(lines[n], "total: "))
		if err != nil || total != sum || total != bestMatching(a) {
			t.Errorf("n=%d: %q, sum of lines %d, best %d", n, lines[n], sum, bestMatching(a))
		}
	}
}

func bestMatching(a [][]int) int {
	n := len(a)
	best := 1 << 62
	perm := make([]int, n)
	used := make([]bool, n)
	var rec func(j, cost int)
	rec = func(j, cost int) {
		if j == n {
			best = min(best, cost)
			return
		}
		for i := 0; i < n; i++ {
			if !used[i] {
				used[i], perm[j] = true, i
				rec(j+1, cost+a[i][j])
				used[i] = false
			}
		}
	}
	rec(0, 0)
	return best
}
