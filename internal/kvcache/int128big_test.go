package kvcache

import "math/big"

// bigDot computes ax*bx + ay*by with math/big and packs it as an i128.
func bigDot(ax, ay, bx, by int64) i128 {
	s := new(big.Int).Mul(big.NewInt(ax), big.NewInt(bx))
	s.Add(s, new(big.Int).Mul(big.NewInt(ay), big.NewInt(by)))
	mod := new(big.Int).Lsh(big.NewInt(1), 128)
	if s.Sign() < 0 {
		s.Add(s, mod)
	}
	lo := new(big.Int).And(s, new(big.Int).SetUint64(^uint64(0))).Uint64()
	hi := new(big.Int).Rsh(s, 64).Uint64()
	return i128{int64(hi), lo}
}
