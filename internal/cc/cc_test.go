package cc_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hullvm/hullvm/internal/cc"
	"github.com/hullvm/hullvm/internal/wazerorun"
)

func needClang(t *testing.T) {
	t.Helper()
	if _, err := cc.FindTools(); err != nil {
		t.Skipf("skipping: %v", err)
	}
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const helpersProg = `#include <hullvm.h>
HV_EXPORT(twice) int twice(int x) { return x + x; }
static int zeros[64];
int main(void) {
	int v, sum = 0, n = 0;
	while (hv_getint(&v)) { sum += v; n++; }
	hv_puti(n); hv_putc(' '); hv_puti(sum); hv_putc('\n');
	hv_puti(0); hv_putc(' '); hv_puti(-2147483647 - 1); hv_putc(' ');
	hv_putu(4294967295u); hv_putc('\n');
	hv_putu64(18446744073709551615ull); hv_putc(' ');
	hv_puti64(-9223372036854775807ll - 1); hv_putc(' '); hv_puti64(1000000000000ll);
	hv_putc('\n');
	char buf[40];
	memset(buf, 'x', sizeof buf);
	memcpy(buf, "copy", 4);
	memmove(buf + 1, buf, 4);
	buf[5] = 0;
	hv_puts(buf);
	hv_puti(memcmp(buf, "ccopy", 5) == 0 && zeros[63] == 0);
	hv_putc('\n');
	return 3;
}
`

func TestCompileCHelpers(t *testing.T) {
	needClang(t)
	wasm, err := cc.CompileC(writeFile(t, "helpers.c", helpersProg))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res, err := wazerorun.Run(context.Background(), wasm, []byte("  12 -5\n\t7 x"), &out)
	if err != nil {
		t.Fatal(err)
	}
	want := "3 14\n0 -2147483648 4294967295\n" +
		"18446744073709551615 -9223372036854775808 1000000000000\nccopy1\n"
	if out.String() != want || res.ExitStatus != 3 || res.Trap != "" {
		t.Errorf("got %+v output\n%s\nwant exit 3 output\n%s", res, out.String(), want)
	}
	got, err := wazerorun.Invoke(context.Background(), wasm, "twice", []string{"21"})
	if err != nil || len(got) != 1 || got[0] != "42" {
		t.Errorf("invoke twice 21: got %v, %v; want 42", got, err)
	}
}

func TestCompileCDeterministic(t *testing.T) {
	needClang(t)
	a, err := cc.CompileC(writeFile(t, "a.c", helpersProg))
	if err != nil {
		t.Fatal(err)
	}
	b, err := cc.CompileC(writeFile(t, "other-name.c", helpersProg))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two builds of the same source differ")
	}
	for _, name := range []string{"producers", "target_features"} {
		if bytes.Contains(a, []byte(name)) {
			t.Errorf("output still holds a %q section", name)
		}
	}
}

func TestCompileCError(t *testing.T) {
	needClang(t)
	path := writeFile(t, "bad.c", "int main(void) { return undeclared; }\n")
	_, err := cc.CompileC(path)
	if err == nil {
		t.Fatal("no error for a bad program")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "cc: "+path+": ") || !strings.Contains(msg, "undeclared") {
		t.Errorf("got %q, want cc: %s: <clang's message>", msg, path)
	}
}

func TestNoClang(t *testing.T) {
	t.Setenv("HULLVM_CLANG", filepath.Join(t.TempDir(), "no-such-clang"))
	_, err := cc.FindTools()
	if !errors.Is(err, cc.ErrNoClang) {
		t.Fatalf("got %v, want ErrNoClang", err)
	}
	if !strings.Contains(err.Error(), "install the Debian packages clang-16 and lld-16") {
		t.Errorf("message %q lacks the install hint", err)
	}
}

