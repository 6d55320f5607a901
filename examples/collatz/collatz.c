// collatz: counts the Collatz steps from n (default 27) down to 1.
/*
 * Input: n, a positive decimal (27 when the input holds no number).
 * Output: "n reaches 1 in S steps (peak P)". Halving is a shift by a
 * constant and 3n+1 is n+n+n+1, so the loop needs no multiplication.
 */
#include <hullvm.h>

HV_EXPORT(steps) int steps(unsigned n) {
	int s = 0;
	while (n > 1) {
		if (n & 1)
			n = n + n + n + 1;
		else
			n >>= 1;
		s++;
	}
	return s;
}

int main(void) {
	int in;
	if (!hv_getint(&in))
		in = 27;
	if (in < 1) {
		hv_puts("collatz: n must be positive\n");
		return 1;
	}
	unsigned n = (unsigned)in, peak = n;
	int s = 0;
	while (n > 1) {
		if (n & 1)
			n = n + n + n + 1;
		else
			n >>= 1;
		if (n > peak)
			peak = n;
		s++;
	}
	hv_putu((unsigned)in);
	hv_puts(" reaches 1 in ");
	hv_puti(s);
	hv_puts(" steps (peak ");
	hv_putu(peak);
	hv_puts(")\n");
	return 0;
}
