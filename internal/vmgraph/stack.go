package vmgraph

import "github.com/hullvm/hullvm/internal/machine"

func (b *builder) writes(w machine.Write) lin {
	return b.fam(func(_ machine.Op, in machine.Info) bool { return in.Write == w })
}

// stack reads the operands: b = the slot r1 picks (sp-1, a local, a global or
// the frame record), a = slot sp-2. A step writes its slot at the position of
// its last payload byte, where the whole payload has been assembled.
func (b *builder) stack() {
	g := b.g
	isLGetRec := b.fam(is(machine.OpLGet32, machine.OpLGet64, machine.OpRet))
	isGGet := b.fam(is(machine.OpGGet32, machine.OpGGet64))
	r1 := Sum(b.sp.Plus(-1),
		g.Select("r1.local", isLGetRec, Sub(Add(b.fp, b.immLo), b.sp).Plus(1)),
		g.Select("r1.global", isGGet, Sub(b.immLo, b.sp).Plus(1)))
	r2 := b.sp.Plus(-2)

	w := Sum(b.sp, Scale(-1, b.writes(machine.WriteUnary)), Scale(-2, b.writes(machine.WriteBinary)),
		g.Select("w.local", b.writes(machine.WriteLocal), Sub(Add(b.fp, b.immLo), b.sp)),
		g.Select("w.global", b.writes(machine.WriteGlobal), Sub(b.immLo, b.sp)))
	writer := b.fam(func(_ machine.Op, in machine.Info) bool { return in.Write != machine.WriteNone })
	isLast := Add(g.And("last5", b.psi[4], b.isL5), g.And("last9", b.psi[8], b.isL9))
	wflag := g.And("wflag", writer, isLast)
	wq := g.Select("wq", wflag, w)
	w2 := V(g.Neuron("w2", wq, wq))
	key := indexKey(wq, w2, wflag)
	val := [2]lin{b.lastLo, g.Select("whi", b.isL9, b.lastHi)}
	s1a, s1b := g.Lookup("S1", key, [2]lin{r1, C(1)}, val, tieLatest)
	s2a, s2b := g.Lookup("S2", key, [2]lin{r2, C(1)}, val, tieLatest)
	b.bL, b.bH, b.aL, b.aH = V(s1a), V(s1b), V(s2a), V(s2b)
}

// memory reads the bytes the current step needs: loads, the scratch operands
// of bitwise ops, shifts and sign extensions, output and input. Stores and
// spills write one byte at each payload byte position; data and input bytes of
// the prompt are writes too.
func (b *builder) memory() {
	g := b.g
	isStore := b.fam(between(machine.OpStore8, machine.OpStore64))
	isSpill := b.fam(is(machine.OpSpill32, machine.OpSpill64))
	width := b.famW(func(_ machine.Op, in machine.Info) float64 { return float64(in.Width) })

	// Writes. The byte at this position (phase psi-1) is little-endian byte
	// L-1-psi of the payload; it is written when that index is below the width.
	inWidth := g.Step("st.inw", Sum(b.psiInt, Scale(-1, b.L), width), 0)
	fStore := g.And("st.flag", isStore, inWidth)
	fSpill := g.And("sp.flag", isSpill, inWidth)
	le := Sub(b.L.Plus(-1), b.psiInt)
	mk := Sum(
		g.Select("st.mk", fStore, Sum(b.aL, b.immLo, le)),
		g.Select("sp.mk", fSpill, Sum(Scale(16, b.immLo), le).Plus(scr)),
		g.Select("db.mk", b.isDB, b.asmLo),
		g.Select("ib.mk", b.isIB, Scale(-1, b.t)), Scale(machine.InputAddr+machine.HeaderLen, b.isIB))
	mflag := Sum(fStore, fSpill, b.isDB, b.isIB)
	mk2 := Add(V(g.Neuron("mk2.p", mk, mk)), V(g.Neuron("mk2.n", Scale(-1, mk), Scale(-1, mk)))) // addresses may be negative
	key := indexKey(mk, mk2, mflag)
	val := [2]lin{b.vraw, Sub(mk, Sub(C(1), mflag))}

	// Reads.
	b.isLoadM = b.fam(between(machine.OpLoad32, machine.OpLoad32U64))
	b.isExtS = b.fam(between(machine.OpExt8S32, machine.OpExt16S64))
	b.widthLE = b.famW(func(op machine.Op, in machine.Info) float64 {
		switch op {
		case machine.OpExt8S32, machine.OpExt8S64:
			return 1
		case machine.OpExt16S32, machine.OpExt16S64:
			return 2
		}
		if op >= machine.OpLoad32 && op <= machine.OpLoad32U64 {
			return float64(in.Width)
		}
		return 0
	})
	jw := Sub(b.j, g.ReLU("ld.jw", Sub(b.j, b.widthLE).Plus(1))) // min(j, width-1)
	qLoad := g.Select("ld.q", b.isLoadM, g.MinC("ld.clamp", Sum(b.bL, b.immLo, jw), machine.MemMax))
	qExt := g.Select("ext.q", b.isExtS, jw.Plus(scr))
	b.isBitw = b.fam(between(machine.OpAnd32, machine.OpXor64))
	b.isShl = b.fam(is(machine.OpShlC32, machine.OpShlC64))
	b.isShr = b.fam(is(machine.OpShrUC32, machine.OpShrUC64))
	b.isIn = b.fam(is(machine.OpIn))
	isOut := b.fam(is(machine.OpOut))
	q := lin{}
	for k := 1; k < 8; k++ {
		q = Add(q, g.Step("shq", b.immLo, float64(8*k)))
	}
	b.shiftR = Sub(b.immLo, Scale(8, q))
	qIn := g.Select("in.q", b.isIn, Scale(-1, g.MinC("in.clamp", b.bL, machine.InputMax)).Plus(machine.InputAddr))
	qa1 := Sum(qLoad, qExt, qIn, Scale(scr, isOut),
		g.Select("bw.q1", b.isBitw, b.j.Plus(scr)),
		g.Select("shl.q1", b.isShl, Sub(b.j, q).Plus(scr)),
		g.Select("shr.q1", b.isShr, Add(b.j, q).Plus(scr)))
	qa2 := Sum(
		g.Select("bw.q2", b.isBitw, b.j.Plus(scr+16)),
		g.Select("shl.q2", b.isShl, Sub(b.j, q).Plus(scr-1)),
		g.Select("shr.q2", b.isShr, Add(b.j, q).Plus(scr+1)))
	m1v, m1k := g.Lookup("M1", key, [2]lin{qa1, C(1)}, val, tieLatest)
	m2v, m2k := g.Lookup("M2", key, [2]lin{qa2, C(1)}, val, tieLatest)
	b.m1 = b.maskByte("m1", V(m1v), Sub(V(m1k), qa1))
	b.m2 = b.maskByte("m2", V(m2v), Sub(V(m2k), qa2))
}

// maskByte is v if d == 0 and 0 otherwise, for v in [0, 255] and integer d:
// a read whose nearest written address is not the one asked for reads zero.
// Five neurons (the last persists the clean byte), two layers.
func (b *builder) maskByte(name string, v, d lin) lin {
	g := b.g
	x := Sub(v, Scale(256, d))
	return V(g.Persist(name, Sum(g.ReLU(name+".a", x), Scale(-1, g.ReLU(name+".b", x.Plus(-256))),
		Scale(-256, g.ReLU(name+".c", Scale(-1, d))), Scale(256, g.ReLU(name+".d", Scale(-1, d).Plus(-1))))))
}
