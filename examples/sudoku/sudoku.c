// sudoku: solves a 9x9 sudoku by exact-cover search with forced moves first.
/*
 * Input: 81 cells in reading order, each a digit 1-9 or a blank written as 0
 * or '.'; every other byte (spaces, newlines, '|', '-', '+') is ignored.
 * Output: the solution as 9 lines of 9 digits separated by single spaces,
 * or "no solution".
 *
 * The HullVM machine runs the solver one WebAssembly instruction at a
 * time, and multiplication, division and variable shifts are slow software
 * routines there, so the solver is written to execute few instructions and
 * its hot loops use only loads, stores, adds, compares and branches.
 *
 * Sudoku is an exact-cover problem: choose options "digit d in cell c" so
 * that each constraint holds exactly once. The constraints are "cell c is
 * filled" (81) and "unit u holds digit d" (27 units, that is rows, columns
 * and boxes, times 9 digits). The solver keeps, for every constraint, the
 * number of options still open for it:
 *
 *   closed[d][c]  1 once option (c, d) is closed: c is filled, or a peer
 *                 of c holds d
 *   ncand[c]      open options of an empty cell
 *   ud[d][u]      open options of digit d in unit u, plus SAT once d is
 *                 placed in u (so a satisfied constraint never looks scarce)
 *
 * Placing a digit closes options along the 20 peers of its cell (tables
 * below, so nothing is derived at run time). A count that falls to 1 queues
 * a forced move, one that falls to 0 is a contradiction. Only when no move
 * is forced does the solver branch, preferring "digit d in unit u"
 * constraints, on the one with the fewest open options. Before it branches
 * it saves the whole state (about 1.2 KB, copied by memcpy a word at a
 * time), and it restores that copy to undo a failed guess.
 */
#include <hullvm.h>

#define N 81   /* cells */
#define U 27   /* units: rows 0-8, columns 9-17, boxes 18-26 */
#define SAT 32 /* added to ud[d][u] while digit d is placed in unit u */

/*
 * peers[c]: the 20 cells that share a unit with c: the 8 others of its row,
 * then the 8 others of its column, then the 4 others of its box.
 */
