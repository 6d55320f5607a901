package transformer

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func modelBytes(t testing.TB, mc machine) []byte {
	t.Helper()
	m, err := Compile(mc.g)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// splitFile returns the JSON header and the data of a safetensors file.
func splitFile(b []byte) (map[string]json.RawMessage, []byte) {
	n := binary.LittleEndian.Uint64(b)
	var hdr map[string]json.RawMessage
	if err := json.Unmarshal(b[8:8+n], &hdr); err != nil {
		panic(err)
	}
	return hdr, b[8+n:]
}

func joinFile(hdr map[string]json.RawMessage, data []byte) []byte {
	js, err := json.Marshal(hdr)
	if err != nil {
		panic(err)
	}
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(js)))
	return append(append(out, js...), data...)
}

// editMeta changes one metadata entry.
func editMeta(b []byte, key, val string) []byte {
	hdr, data := splitFile(b)
	var meta map[string]string
	json.Unmarshal(hdr["__metadata__"], &meta)
	meta[key] = val
	hdr["__metadata__"], _ = json.Marshal(meta)
	return joinFile(hdr, data)
}

// editTensor changes one field of one tensor's header entry.
func editTensor(b []byte, name, field string, val any) []byte {
	hdr, data := splitFile(b)
	var ti map[string]any
	json.Unmarshal(hdr[name], &ti)
	ti[field] = val
	hdr[name], _ = json.Marshal(ti)
	return joinFile(hdr, data)
}

func TestLoadRejects(t *testing.T) {
	mc := parityMachine()
	good := modelBytes(t, mc)
	hash := GraphHash(mc.g)
	if _, err := Load(bytes.NewReader(good), hash); err != nil {
		t.Fatalf("good file: %v", err)
	}
	_, data := splitFile(good)
	hdr, _ := splitFile(good)
	inProj := append([]byte(nil), good...)
	// The first in_proj row of the last (unused) head of layer 0.
	{
		var ti tensorInfo
		json.Unmarshal(hdr["attn.0.in_proj_weight"], &ti)
		d := ti.Shape[1]
		off := int64(len(good)-len(data)) + ti.Offsets[0] + (d-2)*d*8
		binary.LittleEndian.PutUint64(inProj[off:], 0x3ff0000000000000) // 1.0
	}
	nan := append([]byte(nil), good...)
	binary.LittleEndian.PutUint64(nan[len(nan)-8:], 0x7ff8000000000001)
	delete(hdr, "head.weight")
	missing := joinFile(hdr, data[:0])

	cases := []struct {
		name string
		file []byte
		hash string
		want string
	}{
		{"empty", nil, "", "reading the header length"},
		{"huge header", binary.LittleEndian.AppendUint64(nil, 1<<40), "", "header length 1099511627776 outside"},
		{"truncated header", good[:20], "", "header truncated"},
		{"not json", append(binary.LittleEndian.AppendUint64(nil, 4), "abcd"...), "", "not a JSON object"},
		{"no metadata", joinFile(map[string]json.RawMessage{}, nil), "", "no __metadata__"},
		{"format", editMeta(good, "format", "gguf"), "", `format "gguf", want "hullvm-model"`},
		{"version", editMeta(good, "version", "2"), "", `version "2", this build reads version "1"`},
		{"hash", good, strings.Repeat("0", 64), "graph hash"},
		{"d_model", editMeta(good, "d_model", "-4"), "", "metadata d_model"},
		{"odd d_model", editMeta(good, "d_model", "7"), "", "d_model = 7 is odd"},
		{"heads", editMeta(good, "heads", `[[{"slot":0,"tie":"first"}]]`), "", `tie "first"`},
		{"shape", editTensor(good, "tok.weight", "shape", []int{2, 5}), "", `tensor "tok.weight": shape [2 5], want [2 `},
		{"dtype", editTensor(good, "tok.weight", "dtype", "F32"), "", `tensor "tok.weight": dtype "F32", want F64`},
		{"offsets", editTensor(good, "tok.weight", "data_offsets", []int{8, 72}), "", "data_offsets"},
		{"missing", missing, "", `missing tensor "head.weight"`},
		{"truncated data", good[:len(good)-9], "", `tensor "head.weight": data truncated`},
		{"trailing", append(append([]byte(nil), good...), 0), "", "data after the last tensor"},
		{"unused head", inProj, "", "of unused head"},
		{"nan", nan, "", "is not finite"},
	}
	for _, c := range cases {
		_, err := Load(bytes.NewReader(c.file), c.hash)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrFormat) {
			t.Errorf("%s: got %v, want an ErrFormat saying %q", c.name, err, c.want)
		}
	}
}

func TestGraphHash(t *testing.T) {
	a, b := lagMachine(5).g, lagMachine(5).g
	if GraphHash(a) != GraphHash(b) {
		t.Fatal("equal graphs hash differently")
	}
	b.SetEmbed(3, 3, 4)
	if GraphHash(a) == GraphHash(b) {
		t.Error("a changed embedding does not change the hash")
	}
	if GraphHash(lagMachine(6).g) == GraphHash(a) {
		t.Error("different graphs hash alike")
	}
}

func FuzzLoad(f *testing.F) {
	good := modelBytes(f, parityMachine())
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(modelBytes(f, lagMachine(5)))
	f.Add(editMeta(good, "layers", "65536"))
	f.Add(editMeta(good, "d_model", "1048576"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Load(bytes.NewReader(b), "")
		if err != nil {
			return
		}
		// A file that loads must run (errors allowed, panics not) and write back.
		e := NewEngine(m, nil)
		for i := 0; i < 3; i++ {
			if _, err := e.Feed(int32(i % m.Vocab)); err != nil {
				break
			}
		}
		var buf bytes.Buffer
		if err := m.Write(&buf); err != nil {
			t.Fatal(err)
		}
	})
}
