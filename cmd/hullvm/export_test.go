package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := hullvm(t, "", "export", "-o", dir, "hello", "--max-tokens", "12")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "trace 12 tokens (stopped by --max-tokens, incomplete)") {
		t.Errorf("stdout: %s", stdout)
	}
	for _, f := range []string{"model.safetensors", "config.json", "program.json"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Fatalf("%s: %v", f, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "program.json"))
	if err != nil {
		t.Fatal(err)
	}
	var prog struct {
		Example  string  `json:"example"`
		Trace    []int32 `json:"trace"`
		Complete bool    `json:"complete"`
	}
	if err := json.Unmarshal(b, &prog); err != nil {
		t.Fatal(err)
	}
	if prog.Example != "hello" || len(prog.Trace) != 12 || prog.Complete {
		t.Errorf("program.json: %+v", prog)
	}

	if code, _, stderr := hullvm(t, "", "export", "add"); code != exitError || !strings.Contains(stderr, "-o DIR") {
		t.Errorf("export without -o: exit %d, %s", code, stderr)
	}
	if code, _, stderr := hullvm(t, "", "export", "-o", dir, "nosuch"); code != exitError || !strings.Contains(stderr, "unknown example") {
		t.Errorf("unknown example: exit %d, %s", code, stderr)
	}
}
