package kvcache

import (
	"math"
	"testing"
)

// decodeKey maps three bytes to a key; the selector picks a family so that
// the fuzzer reaches ties, columns, parabola keys and extreme magnitudes.
func decodeKey(sel byte, a, b int8) (int64, int64) {
	x, y := int64(a), int64(b)
	switch sel % 5 {
	case 0: // small box: duplicates, collinear points, columns
		return x % 4, y % 4
	case 1: // parabola (2j, -j²)
		return 2 * x, -x * x
	case 2: // parabola near the largest legal j
		j := maxJ - int64(uint8(a))
		if b < 0 {
			j = -j
		}
		return 2 * j, -j * j
	case 3: // huge coordinates, near ±2^53
		const m = 1<<53 - 1
		return clampCoord(x * (m / 127)), clampCoord(y*(m/127) + int64(b%3))
	default:
		return x, y
	}
}

func decodeQuery(sel byte, a, b int8) (int64, int64) {
	x, y := int64(a), int64(b)
	switch sel % 4 {
	case 0:
		return x % 3, y % 3
	case 1:
		return x, 1 + y%2 // index lookups (i, 1) and tie-makers (2i+1, 2)
	case 2:
		const m = 1<<53 - 1
		return clampCoord(x * (m / 127)), clampCoord(y * (m / 127))
	default:
		return x, y
	}
}

// FuzzHullVsBrute decodes bytes into inserts, queries and resets and
// checks the hull against brute force after every query, plus the hull's
// internal invariants and Stored() against the boundary reference.
func FuzzHullVsBrute(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte{1, 1, 0, 5, 1, 1, 0, 6, 1, 1, 0, 7, 2, 9, 1, 3, 5, 0})
	f.Add([]byte{0, 0, 0, 1, 0, 0, 2, 1, 0, 0, 1, 1, 2, 0, 255, 0, 2, 0, 1, 0})
	f.Add([]byte{2, 200, 1, 9, 2, 10, 1, 9, 2, 100, 128, 9, 6, 0, 1, 0, 10, 100, 50})
	f.Add([]byte{3, 127, 127, 1, 3, 128, 127, 1, 3, 0, 128, 1, 2, 1, 1, 0, 2, 3, 2, 1, 0})
	// Parabola mode: keys (2j, -j²) for j = 0, 1, 2, ... in order, queries,
	// then a key off the parabola.
	f.Add([]byte{2, 0, 0, 3, 2, 1, 0, 250, 2, 2, 0, 7, 2, 3, 0, 1, 3, 5, 1, 0, 3, 2, 0, 0, 5, 1, 255, 0,
		2, 4, 0, 9, 0, 2, 2, 1, 3, 7, 1, 0, 9, 3, 2, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		hs := newHarness(t)
		for i := 0; i+3 < len(data); i += 4 {
			op, a, b, v := data[i], int8(data[i+1]), int8(data[i+2]), data[i+3]
			switch {
			case op == 255:
				hs.h.Reset()
				hs.b.Reset()
				hs.keys = hs.keys[:0]
			case op%2 == 0:
				x, y := decodeKey(op/2, a, b)
				vx := float64(int8(v))
				vy := math.Ldexp(float64(v%16), int(v/16)*8-60) // mixed magnitudes
				hs.insert(x, y, vx, vy)
			default:
				x, y := decodeQuery(op/2, a, b)
				hs.query(x, y)
			}
		}
		hs.query(0, 0)
		hs.query(1, 0)
		hs.query(-1, 0)
		hs.query(0, 1)
		hs.query(0, -1)
		hs.verifyStored()
	})
}
