#!/usr/bin/python3
"""Rerun a HullVM export in stock PyTorch and compare every trace token.

Usage: /usr/bin/python3 tools/torch_check.py DIR [--mode forced|greedy]
           [--eps E] [--scale S] [--chunk N] [--threads N] [--json FILE]
           [--allow-incomplete] [--quiet]

DIR is what `hullvm export -o DIR ...` wrote: model.safetensors,
config.json and program.json. The script needs only PyTorch and the Python
standard library. It builds the seed's VanillaTransformer (nn.Embedding,
one nn.MultiheadAttention(d_model, n_heads, batch_first=True, bias=False)
per layer, gated ReLU feed-forward, linear head) in float64, loads the
exported state_dict into it, and turns the hard-max model into an ordinary
softmax one by changing two things in that state_dict (docs/pytorch.md):

  * the query rows of every in_proj_weight are multiplied by
    scale * sqrt(head_dim), so that PyTorch's division by sqrt(head_dim)
    leaves scores scale * (q . k);
  * for every head that breaks ties by the latest key, eps is added to the
    entry of its second key row at the residual column of t, so that the
    score of the key at position t gains eps * c * t (c, the head's
    constant second query coordinate, is checked to be a positive constant).

eps is the largest power of two with eps * c * T < 1/2 (T positions), so the
bonus never reorders keys whose hard-max scores differ (integers differ by
at least 1), and scale the smallest power of two with scale * eps * c >= 768,
so that every losing key's weight exp(-scale * gap) underflows to exactly 0:
attention is exactly one-hot wherever float64 resolves the gap.

Modes:
  forced  (default) greedy decoding verified in blocks: prompt and trace are
          fed chunk by chunk with the causal mask, and the argmax at every
          position from the last prompt token on must be the next trace
          token. The model is causal, so token by token greedy decoding
          reproduces the trace exactly when all of these argmaxes agree, and
          the first difference is at the same position with the same tokens.
  greedy  token by token: the prompt is prefilled, then each step feeds the
          token just chosen at one new position (query = that position, keys
          and values = every position so far; nn.MultiheadAttention projects
          them all again) and takes the argmax. Cost grows as
          T^2 * d_model^2 * layers: for short traces.
  seed    the seed's forward() itself, unchanged, in one call over prompt
          and trace (memory grows as n_heads * T^2; no attention weights,
          so a difference is reported without the heads' diagnosis).

Where float64 cannot separate tied keys (hard-max scores so large that
their rounding exceeds eps), softmax averages them; the script then reports
the first wrong token with the head, the key positions and the precision
that was missing (docs/pytorch.md, "Limits").

Exit status: 0 every trace token matched and the run reached the exported
final halt/trap token; 1 a token differed (the position, both tokens and
the reason are printed); 2 bad input or a model the mapping cannot handle;
3 the exported trace was cut by --max-tokens (every token present matched;
--allow-incomplete turns this into 0).
"""

import argparse
import json
import math
import os
import struct
import sys
import time
from array import array

import torch
import torch.nn as nn
import torch.nn.functional as F

UNDERFLOW = 768.0  # exp(-x) is exactly 0.0 in float64 for x > ~745.13
DTYPES = {"F64": (torch.float64, 8, "d")}


class CheckError(Exception):
    """Bad input files or a model the softmax mapping cannot handle (exit 2)."""


# ---------------------------------------------------------------------------
# safetensors, parsed by hand: u64 little-endian header length, JSON header,
# then the raw little-endian tensor bytes.