static const unsigned char peers[N][20] = {
	{1,  2,  3,  4,  5,  6,  7,  8,   9, 18, 27, 36, 45, 54, 63, 72,  10, 11, 19, 20},
	{0,  2,  3,  4,  5,  6,  7,  8,  10, 19, 28, 37, 46, 55, 64, 73,   9, 11, 18, 20},
	{0,  1,  3,  4,  5,  6,  7,  8,  11, 20, 29, 38, 47, 56, 65, 74,   9, 10, 18, 19},
	{0,  1,  2,  4,  5,  6,  7,  8,  12, 21, 30, 39, 48, 57, 66, 75,  13, 14, 22, 23},
	{0,  1,  2,  3,  5,  6,  7,  8,  13, 22, 31, 40, 49, 58, 67, 76,  12, 14, 21, 23},
	{0,  1,  2,  3,  4,  6,  7,  8,  14, 23, 32, 41, 50, 59, 68, 77,  12, 13, 21, 22},
	{0,  1,  2,  3,  4,  5,  7,  8,  15, 24, 33, 42, 51, 60, 69, 78,  16, 17, 25, 26},
	{0,  1,  2,  3,  4,  5,  6,  8,  16, 25, 34, 43, 52, 61, 70, 79,  15, 17, 24, 26},
	{0,  1,  2,  3,  4,  5,  6,  7,  17, 26, 35, 44, 53, 62, 71, 80,  15, 16, 24, 25},
	{10, 11, 12, 13, 14, 15, 16, 17,   0, 18, 27, 36, 45, 54, 63, 72,   1,  2, 19, 20},
	{9, 11, 12, 13, 14, 15, 16, 17,   1, 19, 28, 37, 46, 55, 64, 73,   0,  2, 18, 20},
	{9, 10, 12, 13, 14, 15, 16, 17,   2, 20, 29, 38, 47, 56, 65, 74,   0,  1, 18, 19},
	{9, 10, 11, 13, 14, 15, 16, 17,   3, 21, 30, 39, 48, 57, 66, 75,   4,  5, 22, 23},
	{9, 10, 11, 12, 14, 15, 16, 17,   4, 22, 31, 40, 49, 58, 67, 76,   3,  5, 21, 23},
	{9, 10, 11, 12, 13, 15, 16, 17,   5, 23, 32, 41, 50, 59, 68, 77,   3,  4, 21, 22},
	{9, 10, 11, 12, 13, 14, 16, 17,   6, 24, 33, 42, 51, 60, 69, 78,   7,  8, 25, 26},
	{9, 10, 11, 12, 13, 14, 15, 17,   7, 25, 34, 43, 52, 61, 70, 79,   6,  8, 24, 26},
	{9, 10, 11, 12, 13, 14, 15, 16,   8, 26, 35, 44, 53, 62, 71, 80,   6,  7, 24, 25},
	{19, 20, 21, 22, 23, 24, 25, 26,   0,  9, 27, 36, 45, 54, 63, 72,   1,  2, 10, 11},
	{18, 20, 21, 22, 23, 24, 25, 26,   1, 10, 28, 37, 46, 55, 64, 73,   0,  2,  9, 11},
	{18, 19, 21, 22, 23, 24, 25, 26,   2, 11, 29, 38, 47, 56, 65, 74,   0,  1,  9, 10},
	{18, 19, 20, 22, 23, 24, 25, 26,   3, 12, 30, 39, 48, 57, 66, 75,   4,  5, 13, 14},
	{18, 19, 20, 21, 23, 24, 25, 26,   4, 13, 31, 40, 49, 58, 67, 76,   3,  5, 12, 14},
	{18, 19, 20, 21, 22, 24, 25, 26,   5, 14, 32, 41, 50, 59, 68, 77,   3,  4, 12, 13},
	{18, 19, 20, 21, 22, 23, 25, 26,   6, 15, 33, 42, 51, 60, 69, 78,   7,  8, 16, 17},
	{18, 19, 20, 21, 22, 23, 24, 26,   7, 16, 34, 43, 52, 61, 70, 79,   6,  8, 15, 17},
	{18, 19, 20, 21, 22, 23, 24, 25,   8, 17, 35, 44, 53, 62, 71, 80,   6,  7, 15, 16},
	{28, 29, 30, 31, 32, 33, 34, 35,   0,  9, 18, 36, 45, 54, 63, 72,  37, 38, 46, 47},
	{27, 29, 30, 31, 32, 33, 34, 35,   1, 10, 19, 37, 46, 55, 64, 73,  36, 38, 45, 47},
	{27, 28, 30, 31, 32, 33, 34, 35,   2, 11, 20, 38, 47, 56, 65, 74,  36, 37, 45, 46},
	{27, 28, 29, 31, 32, 33, 34, 35,   3, 12, 21, 39, 48, 57, 66, 75,  40, 41, 49, 50},
	{27, 28, 29, 30, 32, 33, 34, 35,   4, 13, 22, 40, 49, 58, 67, 76,  39, 41, 48, 50},
	{27, 28, 29, 30, 31, 33, 34, 35,   5, 14, 23, 41, 50, 59, 68, 77,  39, 40, 48, 49},
	{27, 28, 29, 30, 31, 32, 34, 35,   6, 15, 24, 42, 51, 60, 69, 78,  43, 44, 52, 53},
	{27, 28, 29, 30, 31, 32, 33, 35,   7, 16, 25, 43, 52, 61, 70, 79,  42, 44, 51, 53},
	{27, 28, 29, 30, 31, 32, 33, 34,   8, 17, 26, 44, 53, 62, 71, 80,  42, 43, 51, 52},
	{37, 38, 39, 40, 41, 42, 43, 44,   0,  9, 18, 27, 45, 54, 63, 72,  28, 29, 46, 47},
	{36, 38, 39, 40, 41, 42, 43, 44,   1, 10, 19, 28, 46, 55, 64, 73,  27, 29, 45, 47},
	{36, 37, 39, 40, 41, 42, 43, 44,   2, 11, 20, 29, 47, 56, 65, 74,  27, 28, 45, 46},
	{36, 37, 38, 40, 41, 42, 43, 44,   3, 12, 21, 30, 48, 57, 66, 75,  31, 32, 49, 50},
	{36, 37, 38, 39, 41, 42, 43, 44,   4, 13, 22, 31, 49, 58, 67, 76,  30, 32, 48, 50},
	{36, 37, 38, 39, 40, 42, 43, 44,   5, 14, 23, 32, 50, 59, 68, 77,  30, 31, 48, 49},
	{36, 37, 38, 39, 40, 41, 43, 44,   6, 15, 24, 33, 51, 60, 69, 78,  34, 35, 52, 53},
	{36, 37, 38, 39, 40, 41, 42, 44,   7, 16, 25, 34, 52, 61, 70, 79,  33, 35, 51, 53},
	{36, 37, 38, 39, 40, 41, 42, 43,   8, 17, 26, 35, 53, 62, 71, 80,  33, 34, 51, 52},
	{46, 47, 48, 49, 50, 51, 52, 53,   0,  9, 18, 27, 36, 54, 63, 72,  28, 29, 37, 38},
	{45, 47, 48, 49, 50, 51, 52, 53,   1, 10, 19, 28, 37, 55, 64, 73,  27, 29, 36, 38},
	{45, 46, 48, 49, 50, 51, 52, 53,   2, 11, 20, 29, 38, 56, 65, 74,  27, 28, 36, 37},
	{45, 46, 47, 49, 50, 51, 52, 53,   3, 12, 21, 30, 39, 57, 66, 75,  31, 32, 40, 41},
	{45, 46, 47, 48, 50, 51, 52, 53,   4, 13, 22, 31, 40, 58, 67, 76,  30, 32, 39, 41},
	{45, 46, 47, 48, 49, 51, 52, 53,   5, 14, 23, 32, 41, 59, 68, 77,  30, 31, 39, 40},
	{45, 46, 47, 48, 49, 50, 52, 53,   6, 15, 24, 33, 42, 60, 69, 78,  34, 35, 43, 44},
	{45, 46, 47, 48, 49, 50, 51, 53,   7, 16, 25, 34, 43, 61, 70, 79,  33, 35, 42, 44},
	{45, 46, 47, 48, 49, 50, 51, 52,   8, 17, 26, 35, 44, 62, 71, 80,  33, 34, 42, 43},
	{55, 56, 57, 58, 59, 60, 61, 62,   0,  9, 18, 27, 36, 45, 63, 72,  64, 65, 73, 74},
	{54, 56, 57, 58, 59, 60, 61, 62,   1, 10, 19, 28, 37, 46, 64, 73,  63, 65, 72, 74},
	{54, 55, 57, 58, 59, 60, 61, 62,   2, 11, 20, 29, 38, 47, 65, 74,  63, 64, 72, 73},
	{54, 55, 56, 58, 59, 60, 61, 62,   3, 12, 21, 30, 39, 48, 66, 75,  67, 68, 76, 77},
	{54, 55, 56, 57, 59, 60, 61, 62,   4, 13, 22, 31, 40, 49, 67, 76,  66, 68, 75, 77},
	{54, 55, 56, 57, 58, 60, 61, 62,   5, 14, 23, 32, 41, 50, 68, 77,  66, 67, 75, 76},
	{54, 55, 56, 57, 58, 59, 61, 62,   6, 15, 24, 33, 42, 51, 69, 78,  70, 71, 79, 80},
	{54, 55, 56, 57, 58, 59, 60, 62,   7, 16, 25, 34, 43, 52, 70, 79,  69, 71, 78, 80},
	{54, 55, 56, 57, 58, 59, 60, 61,   8, 17, 26, 35, 44, 53, 71, 80,  69, 70, 78, 79},
	{64, 65, 66, 67, 68, 69, 70, 71,   0,  9, 18, 27, 36, 45, 54, 72,  55, 56, 73, 74},
	{63, 65, 66, 67, 68, 69, 70, 71,   1, 10, 19, 28, 37, 46, 55, 73,  54, 56, 72, 74},
	{63, 64, 66, 67, 68, 69, 70, 71,   2, 11, 20, 29, 38, 47, 56, 74,  54, 55, 72, 73},
	{63, 64, 65, 67, 68, 69, 70, 71,   3, 12, 21, 30, 39, 48, 57, 75,  58, 59, 76, 77},
	{63, 64, 65, 66, 68, 69, 70, 71,   4, 13, 22, 31, 40, 49, 58, 76,  57, 59, 75, 77},
	{63, 64, 65, 66, 67, 69, 70, 71,   5, 14, 23, 32, 41, 50, 59, 77,  57, 58, 75, 76},
	{63, 64, 65, 66, 67, 68, 70, 71,   6, 15, 24, 33, 42, 51, 60, 78,  61, 62, 79, 80},
	{63, 64, 65, 66, 67, 68, 69, 71,   7, 16, 25, 34, 43, 52, 61, 79,  60, 62, 78, 80},
	{63, 64, 65, 66, 67, 68, 69, 70,   8, 17, 26, 35, 44, 53, 62, 80,  60, 61, 78, 79},
	{73, 74, 75, 76, 77, 78, 79, 80,   0,  9, 18, 27, 36, 45, 54, 63,  55, 56, 64, 65},
	{72, 74, 75, 76, 77, 78, 79, 80,   1, 10, 19, 28, 37, 46, 55, 64,  54, 56, 63, 65},
	{72, 73, 75, 76, 77, 78, 79, 80,   2, 11, 20, 29, 38, 47, 56, 65,  54, 55, 63, 64},
	{72, 73, 74, 76, 77, 78, 79, 80,   3, 12, 21, 30, 39, 48, 57, 66,  58, 59, 67, 68},
	{72, 73, 74, 75, 77, 78, 79, 80,   4, 13, 22, 31, 40, 49, 58, 67,  57, 59, 66, 68},
	{72, 73, 74, 75, 76, 78, 79, 80,   5, 14, 23, 32, 41, 50, 59, 68,  57, 58, 66, 67},
	{72, 73, 74, 75, 76, 77, 79, 80,   6, 15, 24, 33, 42, 51, 60, 69,  61, 62, 70, 71},
	{72, 73, 74, 75, 76, 77, 78, 80,   7, 16, 25, 34, 43, 52, 61, 70,  60, 62, 69, 71},
	{72, 73, 74, 75, 76, 77, 78, 79,   8, 17, 26, 35, 44, 53, 62, 71,  60, 61, 69, 70},
};

