// Package engine drives any engine of the verification ladder through one
// loop: feed the prompt, then generate trace tokens until halt or a trap, and
// decode them. Engines differ only in how they compute the next token.
package engine

import (
	"fmt"

	"github.com/hullvm/hullvm/internal/machine"
)

// Stepper computes next tokens: Feed consumes the token at the next position
// and, when predict is set, returns the token the model puts after it.
type Stepper interface {
	Feed(tok int32, predict bool) (int32, error)
}

// Generate feeds prompt to s and generates the trace, calling emit for every
// trace token. It stops after halt or a trap, or with machine.ErrBudget once
// maxTokens trace tokens were emitted (0: no limit). A token the model emits
// that is not a trace token is an error: the run is never reported as done.
func Generate(s Stepper, prompt []machine.Token, maxTokens int64, emit func(machine.Token) error) error {
	if len(prompt) == 0 {
		return fmt.Errorf("engine: empty prompt")
	}
	var next int32
	var err error
	for i, t := range prompt {
		last := i == len(prompt)-1
		if next, err = s.Feed(int32(t), last); err != nil {
			return fmt.Errorf("engine: prompt position %d: %w", i, err)
		}
	}
	pos := len(prompt)
	for n := int64(0); ; n++ {
		if maxTokens > 0 && n >= maxTokens {
			return machine.ErrBudget
		}
		tok := machine.Token(next)
		if !tok.IsTrace() {
			return fmt.Errorf("engine: position %d: the model emitted %s, not a trace token", pos, tok)
		}
		if err := emit(tok); err != nil {
			return err
		}
		if tok.Ends() {
			return nil
		}
		if pos+1 >= machine.PositionMax {
			return fmt.Errorf("engine: trace reached the position limit of %d tokens", machine.PositionMax)
		}
		if next, err = s.Feed(int32(tok), true); err != nil {
			return fmt.Errorf("engine: position %d: %w", pos, err)
		}
		pos++
	}
}
