package wasm

import (
	"context"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// validate runs wazero's decoder and validator, the reference for what a
// valid module is, on b, which Parse has accepted. It enables the
// WebAssembly 2.0 features so that a 2.0 construct reaches CheckSupported,
// which names it, instead of failing here. The error wraps ErrInvalid.
//
// wazero 1.12 sizes some allocations by counts read from the input before
// checking them against its length (value type vectors, data segments,
// local counts, name maps), so that a few malformed bytes can exhaust
// memory. Parse rejects every such count first, and the custom sections,
// which cannot make a module invalid, are removed before wazero sees it.
func validate(b []byte) error {
	ctx := context.Background()
	cfg := wazero.NewRuntimeConfigInterpreter().WithCoreFeatures(api.CoreFeaturesV2)
	rt := wazero.NewRuntimeWithConfig(ctx, cfg)
	defer rt.Close(ctx)
	cm, err := rt.CompileModule(ctx, withoutCustomSections(b))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return cm.Close(ctx)
}

// withoutCustomSections copies b, a module Parse accepted, without its
// custom sections.
func withoutCustomSections(b []byte) []byte {
	out := append([]byte{}, b[:len(header)]...)
	r := &reader{b: b, pos: len(header), end: len(b)}
	for !r.eof() {
		start := r.pos
		id, err1 := r.byte()
		size, err2 := r.u32()
		_, err3 := r.bytes(size)
		if err1 != nil || err2 != nil || err3 != nil {
			return b // cannot happen after Parse; let wazero judge the bytes
		}
		if id != sectionCustom {
			out = append(out, b[start:r.pos]...)
		}
	}
	return out
}
