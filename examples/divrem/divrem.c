// divrem: signed and unsigned division and remainder of i32 and i64, negative operands included.
/*
 * C division truncates toward zero, as WebAssembly's div_s does, and the
 * remainder takes the sign of the dividend. The unsigned forms read the same
 * bits as unsigned numbers. Dividing by zero, or INT_MIN by -1, traps; try
 *   hullvm run divrem --invoke div_s -2147483648 -1
 */
#include <hullvm.h>

#define API(name) HV_EXPORT(name) __attribute__((noinline))

API(div_s) int div_s(int a, int b) { return a / b; }
API(div_u) unsigned div_u(unsigned a, unsigned b) { return a / b; }
API(rem_s) int rem_s(int a, int b) { return a % b; }
API(rem_u) unsigned rem_u(unsigned a, unsigned b) { return a % b; }
API(div_s64) long long div_s64(long long a, long long b) { return a / b; }
API(div_u64) unsigned long long div_u64(unsigned long long a, unsigned long long b) { return a / b; }
API(rem_s64) long long rem_s64(long long a, long long b) { return a % b; }
API(rem_u64) unsigned long long rem_u64(unsigned long long a, unsigned long long b) { return a % b; }

static const int pairs32[][2] = {
	{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {-2147483647 - 1, 7}, {2147483647, -10}, {1, -1},
	{-2147483647 - 1, 1}, {5, 7},
};

static const long long pairs64[][2] = {
	{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {-9223372036854775807ll - 1, 10},
	{1000000000000000000ll, -3}, {-5, 4294967296ll},
};

int main(void) {
	hv_puts("i32: a b: div_s rem_s div_u rem_u\n");
	for (unsigned i = 0; i < sizeof pairs32 / sizeof pairs32[0]; i++) {
		int a = pairs32[i][0], b = pairs32[i][1];
		hv_puti(a);
		hv_putc(' ');
		hv_puti(b);
		hv_puts(": ");
		hv_puti(div_s(a, b));
		hv_putc(' ');
		hv_puti(rem_s(a, b));
		hv_putc(' ');
		hv_putu(div_u((unsigned)a, (unsigned)b));
		hv_putc(' ');
		hv_putu(rem_u((unsigned)a, (unsigned)b));
		hv_putc('\n');
	}
	hv_puts("i64: a b: div_s rem_s div_u rem_u\n");
	for (unsigned i = 0; i < sizeof pairs64 / sizeof pairs64[0]; i++) {
		long long a = pairs64[i][0], b = pairs64[i][1];
		hv_puti64(a);
		hv_putc(' ');
		hv_puti64(b);
		hv_puts(": ");
		hv_puti64(div_s64(a, b));
		hv_putc(' ');
		hv_puti64(rem_s64(a, b));
		hv_putc(' ');
		hv_putu64(div_u64((unsigned long long)a, (unsigned long long)b));
		hv_putc(' ');
		hv_putu64(rem_u64((unsigned long long)a, (unsigned long long)b));
		hv_putc('\n');
	}
	return 0;
}
