;; runtime.wat - the runtime routines of HullVM's lowering (internal/lower).
;;
;; The machine executes add, sub, comparisons, and/or/xor and shifts by a
;; constant natively. Every other integer instruction of WebAssembly becomes a
;; call to one of the routines below. They are written with those native
;; operations only (add, sub, compare, eqz, and/or/xor, shifts by a constant,
;; wrap/extend, locals, block/loop/if/br/br_if/br_table, calls to each other),
;; so that lowering them needs no routine itself; lower's tests check this,
;; and check every routine against Go's arithmetic.
;;
;; The two imports are not host functions: the lowering turns a call to them
;; into the machine's trap instruction with that trap kind.
;;
;; Build: wat2wasm --debug-names runtime.wat -o runtime.wasm (the test
;; TestRuntimeWasmUpToDate rebuilds it and compares the bytes).
(module
  (import "rt" "trap_div_by_zero" (func $trap_div_by_zero))
  (import "rt" "trap_overflow" (func $trap_overflow))

  ;; ---- multiplication: shift and add over the bits of the smaller operand

  (func $mul32 (export "mul32") (param $a i32) (param $b i32) (result i32)
    (local $r i32)
    (if (i32.lt_u (local.get $a) (local.get $b))
      (then
        (local.set $r (local.get $a))
        (local.set $a (local.get $b))
        (local.set $b (local.get $r))
        (local.set $r (i32.const 0))))
    (if (i32.eqz (local.get $b))
      (then (return (i32.const 0))))
    (loop $bit
      ;; b << 31 is nonzero when the low bit of b is set
      (if (i32.shl (local.get $b) (i32.const 31))
        (then (local.set $r (i32.add (local.get $r) (local.get $a)))))
      (local.set $a (i32.add (local.get $a) (local.get $a)))
      (br_if $bit (local.tee $b (i32.shr_u (local.get $b) (i32.const 1)))))
    (local.get $r))

  (func $mul64 (export "mul64") (param $a i64) (param $b i64) (result i64)
    (local $r i64)
    (if (i64.lt_u (local.get $a) (local.get $b))
      (then
        (local.set $r (local.get $a))
        (local.set $a (local.get $b))
        (local.set $b (local.get $r))
        (local.set $r (i64.const 0))))
    (if (i64.eqz (local.get $b))
      (then (return (i64.const 0))))
    (loop $bit
      (if (i32.shl (i32.wrap_i64 (local.get $b)) (i32.const 31))
        (then (local.set $r (i64.add (local.get $r) (local.get $a)))))
      (local.set $a (i64.add (local.get $a) (local.get $a)))
      (br_if $bit (i64.ne (local.tee $b (i64.shr_u (local.get $b) (i64.const 1))) (i64.const 0))))
    (local.get $r))

  ;; ---- unsigned division: restoring division, one quotient bit a step.
  ;; Whole zero bytes (then a zero nibble) at the top of the dividend n are
  ;; skipped first, which leaves a multiple of 4 steps. A divisor of 2^31
  ;; or more gives quotient 1 at once (n >= d is known there).
  ;;
  ;; divmodu32 keeps the partial remainder r and the dividend in one i64,
  ;; rn = r << 32 | n: doubling rn shifts n's top bit into r, r >= d is
  ;; rn >= d << 32, and subtracting d << 32 - 1 both reduces r and sets the
  ;; quotient bit in the low half, where the quotient builds up as n's bits
  ;; leave it. r < d < 2^31 keeps 2r + 1 within the high half.

  (func $divmodu32 (param $n i32) (param $d i32) (result i32 i32)
    (local $k i32) (local $rn i64) (local $dd i64) (local $dd1 i64)
    (if (i32.eqz (local.get $d))
      (then (call $trap_div_by_zero)))
    (if (i32.lt_u (local.get $n) (local.get $d))
      (then (return (i32.const 0) (local.get $n))))
    (if (i32.lt_s (local.get $d) (i32.const 0))
      (then (return (i32.const 1) (i32.sub (local.get $n) (local.get $d)))))
    (local.set $k (i32.const 32))
    (block $top
      (loop $byte
        (br_if $top (i32.ge_u (local.get $n) (i32.const 0x01000000)))
        (local.set $n (i32.shl (local.get $n) (i32.const 8)))
        (local.set $k (i32.sub (local.get $k) (i32.const 8)))
        (br $byte)))
    (if (i32.lt_u (local.get $n) (i32.const 0x10000000))
      (then
        (local.set $n (i32.shl (local.get $n) (i32.const 4)))
        (local.set $k (i32.sub (local.get $k) (i32.const 4)))))
    (local.set $rn (i64.extend_i32_u (local.get $n)))
    (local.set $dd (i64.shl (i64.extend_i32_u (local.get $d)) (i64.const 32)))
    (local.set $dd1 (i64.sub (local.get $dd) (i64.const 1)))
    (loop $steps
      (if (i64.ge_u (local.tee $rn (i64.add (local.get $rn) (local.get $rn))) (local.get $dd))
        (then (local.set $rn (i64.sub (local.get $rn) (local.get $dd1)))))
      (if (i64.ge_u (local.tee $rn (i64.add (local.get $rn) (local.get $rn))) (local.get $dd))
        (then (local.set $rn (i64.sub (local.get $rn) (local.get $dd1)))))
      (if (i64.ge_u (local.tee $rn (i64.add (local.get $rn) (local.get $rn))) (local.get $dd))
        (then (local.set $rn (i64.sub (local.get $rn) (local.get $dd1)))))
      (if (i64.ge_u (local.tee $rn (i64.add (local.get $rn) (local.get $rn))) (local.get $dd))
        (then (local.set $rn (i64.sub (local.get $rn) (local.get $dd1)))))
      (br_if $steps (local.tee $k (i32.sub (local.get $k) (i32.const 4)))))
    (i32.wrap_i64 (local.get $rn))
    (i32.wrap_i64 (i64.shr_u (local.get $rn) (i64.const 32))))

  (func $divu32 (export "divu32") (param $n i32) (param $d i32) (result i32)
    (call $divmodu32 (local.get $n) (local.get $d))
    (drop))

  (func $remu32 (export "remu32") (param $n i32) (param $d i32) (result i32)
    (call $divmodu32 (local.get $n) (local.get $d))
    (local.set $n)
    (drop)
    (local.get $n))

  ;; divmodu64 divides with r and n apart: the dividend n shifts left into
  ;; r, and the quotient bits shift into n's low end, so after the steps n
  ;; holds the quotient. A dividend below 2^32 (so also the divisor) goes
  ;; to divmodu32.
  (func $divmodu64 (param $n i64) (param $d i64) (result i64 i64)
    (local $r i64) (local $k i32)
    (if (i64.eqz (local.get $d))
      (then (call $trap_div_by_zero)))
    (if (i64.lt_u (local.get $n) (local.get $d))
      (then (return (i64.const 0) (local.get $n))))
    (if (i64.lt_s (local.get $d) (i64.const 0))
      (then (return (i64.const 1) (i64.sub (local.get $n) (local.get $d)))))
    (if (i64.lt_u (local.get $n) (i64.const 0x100000000))
      (then
        (call $divmodu32 (i32.wrap_i64 (local.get $n)) (i32.wrap_i64 (local.get $d)))
        (local.set $k)
        (i64.extend_i32_u)
        (i64.extend_i32_u (local.get $k))
        (return)))
    (local.set $k (i32.const 64))
    (block $top
      (loop $byte
        (br_if $top (i64.ge_u (local.get $n) (i64.const 0x0100000000000000)))
        (local.set $n (i64.shl (local.get $n) (i64.const 8)))
        (local.set $k (i32.sub (local.get $k) (i32.const 8)))
        (br $byte)))
    (if (i64.lt_u (local.get $n) (i64.const 0x1000000000000000))
      (then
        (local.set $n (i64.shl (local.get $n) (i64.const 4)))
        (local.set $k (i32.sub (local.get $k) (i32.const 4)))))
    (loop $steps
      ;; r = 2r + top bit of n; n = 2n; if r >= d: r -= d, n += 1
      (local.set $r (i64.add (i64.add (local.get $r) (local.get $r))
                             (i64.shr_u (local.get $n) (i64.const 63))))
      (local.set $n (i64.add (local.get $n) (local.get $n)))
      (if (i64.ge_u (local.get $r) (local.get $d))
        (then
          (local.set $r (i64.sub (local.get $r) (local.get $d)))
          (local.set $n (i64.add (local.get $n) (i64.const 1)))))
      (local.set $r (i64.add (i64.add (local.get $r) (local.get $r))
                             (i64.shr_u (local.get $n) (i64.const 63))))
      (local.set $n (i64.add (local.get $n) (local.get $n)))
      (if (i64.ge_u (local.get $r) (local.get $d))
        (then
          (local.set $r (i64.sub (local.get $r) (local.get $d)))
          (local.set $n (i64.add (local.get $n) (i64.const 1)))))
      (local.set $r (i64.add (i64.add (local.get $r) (local.get $r))
                             (i64.shr_u (local.get $n) (i64.const 63))))
      (local.set $n (i64.add (local.get $n) (local.get $n)))
      (if (i64.ge_u (local.get $r) (local.get $d))
        (then
          (local.set $r (i64.sub (local.get $r) (local.get $d)))
          (local.set $n (i64.add (local.get $n) (i64.const 1)))))
      (local.set $r (i64.add (i64.add (local.get $r) (local.get $r))
                             (i64.shr_u (local.get $n) (i64.const 63))))
      (local.set $n (i64.add (local.get $n) (local.get $n)))
      (if (i64.ge_u (local.get $r) (local.get $d))
        (then
          (local.set $r (i64.sub (local.get $r) (local.get $d)))
          (local.set $n (i64.add (local.get $n) (i64.const 1)))))
      (br_if $steps (local.tee $k (i32.sub (local.get $k) (i32.const 4)))))
    (local.get $n) (local.get $r))

  (func $divu64 (export "divu64") (param $n i64) (param $d i64) (result i64)
    (call $divmodu64 (local.get $n) (local.get $d))
    (drop))

  (func $remu64 (export "remu64") (param $n i64) (param $d i64) (result i64)
    (call $divmodu64 (local.get $n) (local.get $d))
    (local.set $n)
    (drop)
    (local.get $n))

  ;; ---- signed division: magnitudes divided unsigned, then the sign fixed.
  ;; INT_MIN's magnitude, 2^31, is right as an unsigned number.

  (func $divs32 (export "divs32") (param $n i32) (param $d i32) (result i32)
    (local $neg i32)
    (if (i32.eqz (local.get $d))
      (then (call $trap_div_by_zero)))
    (if (i32.eq (local.get $d) (i32.const -1))
      (then
        (if (i32.eq (local.get $n) (i32.const 0x80000000))
          (then (call $trap_overflow)))
        (return (i32.sub (i32.const 0) (local.get $n)))))
    (local.set $neg (i32.ne (i32.lt_s (local.get $n) (i32.const 0))
                            (i32.lt_s (local.get $d) (i32.const 0))))
    (if (i32.lt_s (local.get $n) (i32.const 0))
      (then (local.set $n (i32.sub (i32.const 0) (local.get $n)))))
    (if (i32.lt_s (local.get $d) (i32.const 0))
      (then (local.set $d (i32.sub (i32.const 0) (local.get $d)))))
    (call $divmodu32 (local.get $n) (local.get $d))
    (drop)
    (local.set $n)
    (if (result i32) (local.get $neg)
      (then (i32.sub (i32.const 0) (local.get $n)))
      (else (local.get $n))))

  ;; rem_s: the remainder takes the dividend's sign; INT_MIN % -1 is 0
  ;; (magnitudes 2^31 and 1), no trap.
  (func $rems32 (export "rems32") (param $n i32) (param $d i32) (result i32)
    (local $neg i32)
    (if (i32.eqz (local.get $d))
      (then (call $trap_div_by_zero)))
    (local.set $neg (i32.lt_s (local.get $n) (i32.const 0)))
    (if (local.get $neg)
      (then (local.set $n (i32.sub (i32.const 0) (local.get $n)))))
    (if (i32.lt_s (local.get $d) (i32.const 0))
      (then (local.set $d (i32.sub (i32.const 0) (local.get $d)))))
    (call $divmodu32 (local.get $n) (local.get $d))
    (local.set $n)
    (drop)
    (if (result i32) (local.get $neg)
      (then (i32.sub (i32.const 0) (local.get $n)))
      (else (local.get $n))))

  (func $divs64 (export "divs64") (param $n i64) (param $d i64) (result i64)
    (local $neg i32)
    (if (i64.eqz (local.get $d))
      (then (call $trap_div_by_zero)))
    (if (i64.eq (local.get $d) (i64.const -1))
      (then
        (if (i64.eq (local.get $n) (i64.const 0x8000000000000000))
          (then (call $trap_overflow)))
        (return (i64.sub (i64.const 0) (local.get $n)))))
    (local.set $neg (i32.ne (i64.lt_s (local.get $n) (i64.const 0))
                            (i64.lt_s (local.get $d) (i64.const 0))))
    (if (i64.lt_s (local.get $n) (i64.const 0))
      (then (local.set $n (i64.sub (i64.const 0) (local.get $n)))))
    (if (i64.lt_s (local.get $d) (i64.const 0))
      (then (local.set $d (i64.sub (i64.const 0) (local.get $d)))))
    (call $divmodu64 (local.get $n) (local.get $d))
    (drop)
    (local.set $n)
    (if (result i64) (local.get $neg)
      (then (i64.sub (i64.const 0) (local.get $n)))
      (else (local.get $n))))

  (func $rems64 (export "rems64") (param $n i64) (param $d i64) (result i64)
    (local $neg i32)
    (if (i64.eqz (local.get $d))
      (then (call $trap_div_by_zero)))
    (local.set $neg (i64.lt_s (local.get $n) (i64.const 0)))
    (if (local.get $neg)
      (then (local.set $n (i64.sub (i64.const 0) (local.get $n)))))
    (if (i64.lt_s (local.get $d) (i64.const 0))
      (then (local.set $d (i64.sub (i64.const 0) (local.get $d)))))
    (call $divmodu64 (local.get $n) (local.get $d))
    (local.set $n)
    (drop)
    (if (result i64) (local.get $neg)
      (then (i64.sub (i64.const 0) (local.get $n)))
      (else (local.get $n))))

  ;; ---- bit counts

  ;; clz: binary search, shifting the set bits up by 16, 8, 4, 2, 1.
  (func $clz32 (export "clz32") (param $x i32) (result i32)
    (local $n i32)
    (if (i32.eqz (local.get $x))
      (then (return (i32.const 32))))
    (if (i32.lt_u (local.get $x) (i32.const 0x10000))
      (then
        (local.set $n (i32.const 16))
        (local.set $x (i32.shl (local.get $x) (i32.const 16)))))
    (if (i32.lt_u (local.get $x) (i32.const 0x1000000))
      (then
        (local.set $n (i32.add (local.get $n) (i32.const 8)))
        (local.set $x (i32.shl (local.get $x) (i32.const 8)))))
    (if (i32.lt_u (local.get $x) (i32.const 0x10000000))
      (then
        (local.set $n (i32.add (local.get $n) (i32.const 4)))
        (local.set $x (i32.shl (local.get $x) (i32.const 4)))))
    (if (i32.lt_u (local.get $x) (i32.const 0x40000000))
      (then
        (local.set $n (i32.add (local.get $n) (i32.const 2)))
        (local.set $x (i32.shl (local.get $x) (i32.const 2)))))
    (i32.add (local.get $n) (i32.ge_s (local.get $x) (i32.const 0))))

  ;; ctz: binary search from the low end, shifting the set bits down.
  (func $ctz32 (export "ctz32") (param $x i32) (result i32)
    (local $n i32)
    (if (i32.eqz (local.get $x))
      (then (return (i32.const 32))))
    (if (i32.eqz (i32.shl (local.get $x) (i32.const 16)))
      (then
        (local.set $n (i32.const 16))
        (local.set $x (i32.shr_u (local.get $x) (i32.const 16)))))
    (if (i32.eqz (i32.shl (local.get $x) (i32.const 24)))
      (then
        (local.set $n (i32.add (local.get $n) (i32.const 8)))
        (local.set $x (i32.shr_u (local.get $x) (i32.const 8)))))
    (if (i32.eqz (i32.shl (local.get $x) (i32.const 28)))
      (then
        (local.set $n (i32.add (local.get $n) (i32.const 4)))
        (local.set $x (i32.shr_u (local.get $x) (i32.const 4)))))
    (if (i32.eqz (i32.shl (local.get $x) (i32.const 30)))
      (then
        (local.set $n (i32.add (local.get $n) (i32.const 2)))
        (local.set $x (i32.shr_u (local.get $x) (i32.const 2)))))
    (i32.add (local.get $n) (i32.eqz (i32.shl (local.get $x) (i32.const 31)))))

  ;; popcnt: the parallel bit count, with additions instead of the usual
  ;; final multiplication.
  (func $popcnt32 (export "popcnt32") (param $x i32) (result i32)
    (local.set $x (i32.sub (local.get $x)
      (i32.and (i32.shr_u (local.get $x) (i32.const 1)) (i32.const 0x55555555))))
    (local.set $x (i32.add
      (i32.and (local.get $x) (i32.const 0x33333333))
      (i32.and (i32.shr_u (local.get $x) (i32.const 2)) (i32.const 0x33333333))))
    (local.set $x (i32.and
      (i32.add (local.get $x) (i32.shr_u (local.get $x) (i32.const 4)))
      (i32.const 0x0f0f0f0f)))
    (local.set $x (i32.add (local.get $x) (i32.shr_u (local.get $x) (i32.const 8))))
    (local.set $x (i32.add (local.get $x) (i32.shr_u (local.get $x) (i32.const 16))))
    (i32.and (local.get $x) (i32.const 0x3f)))

  (func $clz64 (export "clz64") (param $x i64) (result i64)
    (local $n i64)
    (if (i64.eqz (local.get $x))
      (then (return (i64.const 64))))
    (if (i64.lt_u (local.get $x) (i64.const 0x100000000))
      (then
        (local.set $n (i64.const 32))
        (local.set $x (i64.shl (local.get $x) (i64.const 32)))))
    (if (i64.lt_u (local.get $x) (i64.const 0x1000000000000))
      (then
        (local.set $n (i64.add (local.get $n) (i64.const 16)))
        (local.set $x (i64.shl (local.get $x) (i64.const 16)))))
    (if (i64.lt_u (local.get $x) (i64.const 0x100000000000000))
      (then
        (local.set $n (i64.add (local.get $n) (i64.const 8)))
        (local.set $x (i64.shl (local.get $x) (i64.const 8)))))
    (if (i64.lt_u (local.get $x) (i64.const 0x1000000000000000))
      (then
        (local.set $n (i64.add (local.get $n) (i64.const 4)))
        (local.set $x (i64.shl (local.get $x) (i64.const 4)))))
    (if (i64.lt_u (local.get $x) (i64.const 0x4000000000000000))
      (then
        (local.set $n (i64.add (local.get $n) (i64.const 2)))
        (local.set $x (i64.shl (local.get $x) (i64.const 2)))))
    (i64.add (local.get $n) (i64.extend_i32_u (i64.ge_s (local.get $x) (i64.const 0)))))

  (func $ctz64 (export "ctz64") (param $x i64) (result i64)
    (local $n i64)
    (if (i64.eqz (local.get $x))
      (then (return (i64.const 64))))
    (if (i64.eqz (i64.shl (local.get $x) (i64.const 32)))
      (then
        (local.set $n (i64.const 32))
        (local.set $x (i64.shr_u (local.get $x) (i64.const 32)))))
    (if (i64.eqz (i64.shl (local.get $x) (i64.const 48)))
      (then
        (local.set $n (i64.add (local.get $n) (i64.const 16)))
        (local.set $x (i64.shr_u (local.get $x) (i64.const 16)))))
    (if (i64.eqz (i64.shl (local.get $x) (i64.const 56)))
      (then
        (local.set $n (i64.add (local.get $n) (i64.const 8)))
        (local.set $x (i64.shr_u (local.get $x) (i64.const 8)))))
    (if (i64.eqz (i64.shl (local.get $x) (i64.const 60)))
      (then
        (local.set $n (i64.add (local.get $n) (i64.const 4)))
        (local.set $x (i64.shr_u (local.get $x) (i64.const 4)))))
    (if (i64.eqz (i64.shl (local.get $x) (i64.const 62)))
      (then
        (local.set $n (i64.add (local.get $n) (i64.const 2)))
        (local.set $x (i64.shr_u (local.get $x) (i64.const 2)))))
    (i64.add (local.get $n) (i64.extend_i32_u (i64.eqz (i64.shl (local.get $x) (i64.const 63))))))

  (func $popcnt64 (export "popcnt64") (param $x i64) (result i64)
    (local.set $x (i64.sub (local.get $x)
      (i64.and (i64.shr_u (local.get $x) (i64.const 1)) (i64.const 0x5555555555555555))))
    (local.set $x (i64.add
      (i64.and (local.get $x) (i64.const 0x3333333333333333))
      (i64.and (i64.shr_u (local.get $x) (i64.const 2)) (i64.const 0x3333333333333333))))
    (local.set $x (i64.and
      (i64.add (local.get $x) (i64.shr_u (local.get $x) (i64.const 4)))
      (i64.const 0x0f0f0f0f0f0f0f0f)))
    (local.set $x (i64.add (local.get $x) (i64.shr_u (local.get $x) (i64.const 8))))
    (local.set $x (i64.add (local.get $x) (i64.shr_u (local.get $x) (i64.const 16))))
    (local.set $x (i64.add (local.get $x) (i64.shr_u (local.get $x) (i64.const 32))))
    (i64.and (local.get $x) (i64.const 0x7f)))

  ;; ---- rotations by a variable amount: two shifts. The amounts n and
  ;; -n agree mod 32 only for n = 0 mod 32, where both shifts give x and
  ;; or gives x again.

  (func $rotl32 (export "rotl32") (param $x i32) (param $n i32) (result i32)
    (i32.or (call $shl32 (local.get $x) (local.get $n))
            (call $shru32 (local.get $x) (i32.sub (i32.const 0) (local.get $n)))))

  (func $rotr32 (export "rotr32") (param $x i32) (param $n i32) (result i32)
    (i32.or (call $shru32 (local.get $x) (local.get $n))
            (call $shl32 (local.get $x) (i32.sub (i32.const 0) (local.get $n)))))

  (func $rotl64 (export "rotl64") (param $x i64) (param $n i64) (result i64)
    (i64.or (call $shl64 (local.get $x) (local.get $n))
            (call $shru64 (local.get $x) (i64.sub (i64.const 0) (local.get $n)))))

  (func $rotr64 (export "rotr64") (param $x i64) (param $n i64) (result i64)
    (i64.or (call $shru64 (local.get $x) (local.get $n))
            (call $shl64 (local.get $x) (i64.sub (i64.const 0) (local.get $n)))))

  ;; Shifts by a variable amount: a br_table on the amount into one
  ;; constant shift per case. The cases below are regular; each is one line.

  (func $shl32 (export "shl32") (param $x i32) (param $n i32) (result i32)
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
      (br_table 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
                16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
        (i32.and (local.get $n) (i32.const 31))))
    (return (local.get $x)))
    (return (i32.shl (local.get $x) (i32.const 1))))
    (return (i32.shl (local.get $x) (i32.const 2))))
    (return (i32.shl (local.get $x) (i32.const 3))))
    (return (i32.shl (local.get $x) (i32.const 4))))
    (return (i32.shl (local.get $x) (i32.const 5))))
    (return (i32.shl (local.get $x) (i32.const 6))))
    (return (i32.shl (local.get $x) (i32.const 7))))
    (return (i32.shl (local.get $x) (i32.const 8))))
    (return (i32.shl (local.get $x) (i32.const 9))))
    (return (i32.shl (local.get $x) (i32.const 10))))
    (return (i32.shl (local.get $x) (i32.const 11))))
    (return (i32.shl (local.get $x) (i32.const 12))))
    (return (i32.shl (local.get $x) (i32.const 13))))
    (return (i32.shl (local.get $x) (i32.const 14))))
    (return (i32.shl (local.get $x) (i32.const 15))))
    (return (i32.shl (local.get $x) (i32.const 16))))
    (return (i32.shl (local.get $x) (i32.const 17))))
    (return (i32.shl (local.get $x) (i32.const 18))))
    (return (i32.shl (local.get $x) (i32.const 19))))
    (return (i32.shl (local.get $x) (i32.const 20))))
    (return (i32.shl (local.get $x) (i32.const 21))))
    (return (i32.shl (local.get $x) (i32.const 22))))
    (return (i32.shl (local.get $x) (i32.const 23))))
    (return (i32.shl (local.get $x) (i32.const 24))))
    (return (i32.shl (local.get $x) (i32.const 25))))
    (return (i32.shl (local.get $x) (i32.const 26))))
    (return (i32.shl (local.get $x) (i32.const 27))))
    (return (i32.shl (local.get $x) (i32.const 28))))
    (return (i32.shl (local.get $x) (i32.const 29))))
    (return (i32.shl (local.get $x) (i32.const 30))))
    (i32.shl (local.get $x) (i32.const 31)))

  (func $shru32 (export "shru32") (param $x i32) (param $n i32) (result i32)
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
      (br_table 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
                16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
        (i32.and (local.get $n) (i32.const 31))))
    (return (local.get $x)))
    (return (i32.shr_u (local.get $x) (i32.const 1))))
    (return (i32.shr_u (local.get $x) (i32.const 2))))
    (return (i32.shr_u (local.get $x) (i32.const 3))))
    (return (i32.shr_u (local.get $x) (i32.const 4))))
    (return (i32.shr_u (local.get $x) (i32.const 5))))
    (return (i32.shr_u (local.get $x) (i32.const 6))))
    (return (i32.shr_u (local.get $x) (i32.const 7))))
    (return (i32.shr_u (local.get $x) (i32.const 8))))
    (return (i32.shr_u (local.get $x) (i32.const 9))))
    (return (i32.shr_u (local.get $x) (i32.const 10))))
    (return (i32.shr_u (local.get $x) (i32.const 11))))
    (return (i32.shr_u (local.get $x) (i32.const 12))))
    (return (i32.shr_u (local.get $x) (i32.const 13))))
    (return (i32.shr_u (local.get $x) (i32.const 14))))
    (return (i32.shr_u (local.get $x) (i32.const 15))))
    (return (i32.shr_u (local.get $x) (i32.const 16))))
    (return (i32.shr_u (local.get $x) (i32.const 17))))
    (return (i32.shr_u (local.get $x) (i32.const 18))))
    (return (i32.shr_u (local.get $x) (i32.const 19))))
    (return (i32.shr_u (local.get $x) (i32.const 20))))
    (return (i32.shr_u (local.get $x) (i32.const 21))))
    (return (i32.shr_u (local.get $x) (i32.const 22))))
    (return (i32.shr_u (local.get $x) (i32.const 23))))
    (return (i32.shr_u (local.get $x) (i32.const 24))))
    (return (i32.shr_u (local.get $x) (i32.const 25))))
    (return (i32.shr_u (local.get $x) (i32.const 26))))
    (return (i32.shr_u (local.get $x) (i32.const 27))))
    (return (i32.shr_u (local.get $x) (i32.const 28))))
    (return (i32.shr_u (local.get $x) (i32.const 29))))
    (return (i32.shr_u (local.get $x) (i32.const 30))))
    (i32.shr_u (local.get $x) (i32.const 31)))

  ;; x >>s k = ((x + 2^31) >>u k) - 2^(31-k): adding 2^31 flips the sign bit,
  ;; which turns the signed value into an unsigned one 2^31 larger.
  (func $shrs32 (export "shrs32") (param $x i32) (param $n i32) (result i32)
    (local.set $x (i32.add (local.get $x) (i32.const 0x80000000)))
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
      (br_table 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
                16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
        (i32.and (local.get $n) (i32.const 31))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 0)) (i32.const 2147483648))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 1)) (i32.const 1073741824))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 2)) (i32.const 536870912))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 3)) (i32.const 268435456))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 4)) (i32.const 134217728))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 5)) (i32.const 67108864))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 6)) (i32.const 33554432))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 7)) (i32.const 16777216))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 8388608))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 9)) (i32.const 4194304))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 10)) (i32.const 2097152))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 11)) (i32.const 1048576))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 12)) (i32.const 524288))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 13)) (i32.const 262144))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 14)) (i32.const 131072))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 15)) (i32.const 65536))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 16)) (i32.const 32768))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 17)) (i32.const 16384))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 18)) (i32.const 8192))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 19)) (i32.const 4096))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 20)) (i32.const 2048))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 21)) (i32.const 1024))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 22)) (i32.const 512))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 23)) (i32.const 256))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 24)) (i32.const 128))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 25)) (i32.const 64))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 26)) (i32.const 32))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 27)) (i32.const 16))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 28)) (i32.const 8))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 29)) (i32.const 4))))
    (return (i32.sub (i32.shr_u (local.get $x) (i32.const 30)) (i32.const 2))))
    (i32.sub (i32.shr_u (local.get $x) (i32.const 31)) (i32.const 1)))

  (func $shl64 (export "shl64") (param $x i64) (param $n i64) (result i64)
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
      (br_table 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
                16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
                32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47
                48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63
        (i32.and (i32.wrap_i64 (local.get $n)) (i32.const 63))))
    (return (local.get $x)))
    (return (i64.shl (local.get $x) (i64.const 1))))
    (return (i64.shl (local.get $x) (i64.const 2))))
    (return (i64.shl (local.get $x) (i64.const 3))))
    (return (i64.shl (local.get $x) (i64.const 4))))
    (return (i64.shl (local.get $x) (i64.const 5))))
    (return (i64.shl (local.get $x) (i64.const 6))))
    (return (i64.shl (local.get $x) (i64.const 7))))
    (return (i64.shl (local.get $x) (i64.const 8))))
    (return (i64.shl (local.get $x) (i64.const 9))))
    (return (i64.shl (local.get $x) (i64.const 10))))
    (return (i64.shl (local.get $x) (i64.const 11))))
    (return (i64.shl (local.get $x) (i64.const 12))))
    (return (i64.shl (local.get $x) (i64.const 13))))
    (return (i64.shl (local.get $x) (i64.const 14))))
    (return (i64.shl (local.get $x) (i64.const 15))))
    (return (i64.shl (local.get $x) (i64.const 16))))
    (return (i64.shl (local.get $x) (i64.const 17))))
    (return (i64.shl (local.get $x) (i64.const 18))))
    (return (i64.shl (local.get $x) (i64.const 19))))
    (return (i64.shl (local.get $x) (i64.const 20))))
    (return (i64.shl (local.get $x) (i64.const 21))))
    (return (i64.shl (local.get $x) (i64.const 22))))
    (return (i64.shl (local.get $x) (i64.const 23))))
    (return (i64.shl (local.get $x) (i64.const 24))))
    (return (i64.shl (local.get $x) (i64.const 25))))
    (return (i64.shl (local.get $x) (i64.const 26))))
    (return (i64.shl (local.get $x) (i64.const 27))))
    (return (i64.shl (local.get $x) (i64.const 28))))
    (return (i64.shl (local.get $x) (i64.const 29))))
    (return (i64.shl (local.get $x) (i64.const 30))))
    (return (i64.shl (local.get $x) (i64.const 31))))
    (return (i64.shl (local.get $x) (i64.const 32))))
    (return (i64.shl (local.get $x) (i64.const 33))))
    (return (i64.shl (local.get $x) (i64.const 34))))
    (return (i64.shl (local.get $x) (i64.const 35))))
    (return (i64.shl (local.get $x) (i64.const 36))))
    (return (i64.shl (local.get $x) (i64.const 37))))
    (return (i64.shl (local.get $x) (i64.const 38))))
    (return (i64.shl (local.get $x) (i64.const 39))))
    (return (i64.shl (local.get $x) (i64.const 40))))
    (return (i64.shl (local.get $x) (i64.const 41))))
    (return (i64.shl (local.get $x) (i64.const 42))))
    (return (i64.shl (local.get $x) (i64.const 43))))
    (return (i64.shl (local.get $x) (i64.const 44))))
    (return (i64.shl (local.get $x) (i64.const 45))))
    (return (i64.shl (local.get $x) (i64.const 46))))
    (return (i64.shl (local.get $x) (i64.const 47))))
    (return (i64.shl (local.get $x) (i64.const 48))))
    (return (i64.shl (local.get $x) (i64.const 49))))
    (return (i64.shl (local.get $x) (i64.const 50))))
    (return (i64.shl (local.get $x) (i64.const 51))))
    (return (i64.shl (local.get $x) (i64.const 52))))
    (return (i64.shl (local.get $x) (i64.const 53))))
    (return (i64.shl (local.get $x) (i64.const 54))))
    (return (i64.shl (local.get $x) (i64.const 55))))
    (return (i64.shl (local.get $x) (i64.const 56))))
    (return (i64.shl (local.get $x) (i64.const 57))))
    (return (i64.shl (local.get $x) (i64.const 58))))
    (return (i64.shl (local.get $x) (i64.const 59))))
    (return (i64.shl (local.get $x) (i64.const 60))))
    (return (i64.shl (local.get $x) (i64.const 61))))
    (return (i64.shl (local.get $x) (i64.const 62))))
    (i64.shl (local.get $x) (i64.const 63)))

  (func $shru64 (export "shru64") (param $x i64) (param $n i64) (result i64)
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
      (br_table 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
                16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
                32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47
                48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63
        (i32.and (i32.wrap_i64 (local.get $n)) (i32.const 63))))
    (return (local.get $x)))
    (return (i64.shr_u (local.get $x) (i64.const 1))))
    (return (i64.shr_u (local.get $x) (i64.const 2))))
    (return (i64.shr_u (local.get $x) (i64.const 3))))
    (return (i64.shr_u (local.get $x) (i64.const 4))))
    (return (i64.shr_u (local.get $x) (i64.const 5))))
    (return (i64.shr_u (local.get $x) (i64.const 6))))
    (return (i64.shr_u (local.get $x) (i64.const 7))))
    (return (i64.shr_u (local.get $x) (i64.const 8))))
    (return (i64.shr_u (local.get $x) (i64.const 9))))
    (return (i64.shr_u (local.get $x) (i64.const 10))))
    (return (i64.shr_u (local.get $x) (i64.const 11))))
    (return (i64.shr_u (local.get $x) (i64.const 12))))
    (return (i64.shr_u (local.get $x) (i64.const 13))))
    (return (i64.shr_u (local.get $x) (i64.const 14))))
    (return (i64.shr_u (local.get $x) (i64.const 15))))
    (return (i64.shr_u (local.get $x) (i64.const 16))))
    (return (i64.shr_u (local.get $x) (i64.const 17))))
    (return (i64.shr_u (local.get $x) (i64.const 18))))
    (return (i64.shr_u (local.get $x) (i64.const 19))))
    (return (i64.shr_u (local.get $x) (i64.const 20))))
    (return (i64.shr_u (local.get $x) (i64.const 21))))
    (return (i64.shr_u (local.get $x) (i64.const 22))))
    (return (i64.shr_u (local.get $x) (i64.const 23))))
    (return (i64.shr_u (local.get $x) (i64.const 24))))
    (return (i64.shr_u (local.get $x) (i64.const 25))))
    (return (i64.shr_u (local.get $x) (i64.const 26))))
    (return (i64.shr_u (local.get $x) (i64.const 27))))
    (return (i64.shr_u (local.get $x) (i64.const 28))))
    (return (i64.shr_u (local.get $x) (i64.const 29))))
    (return (i64.shr_u (local.get $x) (i64.const 30))))
    (return (i64.shr_u (local.get $x) (i64.const 31))))
    (return (i64.shr_u (local.get $x) (i64.const 32))))
    (return (i64.shr_u (local.get $x) (i64.const 33))))
    (return (i64.shr_u (local.get $x) (i64.const 34))))
    (return (i64.shr_u (local.get $x) (i64.const 35))))
    (return (i64.shr_u (local.get $x) (i64.const 36))))
    (return (i64.shr_u (local.get $x) (i64.const 37))))
    (return (i64.shr_u (local.get $x) (i64.const 38))))
    (return (i64.shr_u (local.get $x) (i64.const 39))))
    (return (i64.shr_u (local.get $x) (i64.const 40))))
    (return (i64.shr_u (local.get $x) (i64.const 41))))
    (return (i64.shr_u (local.get $x) (i64.const 42))))
    (return (i64.shr_u (local.get $x) (i64.const 43))))
    (return (i64.shr_u (local.get $x) (i64.const 44))))
    (return (i64.shr_u (local.get $x) (i64.const 45))))
    (return (i64.shr_u (local.get $x) (i64.const 46))))
    (return (i64.shr_u (local.get $x) (i64.const 47))))
    (return (i64.shr_u (local.get $x) (i64.const 48))))
    (return (i64.shr_u (local.get $x) (i64.const 49))))
    (return (i64.shr_u (local.get $x) (i64.const 50))))
    (return (i64.shr_u (local.get $x) (i64.const 51))))
    (return (i64.shr_u (local.get $x) (i64.const 52))))
    (return (i64.shr_u (local.get $x) (i64.const 53))))
    (return (i64.shr_u (local.get $x) (i64.const 54))))
    (return (i64.shr_u (local.get $x) (i64.const 55))))
    (return (i64.shr_u (local.get $x) (i64.const 56))))
    (return (i64.shr_u (local.get $x) (i64.const 57))))
    (return (i64.shr_u (local.get $x) (i64.const 58))))
    (return (i64.shr_u (local.get $x) (i64.const 59))))
    (return (i64.shr_u (local.get $x) (i64.const 60))))
    (return (i64.shr_u (local.get $x) (i64.const 61))))
    (return (i64.shr_u (local.get $x) (i64.const 62))))
    (i64.shr_u (local.get $x) (i64.const 63)))

  (func $shrs64 (export "shrs64") (param $x i64) (param $n i64) (result i64)
    (local.set $x (i64.add (local.get $x) (i64.const 0x8000000000000000)))
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
    (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block (block
      (br_table 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
                16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
                32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47
                48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63
        (i32.and (i32.wrap_i64 (local.get $n)) (i32.const 63))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 0)) (i64.const 9223372036854775808))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 1)) (i64.const 4611686018427387904))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 2)) (i64.const 2305843009213693952))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 3)) (i64.const 1152921504606846976))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 4)) (i64.const 576460752303423488))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 5)) (i64.const 288230376151711744))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 6)) (i64.const 144115188075855872))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 7)) (i64.const 72057594037927936))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 8)) (i64.const 36028797018963968))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 9)) (i64.const 18014398509481984))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 10)) (i64.const 9007199254740992))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 11)) (i64.const 4503599627370496))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 12)) (i64.const 2251799813685248))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 13)) (i64.const 1125899906842624))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 14)) (i64.const 562949953421312))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 15)) (i64.const 281474976710656))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 16)) (i64.const 140737488355328))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 17)) (i64.const 70368744177664))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 18)) (i64.const 35184372088832))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 19)) (i64.const 17592186044416))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 20)) (i64.const 8796093022208))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 21)) (i64.const 4398046511104))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 22)) (i64.const 2199023255552))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 23)) (i64.const 1099511627776))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 24)) (i64.const 549755813888))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 25)) (i64.const 274877906944))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 26)) (i64.const 137438953472))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 27)) (i64.const 68719476736))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 28)) (i64.const 34359738368))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 29)) (i64.const 17179869184))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 30)) (i64.const 8589934592))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 31)) (i64.const 4294967296))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 32)) (i64.const 2147483648))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 33)) (i64.const 1073741824))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 34)) (i64.const 536870912))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 35)) (i64.const 268435456))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 36)) (i64.const 134217728))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 37)) (i64.const 67108864))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 38)) (i64.const 33554432))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 39)) (i64.const 16777216))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 40)) (i64.const 8388608))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 41)) (i64.const 4194304))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 42)) (i64.const 2097152))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 43)) (i64.const 1048576))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 44)) (i64.const 524288))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 45)) (i64.const 262144))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 46)) (i64.const 131072))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 47)) (i64.const 65536))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 48)) (i64.const 32768))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 49)) (i64.const 16384))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 50)) (i64.const 8192))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 51)) (i64.const 4096))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 52)) (i64.const 2048))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 53)) (i64.const 1024))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 54)) (i64.const 512))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 55)) (i64.const 256))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 56)) (i64.const 128))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 57)) (i64.const 64))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 58)) (i64.const 32))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 59)) (i64.const 16))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 60)) (i64.const 8))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 61)) (i64.const 4))))
    (return (i64.sub (i64.shr_u (local.get $x) (i64.const 62)) (i64.const 2))))
    (i64.sub (i64.shr_u (local.get $x) (i64.const 63)) (i64.const 1)))
)
