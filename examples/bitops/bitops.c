// bitops: and, or, xor, shifts, rotates, clz, ctz and popcnt on i32 and i64.
/*
 * Each operation is an exported function kept out of line, so that the
 * program executes the WebAssembly instruction itself. Bit patterns print
 * in hex. x | 128 is here because an early machine got it wrong. Try:
 *   hullvm run bitops --invoke rotl 305419896 8
 */
#include <hullvm.h>

#define API(name) HV_EXPORT(name) __attribute__((noinline))

API(band) unsigned band(unsigned a, unsigned b) { return a & b; }
API(bor) unsigned bor(unsigned a, unsigned b) { return a | b; }
API(bxor) unsigned bxor(unsigned a, unsigned b) { return a ^ b; }
API(shl) unsigned shl(unsigned a, int n) { return a << n; }
API(shr_s) int shr_s(int a, int n) { return a >> n; }
API(shr_u) unsigned shr_u(unsigned a, int n) { return a >> n; }
API(rotl) unsigned rotl(unsigned a, int n) { return __builtin_rotateleft32(a, n); }
API(rotr) unsigned rotr(unsigned a, int n) { return __builtin_rotateright32(a, n); }
API(clz) int clz(unsigned a) { return a ? __builtin_clz(a) : 32; }
API(ctz) int ctz(unsigned a) { return a ? __builtin_ctz(a) : 32; }
API(popcnt) int popcnt(unsigned a) { return __builtin_popcount(a); }
API(set7) int set7(int x) { return x | 128; }
API(rotl64) unsigned long long rotl64(unsigned long long a, long long n) {
	return __builtin_rotateleft64(a, n);
}
API(clz64) long long clz64(unsigned long long a) { return a ? __builtin_clzll(a) : 64; }
API(ctz64) long long ctz64(unsigned long long a) { return a ? __builtin_ctzll(a) : 64; }
API(popcnt64) long long popcnt64(unsigned long long a) { return __builtin_popcountll(a); }
API(xor64) unsigned long long xor64(unsigned long long a, unsigned long long b) { return a ^ b; }

static const char hex[] = "0123456789abcdef";

/* putx writes the low 4*digits bits of v as hex digits. */
static void putx(unsigned long long v, int digits) {
	for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4)
		hv_putc(hex[(v >> shift) & 15]);
}

static void show32(const char *what, unsigned v) {
	hv_puts(what);
	hv_puts(" = 0x");
	putx(v, 8);
	hv_putc('\n');
}

static void shown(const char *what, long long v) {
	hv_puts(what);
	hv_puts(" = ");
	hv_puti64(v);
	hv_putc('\n');
}

int main(void) {
	unsigned x = 0x12345678u, y = 0xf0f0f00fu;
	show32("x", x);
	show32("y", y);
	show32("x & y", band(x, y));
	show32("x | y", bor(x, y));
	show32("x ^ y", bxor(x, y));
	show32("x << 4", shl(x, 4));
	show32("y << 31", shl(y, 31));
	show32("y >> 4 (signed)", (unsigned)shr_s((int)y, 4));
	show32("y >> 4 (unsigned)", shr_u(y, 4));
	show32("x rotl 8", rotl(x, 8));
	show32("x rotr 8", rotr(x, 8));
	show32("y rotl 36", rotl(y, 36));
	shown("clz(x)", clz(x));
	shown("clz(0)", clz(0));
	shown("ctz(y)", ctz(y));
	shown("ctz(0x80000000)", ctz(0x80000000u));
	shown("popcnt(y)", popcnt(y));
	shown("5 | 128", set7(5));
	shown("200 | 128", set7(200));
	shown("-1 | 128", set7(-1));
	unsigned long long z = 0x0123456789abcdefull;
	hv_puts("z rotl 12 = 0x");
	putx(rotl64(z, 12), 16);
	hv_putc('\n');
	hv_puts("z ^ ~0 = 0x");
	putx(xor64(z, ~0ull), 16);
	hv_putc('\n');
	shown("clz64(z)", clz64(z));
	shown("ctz64(1 << 40)", ctz64(1ull << 40));
	shown("popcnt64(z)", popcnt64(z));
	return 0;
}