def read_safetensors(path):
    size = os.path.getsize(path)
    buf = bytearray(size)
    with open(path, "rb") as f:
        if f.readinto(buf) != size:
            raise CheckError(f"{path}: short read")
    if size < 8:
        raise CheckError(f"{path}: not a safetensors file")
    (n,) = struct.unpack("<Q", buf[:8])
    if n < 2 or 8 + n > size:
        raise CheckError(f"{path}: header length {n} does not fit in {size} bytes")
    try:
        hdr = json.loads(bytes(buf[8:8 + n]).decode("utf-8"))
    except ValueError as e:
        raise CheckError(f"{path}: bad JSON header: {e}")
    meta = hdr.pop("__metadata__", {})
    base = 8 + n
    tensors = {}
    spans = []
    for name, info in hdr.items():
        dt = info.get("dtype")
        if dt not in DTYPES:
            raise CheckError(f"{path}: tensor {name}: dtype {dt}, want F64")
        tdtype, width, code = DTYPES[dt]
        shape = [int(s) for s in info["shape"]]
        a, b = (int(o) for o in info["data_offsets"])
        count = math.prod(shape)
        if b - a != count * width or a < 0 or base + b > size:
            raise CheckError(f"{path}: tensor {name}: offsets {a}..{b} do not hold shape {shape}")
        spans.append((a, b, name))
        if sys.byteorder == "little" and (base + a) % width == 0:
            t = torch.frombuffer(buf, dtype=tdtype, count=count, offset=base + a)
        else:
            arr = array(code)
            arr.frombytes(bytes(buf[base + a:base + b]))
            if sys.byteorder != "little":
                arr.byteswap()
            t = torch.tensor(arr.tolist(), dtype=tdtype)
        tensors[name] = t.reshape(shape)
    spans.sort()
    end = 0
    for a, b, name in spans:
        if a != end:
            raise CheckError(f"{path}: tensor {name} starts at {a}, not at {end}")
        end = b
    if base + end != size:
        raise CheckError(f"{path}: {size - base - end} bytes after the last tensor")
    return tensors, meta, buf


# ---------------------------------------------------------------------------
# The seed's module. forward() is the seed's, unchanged but for the position
# encoding's columns; step() is the same computation for a block of new
# positions against the residuals of all earlier ones.


class VanillaTransformer(nn.Module):
    def __init__(self, vocab, d_model, n_heads, n_layers, d_ffn, pos_cols):
        super().__init__()
        self.tok = nn.Embedding(vocab, d_model)
        self.attn = nn.ModuleList([
            nn.MultiheadAttention(d_model, n_heads, batch_first=True, bias=False)
            for _ in range(n_layers)
        ])
        self.ff_in = nn.ModuleList([nn.Linear(d_model, 2 * d_ffn, bias=False) for _ in range(n_layers)])
        self.ff_out = nn.ModuleList([nn.Linear(d_ffn, d_model, bias=False) for _ in range(n_layers)])
        self.head = nn.Linear(d_model, vocab, bias=False)
        self.d_model = d_model
        self.pos_cols = list(pos_cols)

    def pos_emb(self, T, start=0):
        """[T, d_model]: 1, t and t^2 in the columns pos_cols, zero elsewhere."""
        t = torch.arange(start, start + T, dtype=torch.float64)
        pe = torch.zeros(T, self.d_model, dtype=torch.float64)
        c1, ct, ct2 = self.pos_cols
        pe[:, c1] = 1.0
        pe[:, ct] = t
        pe[:, ct2] = t * t
        return pe

    def forward(self, idx):
        T = idx.shape[1]
        x = self.tok(idx) + self.pos_emb(T)
        causal = torch.triu(torch.ones(T, T, device=idx.device, dtype=torch.bool), diagonal=1)
        for attn, ff_in, ff_out in zip(self.attn, self.ff_in, self.ff_out):
            y, _ = attn(x, x, x, attn_mask=causal, need_weights=False)
            x = x + y
            gate, val = ff_in(x).chunk(2, dim=-1)
            x = x + ff_out(F.relu(gate) * val)
        return self.head(x)

    def step(self, idx, cache, start, watch, first_logit=0):
        """Feed idx ([1, n]) at positions start..start+n-1.

        cache[i] ([1, T, d_model]) holds the inputs of layer i's attention
        at every earlier position; the new ones are written into it. Returns
        the logits of rows first_logit.. ([n - first_logit, vocab]) and, per
        layer, the attention weights of the heads listed in watch[i]
        ([len, n, start+n]).
        """
        n = idx.shape[1]
        S = start + n
        x = self.tok(idx) + self.pos_emb(n, start)
        q_pos = torch.arange(start, S).unsqueeze(1)
        causal = torch.arange(S).unsqueeze(0) > q_pos  # True: masked
        weights = []
        for i, (attn, ff_in, ff_out) in enumerate(zip(self.attn, self.ff_in, self.ff_out)):
            cache[i][:, start:S] = x
            kv = cache[i][:, :S]
            y, w = attn(x, kv, kv, attn_mask=causal, need_weights=True, average_attn_weights=False)
            weights.append(w[0, watch[i]] if watch[i] else None)
            x = x + y
            gate, val = ff_in(x).chunk(2, dim=-1)
            x = x + ff_out(F.relu(gate) * val)
        return self.head(x[:, first_logit:])[0], weights


