// fibonacci: prints the first N Fibonacci numbers (default 20), one a line.
/*
 * Input: N (20 when the input holds no number), at most 94, the last
 * Fibonacci number that fits in 64 bits being F(93). The sequence starts
 * F(0) = 0, F(1) = 1.
 */
#include <hullvm.h>

HV_EXPORT(fib) unsigned long long fib(int n) {
	unsigned long long a = 0, b = 1;
	for (int i = 0; i < n; i++) {
		unsigned long long t = a + b;
		a = b;
		b = t;
	}
	return a;
}

int main(void) {
	int n;
	if (!hv_getint(&n))
		n = 20;
	if (n < 0 || n > 94) {
		hv_puts("fibonacci: N must be 0 to 94\n");
		return 1;
	}
	unsigned long long a = 0, b = 1;
	for (int i = 0; i < n; i++) {
		hv_putu64(a);
		hv_putc('\n');
		unsigned long long t = a + b;
		a = b;
		b = t;
	}
	return 0;
}
