// Package transformer compiles a computation graph (internal/graph) into the
// weights of a vanilla decoder-only transformer, stores them as safetensors,
// and runs them.
//
// # The model
//
// The module is the seed's VanillaTransformer, with the attention made
// hard-max:
//
//	x = tok(idx) + pos_emb(t)              // [T, D]
//	for each layer i:
//	    x = x + attn[i](x)                 // D/2 heads of dimension 2, no bias
//	    gate, val = ff_in[i](x).chunk(2)   // [T, F] each
//	    x = x + ff_out[i](relu(gate) * val)
//	logits = head(x)                       // [T, V]; the next token is the argmax
//
// Letters: V vocabulary, D d_model (even; n_heads = D/2), F d_ffn, L layers.
// pos_emb adds 1, t and t² to residual columns 0, 1 and 2 (Model.PosCols);
// every other column is zero in pos_emb. Head h of a layer uses rows 2h and
// 2h+1 of the q, k and v blocks of in_proj_weight and columns 2h, 2h+1 of
// out_proj.weight. A head returns the value of the key with the largest
// score q·k (the 1/sqrt(2) scaling of PyTorch changes no argmax); exact
// ties go to the latest key or to the average of the tied keys, as the
// head declares (Model.Heads, stored in the file's metadata). Heads not
// listed there have all-zero weights.
//
// # Compilation
//
// Compile lowers the graph (only values that reach a logit are kept; a
// neuron that only copies a value is folded into its readers; a neuron with
// the same gate and val as an earlier one is that one), places every
// neuron in a feed-forward sublayer and every head in an attention
// sublayer (fewest layers first, then the fewest residual columns, then the
// fewest neurons per layer), gives every
// value a residual column ("slot"), reusing the columns of dead values, and
// fills the weights. See schedule.go for the slot rules: the residual is
// additive, so a reused slot is first cleared, by folding -old into the
// neuron that writes the new value when its gate is a constant power of
// two, else by a clearing head (query (0, 1), key (0, t): it attends to its
// own position and subtracts two dead values), else by a feed-forward
// neuron ReLU(1)·(-old).
//
// # The Engine
//
// The Engine computes exactly what the weights say, but not row by row:
// NewEngine makes a plan (plan.go) that evaluates each distinct linear form
// of a sublayer once (forms.go: rows equal up to a constant and a factor
// ±2^e share one sum), lets a neuron alone on its residual row write it
// directly, turns clearings (an output -x[r] added into row r) into stores
// (writes.go), gives heads of a layer with the same key and value rows one
// cache, answers heads with query (0, 1) and key (0, t) without a cache,
// and takes the next-token decision from the structure of head.weight
// (head.go: rows that are sums of two parts, and chains of byte scores
// searched by bisection) instead of every logit. The literal path, the
// sparse product of each weight matrix in column order, runs models too
// large for the plan and is the reference the tests hold the plan to,
// residual for residual.
//
// # Exactness
//
// The weights are the graph's coefficients, unchanged. When every value of
// the graph is an integer below 2^53 (the graph's invariant), every
// residual entry, key, query and logit of the compiled model is computed
// exactly in float64, and the model makes the same decisions as graph.Eval.
// The Engine checks each key and query coordinate before it reaches the
// cache, and that the next-token argmax wins by at least 1; it returns an
// error instead of a token otherwise. Two conditions go beyond what
// graph.Eval checks: sums are taken in an order of the Engine's choosing
// (column order on the literal path; the plan adds a row's constant last
// and a logit's two parts last), not in the graph's term order, so every
// partial sum in any order must stay below 2^53 (it does when
// Σ|coefficient·value| < 2^53 for each expression); and a reused slot
// holds old + (new - old) when its clearing shares the sublayer of the new
// value, exact while |new - old| < 2^53 (values below 2^52 suffice; the
// plan stores new directly). Under these conditions the plan and the
// literal path give the same residual, bit for bit, and the same decisions
// and margins.
//
// # Model file
//
// A Model is written as safetensors (Write, Load): an 8-byte little-endian
// header length, a JSON header, then the raw little-endian F64 tensors
// named as a PyTorch state_dict of the module: tok.weight,
// attn.{i}.in_proj_weight, attn.{i}.out_proj.weight, ff_in.{i}.weight,
// ff_out.{i}.weight, head.weight. The metadata (see file.go) carries the
// format name "hullvm-model", the version "1", the dimensions, the
// position-encoding columns, the used heads with their tie modes and the
// SHA-256 of the graph (GraphHash). Load rejects any mismatch and never
// allocates much more than the bytes it has read.
package transformer