/* The row, column and box unit of each cell. */
static const unsigned char rowU[N] = {
	 0,  0,  0,  0,  0,  0,  0,  0,  0,
	 1,  1,  1,  1,  1,  1,  1,  1,  1,
	 2,  2,  2,  2,  2,  2,  2,  2,  2,
	 3,  3,  3,  3,  3,  3,  3,  3,  3,
	 4,  4,  4,  4,  4,  4,  4,  4,  4,
	 5,  5,  5,  5,  5,  5,  5,  5,  5,
	 6,  6,  6,  6,  6,  6,  6,  6,  6,
	 7,  7,  7,  7,  7,  7,  7,  7,  7,
	 8,  8,  8,  8,  8,  8,  8,  8,  8,
};
static const unsigned char colU[N] = {
	 9, 10, 11, 12, 13, 14, 15, 16, 17,
	 9, 10, 11, 12, 13, 14, 15, 16, 17,
	 9, 10, 11, 12, 13, 14, 15, 16, 17,
	 9, 10, 11, 12, 13, 14, 15, 16, 17,
	 9, 10, 11, 12, 13, 14, 15, 16, 17,
	 9, 10, 11, 12, 13, 14, 15, 16, 17,
	 9, 10, 11, 12, 13, 14, 15, 16, 17,
	 9, 10, 11, 12, 13, 14, 15, 16, 17,
	 9, 10, 11, 12, 13, 14, 15, 16, 17,
};
static const unsigned char boxU[N] = {
	18, 18, 18, 19, 19, 19, 20, 20, 20,
	18, 18, 18, 19, 19, 19, 20, 20, 20,
	18, 18, 18, 19, 19, 19, 20, 20, 20,
	21, 21, 21, 22, 22, 22, 23, 23, 23,
	21, 21, 21, 22, 22, 22, 23, 23, 23,
	21, 21, 21, 22, 22, 22, 23, 23, 23,
	24, 24, 24, 25, 25, 25, 26, 26, 26,
	24, 24, 24, 25, 25, 25, 26, 26, 26,
	24, 24, 24, 25, 25, 25, 26, 26, 26,
};

