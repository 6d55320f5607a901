package wazerorun

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"
)

// Result is the outcome of a run that started.
type Result struct {
	// ExitStatus is the argument of hv_exit, main's result, or 0 when _start
	// returned. It is 0 when the run trapped.
	ExitStatus int
	// Trap is the spec's wording of the trap that ended the run, or "".
	Trap string
	// Instructions is the number of executed instructions, or 0 when not
	// counted. Every instruction counts except the structure markers block,
	// loop, else and end; a trap may add the few instructions that follow it
	// in its straight-line run.
	Instructions int64
	// Profile splits Instructions by function, when Options.Profile asked
	// for it; functions that ran no instruction are left out.
	Profile []FunctionCount
}

// FunctionCount is the instructions executed in one function.
type FunctionCount struct {
	Index        uint32 // function index (imports first, as in the spec)
	Name         string // from the name section, or "func[N]"
	Instructions int64
}

// Options changes how Run works.
type Options struct {
	// NoCount runs the module as given, without the instruction counter.
	NoCount bool
	// Profile counts instructions per function (Result.Profile).
	Profile bool
}

// Run runs the program wasm with the given input, writing its output to
// stdout. Traps and exits are results, not errors; the error reports a
// module that could not be run, a write to stdout that failed, or ctx
// ending the run.
func Run(ctx context.Context, wasm, input []byte, stdout io.Writer) (Result, error) {
	return RunWithOptions(ctx, wasm, input, stdout, Options{})
}

// RunWithOptions is Run with options.
func RunWithOptions(ctx context.Context, wasm, input []byte, stdout io.Writer, opt Options) (Result, error) {
	m, info, err := prepare(wasm, !opt.NoCount, opt.Profile)
	if err != nil {
		return Result{}, err
	}
	h := &host{input: input, out: bufio.NewWriter(stdout)}
	rt, mod, err := instantiate(ctx, m, h)
	if rt != nil {
		defer rt.Close(ctx)
	}
	if err == nil {
		err = callEntry(ctx, mod)
	}
	res, err := h.classify(ctx, err)
	if ferr := h.out.Flush(); ferr != nil && err == nil {
		err = fmt.Errorf("writing output: %w", ferr)
	}
	if mod != nil && !opt.NoCount {
		res.Instructions, res.Profile = readCounters(mod, info, opt.Profile)
	}
	return res, err
}

// readCounters reads the instruction counters of an instrumented instance.
func readCounters(mod api.Module, info moduleInfo, perFunction bool) (int64, []FunctionCount) {
	if !perFunction {
		if g := mod.ExportedGlobal(counterExport); g != nil {
			return int64(g.Get()), nil
		}
		return 0, nil
	}
	var total int64
	var prof []FunctionCount
	for f := uint32(0); ; f++ {
		g := mod.ExportedGlobal(fmt.Sprintf("%s.%d", counterExport, f))
		if g == nil {
			break
		}
		n := int64(g.Get())
		total += n
		if n == 0 {
			continue
		}
		idx := info.importedFuncs + f
		name, ok := info.names[idx]
		if !ok {
			name = fmt.Sprintf("func[%d]", idx)
		}
		prof = append(prof, FunctionCount{Index: idx, Name: name, Instructions: n})
	}
	sort.SliceStable(prof, func(i, j int) bool { return prof[i].Instructions > prof[j].Instructions })
	return total, prof
}

// moduleInfo is what prepare learnt about a module.
type moduleInfo struct {
	importedFuncs uint32
	names         map[uint32]string // function names, by function index
}

