package vmgraph

import (
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	var b strings.Builder
	if err := Report(&b, machineGraph()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"14 heads", "head S1", "head M2", "add", "and"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	t.Log(out)
}
