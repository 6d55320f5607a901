package machine

import (
	"fmt"
	"io"
)

// Outcome is what a trace says about its run.
type Outcome struct {
	Halted  bool
	Status  int32
	Trap    Trap
	Results []uint64
	Tokens  int64 // trace tokens seen
	Steps   int64 // instructions executed (commit-like tokens)
}

// Ended reports whether the run reached halt or a trap.
func (o *Outcome) Ended() bool { return o.Halted || o.Trap != TrapNone }

// Decoder turns a stream of trace tokens into output bytes and an Outcome.
// Every engine's tokens go through it, so the CLI reports all engines alike.
type Decoder struct {
	Out     io.Writer // receives output bytes as they appear (may be nil)
	O       Outcome
	payload uint64
	nbytes  int
	err     error
}

// Push consumes one trace token. It returns an error for a token that cannot
// follow the ones before (the trace is malformed) or after the run ended.
func (d *Decoder) Push(t Token) error {
	if d.err != nil {
		return d.err
	}
	if d.O.Ended() {
		d.err = fmt.Errorf("machine: token %s after the end of the run", t)
		return d.err
	}
	d.O.Tokens++
	if _, v, ok := t.Byte(); ok && t.IsTrace() {
		d.payload = d.payload<<8 | uint64(v)
		d.nbytes++
		return nil
	}
	switch {
	case t == TokCommit || t == TokJump || t == TokFrame:
	case t == TokResult:
		d.O.Results = append(d.O.Results, d.payload)
	case t == TokHalt:
		d.O.Halted = true
		d.O.Status = int32(uint32(d.payload))
	case t >= TokOut && t < NumTrace:
		if d.Out != nil {
			if _, err := d.Out.Write([]byte{byte(t - TokOut)}); err != nil {
				d.err = err
				return err
			}
		}
	default:
		if k, ok := t.TrapKind(); ok {
			d.O.Trap = k
			break
		}
		d.err = fmt.Errorf("machine: token %s is not a trace token", t)
		return d.err
	}
	d.O.Steps++
	d.payload, d.nbytes = 0, 0
	return nil
}

// RunRef runs the reference interpreter to the end or until maxTokens trace
// tokens were emitted (0: no limit), calling emit for every token.
func RunRef(p *Program, input []byte, maxTokens int64, emit func(Token) error) error {
	prompt, _, err := Prompt(p, input)
	if err != nil {
		return err
	}
	r, err := NewRef(p, input)
	if err != nil {
		return err
	}
	var n int64
	limit := int64(PositionMax - len(prompt)) // the same position limit as the model's
	buf := make([]Token, 0, 16)
	for !r.Done() {
		buf = r.Step(buf[:0])
		for _, t := range buf {
			if maxTokens > 0 && n >= maxTokens {
				return ErrBudget
			}
			if n >= limit {
				return fmt.Errorf("machine: trace reached the position limit of %d tokens (docs/limits.md)", PositionMax)
			}
			n++
			if err := emit(t); err != nil {
				return err
			}
		}
	}
	return nil
}
