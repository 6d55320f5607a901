package ladder

import (
	"errors"
	"strings"
	"testing"

	"github.com/hullvm/hullvm/internal/machine"
)

// replay is a stepper that answers with a script of trace tokens: after
// the prompt's last token it returns script[0], then script[1], and so on.
type replay struct {
	promptLen int
	fed       int
	script    []machine.Token
}

func (r *replay) Feed(tok int32, predict bool) (int32, error) {
	r.fed++
	i := r.fed - r.promptLen
	if i < 0 || !predict {
		return 0, nil
	}
	if i >= len(r.script) {
		return 0, errors.New("replay: script exhausted")
	}
	return int32(r.script[i]), nil
}

// TestFollow checks the checker on scripted engines: the reference trace
// itself passes; a changed token, a trace cut short and a trace that goes
// on are failures naming the first differing token.
func TestFollow(t *testing.T) {
	l, err := refOf(exampleCase(t, "add"))
	if err != nil {
		t.Fatal(err)
	}
	ref := l.ref
	n := len(ref.Trace)
	changed := append([]machine.Token(nil), ref.Trace...)
	changed[40] = machine.ByteTok(0, 0x77)
	longer := append([]machine.Token(nil), ref.Trace[:n-1]...)
	longer = append(longer, machine.TokCommit, machine.TokHalt)
	tests := []struct {
		name   string
		script []machine.Token
		err    string // "" for a pass
	}{
		{"same", ref.Trace, ""},
		{"changed", changed, "first difference at trace token 40 of 167"},
		{"cut short", ref.Trace[:n-1], "replay: script exhausted"},
		{"longer", longer, "first difference at trace token 166 of 167"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &replay{promptLen: len(ref.Prompt), script: tc.script}
			run, err := Follow(s, func() float64 { return 1 }, ref)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("Follow: %v", err)
			case tc.err == "" && (run.Tokens != n || string(run.Out) != string(ref.Out)):
				t.Fatalf("Follow: %d tokens, output %q; want %d, %q", run.Tokens, run.Out, n, ref.Out)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("Follow: error %v, want one containing %q", err, tc.err)
			}
			if err != nil {
				t.Log(err)
			}
		})
	}
}