/* cells[u]: the 9 cells of unit u. */
static const unsigned char cells[U][9] = {
	{0,  1,  2,  3,  4,  5,  6,  7,  8},
	{9, 10, 11, 12, 13, 14, 15, 16, 17},
	{18, 19, 20, 21, 22, 23, 24, 25, 26},
	{27, 28, 29, 30, 31, 32, 33, 34, 35},
	{36, 37, 38, 39, 40, 41, 42, 43, 44},
	{45, 46, 47, 48, 49, 50, 51, 52, 53},
	{54, 55, 56, 57, 58, 59, 60, 61, 62},
	{63, 64, 65, 66, 67, 68, 69, 70, 71},
	{72, 73, 74, 75, 76, 77, 78, 79, 80},
	{0,  9, 18, 27, 36, 45, 54, 63, 72},
	{1, 10, 19, 28, 37, 46, 55, 64, 73},
	{2, 11, 20, 29, 38, 47, 56, 65, 74},
	{3, 12, 21, 30, 39, 48, 57, 66, 75},
	{4, 13, 22, 31, 40, 49, 58, 67, 76},
	{5, 14, 23, 32, 41, 50, 59, 68, 77},
	{6, 15, 24, 33, 42, 51, 60, 69, 78},
	{7, 16, 25, 34, 43, 52, 61, 70, 79},
	{8, 17, 26, 35, 44, 53, 62, 71, 80},
	{0,  1,  2,  9, 10, 11, 18, 19, 20},
	{3,  4,  5, 12, 13, 14, 21, 22, 23},
	{6,  7,  8, 15, 16, 17, 24, 25, 26},
	{27, 28, 29, 36, 37, 38, 45, 46, 47},
	{30, 31, 32, 39, 40, 41, 48, 49, 50},
	{33, 34, 35, 42, 43, 44, 51, 52, 53},
	{54, 55, 56, 63, 64, 65, 72, 73, 74},
	{57, 58, 59, 66, 67, 68, 75, 76, 77},
	{60, 61, 62, 69, 70, 71, 78, 79, 80},
};

