// recursion: naive recursive Fibonacci, Ackermann and Towers of Hanoi.
/*
 * Deliberately call-heavy: fib(15) makes 1973 calls, ack(2, 3) makes 44,
 * and the 4-disc Hanoi prints its 15 moves from a recursion 5 deep. Try:
 *   hullvm run recursion --invoke ack 2 2
 */
#include <hullvm.h>

#define API(name) HV_EXPORT(name) __attribute__((noinline))

API(fib) int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

API(ack) int ack(int m, int n) {
	if (m == 0)
		return n + 1;
	if (n == 0)
		return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

static int moves;

static void hanoi(int n, int from, int to, int via) {
	if (n == 0)
		return;
	hanoi(n - 1, from, via, to);
	if (moves > 0)
		hv_putc(moves % 8 == 0 ? '\n' : ' ');
	moves++;
	hv_putc('A' + from);
	hv_putc('A' + to);
	hanoi(n - 1, via, to, from);
}

int main(void) {
	hv_puts("fib(15) = ");
	hv_puti(fib(15));
	hv_puts("\nack(2, 3) = ");
	hv_puti(ack(2, 3));
	hv_puts("\nhanoi(4):\n");
	hanoi(4, 0, 2, 1);
	hv_puts("\nmoves = ");
	hv_puti(moves);
	hv_putc('\n');
	return 0;
}
