// Package ladder holds the cross-engine tests of the verification ladder
// (DESIGN.md §6): wazero against the reference interpreter on output, exit
// status and trap; the reference trace against the graph, brute and hull
// engines token for token; golden traces; the seed's two demos; and the
// transformer's logit margins.
//
// The package itself is only the few helpers the tests share: Follow drives
// one engine over a prompt and checks every token it generates against the
// reference trace, and stops at the first one that differs.
//
// # Invariant
//
// A run passes only when the engine produced the reference trace exactly:
// the same tokens, the same length, the same final halt or trap token. A run
// that stops early (token budget, engine error, position limit) is a
// failure, never a pass.
package ladder

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/hullvm/hullvm/internal/engine"
	"github.com/hullvm/hullvm/internal/graph"
	"github.com/hullvm/hullvm/internal/kvcache"
	"github.com/hullvm/hullvm/internal/machine"
	"github.com/hullvm/hullvm/internal/pipeline"
)

// Ref is a whole run of the reference interpreter.
type Ref struct {
	Prompt []machine.Token
	Trace  []machine.Token // ends with halt or a trap
	Out    []byte
	O      machine.Outcome
}

// RunRef runs p on input with the reference interpreter to its end,
// keeping every trace token. maxTokens bounds the trace (0: no bound); a
// run that does not end within it is an error.
func RunRef(p *machine.Program, input []byte, maxTokens int64) (*Ref, error) {
	prompt, _, err := machine.Prompt(p, input)
	if err != nil {
		return nil, err
	}
	r := &Ref{Prompt: prompt}
	var out bytes.Buffer
	dec := &machine.Decoder{Out: &out}
	err = machine.RunRef(p, input, maxTokens, func(t machine.Token) error {
		r.Trace = append(r.Trace, t)
		return dec.Push(t)
	})
	if err != nil {
		return nil, fmt.Errorf("ref: after %d tokens: %w", len(r.Trace), err)
	}
	if !dec.O.Ended() {
		return nil, fmt.Errorf("ref: the trace ended after %d tokens before halt or a trap", len(r.Trace))
	}
	r.Out, r.O = out.Bytes(), dec.O
	return r, nil
}

// EngineGraphHull is the graph evaluator with its lookups answered by the
// hull cache instead of a scan: the same exact evaluation (the caches agree
// bit for bit, internal/kvcache's property tests), cheap enough to run the
// graph on every case, sudoku included.
const EngineGraphHull = "graph/hull"

// Stepper returns a fresh stepper of a machine engine other than ref, and
// the function that reports its smallest next-token margin so far.
func Stepper(name string) (engine.Stepper, func() float64, error) {
	if name != EngineGraphHull {
		return pipeline.NewStepper(name)
	}
	g, _, err := pipeline.Model()
	if err != nil {
		return nil, nil, err
	}
	ev := graph.NewEval(g, kvcache.NewHull)
	return ev, func() float64 { return ev.MinMargin }, nil
}

// Run is what one engine produced while following a reference trace.
type Run struct {
	Tokens    int             // trace tokens the engine generated
	Out       []byte          // output bytes decoded from them
	O         machine.Outcome // the outcome decoded from them
	MinMargin float64
}

// Follow feeds ref's prompt to s, generates the trace, and checks each token
// against ref's trace as it comes. It returns a *Mismatch at the first
// differing token, or an error when the engine stopped before the end of
// the reference trace; the Run holds what was generated either way.
func Follow(s engine.Stepper, margin func() float64, ref *Ref) (Run, error) {
	var run Run
	var out bytes.Buffer
	dec := &machine.Decoder{Out: &out}
	want := ref.Trace
	err := engine.Generate(s, ref.Prompt, int64(len(want))+1, func(t machine.Token) error {
		i := run.Tokens
		if i >= len(want) || t != want[i] {
			return &Mismatch{Ref: ref, Pos: i, Got: t}
		}
		run.Tokens++
		return dec.Push(t)
	})
	run.Out, run.O, run.MinMargin = out.Bytes(), dec.O, margin()
	var mm *Mismatch
	if err != nil && !errors.As(err, &mm) {
		return run, fmt.Errorf("the engine stopped after %d of %d trace tokens: %w",
			run.Tokens, len(want), err)
	}
	if err != nil {
		return run, err
	}
	if run.Tokens != len(want) {
		return run, fmt.Errorf("the engine ended after %d trace tokens, ref after %d",
			run.Tokens, len(want))
	}
	return run, nil
}

// Mismatch is the first trace token on which an engine left ref.
type Mismatch struct {
	Ref *Ref
	Pos int           // index in the trace (the prompt not counted)
	Got machine.Token // what the engine generated there
}

// contextTokens is how many reference tokens a Mismatch shows before Pos.
const contextTokens = 12

func (m *Mismatch) Error() string {
	want := "nothing (ref had ended)"
	if m.Pos < len(m.Ref.Trace) {
		want = m.Ref.Trace[m.Pos].String()
	}
	step := 0
	for _, t := range m.Ref.Trace[:min(m.Pos, len(m.Ref.Trace))] {
		if _, _, isByte := t.Byte(); !isByte {
			step++
		}
	}
	lo := max(0, m.Pos-contextTokens)
	var before []string
	for _, t := range m.Ref.Trace[lo:min(m.Pos, len(m.Ref.Trace))] {
		before = append(before, t.String())
	}
	return fmt.Sprintf("first difference at trace token %d of %d (position %d, after %d steps): "+
		"ref %s, engine %s; ref tokens before it: %s", m.Pos, len(m.Ref.Trace),
		len(m.Ref.Prompt)+m.Pos, step, want, m.Got, strings.Join(before, " "))
}
