package wasm

// MaxLocals bounds the declared locals of one function. The spec allows
// up to 2^32-1 (§5.5.13), but the validator would allocate a byte per
// local, and the machine's frames hold fewer than 256 slots anyway.
const MaxLocals = 1 << 16

// funcBody reads one entry of the code section (spec §5.5.13).
func (r *reader) funcBody() (Func, error) {
	size, err := r.u32()
	if err != nil {
		return Func{}, err
	}
	f := Func{Offset: r.pos}
	br, err := r.sub(size)
	if err != nil {
		return f, err
	}
	n, err := br.count(2)
	if err != nil {
		return f, err
	}
	var total uint64
	for i := uint32(0); i < n; i++ {
		at := br.pos
		c, err := br.u32()
		if err != nil {
			return f, err
		}
		t, err := br.valType()
		if err != nil {
			return f, err
		}
		if total += uint64(c); total > MaxLocals {
			return f, br.errorf(at, "more than %d locals", MaxLocals)
		}
		f.Locals = append(f.Locals, LocalGroup{Count: c, Type: t})
	}
	f.Body, err = br.expr()
	return f, err
}

// expr reads instructions up to and including the end that closes the
// body, which must be the reader's last byte.
func (r *reader) expr() ([]Instr, error) {
	var body []Instr
	depth := 1
	for {
		if r.eof() {
			return nil, r.errorf(r.pos, "function body does not end with end")
		}
		in, err := r.instr()
		if err != nil {
			return nil, err
		}
		body = append(body, in)
		switch in.Op {
		case OpcodeBlock, OpcodeLoop, OpcodeIf:
			depth++
		case OpcodeEnd:
			depth--
		}
		if depth == 0 {
			if !r.eof() {
				return nil, r.errorf(r.pos, "%d bytes after the end of the function body", r.end-r.pos)
			}
			return body, nil
		}
	}
}

// instr reads one instruction with its immediates.
func (r *reader) instr() (Instr, error) {
	in := Instr{Offset: r.pos}
	c, err := r.byte()
	if err != nil {
		return in, err
	}
	in.Op = Opcode(c)
	if in.Op == PrefixMisc || in.Op == PrefixSIMD {
		sub, err := r.u32()
		if err != nil {
			return in, err
		}
		if sub > 0xffff {
			return in, r.errorf(in.Offset, "unknown opcode 0x%02x %d", c, sub)
		}
		in.Op = in.Op<<16 | Opcode(sub)
	}
	imm, ok := in.Op.Immediate()
	if !ok {
		return in, r.errorf(in.Offset, "unknown opcode %s", in.Op)
	}
	return in, r.immediates(&in, imm)
}

func (r *reader) immediates(in *Instr, imm Immediate) error {
	var err error
	switch imm {
	case ImmNone:
	case ImmBlock:
		in.Block, err = r.blockType()
	case ImmLabel, ImmIndex:
		in.Index, err = r.u32()
	case ImmBrTable:
		n, err := r.count(1)
		if err != nil {
			return err
		}
		in.Labels = make([]uint32, 0, n+1)
		for i := uint32(0); i <= n; i++ {
			l, err := r.u32()
			if err != nil {
				return err
			}
			in.Labels = append(in.Labels, l)
		}
	case ImmCallIndirect, ImmIndexIndex:
		if in.Index, err = r.u32(); err != nil {
			return err
		}
		in.Index2, err = r.u32()
	case ImmSelectT:
		in.Types, err = r.types()
	case ImmMem:
		in.Mem, err = r.memArg()
	case ImmZero:
		err = r.zero()
	case ImmI32:
		var v int64
		v, err = r.sleb(32)
		in.Value = int64(int32(v))
	case ImmI64:
		in.Value, err = r.sleb(64)
	case ImmF32, ImmF64:
		n := uint32(4)
		if imm == ImmF64 {
			n = 8
		}
		var b []byte
		if b, err = r.bytes(n); err != nil {
			return err
		}
		for i := len(b) - 1; i >= 0; i-- {
			in.Value = in.Value<<8 | int64(b[i])
		}
	case ImmRefType:
		var t ValType
		t, err = r.refType()
		in.Types = []ValType{t}
	case ImmMemInit:
		if in.Index, err = r.u32(); err != nil {
			return err
		}
		err = r.zero()
	case ImmZeroZero:
		if err = r.zero(); err != nil {
			return err
		}
		err = r.zero()
	case ImmV128:
		_, err = r.bytes(16)
	case ImmLane:
		var b byte
		b, err = r.byte()
		in.Index = uint32(b)
	case ImmMemLane:
		if in.Mem, err = r.memArg(); err != nil {
			return err
		}
		var b byte
		b, err = r.byte()
		in.Index = uint32(b)
	default:
		return r.errorf(in.Offset, "BUG: immediate kind %d", imm)
	}
	return err
}

func (r *reader) memArg() (MemArg, error) {
	a, err := r.u32()
	if err != nil {
		return MemArg{}, err
	}
	o, err := r.u32()
	return MemArg{Align: a, Offset: o}, err
}

// blockType reads a block type: 0x40, a value type, or a type index as a
// non-negative s33 (spec §5.4.1).
func (r *reader) blockType() (BlockType, error) {
	at := r.pos
	if r.eof() {
		return BlockType{}, r.errorf(at, "unexpected end")
	}
	c := r.b[r.pos]
	if c == 0x40 {
		r.pos++
		return BlockType{Kind: BlockEmpty}, nil
	}
	if validValType(c) {
		r.pos++
		return BlockType{Kind: BlockValue, Type: ValType(c)}, nil
	}
	v, err := r.sleb(33)
	if err != nil {
		return BlockType{}, err
	}
	if v < 0 || v > 1<<32-1 {
		return BlockType{}, r.errorf(at, "invalid block type %d", v)
	}
	return BlockType{Kind: BlockIndex, Index: uint32(v)}, nil
}
