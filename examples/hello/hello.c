// hello: prints "Hello, world!".
#include <hullvm.h>

int main(void) {
	hv_puts("Hello, world!\n");
	return 0;
}
