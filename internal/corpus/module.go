package corpus

import (
	"fmt"
	"strings"
)

// Memory layout of every program (one 64 KiB page):
//
//	[0, 64)         random or chosen data, the target of loads
//	[0, 320)        where random loads and stores land (address & 255,
//	                plus an offset below 64)
//	[1024, 1040)    "0123456789abcdef", the digits $print uses
const hexTable = 1024

// module is the text of one program's module, assembled from parts.
type module struct {
	imports []string // "getc", "putc", "exit"
	data    []byte   // placed at address 0
	decls   []string // types, globals, table, elem, helper functions
	start   string   // the body of _start (locals first)
}

var importDecl = map[string]string{
	"getc": `(import "env" "hv_getc" (func $getc (result i32)))`,
	"putc": `(import "env" "hv_putc" (func $putc (param i32)))`,
	"exit": `(import "env" "hv_exit" (func $exit (param i32)))`,
}

// text renders the module.
func (m module) text() string {
	var b strings.Builder
	b.WriteString("(module\n")
	for _, name := range []string{"getc", "putc", "exit"} {
		for _, imp := range m.imports {
			if imp == name {
				fmt.Fprintf(&b, "  %s\n", importDecl[name])
			}
		}
	}
	b.WriteString("  (memory 1)\n")
	if len(m.data) > 0 {
		fmt.Fprintf(&b, "  (data (i32.const 0) \"%s\")\n", watBytes(m.data))
	}
	fmt.Fprintf(&b, "  (data (i32.const %d) \"0123456789abcdef\")\n", hexTable)
	for _, d := range m.decls {
		fmt.Fprintf(&b, "  %s\n", d)
	}
	b.WriteString(printFunc)
	fmt.Fprintf(&b, "  (func (export \"_start\")\n%s)\n", indent(m.start, "    "))
	b.WriteString(")\n")
	return b.String()
}

// printFunc writes its i64 argument as 16 hex digits and a newline. It is
// unrolled, one table lookup per digit, to keep traces short.
var printFunc = func() string {
	var b strings.Builder
	b.WriteString("  (func $print (param $v i64)\n")
	for shift := 60; shift >= 0; shift -= 4 {
		fmt.Fprintf(&b, "    (call $putc (i32.load8_u offset=%d (i32.and (i32.wrap_i64 "+
			"(i64.shr_u (local.get $v) (i64.const %d))) (i32.const 15))))\n", hexTable, shift)
	}
	b.WriteString("    (call $putc (i32.const 10)))\n")
	return b.String()
}()

// watBytes writes b as the body of a WAT string literal.
func watBytes(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		fmt.Fprintf(&s, "\\%02x", c)
	}
	return s.String()
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

// printI32 prints an i32 expression, zero-extended.
func printI32(e string) string { return fmt.Sprintf("(call $print (i64.extend_i32_u %s))", e) }

// printI64 prints an i64 expression.
func printI64(e string) string { return fmt.Sprintf("(call $print %s)", e) }

// constant writes a typed constant; v holds the bits.
func constant(t string, v uint64) string {
	if t == "i32" {
		return fmt.Sprintf("(i32.const %d)", int32(uint32(v)))
	}
	return fmt.Sprintf("(i64.const %d)", int64(v))
}
