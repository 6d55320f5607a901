package transformer

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"

	"github.com/hullvm/hullvm/internal/kvcache"
)

// The file format. Metadata keys (all values are strings, as safetensors
// requires):
//
//	format        "hullvm-model"
//	version       "1"
//	vocab         V
//	d_model       D (even; n_heads = D/2)
//	layers        L
//	d_ffn         F
//	n_heads       D/2
//	pos_cols      JSON [c1, ct, ct2]: the columns of 1, t, t²
//	heads         JSON, per layer the used heads:
//	              [[{"slot":0,"tie":"latest","name":"prev"}, ...], ...]
//	graph_sha256  GraphHash of the source graph
const (
	formatName    = "hullvm-model"
	formatVersion = "1"
	maxHeaderLen  = 64 << 20
)

// ErrFormat is wrapped by every error Load returns for a malformed or
// mismatched file.
var ErrFormat = errors.New("transformer: bad model file")

type tensorInfo struct {
	Dtype   string   `json:"dtype"`
	Shape   []int64  `json:"shape"`
	Offsets [2]int64 `json:"data_offsets"`
}

type headJSON struct {
	Slot int    `json:"slot"`
	Tie  string `json:"tie"`
	Name string `json:"name"`
}

func tieName(t kvcache.TieMode) string {
	if t == kvcache.TieLatest {
		return "latest"
	}
	return "average"
}

// namedTensor is one tensor of the file, in file order.
type namedTensor struct {
	name string
	m    *Sparse
}

func (m *Model) tensors() []namedTensor {
	ts := []namedTensor{{"tok.weight", m.Tok}}
	for i := 0; i < m.Layers; i++ {
		ts = append(ts,
			namedTensor{fmt.Sprintf("attn.%d.in_proj_weight", i), m.In[i]},
			namedTensor{fmt.Sprintf("attn.%d.out_proj.weight", i), m.Out[i]},
			namedTensor{fmt.Sprintf("ff_in.%d.weight", i), m.FFIn[i]},
			namedTensor{fmt.Sprintf("ff_out.%d.weight", i), m.FFOut[i]})
	}
	return append(ts, namedTensor{"head.weight", m.Head})
}

// shapes lists the tensors a model of these dimensions has, with their shapes.
func shapes(vocab, d, layers, f int) map[string][2]int {
	s := map[string][2]int{"tok.weight": {vocab, d}, "head.weight": {vocab, d}}
	for i := 0; i < layers; i++ {
		s[fmt.Sprintf("attn.%d.in_proj_weight", i)] = [2]int{3 * d, d}
		s[fmt.Sprintf("attn.%d.out_proj.weight", i)] = [2]int{d, d}
		s[fmt.Sprintf("ff_in.%d.weight", i)] = [2]int{2 * f, d}
		s[fmt.Sprintf("ff_out.%d.weight", i)] = [2]int{d, f}
	}
	return s
}

func (m *Model) headsJSON() [][]headJSON {
	heads := make([][]headJSON, m.Layers)
	for i, hs := range m.Heads {
		heads[i] = []headJSON{}
		for _, h := range hs {
			heads[i] = append(heads[i], headJSON{h.Slot, tieName(h.Tie), h.Name})
		}
	}
	return heads
}

func (m *Model) metadata() map[string]string {
	hj, _ := json.Marshal(m.headsJSON())
	pc, _ := json.Marshal(m.PosCols)
	return map[string]string{
		"format": formatName, "version": formatVersion,
		"vocab": strconv.Itoa(m.Vocab), "d_model": strconv.Itoa(m.DModel),
		"layers": strconv.Itoa(m.Layers), "d_ffn": strconv.Itoa(m.DFFN),
		"n_heads": strconv.Itoa(m.NHeads()), "pos_cols": string(pc), "heads": string(hj),
		"graph_sha256": m.GraphHash,
	}
}