/* cellRow[u] is cells[u], stored so that no unit number is multiplied. */
static const unsigned char *const cellRow[U] = {
	cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7], cells[8],
	cells[9], cells[10], cells[11], cells[12], cells[13], cells[14], cells[15], cells[16],
	cells[17], cells[18], cells[19], cells[20], cells[21], cells[22], cells[23], cells[24],
	cells[25], cells[26],
};

/* peerRow[c] is peers[c], stored so that no cell number is multiplied. */
static const unsigned char *const peerRow[N] = {
	peers[0], peers[1], peers[2], peers[3], peers[4], peers[5], peers[6], peers[7], peers[8],
	peers[9], peers[10], peers[11], peers[12], peers[13], peers[14], peers[15], peers[16], peers[17],
	peers[18], peers[19], peers[20], peers[21], peers[22], peers[23], peers[24], peers[25], peers[26],
	peers[27], peers[28], peers[29], peers[30], peers[31], peers[32], peers[33], peers[34], peers[35],
	peers[36], peers[37], peers[38], peers[39], peers[40], peers[41], peers[42], peers[43], peers[44],
	peers[45], peers[46], peers[47], peers[48], peers[49], peers[50], peers[51], peers[52], peers[53],
	peers[54], peers[55], peers[56], peers[57], peers[58], peers[59], peers[60], peers[61], peers[62],
	peers[63], peers[64], peers[65], peers[66], peers[67], peers[68], peers[69], peers[70], peers[71],
	peers[72], peers[73], peers[74], peers[75], peers[76], peers[77], peers[78], peers[79], peers[80]
};

