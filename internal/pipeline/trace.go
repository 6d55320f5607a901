package pipeline

import (
	"fmt"
	"io"
	"strings"

	"github.com/hullvm/hullvm/internal/machine"
)

// TraceWriter prints a trace one step a line, in the style of the seed, with
// the instruction each step executed. It follows jumps the way the model does:
// after a jump or frame commit, the payload's low word is the prompt position
// of the next instruction.
type TraceWriter struct {
	w       io.Writer
	p       *machine.Program
	lay     *machine.Layout
	pos     int // trace position of the next token
	start   int // trace position where the current step began
	off     int // prompt position of an instruction = its step's start + off
	payload uint64
	toks    []string
}

// NewTraceWriter starts a trace whose first token is at position promptLen.
func NewTraceWriter(w io.Writer, p *machine.Program, lay *machine.Layout, promptLen int) *TraceWriter {
	return &TraceWriter{w: w, p: p, lay: lay, pos: promptLen, start: promptLen, off: lay.Pos[p.Entry] - promptLen}
}

func stepEnd(t machine.Token) bool {
	_, _, isByte := t.Byte()
	return !isByte
}

// Push adds one token.
func (tw *TraceWriter) Push(t machine.Token) error {
	tw.toks = append(tw.toks, t.String())
	if _, v, ok := t.Byte(); ok {
		tw.payload = tw.payload<<8 | uint64(v)
	}
	tw.pos++
	if !stepEnd(t) {
		return nil
	}
	what := "?"
	if i, ok := tw.lay.Index[tw.start+tw.off]; ok {
		what = tw.p.Format(i)
	}
	line := strings.Join(tw.toks, " ")
	if _, err := fmt.Fprintf(tw.w, "%-40s ; %s\n", line, what); err != nil {
		return err
	}
	if t == machine.TokJump || t == machine.TokFrame {
		tw.off = int(uint32(tw.payload)) - tw.pos
	}
	tw.start = tw.pos
	tw.payload = 0
	tw.toks = tw.toks[:0]
	return nil
}
