// add: prints 3 + 5, the seed's first program.
/*
 * add is exported and kept out of line, so that the program really executes
 * i32.const 3, i32.const 5 and an i32.add (in add) instead of printing a
 * constant the compiler worked out. Try: hullvm run add --invoke add 3 5
 */
#include <hullvm.h>

HV_EXPORT(add) __attribute__((noinline)) int add(int a, int b) {
	return a + b;
}

int main(void) {
	hv_putc('0' + add(3, 5));
	hv_putc('\n');
	return 0;
}
