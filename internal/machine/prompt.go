package machine

import "fmt"

// promptImm is the immediate an instruction carries in the prompt: jump
// targets become the target's start position.
func promptImm(p *Program, lay *Layout, in Instr) uint64 {
	switch in.Op {
	case OpJmp, OpBrIf, OpBrZ, OpPushFrame:
		return uint64(lay.Pos[in.Imm])
	case OpCall:
		return uint64(lay.Pos[in.Imm&0xffffffff]) | in.Imm&^0xffffffff
	}
	return in.Imm
}

// appendBytes32 appends v's 4 bytes, most significant first, as tokens of
// phases first..first+3 made by mk.
func appendBytes32(dst []Token, mk func(int, byte) Token, first int, v uint32) []Token {
	return append(dst, mk(first, byte(v>>24)), mk(first+1, byte(v>>16)), mk(first+2, byte(v>>8)), mk(first+3, byte(v)))
}

// Prompt encodes the program and its input as the model's prompt:
//
//	header:  mem(4) inlen(4) "{"
//	input:   in(v) per input byte
//	data:    addr(4) data(v) per non-zero initial memory byte
//	program: per instruction, its immediate (0, 4 or 8 bytes) then op/h
//	start:   fp(4) entry(4) "}"
//
// All multi-byte fields are most significant byte first.
func Prompt(p *Program, input []byte) ([]Token, *Layout, error) {
	if err := p.Check(); err != nil {
		return nil, nil, err
	}
	if len(input) > InputMax {
		return nil, nil, fmt.Errorf("machine: input of %d bytes exceeds the limit of %d", len(input), InputMax)
	}
	lay := LayoutFor(p, len(input))
	toks := make([]Token, 0, lay.ProgEnd+9)
	toks = appendBytes32(toks, PByteTok, 0, p.MemBytes)
	toks = appendBytes32(toks, PByteTok, 4, uint32(len(input)))
	toks = append(toks, TokHeader)
	for _, b := range input {
		toks = append(toks, TokInput+Token(b))
	}
	for _, s := range p.Data {
		for i, b := range s.Bytes {
			if b != 0 {
				toks = appendBytes32(toks, PByteTok, 0, s.Addr+uint32(i))
				toks = append(toks, TokData+Token(b))
			}
		}
	}
	if len(toks) != lay.ProgStart {
		panic("BUG: machine: prompt layout mismatch")
	}
	for _, in := range p.Instrs {
		imm := promptImm(p, lay, in)
		switch in.Op.Info().Len {
		case 5:
			toks = appendBytes32(toks, PByteTok, 0, uint32(imm))
		case 9:
			toks = appendBytes32(toks, PByteTok, 0, uint32(imm>>32))
			toks = appendBytes32(toks, PByteTok, 4, uint32(imm))
		}
		h := in.H
		if in.Op == OpTrap {
			h = int(in.Imm) // a 1-token encoding has no immediate: the kind travels as h
		}
		toks = append(toks, OpTok(in.Op, h))
	}
	toks = appendBytes32(toks, PByteTok, 0, uint32(p.Globals))
	toks = appendBytes32(toks, PByteTok, 4, uint32(lay.Pos[p.Entry]))
	toks = append(toks, TokStart)
	if len(toks) >= PositionMax {
		return nil, nil, fmt.Errorf("machine: prompt of %d tokens exceeds the limit of %d", len(toks), PositionMax)
	}
	return toks, lay, nil
}
