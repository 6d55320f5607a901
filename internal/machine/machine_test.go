package machine

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

func prog(instrs ...Instr) *Program {
	return &Program{MemBytes: 64, Instrs: instrs}
}

func in(op Op, imm uint64, h int) Instr { return Instr{Op: op, Imm: imm, H: h, Source: -1} }

func TestRefTraceAndDecoder(t *testing.T) {
	p := prog(in(OpConst32, 3, 0), in(OpConst32, 5, 1), in(OpAdd32, 0, 2), in(OpSpill32, 0, 1),
		in(OpOut, 0, 0), in(OpConst32, 7, 0), in(OpHalt, 0, 1))
	var toks []Token
	var out bytes.Buffer
	d := &Decoder{Out: &out}
	if err := RunRef(p, nil, 0, func(t Token) error { toks = append(toks, t); return d.Push(t) }); err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, tk := range toks {
		s = append(s, tk.String())
	}
	want := "00 00 00 03 commit 00 00 00 05 commit 00 00 00 08 commit 00 00 00 00 00 00 00 08 commit out(08) 00 00 00 07 commit 00 00 00 07 halt"
	if got := strings.Join(s, " "); got != want {
		t.Fatalf("trace\n got %s\nwant %s", got, want)
	}
	if !d.O.Halted || d.O.Status != 7 || out.String() != "\x08" || d.O.Steps != 7 {
		t.Fatalf("outcome %+v output %q", d.O, out.String())
	}
	if err := d.Push(TokCommit); err == nil {
		t.Fatal("a token after halt was accepted")
	}
}

func TestBudget(t *testing.T) {
	p := prog(in(OpJmp, 0, 0))
	n := 0
	if err := RunRef(p, nil, 12, func(Token) error { n++; return nil }); err != ErrBudget || n != 12 {
		t.Fatalf("err %v after %d tokens", err, n)
	}
}

func TestCheckRejects(t *testing.T) {
	cases := map[string]*Program{
		"invalid op":      prog(Instr{Op: OpInvalid}),
		"height":          prog(in(OpAdd32, 0, 1)),
		"jump target":     prog(in(OpJmp, 9, 0)),
		"shift":           prog(in(OpShlC32, 40, 0)),
		"trap kind":       prog(in(OpTrap, 0, 0)),
		"frame limit":     prog(in(OpConst32, 0, FrameMax)),
		"brtable entries": prog(in(OpConst32, 0, 0), in(OpBrTable, 1, 1), in(OpJmp, 0, 0), in(OpHalt, 0, 1)),
	}
	for name, p := range cases {
		if err := p.Check(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	big := prog(in(OpConst32, 0, 0), in(OpHalt, 0, 1))
	big.MemBytes = MemMax + 1
	if err := big.Check(); err == nil {
		t.Error("memory above MemMax accepted")
	}
}

func TestPromptLayout(t *testing.T) {
	p := prog(in(OpConst32, 0x01020304, 0), in(OpOut, 0, 1), in(OpConst64, 1<<40, 0), in(OpHalt, 0, 1))
	p.Data = []Segment{{Addr: 8, Bytes: []byte{0, 9}}}
	toks, lay, err := Prompt(p, []byte("ab"))
	if err != nil {
		t.Fatal(err)
	}
	// header 9, input 2, one non-zero data byte 5
	if lay.ProgStart != 16 || lay.Pos[1] != 21 || lay.Pos[2] != 22 || lay.Pos[3] != 31 {
		t.Fatalf("layout %+v", lay.Pos)
	}
	if toks[lay.Pos[0]+4] != OpTok(OpConst32, 0) || toks[len(toks)-1] != TokStart {
		t.Fatalf("tokens %v", toks)
	}
	// Every instruction's encoding is as long as its step.
	for i, in := range p.Instrs {
		end := len(toks) - 9
		if i+1 < len(p.Instrs) {
			end = lay.Pos[i+1]
		}
		if end-lay.Pos[i] != in.Op.Info().Len {
			t.Errorf("instruction %d: encoding of %d tokens, step of %d", i, end-lay.Pos[i], in.Op.Info().Len)
		}
	}
}

// FuzzDecoder feeds arbitrary token streams to the trace decoder: it must
// return errors, never panic, and never report an outcome after an error.
func FuzzDecoder(f *testing.F) {
	f.Add([]byte{0, 3, 0, 8})
	f.Fuzz(func(t *testing.T, b []byte) {
		d := &Decoder{}
		for len(b) >= 4 {
			tok := Token(int32(binary.LittleEndian.Uint32(b)) % int32(VocabSize+10))
			b = b[4:]
			if err := d.Push(tok); err != nil {
				if d.Push(TokCommit) == nil {
					t.Fatal("decoder accepted a token after an error")
				}
				return
			}
		}
	})
}
