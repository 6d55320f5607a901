package ladder

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hullvm/hullvm/examples"
	"github.com/hullvm/hullvm/internal/pipeline"
)

// The seed's two demos (shared/seed/can-llms-be-computers.md), written out
// here from the seed's text, not from the examples' expected.txt.
var (
	// Arto Inkala's puzzle, row by row, 0 for an empty cell.
	inkalaPuzzle = []string{
		"800000000", "003600000", "070090200",
		"050007000", "000045700", "000100030",
		"001000068", "008500010", "090000400",
	}
	inkalaSolution = []string{
		"812753649", "943682175", "675491283",
		"154237896", "369845721", "287169534",
		"521974368", "438526917", "796318452",
	}

	// The 10×10 cost matrix of the seed's min-cost perfect matching.
	seedCosts = [10][10]int{
		{61, 58, 35, 86, 32, 39, 41, 27, 21, 42},
		{59, 77, 97, 99, 78, 21, 89, 72, 35, 63},
		{88, 85, 37, 57, 59, 97, 37, 29, 69, 94},
		{32, 82, 53, 20, 77, 96, 21, 70, 50, 61},
		{15, 44, 81, 10, 64, 36, 56, 78, 20, 69},
		{76, 35, 87, 69, 16, 55, 26, 37, 30, 66},
		{86, 32, 74, 94, 32, 14, 24, 12, 31, 70},
		{97, 63, 20, 64, 90, 21, 28, 49, 89, 10},
		{58, 52, 27, 76, 61, 35, 17, 91, 37, 66},
		{42, 79, 61, 26, 55, 98, 70, 17, 26, 86},
	}
	// seedRowOfCol[c] is the row (1-based) the seed's answer matches to
	// column c+1.
	seedRowOfCol = [10]int{5, 7, 3, 4, 6, 2, 9, 10, 1, 8}
)

// seedDemoOutput runs an example on hull (ref with -short, as sudoku's
// 4.7M tokens take minutes on hull) and returns its output; the hull run
// is the one TestLadder made, when it made it.
func seedDemoOutput(t *testing.T, name string) (string, string) {
	t.Helper()
	c := exampleCase(t, name)
	if testing.Short() {
		l, err := refOf(c)
		if err != nil {
			t.Fatal(err)
		}
		return string(l.ref.Out), pipeline.EngineRef
	}
	r, l, err := runOf(c, pipeline.EngineHull)
	if err != nil {
		t.Fatal(err)
	}
	if r.err != nil {
		t.Fatalf("hull: %v", r.err)
	}
	if !r.run.O.Halted || r.run.O.Status != 0 {
		t.Errorf("hull: the run ended %+v, want halt with status 0", r.run.O)
	}
	if r.run.Tokens != len(l.ref.Trace) {
		t.Errorf("hull: %d trace tokens, ref %d", r.run.Tokens, len(l.ref.Trace))
	}
	return string(r.run.Out), pipeline.EngineHull
}

func TestSeedSudoku(t *testing.T) {
	ex, _ := examples.Get("sudoku")
	if got := strings.TrimSpace(string(ex.Input)); got != strings.Join(inkalaPuzzle, "") {
		t.Fatalf("examples/sudoku/input.txt is %q, not Inkala's puzzle", got)
	}
	out, engine := seedDemoOutput(t, "sudoku")
	var rows []string
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		rows = append(rows, strings.ReplaceAll(line, " ", ""))
	}
	if strings.Join(rows, "\n") != strings.Join(inkalaSolution, "\n") {
		t.Fatalf("%s: sudoku printed\n%s\nwant Inkala's solution\n%s",
			engine, out, strings.Join(inkalaSolution, "\n"))
	}
	checkSudoku(t, inkalaPuzzle, inkalaSolution)
}

// checkSudoku checks that the solution keeps the puzzle's clues and that
// each row, column and box holds the digits 1 to 9.
func checkSudoku(t *testing.T, puzzle, sol []string) {
	t.Helper()
	for r := 0; r < 9; r++ {
		for c := 0; c < 9; c++ {
			if p := puzzle[r][c]; p != '0' && p != sol[r][c] {
				t.Errorf("cell (%d,%d) is %c, the clue is %c", r+1, c+1, sol[r][c], p)
			}
		}
	}
	for i := 0; i < 9; i++ {
		var row, col, box [10]bool
		for j := 0; j < 9; j++ {
			row[sol[i][j]-'0'] = true
			col[sol[j][i]-'0'] = true
			box[sol[i/3*3+j/3][i%3*3+j%3]-'0'] = true
		}
		for d := 1; d <= 9; d++ {
			if !row[d] || !col[d] || !box[d] {
				t.Errorf("digit %d missing from row, column or box %d", d, i+1)
			}
		}
	}
}

func TestSeedHungarian(t *testing.T) {
	ex, _ := examples.Get("hungarian")
	var input strings.Builder
	fmt.Fprintln(&input, len(seedCosts))
	for _, row := range seedCosts {
		var f []string
		for _, v := range row {
			f = append(f, strconv.Itoa(v))
		}
		fmt.Fprintln(&input, strings.Join(f, " "))
	}
	if !slices.Equal(strings.Fields(string(ex.Input)), strings.Fields(input.String())) {
		t.Fatalf("examples/hungarian/input.txt is not the seed's matrix:\n%s", ex.Input)
	}

	var want strings.Builder
	total := 0
	used := map[int]bool{}
	for c, r := range seedRowOfCol {
		cost := seedCosts[r-1][c]
		total += cost
		used[r] = true
		fmt.Fprintf(&want, "row %d -> col %d (cost %d).\n", r, c+1, cost)
	}
	fmt.Fprintf(&want, "total: %d\n", total)
	if len(used) != 10 || total != 206 {
		t.Fatalf("BUG: the seed's assignment as written here is not a matching of cost 206")
	}

	out, engine := seedDemoOutput(t, "hungarian")
	if out != want.String() {
		t.Errorf("%s: hungarian printed\n%s\nwant the seed's assignment\n%s", engine, out, want.String())
	}
}
