package lower

import "github.com/hullvm/hullvm/internal/machine"

// mulInlineMax is the most terms a multiplication by a constant may have
// to be lowered inline. Every 32-bit constant has at most 16 terms, so
// i32.mul by a constant is always inline; an inline product of n terms
// costs 2n instructions, far fewer than the runtime routine's loop.
const mulInlineMax = 20

// term is one digit of a constant's non-adjacent form: ±2^shift.
type term struct {
	shift uint
	neg   bool
}

// naf returns the non-zero digits of c's non-adjacent form modulo 2^w,
// lowest first: c = Σ ±2^shift (mod 2^w) with no two adjacent digits
// non-zero, the fewest digits of any signed binary form. The top digit is
// always taken as +1, since +2^(w-1) and -2^(w-1) agree mod 2^w.
func naf(c uint64, w uint) []term {
	var ts []term
	for k := uint(0); k < w && c != 0; k++ {
		if c&1 == 1 {
			if c&3 == 3 && k < w-1 {
				ts = append(ts, term{k, true})
				c++ // wraps only for c = 2^64-1 at k = 0, which is -1 then
			} else {
				ts = append(ts, term{k, false})
				c--
			}
		}
		c >>= 1
	}
	return ts
}

// mulConst replaces the top value x (of width w) by x*c: x goes to scratch
// slot 0, and each term pushes x << shift (shlc reads the slot without
// consuming it) and adds it to or subtracts it from the sum.
func (f *fn) mulConst(c uint64, w uint) {
	h := f.h()
	switch c {
	case 0:
		f.emit(machine.OpConst32, 0, h-1)
		return
	case 1:
		return
	}
	ts := naf(c, w)
	spill := pick(w == 32, machine.OpSpill32, machine.OpSpill64)
	shl := pick(w == 32, machine.OpShlC32, machine.OpShlC64)
	add := pick(w == 32, machine.OpAdd32, machine.OpAdd64)
	sub := pick(w == 32, machine.OpSub32, machine.OpSub64)

	// Start the sum with a positive term, or with 0 when there is none.
	first := -1
	for i, tm := range ts {
		if !tm.neg {
			first = i
			break
		}
	}
	f.emit(spill, 0, h)
	if first >= 0 {
		f.emit(shl, uint64(ts[first].shift), h-1)
	} else {
		f.emit(machine.OpConst32, 0, h-1)
	}
	for i, tm := range ts {
		if i == first {
			continue
		}
		f.emit(shl, uint64(tm.shift), h)
		f.emit(pick(tm.neg, sub, add), 0, h+1)
	}
}
