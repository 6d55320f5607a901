// i64math: 64-bit add, sub, mul, div, shifts and 32/64-bit conversions.
/*
 * Each operation is an exported function kept out of line, so that clang
 * cannot work the results out at compile time and the program executes
 * i64.add, i64.mul, i64.div_s and the rest. Try:
 *   hullvm run i64math --invoke mul64 4294967296 4294967297
 */
#include <hullvm.h>

#define API(name) HV_EXPORT(name) __attribute__((noinline))

API(add64) long long add64(long long a, long long b) { return a + b; }
API(sub64) long long sub64(long long a, long long b) { return a - b; }
API(mul64) long long mul64(long long a, long long b) {
	return (long long)((unsigned long long)a * (unsigned long long)b);
}
API(div64) long long div64(long long a, long long b) { return a / b; }
API(udiv64) unsigned long long udiv64(unsigned long long a, unsigned long long b) { return a / b; }
API(shl64) long long shl64(long long a, int n) { return (long long)((unsigned long long)a << n); }
API(shr64) long long shr64(long long a, int n) { return a >> n; }
API(ushr64) unsigned long long ushr64(unsigned long long a, int n) { return a >> n; }
API(widen) long long widen(int x) { return x; }
API(widenu) unsigned long long widenu(unsigned x) { return x; }
API(narrow) int narrow(long long x) { return (int)x; }

static void show(const char *what, long long v) {
	hv_puts(what);
	hv_puts(" = ");
	hv_puti64(v);
	hv_putc('\n');
}

static void showu(const char *what, unsigned long long v) {
	hv_puts(what);
	hv_puts(" = ");
	hv_putu64(v);
	hv_putc('\n');
}

int main(void) {
	long long a = 123456789012345ll, b = -9876543210ll;
	show("a", a);
	show("b", b);
	show("a + b", add64(a, b));
	show("a - b", sub64(a, b));
	show("a * b", mul64(a, b));
	show("a * a (wraps)", mul64(a, a));
	show("a / b", div64(a, b));
	show("b / 7", div64(b, 7));
	showu("(unsigned)b / 1000", udiv64((unsigned long long)b, 1000));
	show("a << 13", shl64(a, 13));
	show("b >> 7", shr64(b, 7));
	showu("(unsigned)b >> 7", ushr64((unsigned long long)b, 7));
	show("1 << 63", shl64(1, 63));
	show("widen(-5)", widen(-5));
	showu("widenu(-5)", widenu((unsigned)-5));
	show("narrow(0x1234567890)", narrow(0x1234567890ll));
	show("narrow(b)", narrow(b));
	return 0;
}
