#!/usr/bin/env python3
"""PyTorch side of `npm run bench:lstm -- --torch`: the same architecture, data and timing as
bench/tfjs-engine-run.ts for one network type, one JSON line on stdout.

    python3 bench/torch_networks.py --model '{"type": "lstm", "layers": [50, 50], "dropout": 0.2}' \
        --lookback 60 --features 8 --threads 1 --samples 2048 --epochs 2

--model is the type's model block as the tfjs side built it (bench/network-types.ts, defaults
filled in): every architecture parameter is read from it, so both sides build the same network.
"""
import argparse
import json
import math
import os
import sys
import time


def _limit_threads_before_import() -> None:
    """BLAS (OpenBLAS/MKL) and OpenMP pools ignore torch.set_num_threads; cap them to --threads
    before torch loads, so "1 thread" really is one."""
    threads = "1"
    for i, arg in enumerate(sys.argv):
        if arg == "--threads" and i + 1 < len(sys.argv):
            threads = sys.argv[i + 1]
        elif arg.startswith("--threads="):
            threads = arg.split("=", 1)[1]
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = threads


_limit_threads_before_import()

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

DATA_SEED = 20240601


def hash_uniform(seed: int, index: np.ndarray) -> np.ndarray:
    """murmur3 fmix32 over (seed, index), identical to hashUniform in bench/shapes.ts."""
    with np.errstate(over="ignore"):
        x = index.astype(np.uint32) * np.uint32(0x9E3779B1) + np.uint32(seed)
        x ^= x >> np.uint32(16)
        x *= np.uint32(0x85EBCA6B)
        x ^= x >> np.uint32(13)
        x *= np.uint32(0xC2B2AE35)
        x ^= x >> np.uint32(16)
    return x.astype(np.float64) / 4294967296.0


def bench_data(lookback: int, features: int, samples: int):
    """benchData in bench/shapes.ts: inputs uniform in [-1, 1), target 0.5 * mean of the last step + noise."""
    count = samples * lookback * features
    x = (hash_uniform(DATA_SEED, np.arange(count, dtype=np.uint64)) * 2 - 1).astype(np.float32)
    x = x.reshape(samples, lookback, features)
    noise = hash_uniform(DATA_SEED, np.arange(count, count + samples, dtype=np.uint64)) * 2 - 1
    y = 0.5 * x[:, -1, :].astype(np.float64).sum(axis=1) / features + 0.1 * noise
    return torch.from_numpy(x), torch.from_numpy(y.astype(np.float32)).reshape(samples, 1)


