package lower

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/wasm"
)

// needWabt skips the test when wat2wasm is not installed.
func needWabt(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("wat2wasm")
	if err != nil {
		t.Skip("wat2wasm (wabt) is not installed; install wabt to run this test")
	}
	return path
}

// wat assembles WebAssembly text with wat2wasm.
func wat(t testing.TB, src string) []byte {
	t.Helper()
	tool := needWabt(t)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "m.wat"), filepath.Join(dir, "m.wasm")
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(tool, "--debug-names", in, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s\n%s", err, msg, src)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// result is what a run of a machine program gave.
type result struct {
	out []byte
	o   machine.Outcome
}

// lowerBytes decodes and lowers a binary module.
func lowerBytes(t testing.TB, b []byte, opt Options) (*machine.Program, error) {
	t.Helper()
	m, err := wasm.Decode(b)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return Lower(m, opt)
}

// runProgram runs p on the reference interpreter to its end.
func runProgram(t testing.TB, p *machine.Program, input []byte) result {
	t.Helper()
	var out bytes.Buffer
	d := &machine.Decoder{Out: &out}
	if err := machine.RunRef(p, input, 200_000_000, d.Push); err != nil {
		t.Fatalf("run: %v", err)
	}
	if !d.O.Ended() {
		t.Fatalf("run stopped before halt or trap")
	}
	return result{out: out.Bytes(), o: d.O}
}
