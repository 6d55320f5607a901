// Package kvcache is the key/value cache of one 2-dimensional hard-max
// attention head.
//
// A head inserts one (key, value) pair per token and asks, for a query q,
// for the value of the key k maximising the score q·k = qx*kx + qy*ky. Two
// implementations share the Cache interface: NewBrute, a linear scan that
// defines the semantics, and NewHull, which keeps only the keys on the
// boundary of the convex hull and answers by binary search. Both return
// bit-identical results for every sequence of calls.
//
// # Contract
//
// Keys and queries are integers held in float64 with |coordinate| < 2^53;
// Insert and Query panic with a message starting "kvcache:" otherwise.
// Scores, and every geometric predicate the hull evaluates, are computed
// exactly in 128-bit integer arithmetic (math/bits), never rounded.
// Positions passed to Insert must strictly increase between Resets (a
// violation panics). Values are arbitrary float64 pairs. A Cache is not safe
// for concurrent use.
//
// Ties. Let T be the set of inserted pairs whose key attains the maximal
// score.
//
//   - TieLatest returns the value of the pair in T with the largest pos.
//   - TieAverage returns (Σx/|T|, Σy/|T|), every inserted pair counting,
//     duplicates included, with the sums in float64 taken in this order:
//     for each distinct key in T, its values are added in insertion order
//     starting from +0; these per-key sums are then added, starting from +0,
//     in increasing key order (by x, then by y).
//   - The query q = (0, 0) is special: every pair ties, and TieAverage sums
//     all inserted values in insertion order, starting from +0 (this equals
//     the rule above when all keys are equal, e.g. a uniform-attention head
//     with a constant key).
//
// Query reports ok = false on an empty cache.
//
// # Invariant of the hull
//
// The hull stores, with its aggregates (per-key value sum, count, latest
// value and latest position), exactly the distinct keys that lie on the
// boundary of the convex hull of all keys inserted since Reset: the upper
// and lower envelopes including keys collinear with an edge, and every key
// on the vertical edges x = xmin and x = xmax (in parabola mode, below,
// every key is on the boundary and the structures are implicit). For q ≠ 0
// the keys attaining the maximum form a vertex or an edge of the hull, so
// they are all on the boundary. A key strictly inside the hull scores
// strictly less than some hull key for every q ≠ 0, and, the hull only ever
// growing, stays strictly inside forever: it is dropped (and later inserts
// of the same key are dropped too). q = (0, 0), where everything ties, is answered from running
// totals over all inserts.
//
// # Complexity
//
// Each chain and column starts as a deque: keys arriving in non-decreasing
// (or non-increasing) x are appended at an end in amortised O(1), and a
// query is a search over contiguous memory that gallops from the previous
// answer (O(log d) for an answer d entries away: a head reading the
// previous tokens, or fetching the next instruction, lands next to its last
// answer). The first key that must enter the middle of a chain converts it,
// once, into a treap: thereafter insert and query cost expected O(log n)
// (a query first walks up to four entries from the previous answer: a
// stack read next to the last one costs O(1)).
// The search relies on the score being unimodal along a convex chain;
// gathering the keys tied at the maximum costs O(number of tied distinct
// keys) more (an edge parallel to the query's normal, or the vertical edge
// for qy = 0). Duplicate keys cost one lookup, O(log n), or O(1) when the
// key is the one found or added last (a head writing the same "no write"
// key at most positions).
//
// Parabola mode: while the keys are (2j, -j²) for j = 0, 1, 2, ..., in
// order, at positions of at least j (the keys of a head reading position
// t-d), the hull keeps only the values and answers by arithmetic, O(1);
// the first other key builds the structures above from them (para.go).
//
// # Memory
//
// The brute-force cache keeps 40 bytes per inserted pair. The hull keeps,
// per stored key, a 24-byte chain entry (48 bytes as a treap node) in each
// structure that holds it plus 56 bytes of aggregates; for keys (2j, -j²)
// that is 16 bytes per key in parabola mode and about 80 bytes otherwise,
// plus slice growth slack. BytesPerKey reports the capacity of the backing
// arrays divided by Stored.
package kvcache

// TieMode says how a head resolves keys whose scores tie exactly.
type TieMode uint8

const (
	TieAverage TieMode = iota // mean of the values of all tied keys
	TieLatest                 // value of the most recently inserted tied key
)

// Cache stores (key, value) pairs for one 2D attention head. See the
// package documentation for the exact contract.
type Cache interface {
	// Insert appends a key with its value; pos is the token position,
	// strictly increasing across calls.
	Insert(kx, ky, vx, vy float64, pos int)
	// Query returns the value of the key maximising qx*kx+qy*ky, ties
	// resolved by mode. ok is false when the cache is empty.
	Query(qx, qy float64, mode TieMode) (vx, vy float64, ok bool)
	// Len is the number of Insert calls since Reset.
	Len() int
	// Stored is the number of points actually kept.
	Stored() int
	// BytesPerKey is the memory retained per stored point: the capacity of
	// the backing arrays, in bytes, divided by Stored (0 when empty).
	BytesPerKey() float64
	// Reset empties the cache, keeping allocated capacity.
	Reset()
}