def loaded_blas() -> str:
    """The BLAS library actually mapped into this process (Debian's default reference BLAS is
    several times slower than OpenBLAS; torch's BLAS_INFO only names the build-time choice)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
        return ",".join(sorted(path.split("/lib/x86_64-linux-gnu/")[-1] for path in paths)) or "none mapped"
    except OSError:
        return "unknown"


ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "linear": nn.Identity}


def dense_head(block: dict, inputs: int) -> nn.Sequential:
    """Hidden Dense layers (block.dense, block.denseActivation), then Dense(1)."""
    layers = []
    for units in block.get("dense", []):
        layers += [nn.Linear(inputs, units), ACTIVATIONS[block.get("denseActivation", "linear")]()]
        inputs = units
    layers.append(nn.Linear(inputs, 1))
    return nn.Sequential(*layers)


class RecurrentStack(nn.Module):
    """Stacked recurrent layers of the given cells, dropout between them; returns all steps."""

    def __init__(self, kinds: list, layers: list, dropout: float, features: int, activation: str = "tanh"):
        super().__init__()
        self.layers = nn.ModuleList()
        inputs = features
        for kind, units in zip(kinds, layers):
            if kind == "rnn":
                self.layers.append(nn.RNN(inputs, units, nonlinearity=activation, batch_first=True))
            else:
                self.layers.append({"lstm": nn.LSTM, "gru": nn.GRU}[kind](inputs, units, batch_first=True))
            inputs = units
        self.dropout = nn.Dropout(dropout)
        self.units = inputs

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            if i > 0:
                x = self.dropout(x)
            x, _ = layer(x)
        return x


def recurrent_kinds(block: dict) -> list:
    """The cell of each recurrent layer: lstm-gru is one LSTM then GRUs, cnn-lstm and attention-lstm LSTMs."""
    count = len(block["layers"])
    if block["type"] == "lstm-gru":
        return ["lstm"] + ["gru"] * (count - 1)
    return [{"cnn-lstm": "lstm", "attention-lstm": "lstm"}.get(block["type"], block["type"])] * count


class CausalConvStack(nn.Module):
    """CausalConv1D layers (filters, kernelSize, dilation ** i, causal or valid padding), then
    pooling; [B, T, C] in and out, channels last as in tfjs."""

    def __init__(self, block: dict, features: int):
        super().__init__()
        self.convs = nn.ModuleList()
        self.pads = []
        inputs = features
        for i, filters in enumerate(block["filters"]):
            dilation = block["dilation"] ** i
            self.convs.append(nn.Conv1d(inputs, filters, block["kernelSize"], dilation=dilation))
            self.pads.append((block["kernelSize"] - 1) * dilation if block["padding"] == "causal" else 0)
            inputs = filters
        self.activation = ACTIVATIONS[block["convActivation"]]()
        pool = {"max": nn.MaxPool1d, "average": nn.AvgPool1d}.get(block["pooling"])
        self.pool = pool(block["poolSize"]) if pool else nn.Identity()
        self.channels = inputs

    def forward(self, x):
        x = x.transpose(1, 2)
        for conv, pad in zip(self.convs, self.pads):
            x = self.activation(conv(nn.functional.pad(x, (pad, 0))))
        return self.pool(x).transpose(1, 2)


def convolved_length(block: dict, lookback: int) -> int:
    """convolvedLength in src/models/forecasters/network-params.ts."""
    length = lookback
    for i, _ in enumerate(block["filters"]):
        if block["padding"] == "valid":
            length -= (block["kernelSize"] - 1) * block["dilation"] ** i
    if block["pooling"] != "none":
        length //= block["poolSize"]
    return length


class AdditiveAttentionPooling(nn.Module):
    """src/models/layers/additive-attention-pooling.ts: score_t = v . tanh(W h_t + b), softmax over
    the steps, sum of weight_t h_t."""

    def __init__(self, features: int, units: int):
        super().__init__()
        self.project = nn.Linear(features, units)
        self.score = nn.Linear(units, 1, bias=False)

    def forward(self, h):
        weights = torch.softmax(self.score(torch.tanh(self.project(h))), dim=1)
        return (weights * h).sum(dim=1)


def sinusoidal_table(steps: int, features: int) -> torch.Tensor:
    """sinusoidalTable in src/models/layers/positional-encoding.ts: even features sin, odd cos."""
    position = torch.arange(steps, dtype=torch.float64).unsqueeze(1)
    pair = torch.div(torch.arange(features), 2, rounding_mode="floor").to(torch.float64)
    angle = position / torch.pow(10000.0, 2 * pair / features)
    table = torch.where(torch.arange(features) % 2 == 0, torch.sin(angle), torch.cos(angle))
    return table.to(torch.float32)


class EncoderBlock(nn.Module):
    """One pre-norm block of src/models/forecasters/transformer.ts:
    x += Dropout(MHA(LayerNorm(x))); x += Dropout(Dense(modelDim)(Dense(ff, relu)(LayerNorm(x)))).
    Written out rather than nn.TransformerEncoderLayer, which also drops out attention weights and
    the feed-forward's hidden layer."""

    def __init__(self, model_dim: int, heads: int, key_dim: int, ff_units: int, dropout: float):
        super().__init__()
        self.heads, self.key_dim = heads, key_dim
        width = heads * key_dim
        self.norm1 = nn.LayerNorm(model_dim, eps=1e-6)
        self.query, self.key, self.value = (nn.Linear(model_dim, width) for _ in range(3))
        self.output = nn.Linear(width, model_dim)
        self.norm2 = nn.LayerNorm(model_dim, eps=1e-6)
        self.ff = nn.Sequential(nn.Linear(model_dim, ff_units), nn.ReLU(), nn.Linear(ff_units, model_dim))
        self.dropout = nn.Dropout(dropout)

    def attention(self, x):
        batch, steps, _ = x.shape
        split = lambda t: t.reshape(batch, steps, self.heads, self.key_dim).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        weights = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(self.key_dim), dim=-1)
        context = (weights @ v).transpose(1, 2).reshape(batch, steps, self.heads * self.key_dim)
        return self.output(context)

    def forward(self, x):
        x = x + self.dropout(self.attention(self.norm1(x)))
        return x + self.dropout(self.ff(self.norm2(x)))