# ---------------------------------------------------------------------------


def load_export(d):
    try:
        with open(os.path.join(d, "config.json")) as f:
            cfg = json.load(f)
        with open(os.path.join(d, cfg.get("program", "program.json"))) as f:
            prog = json.load(f)
    except (OSError, ValueError) as e:
        raise CheckError(str(e))
    if cfg.get("format") != "hullvm-torch-config" or prog.get("format") != "hullvm-torch-program":
        raise CheckError(f"{d}: not a hullvm export (config/program format)")
    if cfg.get("attention") != "hardmax" or cfg.get("head_dim") != 2 or cfg["n_heads"] * 2 != cfg["d_model"]:
        raise CheckError(f"{d}: expected hard-max attention with 2-dimensional heads")
    tensors, meta, buf = read_safetensors(os.path.join(d, cfg.get("weights", "model.safetensors")))
    V, D, L, Fn = cfg["vocab"], cfg["d_model"], cfg["layers"], cfg["d_ffn"]
    want = {"tok.weight": [V, D], "head.weight": [V, D]}
    for i in range(L):
        want[f"attn.{i}.in_proj_weight"] = [3 * D, D]
        want[f"attn.{i}.out_proj.weight"] = [D, D]
        want[f"ff_in.{i}.weight"] = [2 * Fn, D]
        want[f"ff_out.{i}.weight"] = [D, Fn]
    if set(tensors) != set(want):
        raise CheckError(f"tensors {sorted(set(tensors) ^ set(want))[:6]} differ from the module's state_dict")
    for k, s in want.items():
        if list(tensors[k].shape) != s:
            raise CheckError(f"tensor {k} has shape {list(tensors[k].shape)}, want {s}")
    for k in ("vocab", "d_model", "layers", "d_ffn"):
        if k in meta and int(meta[k]) != cfg[k]:
            raise CheckError(f"safetensors metadata {k}={meta[k]} differs from config.json {cfg[k]}")
    if "pos_cols" in meta and json.loads(meta["pos_cols"]) != cfg["pos_cols"]:
        raise CheckError("safetensors metadata pos_cols differs from config.json")
    return cfg, prog, tensors, buf


