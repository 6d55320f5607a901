package wasm

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors, for errors.Is.
var (
	// ErrInvalid is wrapped by every error about a module that is not valid
	// WebAssembly: wazero's verdict and our decoder's *DecodeError.
	ErrInvalid = errors.New("wasm: invalid module")
	// ErrUnsupported is wrapped by *UnsupportedError.
	ErrUnsupported = errors.New("wasm: unsupported")
)

// DecodeError is malformed input found by our decoder.
type DecodeError struct {
	Offset  int    // byte offset in the file
	Context string // where: "code section: function 3", or ""
	Msg     string
}

func (e *DecodeError) Error() string {
	if e.Context != "" {
		return fmt.Sprintf("wasm: malformed module: %s: at offset 0x%x: %s", e.Context, e.Offset, e.Msg)
	}
	return fmt.Sprintf("wasm: malformed module: at offset 0x%x: %s", e.Offset, e.Msg)
}

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *DecodeError) Unwrap() error { return ErrInvalid }

// withContext puts an outer context before that of a *DecodeError.
func withContext(err error, format string, args ...any) error {
	var de *DecodeError
	if errors.As(err, &de) {
		outer := fmt.Sprintf(format, args...)
		if de.Context == "" {
			de.Context = outer
		} else {
			de.Context = outer + ": " + de.Context
		}
	}
	return err
}

// Problem is one construct HullVM cannot run.
type Problem struct {
	Func   int    // function index, or -1 when the problem is not in a function
	Name   string // the function's name from the name section, or ""
	Offset int    // byte offset in the file
	What   string // the construct: "f32.add", "import env.foo"
	Why    string // the reason: "floating point is not supported"
}

func (p Problem) String() string {
	where := ""
	if p.Func >= 0 {
		where = fmt.Sprintf("function %d ", p.Func)
		if p.Name != "" {
			where += "(" + p.Name + ") "
		}
	}
	return fmt.Sprintf("%sat offset 0x%x: %s (%s)", where, p.Offset, p.What, p.Why)
}

// UnsupportedError lists every unsupported construct of a module, in file
// order.
type UnsupportedError struct {
	Problems []Problem
}

// Error spells one line per problem: "wasm: unsupported: function 3 (f) at
// offset 0x1a2: f32.add (floating point is not supported)".
func (e *UnsupportedError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = "wasm: unsupported: " + p.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap makes errors.Is(err, ErrUnsupported) hold.
func (e *UnsupportedError) Unwrap() error { return ErrUnsupported }
