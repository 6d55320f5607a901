/*
 * hullvm_rt.c - the runtime linked into every HullVM C program.
 *
 * It provides the entry point _start and the four memory functions clang
 * may call on its own (zero-initialised arrays, struct copies). It is
 * compiled with -fno-builtin so that these loops stay loops and are not
 * turned back into calls to themselves.
 *
 * The loops move 8 bytes per instruction where they can, four words per
 * iteration: on the HullVM machine every executed instruction costs a
 * handful of tokens. WebAssembly allows unaligned loads and stores, so the
 * word loops need no alignment checks; the hv_word type tells the compiler
 * that its accesses may be unaligned and may alias anything.
 */
#include "hullvm.h"

typedef unsigned long long __attribute__((aligned(1), may_alias)) hv_word;

int main(void);

void _start(void) {
	hv_exit(main());
}

void *memset(void *dst, int c, hv_size_t n) {
	unsigned char *d = dst;
	unsigned long long w = (unsigned char)c;
	w |= w << 8;
	w |= w << 16;
	w |= w << 32;
	for (; n >= 32; n -= 32, d += 32) {
		((hv_word *)d)[0] = w;
		((hv_word *)d)[1] = w;
		((hv_word *)d)[2] = w;
		((hv_word *)d)[3] = w;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(hv_word *)d = w;
	for (; n != 0; n--)
		*d++ = (unsigned char)c;
	return dst;
}

/* copyForward copies n bytes from s to d, lowest address first. */
static void copyForward(unsigned char *d, const unsigned char *s, hv_size_t n) {
	for (; n >= 32; n -= 32, d += 32, s += 32) {
		hv_word a = ((const hv_word *)s)[0], b = ((const hv_word *)s)[1];
		hv_word e = ((const hv_word *)s)[2], f = ((const hv_word *)s)[3];
		((hv_word *)d)[0] = a;
		((hv_word *)d)[1] = b;
		((hv_word *)d)[2] = e;
		((hv_word *)d)[3] = f;
	}
	for (; n >= 8; n -= 8, d += 8, s += 8)
		*(hv_word *)d = *(const hv_word *)s;
	for (; n != 0; n--)
		*d++ = *s++;
}

void *memcpy(void *dst, const void *src, hv_size_t n) {
	copyForward(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, hv_size_t n) {
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d <= s || d >= s + n) {
		copyForward(d, s, n);
		return dst;
	}
	/* d overlaps the end of s: copy highest address first. */
	d += n;
	s += n;
	for (; n >= 8; n -= 8) {
		d -= 8;
		s -= 8;
		*(hv_word *)d = *(const hv_word *)s;
	}
	while (n != 0) {
		n--;
		*--d = *--s;
	}
	return dst;
}

int memcmp(const void *a, const void *b, hv_size_t n) {
	const unsigned char *p = a, *q = b;
	for (; n != 0; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}
