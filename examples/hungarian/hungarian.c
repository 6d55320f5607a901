// hungarian: min-cost perfect matching of an n x n cost matrix (Hungarian algorithm).
/*
 * Input: n, then the n x n costs row by row, all whitespace-separated
 * decimals (n at most 64; costs within +-10^6).
 * Output: for each column, in column order, the row matched to it as
 * "row R -> col C (cost X)." (1-based), then "total: T".
 *
 * This is the O(n^3) form of the Hungarian algorithm with row potentials u
 * and column potentials v: rows are added one at a time, and each is joined
 * to the matching along a shortest augmenting path in the reduced costs
 * a[i][j] - u[i] - v[j], found with a Dijkstra-like scan over the columns.
 * Row r of the matrix is reached through rows[r], built by repeated
 * addition, so that no index is multiplied.
 */
#include <hullvm.h>

#define MAXN 64
#define INF 0x3fffffff

static int cost[MAXN * MAXN];
static int *rows[MAXN + 1]; /* rows[i][j - 1] is the cost of row i, column j */
static int u[MAXN + 1], v[MAXN + 1];
static int match[MAXN + 1]; /* match[j]: the row matched to column j, 0 if none */
static int way[MAXN + 1];   /* way[j]: the column before j on the path */
static int minv[MAXN + 1];
static unsigned char used[MAXN + 1];

/* solve matches the n rows to the n columns at least total cost. */
static void solve(int n) {
	for (int i = 1; i <= n; i++) {
		match[0] = i;
		int j0 = 0;
		for (int j = 0; j <= n; j++) {
			minv[j] = INF;
			used[j] = 0;
		}

		/* Grow the tree of reduced-cost-zero edges until a free column. */
		do {
			used[j0] = 1;
			int i0 = match[j0], delta = INF, j1 = 0;
			const int *row = rows[i0] - 1;
			int ui = u[i0];
			for (int j = 1; j <= n; j++) {
				if (used[j])
					continue;
				int cur = row[j] - ui - v[j];
				if (cur < minv[j]) {
					minv[j] = cur;
					way[j] = j0;
				}
				if (minv[j] < delta) {
					delta = minv[j];
					j1 = j;
				}
			}
			for (int j = 0; j <= n; j++) {
				if (used[j]) {
					u[match[j]] += delta;
					v[j] -= delta;
				} else {
					minv[j] -= delta;
				}
			}
			j0 = j1;
		} while (match[j0] != 0);

		/* Flip the matching along the augmenting path. */
		do {
			int j1 = way[j0];
			match[j0] = match[j1];
			j0 = j1;
		} while (j0 != 0);
	}
}

int main(void) {
	int n;
	if (!hv_getint(&n) || n < 1 || n > MAXN) {
		hv_puts("hungarian: want n (1 to 64) and then n*n costs\n");
		return 1;
	}
	int *p = cost;
	for (int i = 1; i <= n; i++, p += n) {
		rows[i] = p;
		for (int j = 0; j < n; j++) {
			if (!hv_getint(&p[j])) {
				hv_puts("hungarian: too few costs\n");
				return 1;
			}
		}
	}

	solve(n);

	int total = 0;
	for (int j = 1; j <= n; j++) {
		int i = match[j], c = rows[i][j - 1];
		total += c;
		hv_puts("row ");
		hv_puti(i);
		hv_puts(" -> col ");
		hv_puti(j);
		hv_puts(" (cost ");
		hv_puti(c);
		hv_puts(").\n");
	}
	hv_puts("total: ");
	hv_puti(total);
	hv_putc('\n');
	return 0;
}
