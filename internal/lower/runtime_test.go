package lower

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"math/rand"
	"strings"
	"testing"

	"github.com/hullvm/hullvm/internal/machine"
)

// The runtime routines and inline sequences are checked against Go's own
// arithmetic: a driver program reads operand pairs from its input, applies
// one WebAssembly instruction and writes the result, and the test compares
// every result.

// driver is a program that reads n, then n operand pairs (8 bytes each,
// most significant first), and writes the i64 value of each of exprs for
// each pair. The exprs see the operands as the i64 locals $a and $b.
func driver(exprs ...string) string {
	writes := ""
	for _, e := range exprs {
		writes += "\n        (call $write " + e + ")"
	}
	return `(module
  (import "env" "hv_getc" (func $getc (result i32)))
  (import "env" "hv_putc" (func $putc (param i32)))
  (func $read (result i64)
    (local $v i64) (local $k i32)
    (local.set $k (i32.const 8))
    (loop $byte
      (local.set $v (i64.add (i64.shl (local.get $v) (i64.const 8))
                             (i64.extend_i32_u (call $getc))))
      (br_if $byte (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (local.get $v))
  (func $write (param $v i64)
    (local $k i32)
    (local.set $k (i32.const 8))
    (loop $byte
      (call $putc (i32.wrap_i64 (i64.shr_u (local.get $v) (i64.const 56))))
      (local.set $v (i64.shl (local.get $v) (i64.const 8)))
      (br_if $byte (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
  (func (export "_start")
    (local $n i64) (local $a i64) (local $b i64)
    (local.set $n (call $read))
    (block $done
      (loop $case
        (br_if $done (i64.eqz (local.get $n)))
        (local.set $a (call $read))
        (local.set $b (call $read))` + writes + `
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $case)))))`
}

// i32 wraps a 32-bit instruction for the driver.
func i32expr(op string, binary bool) string {
	if binary {
		return fmt.Sprintf("(i64.extend_i32_u (%s (i32.wrap_i64 (local.get $a)) (i32.wrap_i64 (local.get $b))))", op)
	}
	return fmt.Sprintf("(i64.extend_i32_u (%s (i32.wrap_i64 (local.get $a))))", op)
}

func i64expr(op string, binary bool) string {
	if binary {
		return fmt.Sprintf("(%s (local.get $a) (local.get $b))", op)
	}
	return fmt.Sprintf("(%s (local.get $a))", op)
}

// edge32 and edge64 are operands at the edges of the ranges.
var edge32 = []uint64{0, 1, 2, 3, 5, 7, 10, 31, 32, 33, 63, 64, 255, 256, 0xffff, 0x10000, 0x00ff00ff,
	0x12345678, 0xdeadbeef, 0x7ffffffe, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff}

var edge64 = []uint64{0, 1, 2, 3, 5, 7, 10, 31, 32, 33, 63, 64, 65, 127, 128, 0xffffffff, 0x100000000,
	0x100000001, 0x7fffffff, 0x80000000, 0x123456789abcdef0, 0xdeadbeefcafebabe,
	0x7ffffffffffffffe, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001,
	0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffff00000000}

// operands returns edge pairs and random pairs of varied bit lengths.
func operands(edge []uint64, bits uint, rng *rand.Rand, n int) [][2]uint64 {
	var ps [][2]uint64
	for _, a := range edge {
		for _, b := range edge {
			ps = append(ps, [2]uint64{a, b})
		}
	}
	rnd := func() uint64 {
		v := rng.Uint64() >> (64 - bits)
		v >>= rng.Intn(int(bits))
		if rng.Intn(4) == 0 { // negative values
			v = -v
		}
		if bits == 32 {
			v &= math.MaxUint32
		}
		return v
	}
	for i := 0; i < n; i++ {
		ps = append(ps, [2]uint64{rnd(), rnd()})
	}
	return ps
}

