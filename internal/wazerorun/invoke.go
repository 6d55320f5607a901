package wazerorun

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/tetratelabs/wazero/api"
)

// TrapError is the error of an Invoke call that trapped.
type TrapError struct {
	Trap string // the spec's wording, as in Result.Trap
}

func (e *TrapError) Error() string { return "trap: " + e.Trap }

// ExitError is the error of an Invoke call whose function called hv_exit.
type ExitError struct {
	Status int
}

func (e *ExitError) Error() string { return fmt.Sprintf("program exited with status %d", e.Status) }

// Invoke calls the exported function name of a fresh instance of wasm (its
// _start is not run) with args, each a signed or unsigned decimal of the
// parameter's type, and returns each result as a signed decimal. Only i32
// and i64 parameters and results are supported; the program reads empty
// input and its output is discarded (see InvokeIO).
func Invoke(ctx context.Context, wasm []byte, name string, args []string) ([]string, error) {
	return InvokeIO(ctx, wasm, name, args, nil, io.Discard)
}

// InvokeIO is Invoke with the program's input and output. A trap is a
// *TrapError, a call of hv_exit an *ExitError.
func InvokeIO(ctx context.Context, wasm []byte, name string, args []string, input []byte,
	stdout io.Writer) ([]string, error) {
	prepared, _, err := prepare(wasm, false, false)
	if err != nil {
		return nil, err
	}
	h := &host{input: input, out: bufio.NewWriter(stdout)}
	rt, mod, err := instantiate(ctx, prepared, h)
	if rt != nil {
		defer rt.Close(ctx)
	}
	var results []uint64
	var f api.Function
	if err == nil {
		f = mod.ExportedFunction(name)
		if f == nil {
			return nil, fmt.Errorf("invoke: no exported function %q (exported: %s)", name, exportList(mod))
		}
		var params []uint64
		if params, err = parseArgs(name, f.Definition(), args); err != nil {
			return nil, err
		}
		results, err = f.Call(ctx, params...)
	}
	res, err := h.classify(ctx, err)
	if ferr := h.out.Flush(); ferr != nil && err == nil {
		err = fmt.Errorf("writing output: %w", ferr)
	}
	switch {
	case err != nil:
		return nil, fmt.Errorf("invoke %s: %w", name, err)
	case res.Trap != "":
		return nil, &TrapError{Trap: res.Trap}
	case h.exited:
		return nil, &ExitError{Status: res.ExitStatus}
	}
	return formatResults(f.Definition(), results), nil
}

// parseArgs converts the decimal arguments to the parameter types of def.
func parseArgs(name string, def api.FunctionDefinition, args []string) ([]uint64, error) {
	types := def.ParamTypes()
	if len(args) != len(types) {
		return nil, fmt.Errorf("invoke %s: takes %d arguments, got %d", name, len(types), len(args))
	}
	for i, t := range def.ResultTypes() {
		if t != api.ValueTypeI32 && t != api.ValueTypeI64 {
			return nil, fmt.Errorf("invoke %s: result %d has type %s (only i32 and i64 are supported)",
				name, i+1, api.ValueTypeName(t))
		}
	}
	params := make([]uint64, len(args))
	for i, a := range args {
		var bits int
		switch types[i] {
		case api.ValueTypeI32:
			bits = 32
		case api.ValueTypeI64:
			bits = 64
		default:
			return nil, fmt.Errorf("invoke %s: argument %d has type %s (only i32 and i64 are supported)",
				name, i+1, api.ValueTypeName(types[i]))
		}
		v, err := parseDecimal(a, bits)
		if err != nil {
			return nil, fmt.Errorf("invoke %s: argument %d: %q is not an %s decimal",
				name, i+1, a, api.ValueTypeName(types[i]))
		}
		params[i] = v
	}
	return params, nil
}

// parseDecimal reads a signed or unsigned decimal that fits in bits bits and
// returns its two's-complement bits.
func parseDecimal(s string, bits int) (uint64, error) {
	mask := ^uint64(0) >> (64 - bits)
	if v, err := strconv.ParseInt(s, 10, bits); err == nil {
		return uint64(v) & mask, nil
	}
	v, err := strconv.ParseUint(s, 10, bits)
	return v, err
}

// formatResults writes each result as a signed decimal of its type (i32 or
// i64, as parseArgs checked).
func formatResults(def api.FunctionDefinition, results []uint64) []string {
	out := make([]string, len(results))
	for i, t := range def.ResultTypes() {
		if t == api.ValueTypeI32 {
			out[i] = strconv.FormatInt(int64(int32(results[i])), 10)
		} else {
			out[i] = strconv.FormatInt(int64(results[i]), 10)
		}
	}
	return out
}

func exportList(mod api.Module) string {
	var names []string
	for n := range mod.ExportedFunctionDefinitions() {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
