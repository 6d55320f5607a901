// fnptr: calls through function pointers (call_indirect), including a sort with a comparator.
/*
 * apply(i, a, b) calls the i-th function of a table; sort takes its
 * comparison as a function pointer. Both are exported and kept out of
 * line, so the calls stay indirect: WebAssembly call_indirect through the
 * module's table. Try: hullvm run fnptr --invoke apply 2 6 7
 */
#include <hullvm.h>

#define API(name) HV_EXPORT(name) __attribute__((noinline))

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int maxi(int a, int b) { return a > b ? a : b; }

typedef int (*binop)(int, int);
static binop const ops[] = {add, sub, mul, maxi};
static const char *const names[] = {"add", "sub", "mul", "max"};

API(apply) int apply(int i, int a, int b) { return ops[i & 3](a, b); }

static int ascending(int a, int b) { return a < b; }
static int descending(int a, int b) { return a > b; }

/* sort orders a[0..n) by insertion so that before(a[i], a[i+1]) or equal. */
__attribute__((noinline)) static void sort(int *a, int n, int (*before)(int, int)) {
	for (int i = 1; i < n; i++) {
		int x = a[i], j = i;
		while (j > 0 && before(x, a[j - 1])) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = x;
	}
}

static void show(const int *a, int n) {
	for (int i = 0; i < n; i++) {
		if (i > 0)
			hv_putc(' ');
		hv_puti(a[i]);
	}
	hv_putc('\n');
}

int main(void) {
	for (int i = 0; i < 4; i++) {
		hv_puts(names[i]);
		hv_puts("(7, 3) = ");
		hv_puti(apply(i, 7, 3));
		hv_putc('\n');
	}
	int a[] = {5, -2, 9, 0, 3, 3, -8, 1};
	int n = sizeof a / sizeof a[0];
	sort(a, n, ascending);
	show(a, n);
	sort(a, n, descending);
	show(a, n);
	return 0;
}