// Write stores m as safetensors. The bytes depend only on m.
func (m *Model) Write(w io.Writer) error {
	hdr := map[string]any{"__metadata__": m.metadata()}
	var off int64
	ts := m.tensors()
	for _, t := range ts {
		n := int64(t.m.Rows) * int64(t.m.Cols) * 8
		hdr[t.name] = tensorInfo{"F64", []int64{int64(t.m.Rows), int64(t.m.Cols)}, [2]int64{off, off + n}}
		off += n
	}
	js, err := json.Marshal(hdr) // map keys sorted: deterministic
	if err != nil {
		return fmt.Errorf("transformer: encoding the header: %w", err)
	}
	for len(js)%8 != 0 {
		js = append(js, ' ')
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var lenBuf [8]byte
	binary.LittleEndian.PutUint64(lenBuf[:], uint64(len(js)))
	bw.Write(lenBuf[:])
	bw.Write(js)
	var b [8]byte
	for _, t := range ts {
		for r := 0; r < t.m.Rows; r++ {
			k, end := t.m.Ptr[r], t.m.Ptr[r+1]
			for c := 0; c < t.m.Cols; c++ {
				v := 0.0
				if k < end && int(t.m.Idx[k]) == c {
					v = t.m.Val[k]
					k++
				}
				binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
				bw.Write(b[:])
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("transformer: writing the model: %w", err)
	}
	return nil
}

func bad(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, a...))
}

// Load reads a model written by Write. It rejects, naming the cause, a file
// that is not a hullvm model (format), of another version, with missing,
// extra or misshapen tensors, a dtype other than F64, a non-finite weight,
// weights in heads the metadata does not list, or (when wantGraphHash is
// not empty) a graph hash other than wantGraphHash. Allocation is bounded
// by the bytes actually read.
func Load(r io.Reader, wantGraphHash string) (*Model, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var lenBuf [8]byte
	if _, err := io.ReadFull(br, lenBuf[:]); err != nil {
		return nil, bad("reading the header length: %v", err)
	}
	n := binary.LittleEndian.Uint64(lenBuf[:])
	if n < 2 || n > maxHeaderLen {
		return nil, bad("header length %d outside [2, %d] (not a safetensors file?)", n, maxHeaderLen)
	}
	js, err := io.ReadAll(io.LimitReader(br, int64(n)))
	if err != nil || uint64(len(js)) != n {
		return nil, bad("header truncated at %d of %d bytes", len(js), n)
	}
	m, order, err := parseHeader(js, wantGraphHash)
	if err != nil {
		return nil, err
	}
	for _, t := range order {
		if err := readTensor(br, t.name, t.m); err != nil {
			return nil, err
		}
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, bad("data after the last tensor")
	}
	if err := m.checkUnusedHeads(); err != nil {
		return nil, err
	}
	return m, nil
}

// parseHeader checks the JSON header and returns the model with empty
// tensors of the right shapes, in the order of their data.
func parseHeader(js []byte, wantGraphHash string) (*Model, []namedTensor, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(js, &raw); err != nil {
		return nil, nil, bad("header is not a JSON object: %v", err)
	}
	var meta map[string]string
	if err := json.Unmarshal(raw["__metadata__"], &meta); err != nil || meta == nil {
		return nil, nil, bad("no __metadata__ string map: not a hullvm model")
	}
	if meta["format"] != formatName {
		return nil, nil, bad("format %q, want %q", meta["format"], formatName)
	}
	if meta["version"] != formatVersion {
		return nil, nil, bad("version %q, this build reads version %q", meta["version"], formatVersion)
	}
	if wantGraphHash != "" && meta["graph_sha256"] != wantGraphHash {
		return nil, nil, bad("graph hash %q, want %q: the model was compiled from another graph",
			meta["graph_sha256"], wantGraphHash)
	}
	m, err := parseMeta(meta)
	if err != nil {
		return nil, nil, err
	}
	delete(raw, "__metadata__")
	want := shapes(m.Vocab, m.DModel, m.Layers, m.DFFN)
	if len(raw) != len(want) {
		for name := range want {
			if _, ok := raw[name]; !ok {
				return nil, nil, bad("missing tensor %q", name)
			}
		}
	}
	m.attach()
	byName := map[string]*Sparse{}
	for _, t := range m.tensors() {
		byName[t.name] = t.m
	}
	var order []namedTensor
	offs := map[string][2]int64{}
	for _, name := range sortedKeys(raw) {
		shape, ok := want[name]
		if !ok {
			return nil, nil, bad("unexpected tensor %q", name)
		}
		var ti tensorInfo
		if err := json.Unmarshal(raw[name], &ti); err != nil {
			return nil, nil, bad("tensor %q: %v", name, err)
		}
		if ti.Dtype != "F64" {
			return nil, nil, bad("tensor %q: dtype %q, want F64", name, ti.Dtype)
		}
		if len(ti.Shape) != 2 || ti.Shape[0] != int64(shape[0]) || ti.Shape[1] != int64(shape[1]) {
			return nil, nil, bad("tensor %q: shape %v, want %v", name, ti.Shape, shape)
		}
		sp := byName[name]
		sp.Rows, sp.Cols, sp.Ptr = shape[0], shape[1], []int32{0}
		order = append(order, namedTensor{name, sp})
		offs[name] = ti.Offsets
	}
	sort.SliceStable(order, func(i, j int) bool { return offs[order[i].name][0] < offs[order[j].name][0] })
	var at int64
	for _, t := range order {
		size, off := int64(t.m.Rows)*int64(t.m.Cols)*8, offs[t.name]
		if off[0] != at || off[1]-off[0] != size {
			return nil, nil, bad("tensor %q: data_offsets %v, want [%d, %d] (tensors must be contiguous)",
				t.name, off, at, at+size)
		}
		at += size
	}
	return m, order, nil
}

// attach gives m empty tensors of its dimensions.
func (m *Model) attach() {
	m.Tok, m.Head = &Sparse{}, &Sparse{}
	for i := 0; i < m.Layers; i++ {
		m.In, m.Out = append(m.In, &Sparse{}), append(m.Out, &Sparse{})
		m.FFIn, m.FFOut = append(m.FFIn, &Sparse{}), append(m.FFOut, &Sparse{})
	}
}

func sortedKeys[T any](m map[string]T) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// parseMeta reads the dimensions, position columns and heads.
func parseMeta(meta map[string]string) (*Model, error) {
	num := func(key string, lo, hi int) (int, error) {
		v, err := strconv.Atoi(meta[key])
		if err != nil || v < lo || v > hi {
			return 0, bad("metadata %s = %q, want an integer in [%d, %d]", key, meta[key], lo, hi)
		}
		return v, nil
	}
	m := &Model{GraphHash: meta["graph_sha256"]}
	var err error
	if m.Vocab, err = num("vocab", 1, maxVocab); err != nil {
		return nil, err
	}
	if m.DModel, err = num("d_model", 4, maxDModel); err != nil {
		return nil, err
	}
	if m.DModel%2 != 0 {
		return nil, bad("metadata d_model = %d is odd", m.DModel)
	}
	if _, err = num("n_heads", m.DModel/2, m.DModel/2); err != nil {
		return nil, err
	}
	if m.Layers, err = num("layers", 0, maxLayers); err != nil {
		return nil, err
	}
	if m.DFFN, err = num("d_ffn", 1, maxDFFN); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(meta["pos_cols"]), &m.PosCols); err != nil {
		return nil, bad("metadata pos_cols = %q: %v", meta["pos_cols"], err)
	}
	for i, c := range m.PosCols {
		if c < 0 || c >= m.DModel || i > 0 && c == m.PosCols[0] || i == 2 && c == m.PosCols[1] {
			return nil, bad("metadata pos_cols = %v: need three distinct columns below d_model", m.PosCols)
		}
	}
	return m, parseHeads(m, meta["heads"])
}

