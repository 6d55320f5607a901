;; acc: a loop that adds 4, 3, 2, 1 into the same memory word (every store
;; after the first ties with the earlier ones at its address: the model must
;; read the latest), prints one digit and exits with the sum (10).
(module
  (import "env" "hv_putc" (func $putc (param i32)))
  (import "env" "hv_exit" (func $exit (param i32)))
  (memory 1)
  (func (export "_start")
    (local $i i32)
    (local.set $i (i32.const 4))
    (loop $l
      (i32.store (i32.const 8) (i32.add (i32.load (i32.const 8)) (local.get $i)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $l (local.get $i)))
    (call $putc (i32.add (i32.const 48) (i32.load (i32.const 8))))
    (call $exit (i32.load (i32.const 8)))))
