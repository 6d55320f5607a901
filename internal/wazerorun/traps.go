package wazerorun

import "strings"

// Trap wordings of the WebAssembly spec's reference interpreter.
const (
	TrapUnreachable       = "unreachable"
	TrapDivideByZero      = "integer divide by zero"
	TrapIntegerOverflow   = "integer overflow"
	TrapOutOfBounds       = "out of bounds memory access"
	TrapIndirectMismatch  = "indirect call type mismatch"
	TrapUndefinedElement  = "undefined element"
	TrapStackExhausted    = "call stack exhausted"
	TrapInvalidConversion = "invalid conversion to integer"
)

// wazeroTraps maps wazero's runtime error texts to the spec's wording.
var wazeroTraps = map[string]string{
	"unreachable":                   TrapUnreachable,
	"integer divide by zero":        TrapDivideByZero,
	"integer overflow":              TrapIntegerOverflow,
	"out of bounds memory access":   TrapOutOfBounds,
	"indirect call type mismatch":   TrapIndirectMismatch,
	"invalid table access":          TrapUndefinedElement,
	"stack overflow":                TrapStackExhausted,
	"invalid conversion to integer": TrapInvalidConversion,
}

// trapOf extracts the trap from a wazero error, whose text holds
// "wasm error: <what>" followed by a stack trace.
func trapOf(err error) (string, bool) {
	msg := err.Error()
	const marker = "wasm error: "
	i := strings.Index(msg, marker)
	if i < 0 {
		return "", false
	}
	what := msg[i+len(marker):]
	if j := strings.IndexByte(what, '\n'); j >= 0 {
		what = what[:j]
	}
	what = strings.TrimSpace(what)
	if spec, ok := wazeroTraps[what]; ok {
		return spec, true
	}
	return what, true
}