def softmax_mapping(cfg, sd, T, eps=None, scale=None):
    """Rewrite the hard-max state_dict sd in place for softmax attention.

    Returns (eps, scale, info) where info[i] lists per used head of layer i
    (slot, tie, c) with c its constant second query coordinate.
    """
    D, L = cfg["d_model"], cfg["layers"]
    c1, ct, _ = cfg["pos_cols"]
    # Columns 1 and t must hold exactly 1 and t at every layer's input.
    for name in ["tok.weight"]:
        if sd[name][:, [c1, ct]].abs().max() != 0:
            raise CheckError("token embeddings write the position columns")
    for i in range(L):
        for name in (f"attn.{i}.out_proj.weight", f"ff_out.{i}.weight"):
            if sd[name][[c1, ct], :].abs().max() != 0:
                raise CheckError(f"{name} writes the position columns")
    info = []
    cs = []
    for i in range(L):
        W = sd[f"attn.{i}.in_proj_weight"]
        used = {h["slot"] for h in cfg["heads"][i]}
        for h in range(D // 2):
            if h not in used and W[[2 * h, 2 * h + 1, D + 2 * h, D + 2 * h + 1, 2 * D + 2 * h, 2 * D + 2 * h + 1]].abs().max() != 0:
                raise CheckError(f"layer {i} head {h} has weights but is not listed in config.json")
        row = []
        for h in cfg["heads"][i]:
            s = h["slot"]
            c = None
            if h["tie"] == "latest":
                q1 = W[2 * s + 1]
                nz = torch.nonzero(q1).flatten().tolist()
                if nz != [c1] or not q1[c1] > 0:
                    raise CheckError(
                        f"layer {i} head {s} ({h['name']}): tie 'latest' needs a second query coordinate "
                        f"c*1 with c > 0, got non-zero columns {nz}")
                c = float(q1[c1])
                cs.append(c)
            elif h["tie"] != "average":
                raise CheckError(f"layer {i} head {s}: unknown tie mode {h['tie']!r}")
            row.append((s, h["tie"], c))
        info.append(row)
    cmax = max(cs, default=1.0)
    cmin = min(cs, default=1.0)
    if eps is None:
        eps = 2.0 ** math.floor(math.log2(0.5 / (cmax * T)))
        while eps * cmax * T >= 0.5:
            eps /= 2
    if scale is None:
        scale = 2.0 ** math.ceil(math.log2(UNDERFLOW / (eps * cmin)))
    for i in range(L):
        W = sd[f"attn.{i}.in_proj_weight"]
        for s, tie, c in info[i]:
            if tie == "latest":
                W[D + 2 * s + 1, ct] += eps
        W[:D] *= scale * math.sqrt(cfg["head_dim"])
    return eps, scale, info


def token_name(prog, t):
    return prog.get("names", {}).get(str(int(t)), "?")


def diagnose(model, prog, cfg, info, cache, pos, weights, row, logits, want, got, eps, scale, T):
    """Explain a wrong token at position pos+1 (decided at position pos)."""
    D = cfg["d_model"]
    print(f"MISMATCH at position {pos + 1} (trace token {pos + 1 - len(prog['prompt'])}): "
          f"model chose {got} ({token_name(prog, got)}), trace has {want} ({token_name(prog, want)})")
    top = torch.topk(logits, 5)
    print(f"  logits: {got}={float(logits[got])!r} vs {want}={float(logits[want])!r} "
          f"(margin {float(logits[got] - logits[want])!r}); top 5: " +
          ", ".join(f"{int(t)}:{float(v)!r}" for v, t in zip(top.values, top.indices)))
    frac = sum(1 for v in logits.tolist() if v != round(v))
    if frac:
        print(f"  {frac} logits are not integers: the residual was no longer exact")
    # The first layer, in order, whose used heads were not one-hot at the
    # deciding position explains the error; later ones may follow from it.
    bad = 0
    for i, w in enumerate(weights):
        if w is None:
            continue
        wr = w[:, row]  # [heads, S]
        for k, (s, tie, c) in enumerate(info[i]):
            top2 = torch.topk(wr[k], min(2, wr.shape[1]))
            if float(top2.values[0]) == 1.0:
                continue
            bad += 1
            a = model.attn[i]
            Wq, Wk = a.in_proj_weight[:D], a.in_proj_weight[D:2 * D]
            x = cache[i][0, pos]
            keys = cache[i][0, :pos + 1]
            q = Wq[2 * s:2 * s + 2] @ x / math.sqrt(cfg["head_dim"])
            sc = (keys @ Wk[2 * s:2 * s + 2].T) @ q
            best = torch.topk(sc, min(2, sc.shape[0]))
            mag = float(best.values[0].abs()) / scale
            res = mag * 2.0 ** -52
            print(f"  layer {i} head {s} ({cfg['heads'][i][k]['name']}, tie {tie}): attention not one-hot: "
                  f"top weights {[float(v) for v in top2.values]} at key positions {top2.indices.tolist()}; "
                  f"their scaled scores differ by {float(best.values[0] - best.values[-1])!r} "
                  f"(one-hot needs >= {UNDERFLOW:g})")
            if tie == "latest" and res * 4 > eps * (c or 1):
                print(f"    precision: the hard-max scores are ~{mag:.4g} (~2^{math.log2(mag):.1f}); float64 "
                      f"resolves them to ~{res:.3g}, coarser than the tie-break step eps*c = {eps * (c or 1):g}, "
                      f"which must stay below 1/(2T) = {0.5 / T:.3g}: softmax cannot pick the latest of "
                      f"these tied keys at T = {T}")
            if bad >= 4:
                print("  ...")
                return
    if bad == 0:
        print("  every used head was exactly one-hot at this position: the difference comes from "
              "an earlier inexact value or from the logits")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Rerun a hullvm export in stock PyTorch (float64) and compare the trace.")
    ap.add_argument("dir")
    ap.add_argument("--mode", choices=["forced", "greedy", "seed"], default="forced",
                    help="forced: check the trace in causal blocks (default); greedy: one token per forward; "
                         "seed: one call of the seed's forward() over the whole sequence")
    ap.add_argument("--eps", type=float, default=None, help="tie-break slope (default: derived from T)")
    ap.add_argument("--scale", type=float, default=None, help="query scale (default: derived from eps)")
    ap.add_argument("--chunk", type=int, default=0, help="positions per forward call (0: auto)")
    ap.add_argument("--json", default=None, help="write a summary as JSON to this file")
    ap.add_argument("--allow-incomplete", action="store_true", help="exit 0 for a --max-tokens trace that matched")
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: PyTorch's default)")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    args = ap.parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    t0 = time.time()
    try:
        cfg, prog, tensors, buf = load_export(args.dir)
        prompt, trace = [int(t) for t in prog["prompt"]], [int(t) for t in prog["trace"]]
        if not prompt or not trace:
            raise CheckError("empty prompt or trace")
        T = len(prompt) + len(trace)
        fin = token_name(prog, trace[-1])
        if prog.get("complete") and not (fin == "halt" or fin.startswith("trap(")):
            raise CheckError(f"program.json says complete but its last token is {trace[-1]} ({fin})")
        sd = {k: v.clone() for k, v in tensors.items()}
        del tensors, buf
        eps, scale, info = softmax_mapping(cfg, sd, T, args.eps, args.scale)
    except CheckError as e:
        print(f"torch_check: {e}", file=sys.stderr)
        return 2

    torch.set_grad_enabled(False)
    model = VanillaTransformer(cfg["vocab"], cfg["d_model"], cfg["n_heads"], cfg["layers"], cfg["d_ffn"],
                               cfg["pos_cols"]).to(torch.float64)
    model.load_state_dict(sd, strict=True)
    model.eval()
    del sd
    lat = [c for row in info for (_, tie, c) in row if tie == "latest"]
    cmin = min(lat, default=1.0)
    print(f"{prog.get('example')}: prompt {len(prompt)} + trace {len(trace)} tokens = T {T} positions; "
          f"vocab {cfg['vocab']}, d_model {cfg['d_model']}, heads {cfg['n_heads']}, layers {cfg['layers']}, "
          f"d_ffn {cfg['d_ffn']}; {sum(len(r) for r in info)} used heads ({len(lat)} tie 'latest')")
    print(f"softmax mapping: eps = 2^{math.log2(eps):g} (eps*c*T = {eps * max(lat, default=1.0) * T:.4f} < 1/2), "
          f"scale = 2^{math.log2(scale):g}; scale*eps*c = {scale * eps * cmin:g} vs log T = {math.log(T):.2f} "
          + (f"(>= {UNDERFLOW:g}: a losing key's weight underflows to exactly 0)" if scale * eps * cmin >= UNDERFLOW
             else f"(< {UNDERFLOW:g}: losing keys keep some weight)"))

    L = cfg["layers"]
    cache = [torch.zeros(1, T, cfg["d_model"], dtype=torch.float64) for _ in range(L)]
    watch = [[h["slot"] for h in cfg["heads"][i]] for i in range(L)]
    # A block of n positions costs n * T attention weights per head (memory)
    # and one projection of every earlier position (time): 256 balances both.
    chunk = args.chunk or max(1, min(256, int(3e7 // (cfg["n_heads"] * T))))
    st = {"example": prog.get("example"), "mode": args.mode, "prompt": len(prompt), "trace": len(trace),
          "eps": eps, "scale": scale, "compared": 0, "min_margin": math.inf, "max_margin": -math.inf,
          "not_one_hot": 0, "min_top_weight": 1.0}

    first_soft = []  # the first (position, layer, head) whose attention was not one-hot

    def account(weights, start):
        for i, w in enumerate(weights):
            if w is None:
                continue
            tw = w.max(dim=-1).values  # [heads, n]
            soft = tw != 1.0
            n = int(soft.sum())
            if n:
                st["not_one_hot"] += n
                st["min_top_weight"] = min(st["min_top_weight"], float(tw.min()))
                k, r = (int(v) for v in torch.nonzero(soft)[0])
                if not first_soft or start + r < first_soft[0]:
                    first_soft[:] = [start + r, i, info[i][k][0], cfg["heads"][i][k]["name"], float(tw[k, r])]

    def check(pos, logits, weights, row):
        """Compare the argmax at position pos with the trace; False on a difference."""
        top = torch.topk(logits, 2)
        got, m = int(top.indices[0]), float(top.values[0] - top.values[1])
        want = seq[pos + 1]
        if got != want:
            diagnose(model, prog, cfg, info, cache, pos, weights, row, logits, want, got, eps, scale, T)
            if first_soft and first_soft[0] < pos:
                p, i, h, name, w = first_soft
                print(f"  the first attention row that was not one-hot was earlier: position {p}, layer {i} "
                      f"head {h} ({name}), top weight {w!r}; its inexact value may have spread to here")
            return False
        st["compared"] += 1
        st["min_margin"] = min(st["min_margin"], m)
        st["max_margin"] = max(st["max_margin"], m)
        return True

    def feed(tokens, start, first_logit):
        idx = torch.tensor([tokens], dtype=torch.long)
        logits, weights = model.step(idx, cache, start, watch, first_logit)
        account(weights, start)
        return logits, weights

    seq = prompt + trace
    first = len(prompt) - 1  # positions first .. T-2 decide trace tokens
    ok = True
    if args.mode == "greedy":
        # Prefill the prompt (only its last logits count), then one token per
        # forward call: the argmax is fed back as the next position.
        for a in range(0, len(prompt), chunk):
            block = prompt[a:a + chunk]
            last = a + len(block) == len(prompt)
            logits, weights = feed(block, a, len(block) - 1 if last else len(block))
        pos, row = first, len(block) - 1
        while True:
            if not check(pos, logits[-1], weights, row):
                ok = False
                break
            if pos + 2 == T:
                break
            nxt = int(torch.argmax(logits[-1]))
            pos, row = pos + 1, 0
            logits, weights = feed([nxt], pos, 0)
            if not args.quiet and (pos - first) % 100 == 0:
                print(f"  {pos - first}/{len(trace)} tokens ({time.time() - t0:.1f}s)", flush=True)
    elif args.mode == "seed":
        # The seed's forward(), unchanged, over prompt and trace at once.
        logits = model(torch.tensor([seq[:-1]], dtype=torch.long))[0]
        for pos in range(first, T - 1):
            top = torch.topk(logits[pos], 2)
            got, m = int(top.indices[0]), float(top.values[0] - top.values[1])
            want = seq[pos + 1]
            if got != want:
                print(f"MISMATCH at position {pos + 1} (trace token {pos + 1 - len(prompt)}): model chose {got} "
                      f"({token_name(prog, got)}), trace has {want} ({token_name(prog, want)}); logits "
                      f"{float(logits[pos, got])!r} vs {float(logits[pos, want])!r} "
                      "(rerun with --mode forced for the attention weights)")
                ok = False
                break
            st["compared"] += 1
            st["min_margin"] = min(st["min_margin"], m)
            st["max_margin"] = max(st["max_margin"], m)
        st["not_one_hot"] = None  # forward() asks for no attention weights
    else:
        # Feed prompt and trace in causal blocks; the argmax at every position
        # from the last prompt token on must be the next token of the trace.
        for a in range(0, T - 1, chunk):
            block = seq[a:min(a + chunk, T - 1)]
            r0 = max(0, first - a)
            if r0 >= len(block):
                feed(block, a, len(block))
                continue
            logits, weights = feed(block, a, r0)
            for r in range(r0, len(block)):
                if not check(a + r, logits[r - r0], weights, r):
                    ok = False
                    break
            if not ok:
                break
            if not args.quiet:
                print(f"  positions {a}..{a + len(block) - 1} checked ({time.time() - t0:.1f}s)", flush=True)

    st["seconds"] = round(time.time() - t0, 2)
    complete = bool(prog.get("complete"))
    st["complete"] = complete
    if not ok:
        code, verdict = 1, "FAIL"
    elif not complete:
        code = 0 if args.allow_incomplete else 3
        verdict = "OK (incomplete trace)" if code == 0 else "INCOMPLETE"
    else:
        code, verdict = 0, "OK"
    st["ok"] = code == 0
    fin = trace[-1]
    print(f"{verdict}: {st['compared']}/{len(trace)} trace tokens match "
          f"(final {fin} {token_name(prog, fin)}{'' if complete else ', trace cut by --max-tokens'}); "
          f"logit margin of the matched tokens min {st['min_margin']:g} max {st['max_margin']:g}; "
          + (f"used-head attention rows not exactly one-hot: {st['not_one_hot']} "
             f"(smallest top weight {st['min_top_weight']!r}); " if st["not_one_hot"] is not None else "")
          + f"{st['seconds']}s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(st, f, indent=1)
    return code


if __name__ == "__main__":
    sys.exit(main())