/* The whole search state, saved and restored as one block. */
struct state {
	unsigned char grid[N];       /* the digit of each cell, or 0 */
	unsigned char closed[10][N]; /* [digit][cell] option closed */
	unsigned char ncand[N];      /* [cell] open options of an empty cell */
	unsigned char ud[10][U];     /* [digit][unit] open options (+SAT) */
	int filled;                  /* cells filled */
};

static struct state st;
static struct state saved[N + 1]; /* [branch depth] state before the guess */

static unsigned char *const closedRow[10] = {
	st.closed[0], st.closed[1], st.closed[2], st.closed[3], st.closed[4],
	st.closed[5], st.closed[6], st.closed[7], st.closed[8], st.closed[9],
};
static unsigned char *const udRow[10] = {
	st.ud[0], st.ud[1], st.ud[2], st.ud[3], st.ud[4],
	st.ud[5], st.ud[6], st.ud[7], st.ud[8], st.ud[9],
};

/*
 * The stack of constraints whose count fell to 1 or 0: entry i is cell
 * qa[i] when qd[i] is 0, else unit qa[i] for digit qd[i]. It is empty
 * whenever the solver branches, so a restored state needs no queue. Counts
 * only fall along a search path and each constraint enters at most twice,
 * so QMAX bounds it.
 */
#define QMAX 1024
static unsigned char qd[QMAX], qa[QMAX];
static int tail;
static int failed; /* a count fell to 0 */

static void queue(int d, int a, int count) {
	qd[tail] = (unsigned char)d;
	qa[tail] = (unsigned char)a;
	tail++;
	if (count == 0)
		failed = 1;
}

/* drop removes one open option from the count *u of constraint (d, a). */
static void drop(unsigned char *u, int d, int a) {
	int t = *u - 1;
	*u = (unsigned char)t;
	if (t <= 1)
		queue(d, a, t);
}

/* closePeer closes the option (q, d) of a peer q whose units a1 and a2 are
 * not shared with the cell just filled (u is ud[d]). */
static void closePeer(unsigned char *b, unsigned char *u, int d, int q, int a1, int a2) {
	if (b[q] != 0)
		return;
	b[q] = 1;
	int n = st.ncand[q] - 1;
	st.ncand[q] = (unsigned char)n;
	if (n <= 1)
		queue(0, q, n);
	drop(u + a1, d, a1);
	drop(u + a2, d, a2);
}

/* place puts digit d in the empty cell c, whose option (c, d) is open. */
static void place(int c, int d) {
	int r = rowU[c], k = colU[c], x = boxU[c];
	st.grid[c] = (unsigned char)d;
	st.filled++;

	/* The cell's options close; those of other digits leave their units. */
	unsigned char *cl = &st.closed[1][c];
	for (int e = 1; e <= 9; e++, cl += N) {
		if (*cl == 0) {
			*cl = 1;
			if (e != d) {
				unsigned char *v = udRow[e];
				drop(v + r, e, r);
				drop(v + k, e, k);
				drop(v + x, e, x);
			}
		}
	}

	/* Digit d is now in c's three units. */
	unsigned char *u = udRow[d];
	u[r] += SAT;
	u[k] += SAT;
	u[x] += SAT;

	/* Option (q, d) closes for every peer q where it was open. The unit a
	 * peer shares with c now holds d, so its count needs no update. */
	unsigned char *b = closedRow[d];
	const unsigned char *p = peerRow[c];
	for (int i = 0; i < 8; i++) {
		int q = p[i];
		closePeer(b, u, d, q, colU[q], boxU[q]);
	}
	for (int i = 8; i < 16; i++) {
		int q = p[i];
		closePeer(b, u, d, q, rowU[q], boxU[q]);
	}
	for (int i = 16; i < 20; i++) {
		int q = p[i];
		closePeer(b, u, d, q, rowU[q], colU[q]);
	}
}

