package cc

import (
	"bytes"
	"errors"
	"fmt"
)

// wasmHeader is the magic number and version 1 that open every module.
var wasmHeader = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

// toolchainSections are custom sections that name the build tools only.
var toolchainSections = map[string]bool{"producers": true, "target_features": true}

// stripToolchainSections returns wasm without the custom sections listed in
// toolchainSections. The module is otherwise copied byte for byte.
func stripToolchainSections(wasm []byte) ([]byte, error) {
	if !bytes.HasPrefix(wasm, wasmHeader) {
		return nil, errors.New("cc: linker output is not a wasm module")
	}
	out := append([]byte{}, wasmHeader...)
	for pos := len(wasmHeader); pos < len(wasm); {
		start := pos
		id := wasm[pos]
		size, n := readU32(wasm[pos+1:])
		pos += 1 + n
		if n == 0 || uint64(pos)+uint64(size) > uint64(len(wasm)) {
			return nil, fmt.Errorf("cc: linker output: bad section at byte %d", start)
		}
		end := pos + int(size)
		if id == 0 {
			nameLen, m := readU32(wasm[pos:end])
			if m > 0 && pos+m+int(nameLen) <= end &&
				toolchainSections[string(wasm[pos+m:pos+m+int(nameLen)])] {
				pos = end
				continue
			}
		}
		out = append(out, wasm[start:end]...)
		pos = end
	}
	return out, nil
}

// readU32 decodes an unsigned LEB128 value of at most 5 bytes; n is 0 when
// the bytes are not one.
func readU32(b []byte) (v uint32, n int) {
	var shift uint
	for i := 0; i < len(b) && i < 5; i++ {
		v |= uint32(b[i]&0x7f) << shift
		if b[i]&0x80 == 0 {
			return v, i + 1
		}
		shift += 7
	}
	return 0, 0
}
