;; unsupported.wat - a valid module that uses many constructs HullVM
;; rejects; CheckSupported must list every one.
;; Build: wat2wasm --debug-names unsupported.wat -o unsupported.wasm
(module
  (import "env" "hv_putc" (func $putc (param i32)))
  (import "env" "sin" (func $sin (param f64) (result f64)))
  (import "env" "hv_exit" (func $exit (param i64)))
  (import "env" "mem" (memory 1))
  (table $t1 1 funcref)
  (table $t2 1 externref)
  (global $f (mut f32) (f32.const 1))
  (data "passive")
  (elem func $float)
  (func $float (param f64) (result f32) (local v128)
    (f32.demote_f64 (local.get 0)))
  (func $bulk
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 1))
    (drop (i32x4.extract_lane 1 (v128.const i32x4 1 2 3 4)))
    (drop (ref.is_null (ref.null extern)))
    (drop (table.size $t2))
    (drop (i32.trunc_sat_f32_s (global.get $f)))))
