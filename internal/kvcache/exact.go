package kvcache

import (
	"fmt"
	"math"
	"math/bits"
)

// maxCoord is the exclusive bound on |coordinate| for keys and queries.
const maxCoord = 1 << 53

// toInt converts a key or query coordinate to int64, panicking (with a
// message starting "kvcache:") when it is not an integer or |f| >= 2^53.
func toInt(f float64, what string) int64 {
	if !(math.Abs(f) < maxCoord) || f != math.Trunc(f) {
		panic(fmt.Sprintf("kvcache: %s coordinate %v is not an integer with |x| < 2^53", what, f))
	}
	return int64(f)
}

// i128 is a signed 128-bit integer in two's complement: value = hi*2^64 + lo.
// Every quantity the package compares (scores q·k, dot products of a query
// with a chain edge, cross products of two edges) has magnitude below 2^110,
// so it is held exactly.
type i128 struct {
	hi int64
	lo uint64
}

// mul returns the exact product a*b.
func mul(a, b int64) i128 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	// Correct the unsigned high word into the signed one.
	h := int64(hi) - (a>>63)&b - (b>>63)&a
	return i128{h, lo}
}

func (x i128) add(y i128) i128 {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	return i128{x.hi + y.hi + int64(c), lo}
}

func (x i128) sub(y i128) i128 {
	lo, b := bits.Sub64(x.lo, y.lo, 0)
	return i128{x.hi - y.hi - int64(b), lo}
}

// cmp returns -1, 0 or +1 as x is less than, equal to or greater than y.
func (x i128) cmp(y i128) int {
	switch {
	case x.hi < y.hi:
		return -1
	case x.hi > y.hi:
		return 1
	case x.lo < y.lo:
		return -1
	case x.lo > y.lo:
		return 1
	}
	return 0
}

// sign returns -1, 0 or +1.
func (x i128) sign() int {
	if x.hi < 0 {
		return -1
	}
	if x.hi == 0 && x.lo == 0 {
		return 0
	}
	return 1
}

// dot returns the exact value of ax*bx + ay*by.
func dot(ax, ay, bx, by int64) i128 {
	return mul(ax, bx).add(mul(ay, by))
}

// cross returns the exact value of ux*vy - uy*vx.
func cross(ux, uy, vx, vy int64) i128 {
	return mul(ux, vy).sub(mul(uy, vx))
}

// small reports whether every argument has magnitude <= 2^30, so that
// a sum of two of their pairwise products fits an int64 exactly.
func small(a, b, c, d int64) bool {
	return (a^(a>>63))|(b^(b>>63))|(c^(c>>63))|(d^(d>>63)) < 1<<30
}

// dotSign returns the sign of ax*bx + ay*by, exactly.
func dotSign(ax, ay, bx, by int64) int {
	if small(ax, ay, bx, by) {
		s := ax*bx + ay*by
		return int(s>>63) | int(uint64(-s)>>63)
	}
	return dotSignSlow(ax, ay, bx, by)
}

func dotSignSlow(ax, ay, bx, by int64) int { return dot(ax, ay, bx, by).sign() }

// crossSign returns the sign of ux*vy - uy*vx, exactly.
func crossSign(ux, uy, vx, vy int64) int {
	if small(ux, uy, vx, vy) {
		s := ux*vy - uy*vx
		return int(s>>63) | int(uint64(-s)>>63)
	}
	return crossSignSlow(ux, uy, vx, vy)
}

func crossSignSlow(ux, uy, vx, vy int64) int { return cross(ux, uy, vx, vy).sign() }
