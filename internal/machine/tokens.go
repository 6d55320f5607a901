package machine

import (
	"fmt"
	"strings"
)

// Token is one entry of the model's vocabulary. docs/machine.md lists the
// layout; the model's embedding and head are indexed by Token.
type Token int32

// Vocabulary layout. Trace tokens (those the model emits) come first.
const (
	TokByte   Token = 0                             // trace byte: TokByte + 256*phase + value, phase 0..7
	TokCommit Token = TokByte + 8*256               // step done, next instruction follows
	TokJump   Token = TokCommit + 1                 // step done, jumped (payload: target position)
	TokFrame  Token = TokJump + 1                   // call or return done (payload: new fp, target position)
	TokResult Token = TokFrame + 1                  // a result was reported (payload: the value)
	TokHalt   Token = TokResult + 1                 // program halted (payload: exit status)
	TokTrap   Token = TokHalt + 1                   // TokTrap + trap kind - 1: program trapped
	TokOut    Token = TokTrap + Token(NumTraps) - 1 // TokOut + v: output byte v
	NumTrace  Token = TokOut + 256                  // trace tokens are [0, NumTrace)
	TokPByte  Token = NumTrace                      // prompt byte: TokPByte + 256*phase + value
	TokData   Token = TokPByte + 8*256              // TokData + v: memory byte v at the address just given
	TokInput  Token = TokData + 256                 // TokInput + v: input byte v
	TokHeader Token = TokInput + 256                // ends the header group (memory size, input length)
	TokStart  Token = TokHeader + 1                 // ends the prompt (initial fp, entry position)
	TokOp     Token = TokStart + 1                  // TokOp + 256*op + h: an instruction
	VocabSize Token = TokOp + Token(NumOps)*FrameMax
)

// ByteTok returns the trace byte token for value v at phase (byte index in its step).
func ByteTok(phase int, v byte) Token { return TokByte + Token(phase*256+int(v)) }

// PByteTok returns the prompt byte token for value v at phase.
func PByteTok(phase int, v byte) Token { return TokPByte + Token(phase*256+int(v)) }

// OpTok returns the prompt token of op with static height h.
func OpTok(op Op, h int) Token { return TokOp + Token(int(op)*FrameMax+h) }

// IsTrace reports whether the model may emit t.
func (t Token) IsTrace() bool { return t >= 0 && t < NumTrace }

// Byte decodes a trace or prompt byte token.
func (t Token) Byte() (phase int, v byte, ok bool) {
	switch {
	case t >= TokByte && t < TokCommit:
		return int(t-TokByte) / 256, byte(t - TokByte), true
	case t >= TokPByte && t < TokData:
		return int(t-TokPByte) / 256, byte(t - TokPByte), true
	}
	return 0, 0, false
}

// Op decodes an instruction token.
func (t Token) Op() (op Op, h int, ok bool) {
	if t < TokOp || t >= VocabSize {
		return 0, 0, false
	}
	i := int(t - TokOp)
	return Op(i / FrameMax), i % FrameMax, true
}

// Ends reports whether t ends a run (halt or trap).
func (t Token) Ends() bool { return t == TokHalt || (t >= TokTrap && t < TokOut) }

// TrapKind decodes a trap token.
func (t Token) TrapKind() (Trap, bool) {
	if t >= TokTrap && t < TokOut {
		return Trap(t-TokTrap) + 1, true
	}
	return TrapNone, false
}

// TrapTok returns the token of trap kind k.
func TrapTok(k Trap) Token { return TokTrap + Token(k) - 1 }

// String spells a token the way --trace and --emit tokens print it.
func (t Token) String() string {
	if ph, v, ok := t.Byte(); ok {
		_ = ph
		return fmt.Sprintf("%02x", v)
	}
	switch {
	case t == TokCommit:
		return "commit"
	case t == TokJump:
		return "jump"
	case t == TokFrame:
		return "frame"
	case t == TokResult:
		return "result"
	case t == TokHalt:
		return "halt"
	case t >= TokTrap && t < TokOut:
		k, _ := t.TrapKind()
		return "trap(" + strings.ReplaceAll(k.String(), " ", "_") + ")"
	case t >= TokOut && t < NumTrace:
		return fmt.Sprintf("out(%02x)", int(t-TokOut))
	case t >= TokData && t < TokInput:
		return fmt.Sprintf("data(%02x)", int(t-TokData))
	case t >= TokInput && t < TokHeader:
		return fmt.Sprintf("in(%02x)", int(t-TokInput))
	case t == TokHeader:
		return "{"
	case t == TokStart:
		return "}"
	}
	if op, h, ok := t.Op(); ok {
		return fmt.Sprintf("%s/%d", op, h)
	}
	return fmt.Sprintf("tok(%d)", int32(t))
}