class Network(nn.Module):
    """The architecture the tfjs side builds for `block["type"]`, read from the same block."""

    def __init__(self, block: dict, lookback: int, features: int):
        super().__init__()
        kind = block["type"]
        self.kind = kind
        if kind in ("lstm", "gru", "lstm-gru", "rnn"):
            self.body = RecurrentStack(recurrent_kinds(block), block["layers"], block["dropout"], features, block.get("activation", "tanh"))
            self.head = dense_head(block, self.body.units)
        elif kind == "cnn":
            self.body = CausalConvStack(block, features)
            self.head = dense_head(block, self.body.channels * convolved_length(block, lookback))
        elif kind == "cnn-lstm":
            self.conv = CausalConvStack(block, features)
            self.body = RecurrentStack(recurrent_kinds(block), block["layers"], block["dropout"], self.conv.channels)
            self.head = dense_head(block, self.body.units)
        elif kind == "attention-lstm":
            self.body = RecurrentStack(recurrent_kinds(block), block["layers"], block["dropout"], features)
            self.attention = AdditiveAttentionPooling(self.body.units, block["attentionUnits"])
            self.head = dense_head(block, self.body.units)
        elif kind == "transformer":
            model_dim = block["modelDim"]
            key_dim = block.get("keyDim") or model_dim // block["heads"]
            self.embed = nn.Linear(features, model_dim)
            if block["positionalEncoding"] == "learned":
                self.position = nn.Parameter(torch.zeros(lookback, model_dim))
            else:
                self.register_buffer("position", sinusoidal_table(lookback, model_dim) if block["positionalEncoding"] == "sinusoidal"
                                     else torch.zeros(lookback, model_dim))
            self.blocks = nn.Sequential(*(EncoderBlock(model_dim, block["heads"], key_dim, block["feedForwardUnits"], block["dropout"])
                                          for _ in range(block["blocks"])))
            self.last_step = block["pooling"] == "last"
            self.head = dense_head(block, model_dim)
        else:
            raise ValueError(f"no PyTorch architecture for type {kind}")

    def forward(self, x):
        kind = self.kind
        if kind in ("lstm", "gru", "lstm-gru", "rnn"):
            return self.head(self.body(x)[:, -1, :])
        if kind == "cnn":
            return self.head(torch.flatten(self.body(x), 1))
        if kind == "cnn-lstm":
            return self.head(self.body(self.conv(x))[:, -1, :])
        if kind == "attention-lstm":
            return self.head(self.attention(self.body(x)))
        encoded = self.blocks(self.embed(x) + self.position)
        return self.head(encoded[:, -1, :] if self.last_step else encoded.mean(dim=1))


def train_epochs(model, optimizer, x, y, epochs: int, batch_size: int, generator) -> float:
    loss_fn = nn.MSELoss()
    loss = torch.tensor(float("nan"))
    for _ in range(epochs):
        order = torch.randperm(x.shape[0], generator=generator)
        for start in range(0, x.shape[0], batch_size):
            batch = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
    return float(loss)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True, help="the model block (JSON)")
    parser.add_argument("--shape", required=True, help="the shape's name, echoed in the output")
    parser.add_argument("--lookback", type=int, required=True)
    parser.add_argument("--features", type=int, required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--samples", type=int, default=2048)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    block = json.loads(args.model)
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(DATA_SEED)
    x, y = bench_data(args.lookback, args.features, args.samples)
    model = Network(block, args.lookback, args.features)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=block.get("learningRate", 1e-3))
    generator = torch.Generator().manual_seed(DATA_SEED)
    batch_size = block.get("batchSize", 32)
    train_epochs(model, optimizer, x, y, 1, batch_size, generator)  # warm-up, as for tfjs
    started = time.perf_counter()
    cpu_started = time.process_time()
    final_loss = train_epochs(model, optimizer, x, y, args.epochs, batch_size, generator)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    print(json.dumps({
        "type": block["type"],
        "shape": args.shape,
        "engine": f"torch-{args.threads}t",
        "samplesPerSec": args.samples * args.epochs / seconds,
        "samples": args.samples,
        "timedEpochs": args.epochs,
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "finalLoss": final_loss,
        "parameters": sum(p.numel() for p in model.parameters()),
        "threads": args.threads,
        "torchVersion": torch.__version__,
        "blasLibrary": loaded_blas(),
    }), flush=True)


if __name__ == "__main__":
    main()