// prepare checks the imports, pins the memory and, when count is set, adds
// the instruction counters (one per function when perFunction is set).
func prepare(wasm []byte, count, perFunction bool) ([]byte, moduleInfo, error) {
	var info moduleInfo
	m, err := parseModule(wasm)
	if err != nil {
		return nil, info, fmt.Errorf("wazerorun: %w", err)
	}
	imps, err := m.imports()
	if err != nil {
		return nil, info, fmt.Errorf("wazerorun: import section: %w", err)
	}
	var bad []string
	for _, imp := range imps {
		if imp.kind == 0 {
			info.importedFuncs++
		}
		if imp.module != "env" || imp.kind != 0 || !hostFuncs[imp.name] {
			bad = append(bad, imp.module+"."+imp.name)
		}
	}
	if len(bad) > 0 {
		return nil, info, fmt.Errorf("wazerorun: unsupported imports %s "+
			"(a program may import only env.hv_getc, env.hv_putc and env.hv_exit)",
			strings.Join(bad, ", "))
	}
	if err := m.pinMemory(); err != nil {
		return nil, info, fmt.Errorf("wazerorun: %w", err)
	}
	if err := m.checkTables(); err != nil {
		return nil, info, fmt.Errorf("wazerorun: %w", err)
	}
	if count {
		if perFunction {
			info.names = m.functionNames()
		}
		if err := m.instrument(perFunction); err != nil {
			return nil, info, fmt.Errorf("wazerorun: counting instructions: %w", err)
		}
	}
	return m.encode(), info, nil
}

var hostFuncs = map[string]bool{"hv_getc": true, "hv_putc": true, "hv_exit": true}

// host is the state behind the env functions of one run.
type host struct {
	input  []byte
	pos    int
	out    *bufio.Writer
	werr   error // first write error
	exited bool
	status int32
}

// instantiate compiles the module on a fresh interpreter runtime with the
// env host module. The caller closes the runtime when it is not nil.
func instantiate(ctx context.Context, wasm []byte, h *host) (wazero.Runtime, api.Module, error) {
	cfg := wazero.NewRuntimeConfigInterpreter().WithCloseOnContextDone(true)
	rt := wazero.NewRuntimeWithConfig(ctx, cfg)
	_, err := rt.NewHostModuleBuilder("env").
		NewFunctionBuilder().WithFunc(h.getc).Export("hv_getc").
		NewFunctionBuilder().WithFunc(h.putc).Export("hv_putc").
		NewFunctionBuilder().WithFunc(h.exit).Export("hv_exit").
		Instantiate(ctx)
	if err != nil {
		return rt, nil, fmt.Errorf("wazerorun: host module: %w", err)
	}
	compiled, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		return rt, nil, fmt.Errorf("wazerorun: %w", err)
	}
	mod, err := rt.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithStartFunctions())
	return rt, mod, err
}

// callEntry calls _start, or main when there is no _start.
func callEntry(ctx context.Context, mod api.Module) error {
	if f := mod.ExportedFunction("_start"); f != nil {
		if d := f.Definition(); len(d.ParamTypes()) != 0 || len(d.ResultTypes()) != 0 {
			return errors.New("wazerorun: _start must take no parameters and return nothing")
		}
		_, err := f.Call(ctx)
		return err
	}
	f := mod.ExportedFunction("main")
	if f == nil {
		return errors.New("wazerorun: the module exports neither _start nor main")
	}
	d := f.Definition()
	if len(d.ParamTypes()) != 0 || len(d.ResultTypes()) != 1 || d.ResultTypes()[0] != api.ValueTypeI32 {
		return errors.New("wazerorun: main must take no parameters and return one i32")
	}
	res, err := f.Call(ctx)
	if err != nil {
		return err
	}
	return sys.NewExitError(uint32(res[0]))
}

func (h *host) getc() int32 {
	if h.pos >= len(h.input) {
		return -1
	}
	c := h.input[h.pos]
	h.pos++
	return int32(c)
}

func (h *host) putc(c int32) {
	if err := h.out.WriteByte(byte(c)); err != nil && h.werr == nil {
		h.werr = err
	}
}

func (h *host) exit(ctx context.Context, mod api.Module, status int32) {
	h.exited, h.status = true, status
	panic(sys.NewExitError(uint32(status)))
}

// classify turns the error of instantiating or calling the program into a
// result: an exit, a trap, or a real error.
func (h *host) classify(ctx context.Context, err error) (Result, error) {
	if h.werr != nil {
		return Result{}, fmt.Errorf("writing output: %w", h.werr)
	}
	if err == nil {
		return Result{}, nil
	}
	if h.exited {
		return Result{ExitStatus: int(h.status)}, nil
	}
	if cerr := ctx.Err(); cerr != nil {
		return Result{}, cerr
	}
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		return Result{ExitStatus: int(int32(exit.ExitCode()))}, nil
	}
	if trap, ok := trapOf(err); ok {
		return Result{Trap: trap}, nil
	}
	return Result{}, err
}
