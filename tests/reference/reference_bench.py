#!/usr/bin/python3
"""The Python PyTorch reference for `attention-train --bench`.

The same model (post-norm Transformer, ReLU, dropout 0.1, tied embeddings,
fused Q/K/V projection as in LibTorch's MultiheadAttention) and the same step
(label-smoothed loss 0.1, backward, global-norm clip 1.0, Adam(0.9, 0.98, 1e-9),
Noam schedule), on random batches of the preset's shape. Prints one JSON line
with the fields of the native benchmark, so the two can be compared.

    python3 tests/reference/reference_bench.py --bench bench-tiny --threads 1

On a GPU, --amp runs the step under autocast (bfloat16 where the device has
it, else float16 with loss scaling), and --compile MODE runs the model through
torch.compile (PyTorch 2.x; "reduce-overhead" adds CUDA graphs), the
comparisons the GPU check makes.
"""
import sys
import argparse
import contextlib
import json
import math
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {  # vocab, length, batch, d_model, heads, layers, d_ff
    "bench-tiny": (32, 16, 64, 64, 4, 2, 256),
    "bench-small": (1000, 32, 32, 256, 8, 3, 1024),
    "bench-base": (8000, 64, 16, 512, 8, 6, 2048),
}


class Attention(nn.Module):
    def __init__(self, d, h, p):
        super().__init__()
        self.h = h
        self.in_proj_weight = nn.Parameter(torch.empty(3 * d, d))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * d))
        self.out_proj = nn.Linear(d, d)
        self.dropout = nn.Dropout(p)
        nn.init.xavier_uniform_(self.in_proj_weight)

    def forward(self, x, memory, pad, causal):
        b, tq, d = x.shape
        if x is memory:
            q, k, v = F.linear(x, self.in_proj_weight, self.in_proj_bias).chunk(3, -1)
        else:
            q = F.linear(x, self.in_proj_weight[:d], self.in_proj_bias[:d])
            k, v = F.linear(memory, self.in_proj_weight[d:], self.in_proj_bias[d:]).chunk(2, -1)
        split = lambda t: t.view(b, -1, self.h, d // self.h).transpose(1, 2)
        q, k, v = split(q), split(k), split(v)
        scores = (q / math.sqrt(d // self.h)) @ k.transpose(-2, -1)
        if causal is not None:
            scores = scores + causal
        if pad is not None:
            scores = scores.masked_fill(pad[:, None, None, :], float("-inf"))
        context = self.dropout(scores.softmax(-1)) @ v
        return self.out_proj(context.transpose(1, 2).reshape(b, tq, d))


class Layer(nn.Module):
    def __init__(self, d, h, f, p, cross):
        super().__init__()
        self.self_attn = Attention(d, h, p)
        self.cross = Attention(d, h, p) if cross else None
        self.linear1, self.linear2 = nn.Linear(d, f), nn.Linear(f, d)
        self.norms = nn.ModuleList(nn.LayerNorm(d) for _ in range(3 if cross else 2))
        self.dropout = nn.Dropout(p)

    def forward(self, x, memory=None, pad=None, causal=None):
        x = self.norms[0](x + self.dropout(self.self_attn(x, x, pad if memory is None else None, causal)))
        if self.cross is not None:
            x = self.norms[1](x + self.dropout(self.cross(x, memory, pad, None)))
        ffn = self.linear2(self.dropout(F.relu(self.linear1(x))))
        return self.norms[-1](x + self.dropout(ffn))


class Transformer(nn.Module):
    def __init__(self, vocab, d, h, layers, f, p=0.1, max_len=512):
        super().__init__()
        self.d = d
        self.embedding = nn.Embedding(vocab, d)
        nn.init.normal_(self.embedding.weight, 0.0, d ** -0.5)
        position = torch.arange(max_len).unsqueeze(1)
        frequency = torch.exp(torch.arange(0, d, 2) * (-math.log(10000.0) / d))
        table = torch.zeros(max_len, d)
        table[:, 0::2], table[:, 1::2] = torch.sin(position * frequency), torch.cos(position * frequency)
        self.register_buffer("table", table)
        self.dropout = nn.Dropout(p)
        self.encoder = nn.ModuleList(Layer(d, h, f, p, False) for _ in range(layers))
        self.decoder = nn.ModuleList(Layer(d, h, f, p, True) for _ in range(layers))

    def embed(self, tokens):
        return self.dropout(self.embedding(tokens) * math.sqrt(self.d) + self.table[: tokens.size(1)])

    def forward(self, src, tgt_in):
        pad = src.eq(0)
        x = self.embed(src)
        for layer in self.encoder:
            x = layer(x, pad=pad)
        y = self.embed(tgt_in)
        t = tgt_in.size(1)
        causal = torch.full((t, t), float("-inf"), device=tgt_in.device).triu(1)
        for layer in self.decoder:
            y = layer(y, memory=x, pad=pad, causal=causal)
        return F.linear(y, self.embedding.weight)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", default="bench-tiny", choices=sorted(PRESETS))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup-steps", type=int, default=5)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--amp", action="store_true")
    parser.add_argument("--compile", metavar="MODE", default="",
                        help="torch.compile mode: default, reduce-overhead or max-autotune")
    args = parser.parse_args()
    if args.compile and not hasattr(torch, "compile"):
        print(f"reference_bench.py: --compile needs PyTorch 2.x; this is {torch.__version__}", file=sys.stderr)
        sys.exit(2)
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    vocab, length, batch, d, h, layers, f = PRESETS[args.bench]
    device = torch.device(args.device)
    model = Transformer(vocab, d, h, layers, f).to(device)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1.0, betas=(0.9, 0.98), eps=1e-9)
    forward = torch.compile(model, mode=args.compile) if args.compile else model
    half = None
    if args.amp:
        bf16 = device.type == "cpu" or torch.cuda.is_bf16_supported()
        half = torch.bfloat16 if bf16 else torch.float16
    # torch.amp.GradScaler since 2.3; torch.cuda.amp's before (Debian's 1.13).
    scaler_type = torch.amp.GradScaler if hasattr(torch.amp, "GradScaler") else torch.cuda.amp.GradScaler
    scaler = scaler_type(enabled=half == torch.float16)
    times = []
    warmup_seconds = 0.0
    for step in range(1, args.warmup_steps + args.steps + 1):
        begun = time.perf_counter()
        tokens = torch.randint(4, vocab, (batch, length - 1))
        src = torch.cat([tokens, torch.full((batch, 1), 2)], 1).to(device)
        tgt_in = torch.cat([torch.full((batch, 1), 1), tokens], 1).to(device)
        tgt_out = src
        optimizer.zero_grad()
        with torch.autocast(device.type, dtype=half) if half else contextlib.nullcontext():
            logits = forward(src, tgt_in)
            loss = F.cross_entropy(logits.reshape(-1, vocab).float(), tgt_out.reshape(-1), ignore_index=0,
                                   label_smoothing=0.1)
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        lr = d ** -0.5 * min(step ** -0.5, step * 400 ** -1.5)
        for group in optimizer.param_groups:
            group["lr"] = lr
        scaler.step(optimizer)
        scaler.update()
        loss.item()
        if step > args.warmup_steps:
            times.append(time.perf_counter() - begun)
        else:
            warmup_seconds += time.perf_counter() - begun
    median = statistics.median(times)
    times.sort()
    print(json.dumps({
        "preset": args.bench, "impl": "python-reference" + (f"+compile-{args.compile}" if args.compile else ""),
        "device": args.device + ({torch.bfloat16: "+bf16", torch.float16: "+fp16"}[half] if half else ""),
        "threads": args.threads,
        "capture_every": 0, "batch": batch, "src_len": length, "tgt_len": length, "steps": args.steps,
        "step_ms_median": 1000 * median, "step_ms_p90": 1000 * times[int(0.9 * (len(times) - 1) + 0.5)],
        "tokens_per_s": batch * length / median,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        # The untimed warm-up steps, torch.compile's compilation included.
        "warmup_seconds": warmup_seconds,
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