func parseHeads(m *Model, s string) error {
	var heads [][]headJSON
	if err := json.Unmarshal([]byte(s), &heads); err != nil {
		return bad("metadata heads: %v", err)
	}
	if len(heads) != m.Layers {
		return bad("metadata heads lists %d layers, want %d", len(heads), m.Layers)
	}
	for i, hs := range heads {
		var out []HeadSlot
		for k, h := range hs {
			if h.Slot < 0 || h.Slot >= m.NHeads() || k > 0 && h.Slot <= hs[k-1].Slot {
				return bad("metadata heads: layer %d: head slot %d out of order or range", i, h.Slot)
			}
			tie := kvcache.TieAverage
			switch h.Tie {
			case "latest":
				tie = kvcache.TieLatest
			case "average":
			default:
				return bad("metadata heads: layer %d head %d: tie %q, want latest or average", i, h.Slot, h.Tie)
			}
			out = append(out, HeadSlot{h.Slot, tie, h.Name})
		}
		m.Heads = append(m.Heads, out)
	}
	return nil
}

// readTensor streams the dense data of one tensor into t, keeping the
// non-zero entries; it allocates in proportion to what it has read.
func readTensor(br *bufio.Reader, name string, t *Sparse) error {
	var buf [4096]byte
	total := int64(t.Rows) * int64(t.Cols)
	var r, c int
	for done := int64(0); done < total; {
		chunk := min(int64(len(buf)/8), total-done)
		if _, err := io.ReadFull(br, buf[:chunk*8]); err != nil {
			return bad("tensor %q: data truncated at element %d of %d", name, done, total)
		}
		for i := int64(0); i < chunk; i++ {
			v := math.Float64frombits(binary.LittleEndian.Uint64(buf[8*i:]))
			if math.IsInf(v, 0) || math.IsNaN(v) {
				return bad("tensor %q: element (%d, %d) = %v is not finite", name, r, c, v)
			}
			if v != 0 {
				t.Idx = append(t.Idx, int32(c))
				t.Val = append(t.Val, v)
			}
			if c++; c == t.Cols {
				t.Ptr = append(t.Ptr, int32(len(t.Val)))
				r, c = r+1, 0
			}
		}
		done += chunk
	}
	for len(t.Ptr) <= t.Rows { // a tensor with no columns
		t.Ptr = append(t.Ptr, int32(len(t.Val)))
	}
	return nil
}

// checkUnusedHeads rejects q, k or v weights in a head the metadata does
// not list: the Engine would ignore them, PyTorch would not.
func (m *Model) checkUnusedHeads() error {
	d := m.DModel
	for i := 0; i < m.Layers; i++ {
		used := make([]bool, m.NHeads())
		for _, h := range m.Heads[i] {
			used[h.Slot] = true
		}
		in := m.In[i]
		for r := 0; r < 3*d; r++ {
			if h := (r % d) / 2; !used[h] && in.Ptr[r+1] > in.Ptr[r] {
				return bad("attn.%d.in_proj_weight: row %d of unused head %d is not zero", i, r, h)
			}
		}
	}
	return nil
}