// runDriver lowers the driver for exprs and runs it on the pairs; the
// results come pair by pair, each pair's in the order of exprs.
func runDriver(t *testing.T, pairs [][2]uint64, exprs ...string) ([]uint64, *machine.Program, result) {
	t.Helper()
	expr := strings.Join(exprs, " ")
	p, err := lowerBytes(t, wat(t, driver(exprs...)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := binary.BigEndian.AppendUint64(nil, uint64(len(pairs)))
	for _, pr := range pairs {
		in = binary.BigEndian.AppendUint64(in, pr[0])
		in = binary.BigEndian.AppendUint64(in, pr[1])
	}
	r := runProgram(t, p, in)
	if !r.o.Halted || r.o.Status != 0 {
		t.Fatalf("%s: the driver did not halt with status 0: %+v", expr, r.o)
	}
	if len(r.out) != 8*len(pairs)*len(exprs) {
		t.Fatalf("%s: %d output bytes for %d cases", expr, len(r.out), len(pairs))
	}
	got := make([]uint64, len(pairs)*len(exprs))
	for i := range got {
		got[i] = binary.BigEndian.Uint64(r.out[8*i:])
	}
	return got, p, r
}

type arith struct {
	op     string
	binary bool
	w      uint
	ref    func(a, b uint64) uint64
	skip   func(a, b uint64) bool // operands that trap
}

func s32(v uint64) int32 { return int32(uint32(v)) }

var arithOps = []arith{
	{"i32.mul", true, 32, func(a, b uint64) uint64 { return uint64(uint32(a) * uint32(b)) }, nil},
	{"i32.div_u", true, 32, func(a, b uint64) uint64 { return uint64(uint32(a) / uint32(b)) }, zero32},
	{"i32.rem_u", true, 32, func(a, b uint64) uint64 { return uint64(uint32(a) % uint32(b)) }, zero32},
	{"i32.div_s", true, 32, func(a, b uint64) uint64 { return uint64(uint32(s32(a) / s32(b))) }, divsTraps32},
	{"i32.rem_s", true, 32, func(a, b uint64) uint64 {
		if s32(b) == -1 {
			return 0
		}
		return uint64(uint32(s32(a) % s32(b)))
	}, zero32},
	{"i32.shl", true, 32, func(a, b uint64) uint64 { return uint64(uint32(a) << (b & 31)) }, nil},
	{"i32.shr_u", true, 32, func(a, b uint64) uint64 { return uint64(uint32(a) >> (b & 31)) }, nil},
	{"i32.shr_s", true, 32, func(a, b uint64) uint64 { return uint64(uint32(s32(a) >> (b & 31))) }, nil},
	{"i32.rotl", true, 32, func(a, b uint64) uint64 { return uint64(bits.RotateLeft32(uint32(a), int(b&31))) }, nil},
	{"i32.rotr", true, 32, func(a, b uint64) uint64 { return uint64(bits.RotateLeft32(uint32(a), -int(b&31))) }, nil},
	{"i32.clz", false, 32, func(a, _ uint64) uint64 { return uint64(bits.LeadingZeros32(uint32(a))) }, nil},
	{"i32.ctz", false, 32, func(a, _ uint64) uint64 { return uint64(bits.TrailingZeros32(uint32(a))) }, nil},
	{"i32.popcnt", false, 32, func(a, _ uint64) uint64 { return uint64(bits.OnesCount32(uint32(a))) }, nil},
	{"i64.mul", true, 64, func(a, b uint64) uint64 { return a * b }, nil},
	{"i64.div_u", true, 64, func(a, b uint64) uint64 { return a / b }, zero64},
	{"i64.rem_u", true, 64, func(a, b uint64) uint64 { return a % b }, zero64},
	{"i64.div_s", true, 64, func(a, b uint64) uint64 { return uint64(int64(a) / int64(b)) }, divsTraps64},
	{"i64.rem_s", true, 64, func(a, b uint64) uint64 {
		if int64(b) == -1 {
			return 0
		}
		return uint64(int64(a) % int64(b))
	}, zero64},
	{"i64.shl", true, 64, func(a, b uint64) uint64 { return a << (b & 63) }, nil},
	{"i64.shr_u", true, 64, func(a, b uint64) uint64 { return a >> (b & 63) }, nil},
	{"i64.shr_s", true, 64, func(a, b uint64) uint64 { return uint64(int64(a) >> (b & 63)) }, nil},
	{"i64.rotl", true, 64, func(a, b uint64) uint64 { return bits.RotateLeft64(a, int(b&63)) }, nil},
	{"i64.rotr", true, 64, func(a, b uint64) uint64 { return bits.RotateLeft64(a, -int(b&63)) }, nil},
	{"i64.clz", false, 64, func(a, _ uint64) uint64 { return uint64(bits.LeadingZeros64(a)) }, nil},
	{"i64.ctz", false, 64, func(a, _ uint64) uint64 { return uint64(bits.TrailingZeros64(a)) }, nil},
	{"i64.popcnt", false, 64, func(a, _ uint64) uint64 { return uint64(bits.OnesCount64(a)) }, nil},
	{"i64.extend8_s", false, 64, func(a, _ uint64) uint64 { return uint64(int64(int8(a))) }, nil},
	{"i64.extend16_s", false, 64, func(a, _ uint64) uint64 { return uint64(int64(int16(a))) }, nil},
	{"i64.extend32_s", false, 64, func(a, _ uint64) uint64 { return uint64(int64(int32(a))) }, nil},
	{"i32.extend8_s", false, 32, func(a, _ uint64) uint64 { return uint64(uint32(int32(int8(a)))) }, nil},
	{"i32.extend16_s", false, 32, func(a, _ uint64) uint64 { return uint64(uint32(int32(int16(a)))) }, nil},
	{"i32.and", true, 32, func(a, b uint64) uint64 { return a & b }, nil},
	{"i32.or", true, 32, func(a, b uint64) uint64 { return a | b }, nil},
	{"i32.xor", true, 32, func(a, b uint64) uint64 { return a ^ b }, nil},
	{"i64.and", true, 64, func(a, b uint64) uint64 { return a & b }, nil},
	{"i64.or", true, 64, func(a, b uint64) uint64 { return a | b }, nil},
	{"i64.xor", true, 64, func(a, b uint64) uint64 { return a ^ b }, nil},
}

func zero32(_, b uint64) bool      { return uint32(b) == 0 }
func zero64(_, b uint64) bool      { return b == 0 }
func divsTraps32(a, b uint64) bool { return zero32(a, b) || s32(a) == math.MinInt32 && s32(b) == -1 }
func divsTraps64(a, b uint64) bool {
	return b == 0 || int64(a) == math.MinInt64 && int64(b) == -1
}

func TestRoutines(t *testing.T) {
	needWabt(t)
	rng := rand.New(rand.NewSource(1))
	for _, a := range arithOps {
		t.Run(a.op, func(t *testing.T) {
			edge := pick(a.w == 32, edge32, edge64)
			var pairs [][2]uint64
			for _, p := range operands(edge, a.w, rng, 300) {
				if a.skip == nil || !a.skip(p[0], p[1]) {
					pairs = append(pairs, p)
				}
			}
			expr := pick(a.w == 32, i32expr, i64expr)(a.op, a.binary)
			got, _, _ := runDriver(t, pairs, expr)
			bad := 0
			for i, p := range pairs {
				if want := a.ref(p[0], p[1]); got[i] != want {
					if bad++; bad <= 5 {
						t.Errorf("%s(%#x, %#x) = %#x, want %#x", a.op, p[0], p[1], got[i], want)
					}
				}
			}
		})
	}
}

// TestConstOperands checks the inline sequences for a constant second
// operand: shifts and rotations, multiplication, and unsigned division and
// remainder by powers of two (and the routine fallbacks for other ones).
func TestConstOperands(t *testing.T) {
	needWabt(t)
	rng := rand.New(rand.NewSource(2))
	consts := map[uint][]uint64{
		32: {0, 1, 2, 3, 4, 5, 7, 8, 10, 31, 32, 33, 63, 100, 1000, 0x55555555, 0xaaaaaaaa, 0x7fffffff,
			0x80000000, 0xcccccccd, 0xfffffffe, 0xffffffff, 0x10001, 0xf0f0f0f0},
		64: {0, 1, 2, 3, 4, 5, 7, 8, 10, 31, 32, 33, 63, 64, 65, 100, 0x100000000, 0xcccccccd,
			0x5555555555555555, 0xaaaaaaaaaaaaaaaa, 0x7fffffffffffffff, 0x8000000000000000,
			0xfffffffffffffffe, 0xffffffffffffffff, 0x123456789abcdef1},
	}
	for _, a := range arithOps {
		if !a.binary || strings.Contains(a.op, "and") || strings.Contains(a.op, "or") {
			continue
		}
		t.Run(a.op, func(t *testing.T) {
			// One expression per constant, all applied to every operand.
			var cs []uint64
			var exprs []string
			for _, c := range consts[a.w] {
				if a.skip != nil && a.skip(0, c) {
					continue // division by zero
				}
				cs = append(cs, c)
				if a.w == 32 {
					exprs = append(exprs, fmt.Sprintf("(i64.extend_i32_u (%s (i32.wrap_i64 (local.get $a)) (i32.const %d)))", a.op, int32(c)))
				} else {
					exprs = append(exprs, fmt.Sprintf("(%s (local.get $a) (i64.const %d))", a.op, int64(c)))
				}
			}
			var pairs [][2]uint64
			xs := pick(a.w == 32, edge32, edge64)
			for _, p := range operands(nil, a.w, rng, 60) {
				xs = append(xs, p[0])
			}
			for _, x := range xs {
				if a.skip == nil || !a.skip(x, ^uint64(0)) { // INT_MIN / -1 traps
					pairs = append(pairs, [2]uint64{x, 0})
				}
			}
			got, _, _ := runDriver(t, pairs, exprs...)
			for i, p := range pairs {
				for j, c := range cs {
					if want := a.ref(p[0], c); got[i*len(cs)+j] != want {
						t.Fatalf("%s(%#x, const %#x) = %#x, want %#x", a.op, p[0], c, got[i*len(cs)+j], want)
					}
				}
			}
		})
	}
}
