package vmgraph

import (
	"fmt"
	"math"

	"github.com/hullvm/hullvm/internal/machine"
)

// emit computes the step's payload and the next token's logits.
func (b *builder) emit() {
	g := b.g
	hot := func(ops ...machine.Op) lin { return b.fam(is(ops...)) }
	flow := func(f machine.Flow) lin {
		return b.fam(func(_ machine.Op, in machine.Info) bool { return in.Flow == f })
	}

	// Arithmetic on the operands a (slot sp-2) and b (slot sp-1).
	sumL := Add(b.aL, b.bL)
	c32 := g.Bit("add.c", sumL, two32)
	add32 := Sub(sumL, Scale(two32, c32))
	du := Sub(b.aL, b.bL)
	geU := g.Step("cmp.geu", du, 0)
	leU := g.Step("cmp.leu", Scale(-1, du), 0)
	brw := Sub(C(1), g.Bit("sub.geu", du, 0))
	sub32 := Add(du, Scale(two32, brw))
	sumH := Sum(b.aH, b.bH, c32)
	add64H := Sub(sumH, Scale(two32, g.Bit("add.c2", sumH, two32)))
	difH := Sub(Sub(b.aH, b.bH), brw)
	sub64H := Add(difH, Scale(two32, Sub(C(1), g.Bit("sub.b2", difH, 0))))

	signed := func(name string, x lin) lin { return Sub(x, Scale(two32, g.Bit(name, x, 1<<31))) }
	ds := Sub(signed("cmp.sa", b.aL), signed("cmp.sb", b.bL))
	geS := g.Step("cmp.ges", ds, 0)
	leS := g.Step("cmp.les", Scale(-1, ds), 0)
	sgn := func(name string, x lin) lin {
		return Sub(g.Step(name+".p", x, 1), g.Step(name+".n", Scale(-1, x), 1))
	}
	sgnL := sgn("cmp.sl", du)
	cu := Add(Scale(3, sgn("cmp.shu", Sub(b.aH, b.bH))), sgnL)
	cs := Add(Scale(3, sgn("cmp.shs", Sub(signed("cmp.sah", b.aH), signed("cmp.sbh", b.bH)))), sgnL)
	geU64, leU64 := g.Step("cmp.geu64", cu, 0), g.Step("cmp.leu64", Scale(-1, cu), 0)
	geS64, leS64 := g.Step("cmp.ges64", cs, 0), g.Step("cmp.les64", Scale(-1, cs), 0)
	preds := func(ge, le, geS, leS lin) [10]lin {
		eq := Sub(Add(ge, le), C(1))
		return [10]lin{eq, Sub(C(1), eq), Sub(C(1), geS), Sub(C(1), ge), Sub(C(1), leS), Sub(C(1), le), leS, le, geS, ge}
	}
	p32, p64 := preds(geU, leU, geS, leS), preds(geU64, leU64, geS64, leS64)
	nz := g.Step("nz", b.bL, 1)
	nz64 := g.Step("nz64", Add(b.bL, b.bH), 1)

	// The payload (RL, RH) of every instruction whose bytes follow from whole values.
	var rl, rh []lin
	selL := func(name string, flag, v lin) { rl = append(rl, g.Select(name+".lo", flag, v)) }
	selH := func(name string, flag, v lin) { rh = append(rh, g.Select(name+".hi", flag, v)) }
	selL("const", hot(machine.OpConst32, machine.OpConst64), b.immLo)
	selH("const", hot(machine.OpConst64), b.immHi)
	copy32 := hot(machine.OpLGet32, machine.OpGGet32, machine.OpLSet32, machine.OpGSet32, machine.OpResult32,
		machine.OpHalt, machine.OpWrap, machine.OpExtU64, machine.OpExtS64, machine.OpSpill32,
		machine.OpStore8, machine.OpStore16, machine.OpStore32)
	copy64 := hot(machine.OpLGet64, machine.OpGGet64, machine.OpLSet64, machine.OpGSet64, machine.OpResult64,
		machine.OpSpill64, machine.OpStore64, machine.OpRet)
	selL("copy", Add(copy32, copy64), b.bL)
	selH("copy", copy64, b.bH)
	rh = append(rh, Scale(two32-1, g.And("exts.hi", hot(machine.OpExtS64), g.Step("exts.sign", b.bL, 1<<31))))
	selL("add", hot(machine.OpAdd32, machine.OpAdd64), add32)
	selH("add", hot(machine.OpAdd64), add64H)
	selL("sub", hot(machine.OpSub32, machine.OpSub64), sub32)
	selH("sub", hot(machine.OpSub64), sub64H)
	for k := 0; k < 10; k++ {
		rl = append(rl, g.And(fmt.Sprintf("cmp32.%d", k), b.hot[machine.OpEq32+machine.Op(k)], p32[k]))
		rl = append(rl, g.And(fmt.Sprintf("cmp64.%d", k), b.hot[machine.OpEq64+machine.Op(k)], p64[k]))
	}
	rl = append(rl, g.And("eqz32", b.hot[machine.OpEqz32], Sub(C(1), nz)))
	rl = append(rl, g.And("eqz64", b.hot[machine.OpEqz64], Sub(C(1), nz64)))
	selL("jump", hot(machine.OpJmp, machine.OpBrIf, machine.OpBrZ), b.immLo)
	entry := Sub(b.bL, g.ReLU("brt.min", Sub(b.bL, b.immLo))) // min(i, n)
	selL("brtable", hot(machine.OpBrTable), Add(b.qs.Plus(5), Scale(5, entry)))
	selL("frame", hot(machine.OpPushFrame, machine.OpCall), b.immLo)
	selH("pushframe", hot(machine.OpPushFrame), b.fp)
	newFP := Sub(Add(b.fp, b.h).Plus(-1), b.immHi)
	selH("call", hot(machine.OpCall), newFP)
	RL, RH := Sum(rl...), Sum(rh...)

	// Emission target Z: the head emits floor(Z / 256^(3 - phase%4)) as the byte
	// of the next phase. Whole values: Z = the current half minus the bytes of
	// it already emitted in this step (window sums of this step's tokens).
	firstHalf := Sum(b.psi[0], b.psi[1], b.psi[2], b.psi[3])
	hiPhase := g.And("hiphase", b.isL9, firstHalf)
	half := Add(g.Select("half.hi", hiPhase, RH), g.Select("half.lo", Sub(C(1), hiPhase), RL))
	byteOp := Sum(b.isLoadM, b.isExtS, b.isBitw, b.isShl, b.isShr, b.isIn)
	valueOp := Sub(Add(b.isL5, b.isL9), byteOp)
	soFarWin := map[int]lin{1: b.cA, 2: b.win.s1A, 3: b.win.s2A, 5: b.cB, 6: b.win.s1B, 7: b.win.s2B}
	var soFar []lin
	for _, k := range []int{1, 2, 3, 5, 6, 7} {
		soFar = append(soFar, g.Select(fmt.Sprintf("sofar.%d", k), g.And(fmt.Sprintf("sofar.f%d", k), b.psi[k], valueOp), soFarWin[k]))
	}
	Z := Sub(half, Sum(soFar...))

	// Bytes computed one at a time from memory reads.
	sign1 := g.Step("m1.sign", b.m1, 128)
	jlt := g.Step("ld.jlt", Sub(b.widthLE.Plus(-1), b.j), 0) // j < width
	signedLd := b.fam(func(op machine.Op, in machine.Info) bool {
		return in.Signed || (op >= machine.OpExt8S32 && op <= machine.OpExt16S64)
	})
	bLoad := Add(g.Select("ld.byte", jlt, b.m1),
		Scale(255, g.And("ld.fill", Sub(C(1), jlt), signedLd, sign1)))
	x, y := g.Bits8("m1.bits", b.m1), g.Bits8("m2.bits", b.m2)
	var bAnd lin
	for i := 0; i < 8; i++ {
		bAnd = Add(bAnd, Scale(float64(int(1)<<i), g.ReLU(fmt.Sprintf("and.%d", i), Sum(x[i], y[i]).Plus(-1))))
	}
	bOr := Sub(Add(b.m1, b.m2), bAnd)
	bXor := Sub(Add(b.m1, b.m2), Scale(2, bAnd))
	rHot := g.OneHot("shr", b.shiftR, 0, 7)
	var bShl, bShr lin
	for rho := 0; rho < 8; rho++ {
		var l, r lin
		for i := 0; i < 8; i++ {
			w := float64(int(1) << i)
			if i >= rho {
				l = Add(l, Scale(w, x[i-rho]))
			} else {
				l = Add(l, Scale(w, y[i-rho+8]))
			}
			if i+rho < 8 {
				r = Add(r, Scale(w, x[i+rho]))
			} else {
				r = Add(r, Scale(w, y[i+rho-8]))
			}
		}
		bShl = Add(bShl, g.Select(fmt.Sprintf("shl.r%d", rho), rHot[rho], l))
		bShr = Add(bShr, g.Select(fmt.Sprintf("shr.r%d", rho), rHot[rho], r))
	}
	inRange := Sub(C(1), g.Bit("in.range", Sub(b.bL, b.inLen), 0))
	bIn := Add(g.Select("in.byte", g.And("in.first", inRange, b.psi[3]), b.m1), Scale(255, Sub(C(1), inRange)))
	families := []struct {
		name string
		flag lin
		val  lin
	}{
		{"load", Add(b.isLoadM, b.isExtS), bLoad},
		{"and", hot(machine.OpAnd32, machine.OpAnd64), bAnd},
		{"or", hot(machine.OpOr32, machine.OpOr64), bOr},
		{"xor", hot(machine.OpXor32, machine.OpXor64), bXor},
		{"shl", b.isShl, bShl},
		{"shr", b.isShr, bShr},
		{"in", b.isIn, bIn},
	}
	for _, f := range families {
		for m := 0; m < 4; m++ {
			pm := Add(b.psi[m], b.psi[m+4])
			k := math.Pow(256, float64(3-m))
			Z = Add(Z, g.Select(fmt.Sprintf("z.%s%d", f.name, m), g.And(fmt.Sprintf("z.%s%d.f", f.name, m), f.flag, pm), Scale(k, f.val)))
		}
	}

	// Z feeds 2048 logit rows: persist it so each row reads one value.
	Z = V(g.Persist("zsum", Z))

	// Traps detected at the first token of a step.
	isStore := b.fam(between(machine.OpStore8, machine.OpStore64))
	storeW := b.famW(func(op machine.Op, in machine.Info) float64 {
		if op >= machine.OpStore8 && op <= machine.OpStore64 {
			return float64(in.Width)
		}
		return 0
	})
	oobL := g.Step("oob.l", Sub(Sum(b.bL, b.immLo, b.widthLE), b.memBytes), 1)
	oobS := g.Step("oob.s", Sub(Sum(b.aL, b.immLo, storeW), b.memBytes), 1)
	trapOOB := Add(g.And("oob.lf", b.isLoadM, oobL), g.And("oob.sf", isStore, oobS))
	trapStk := g.And("stk", hot(machine.OpCall), g.Step("stk.full", newFP, float64(machine.SlotMax-machine.FrameMax+1)))
	trapCond := Add(trapOOB, trapStk)
	trapHot := g.OneHot("trapk", b.h, 1, int(machine.NumTraps)-1) // the trap op carries its kind as h

	// Which kind of token comes next.
	isLgt1 := Add(b.isL5, b.isL9)
	var gByte [8]lin
	gByte[0] = g.ReLU("g.byte0", Sum(b.psi[0], isLgt1, Scale(-1, trapCond)).Plus(-1))
	for k := 1; k < 8; k++ {
		if k < 4 {
			gByte[k] = g.And(fmt.Sprintf("g.byte%d", k), b.psi[k], isLgt1)
		} else {
			gByte[k] = g.And(fmt.Sprintf("g.byte%d", k), b.psi[k], b.isL9)
		}
	}
	isEnd := Sum(g.And("end1", b.psi[0], b.isL1), g.And("end5", b.psi[4], b.isL5), g.And("end9", b.psi[8], b.isL9))
	isBrIf, isBrZ := hot(machine.OpBrIf), hot(machine.OpBrZ)
	taken := Add(g.And("taken.if", isBrIf, nz), g.And("taken.z", isBrZ, Sub(C(1), nz)))
	gates := map[machine.Token]lin{
		machine.TokCommit: g.And("g.commit", isEnd, Sub(Add(flow(machine.FlowNext), flow(machine.FlowCond)), taken)),
		machine.TokJump:   g.And("g.jump", isEnd, Add(flow(machine.FlowJump), taken)),
		machine.TokFrame:  g.And("g.frame", isEnd, flow(machine.FlowFrame)),
		machine.TokResult: g.And("g.result", isEnd, flow(machine.FlowResult)),
		machine.TokHalt:   g.And("g.halt", isEnd, flow(machine.FlowHalt)),
	}
	isTrapOp := hot(machine.OpTrap)
	for k := machine.Trap(1); k < machine.NumTraps; k++ {
		gt := g.And(fmt.Sprintf("g.trap%d", k), b.psi[0], isTrapOp, trapHot[k-1])
		switch k {
		case machine.TrapOutOfBounds:
			gt = Add(gt, g.And("g.trapoob", b.psi[0], trapOOB))
		case machine.TrapStackExhausted:
			gt = Add(gt, g.And("g.trapstk", b.psi[0], trapStk))
		}
		gates[machine.TrapTok(k)] = gt
	}
	gOut := g.And("g.out", b.psi[0], hot(machine.OpOut))

	// Logits.
	for tok, gate := range gates {
		g.SetLogit(int32(tok), Scale(gateWeight, gate))
	}
	for k := 0; k < 8; k++ {
		K := math.Pow(256, float64(3-k%4))
		for v := 0; v < 256; v++ {
			fv := float64(v)
			l := Add(Scale(gateWeight, gByte[k]), Scale(2*fv, Z)).Plus(fv - K*fv*(fv+1))
			g.SetLogit(int32(machine.ByteTok(k, byte(v))), l)
		}
	}
	for v := 0; v < 256; v++ {
		fv := float64(v)
		l := Add(Scale(gateWeight, gOut), Scale(2*fv, b.m1)).Plus(fv - fv*(fv+1))
		g.SetLogit(int32(machine.TokOut+machine.Token(v)), l)
	}
}
