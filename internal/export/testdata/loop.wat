;; loop: prints "FDB\n": a countdown loop whose body shifts (i << 1) and
;; prints a byte each time, so shifts and output go through the machine's
;; scratch memory again and again.
(module
  (import "env" "hv_putc" (func $putc (param i32)))
  (func (export "_start")
    (local $i i32)
    (local.set $i (i32.const 3))
    (loop $l
      (call $putc (i32.add (i32.const 64) (i32.shl (local.get $i) (i32.const 1))))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $l (local.get $i)))
    (call $putc (i32.const 10))))