func TestNoWat2Wasm(t *testing.T) {
	t.Setenv("HULLVM_WAT2WASM", filepath.Join(t.TempDir(), "no-such-wat2wasm"))
	_, err := cc.CompileWAT(writeFile(t, "x.wat", "(module)"))
	if !errors.Is(err, cc.ErrNoWat2Wasm) || err.Error() !=
		"cc: wat2wasm not found: install the Debian package wabt" {
		t.Errorf("got %v, want ErrNoWat2Wasm", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	raw := []byte("\x00asm\x01\x00\x00\x00")
	wasmPath := filepath.Join(dir, "m.wasm")
	if err := os.WriteFile(wasmPath, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := cc.Load(wasmPath); err != nil || !bytes.Equal(got, raw) {
		t.Errorf("Load(.wasm) = %v, %v; want the file's bytes", got, err)
	}
	if _, err := cc.Load(filepath.Join(dir, "prog.txt")); err == nil ||
		!strings.Contains(err.Error(), "prog.txt: unknown file type") {
		t.Errorf("Load(.txt) = %v, want an unknown-file-type error naming the file", err)
	}
	if _, err := cc.Load(filepath.Join(dir, "missing.wasm")); err == nil {
		t.Error("Load of a missing file: no error")
	}
	if _, err := cc.FindWat2Wasm(); err == nil {
		got, err := cc.Load(writeFile(t, "m.wat", "(module)"))
		if err != nil || !bytes.Equal(got, raw) {
			t.Errorf("Load(.wat) = %v, %v; want an empty module", got, err)
		}
	}
}

// memProg checks the runtime's memset, memcpy, memmove and memcmp against
// byte loops over every length and alignment up to 40, overlaps included.
const memProg = `#include <hullvm.h>
static unsigned char a[128], b[128], want[128];
static void fill(void) { for (int i = 0; i < 128; i++) a[i] = b[i] = want[i] = (unsigned char)(i * 7 + 1); }
static int same(void) { for (int i = 0; i < 128; i++) if (b[i] != want[i]) return 0; return 1; }
static void fail(const char *what, int x, int y, int n) {
	hv_puts(what); hv_putc(' '); hv_puti(x); hv_putc(' '); hv_puti(y); hv_putc(' '); hv_puti(n); hv_putc('\n');
	hv_exit(1);
}
int main(void) {
	for (int n = 0; n <= 40; n++) for (int d = 0; d < 9; d++) {
		fill();
		memset(b + d, 0xa5, n);
		for (int i = 0; i < n; i++) want[d + i] = 0xa5;
		if (!same()) fail("memset", d, 0, n);
		for (int s = 0; s < 9; s++) {
			fill();
			memcpy(b + d, a + 64 + s, n);
			for (int i = 0; i < n; i++) want[d + i] = a[64 + s + i];
			if (!same()) fail("memcpy", d, s, n);
			fill();
			memmove(b + 20 + d, b + 20 + s, n);
			unsigned char tmp[64];
			for (int i = 0; i < n; i++) tmp[i] = want[20 + s + i];
			for (int i = 0; i < n; i++) want[20 + d + i] = tmp[i];
			if (!same()) fail("memmove", d, s, n);
		}
		fill();
		if (n > 0) {
			b[d + n - 1] ^= 1;
			int c = memcmp(a + d, b + d, n), w = (int)a[d + n - 1] - (int)b[d + n - 1];
			if (c != w) fail("memcmp", d, c, n);
		}
		if (memcmp(a, a, n) != 0) fail("memcmp-equal", d, 0, n);
	}
	hv_puts("ok\n");
	return 0;
}
`

func TestRuntimeMemoryFunctions(t *testing.T) {
	needClang(t)
	wasm, err := cc.CompileC(writeFile(t, "mem.c", memProg))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res, err := wazerorun.Run(context.Background(), wasm, nil, &out)
	if err != nil || res.Trap != "" || out.String() != "ok\n" {
		t.Errorf("got %+v, %v, output %q; want ok", res, err, out.String())
	}
}
