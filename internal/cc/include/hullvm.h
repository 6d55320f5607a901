/*
 * hullvm.h - the whole system interface of a HullVM program.
 *
 * A HullVM program is freestanding C compiled to wasm32. It talks to the
 * world through three functions imported from the module "env":
 *
 *   int  hv_getc(void)       next input byte (0..255), or -1 at end of input
 *   void hv_putc(int c)      writes the byte c & 255 to the output
 *   void hv_exit(int status) ends the run with this exit status (0..255)
 *
 * The entry point is `int main(void)`; returning from main is hv_exit(ret).
 * Everything else below is static inline C built on those three.
 *
 * Cost note: the HullVM machine executes add, sub, compare, load, store and
 * branches natively, but multiplication by a variable, division, remainder
 * and shifts by a variable amount are long software routines. The helpers
 * here print decimals by subtracting powers of ten, not by dividing.
 */
#ifndef HULLVM_H
#define HULLVM_H

#define HV_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))

/* HV_EXPORT(name) exports a function under this name (see `run --invoke`). */
#define HV_EXPORT(name) __attribute__((export_name(#name)))

HV_IMPORT(hv_getc) int hv_getc(void);
HV_IMPORT(hv_putc) void hv_putc(int c);
HV_IMPORT(hv_exit) __attribute__((noreturn)) void hv_exit(int status);

typedef unsigned long hv_size_t;

void *memset(void *dst, int c, hv_size_t n);
void *memcpy(void *dst, const void *src, hv_size_t n);
void *memmove(void *dst, const void *src, hv_size_t n);
int memcmp(const void *a, const void *b, hv_size_t n);

/* hv_puts writes a NUL-terminated string (no newline is added). */
static inline void hv_puts(const char *s) {
	while (*s)
		hv_putc(*s++);
}

/*
 * hv_putu writes v in decimal: it skips the powers of ten above v, then
 * finds each digit by subtracting its power of ten at most nine times.
 */
static inline void hv_putu(unsigned v) {
	static const unsigned pow10[10] = {
		1000000000u, 100000000u, 10000000u, 1000000u, 100000u,
		10000u, 1000u, 100u, 10u, 1u,
	};
	const unsigned *p = pow10;
	while (*p > v && *p != 1u)
		p++;
	for (;;) {
		unsigned q = *p;
		int d = '0';
		while (v >= q) {
			v -= q;
			d++;
		}
		hv_putc(d);
		if (q == 1u)
			return;
		p++;
	}
}

/* hv_puti writes v in decimal, with a leading '-' when negative. */
static inline void hv_puti(int v) {
	unsigned u = (unsigned)v;
	if (v < 0) {
		hv_putc('-');
		u = 0u - u;
	}
	hv_putu(u);
}

/* hv_putu64 writes a 64-bit unsigned v in decimal, as hv_putu does. */
static inline void hv_putu64(unsigned long long v) {
	static const unsigned long long pow10[20] = {
		10000000000000000000ull, 1000000000000000000ull, 100000000000000000ull,
		10000000000000000ull, 1000000000000000ull, 100000000000000ull,
		10000000000000ull, 1000000000000ull, 100000000000ull, 10000000000ull,
		1000000000ull, 100000000ull, 10000000ull, 1000000ull, 100000ull,
		10000ull, 1000ull, 100ull, 10ull, 1ull,
	};
	const unsigned long long *p = pow10;
	while (*p > v && *p != 1ull)
		p++;
	for (;;) {
		unsigned long long q = *p;
		int d = '0';
		while (v >= q) {
			v -= q;
			d++;
		}
		hv_putc(d);
		if (q == 1ull)
			return;
		p++;
	}
}

/* hv_puti64 writes a 64-bit signed v in decimal. */
static inline void hv_puti64(long long v) {
	unsigned long long u = (unsigned long long)v;
	if (v < 0) {
		hv_putc('-');
		u = 0ull - u;
	}
	hv_putu64(u);
}

/*
 * hv_getint skips whitespace, then reads an optional '-' and decimal digits
 * into *out. It returns 1 when it read a number and 0 at the end of input or
 * when the next non-space byte starts no number (that byte is consumed).
 * Overflow wraps modulo 2^32.
 */
static inline int hv_getint(int *out) {
	int c = hv_getc();
	while (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
		c = hv_getc();
	int neg = 0;
	if (c == '-') {
		neg = 1;
		c = hv_getc();
	}
	if (c < '0' || c > '9')
		return 0;
	unsigned v = 0;
	while (c >= '0' && c <= '9') {
		v = v * 10u + (unsigned)(c - '0');
		c = hv_getc();
	}
	*out = neg ? (int)(0u - v) : (int)v;
	return 1;
}

#endif /* HULLVM_H */
