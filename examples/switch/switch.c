// switch: a calculator whose operator switch compiles to br_table.
/*
 * Input: lines "OP A B" with OP a number from 0 to 9 and A, B decimals.
 * Output: one line per input line, "OP A B -> R". The dense switch in apply
 * compiles to one br_table; an OP outside 0-9 takes the default case.
 * Try: hullvm run switch --invoke apply 3 6 7
 */
#include <hullvm.h>

HV_EXPORT(apply) __attribute__((noinline)) int apply(int op, int a, int b) {
	switch (op) {
	case 0:
		return a + b;
	case 1:
		return a - b;
	case 2:
		return a & b;
	case 3:
		return a | b;
	case 4:
		return a ^ b;
	case 5:
		return a < b ? a : b;
	case 6:
		return a > b ? a : b;
	case 7:
		return a == b;
	case 8:
		return -a;
	case 9:
		return (a + b) >> 1;
	default:
		return -1;
	}
}

int main(void) {
	int op, a, b;
	while (hv_getint(&op) && hv_getint(&a) && hv_getint(&b)) {
		hv_puti(op);
		hv_putc(' ');
		hv_puti(a);
		hv_putc(' ');
		hv_puti(b);
		hv_puts(" -> ");
		hv_puti(apply(op, a, b));
		hv_putc('\n');
	}
	return 0;
}