/* search completes the grid from the current state; save is where to keep
 * the state if it has to guess. */
static int search(struct state *save) {
	/* Make forced moves: a queued constraint with one open option left. */
	while (!failed && tail > 0) {
		tail--;
		int d = qd[tail], a = qa[tail];
		if (d == 0) {
			if (st.grid[a] != 0)
				continue;
			unsigned char *cl = &st.closed[1][a];
			for (d = 1; *cl != 0; d++)
				cl += N;
			place(a, d);
			continue;
		}
		if (udRow[d][a] >= SAT)
			continue;
		const unsigned char *cs = cellRow[a], *b = closedRow[d];
		while (b[*cs] != 0)
			cs++;
		place(*cs, d);
	}
	if (failed)
		return 0;
	if (st.filled == N)
		return 1;

	/* Choose the constraint with the fewest open options (at least 2). */
	int fewest = SAT, bd = 0, bu = 0, bc = 0;
	const unsigned char *u = st.ud[1];
	for (int d = 1; d <= 9 && fewest > 2; d++) {
		for (int i = 0; i < U; i++, u++) {
			if (*u < fewest) {
				fewest = *u;
				bd = d;
				bu = i;
				if (fewest == 2)
					break;
			}
		}
	}
	if (fewest > 2) {
		for (int c = 0; c < N; c++) {
			if (st.grid[c] == 0 && st.ncand[c] < fewest) {
				fewest = st.ncand[c];
				bd = 0;
				bc = c;
				if (fewest == 2)
					break;
			}
		}
	}

	/* Try each open option of it, restoring the saved state after each. */
	*save = st;
	if (bd != 0) {
		const unsigned char *cs = cellRow[bu], *end = cs + 9, *b = closedRow[bd];
		for (; cs != end; cs++) {
			if (b[*cs] != 0)
				continue;
			place(*cs, bd);
			if (search(save + 1))
				return 1;
			st = *save;
			failed = 0;
			tail = 0;
		}
		return 0;
	}
	const unsigned char *cl = &save->closed[1][bc];
	for (int d = 1; d <= 9; d++, cl += N) {
		if (*cl != 0)
			continue;
		place(bc, d);
		if (search(save + 1))
			return 1;
		st = *save;
		failed = 0;
		tail = 0;
	}
	return 0;
}

int main(void) {
	for (int c = 0; c < N; c++)
		st.ncand[c] = 9;
	for (int i = 0; i < U; i++)
		st.ud[0][i] = SAT + 9;
	for (int d = 1; d <= 9; d++)
		for (int i = 0; i < U; i++)
			st.ud[d][i] = 9;

	/* Read 81 cells and place the givens, watching for clashes. */
	int n = 0, clash = 0;
	while (n < N) {
		int ch = hv_getc();
		if (ch < 0)
			break;
		if (ch == '.' || ch == '0') {
			n++;
		} else if (ch >= '1' && ch <= '9') {
			if (closedRow[ch - '0'][n] != 0)
				clash = 1;
			else
				place(n, ch - '0');
			n++;
		}
	}
	if (n < N) {
		hv_puts("bad input: want 81 cells\n");
		return 1;
	}

	if (clash || !search(saved)) {
		hv_puts("no solution\n");
		return 0;
	}
	for (int r = 0; r < N; r += 9) {
		for (int c = 0; c < 9; c++) {
			hv_putc('0' + st.grid[r + c]);
			hv_putc(c == 8 ? '\n' : ' ');
		}
	}
	return 0;
}
