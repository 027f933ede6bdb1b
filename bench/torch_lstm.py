#!/usr/bin/env python3
"""PyTorch side of `npm run bench:lstm -- --torch`: the same model, data and timing as
bench/tfjs-engine-run.ts, one JSON line per shape on stdout.

    python3 bench/torch_lstm.py --shape 50x60x8 --threads 1 --samples 2048 --epochs 2
"""
import argparse
import json
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

BATCH_SIZE = 32
DROPOUT_RATE = 0.2
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


def bench_data(units: int, lookback: int, features: int, samples: int):
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


class StackedLstm(torch.nn.Module):
    """LSTM -> Dropout(0.2) -> LSTM -> last step -> Dense(1), as the tfjs benchmark model."""

    def __init__(self, units: int, features: int):
        super().__init__()
        self.lstm = torch.nn.LSTM(features, units, num_layers=2, dropout=DROPOUT_RATE, batch_first=True)
        self.head = torch.nn.Linear(units, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1, :])


def train_epochs(model, optimizer, x, y, epochs: int, generator) -> float:
    loss_fn = torch.nn.MSELoss()
    loss = torch.tensor(float("nan"))
    for _ in range(epochs):
        order = torch.randperm(x.shape[0], generator=generator)
        for start in range(0, x.shape[0], BATCH_SIZE):
            batch = order[start:start + BATCH_SIZE]
            optimizer.zero_grad()
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
    return float(loss)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shape", default="50x60x8")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--samples", type=int, default=2048)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(DATA_SEED)
    units, lookback, features = (int(part) for part in args.shape.split("x"))
    x, y = bench_data(units, lookback, features, args.samples)
    model = StackedLstm(units, features)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(DATA_SEED)
    train_epochs(model, optimizer, x, y, 1, generator)  # warm-up, as for tfjs
    started = time.perf_counter()
    cpu_started = time.process_time()
    final_loss = train_epochs(model, optimizer, x, y, args.epochs, generator)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    print(json.dumps({
        "shape": args.shape,
        "engine": f"torch-{args.threads}t",
        "samplesPerSec": args.samples * args.epochs / seconds,
        "samples": args.samples,
        "timedEpochs": args.epochs,
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "finalLoss": final_loss,
        "threads": args.threads,
        "torchVersion": torch.__version__,
        "blasLibrary": loaded_blas(),
    }), flush=True)


if __name__ == "__main__":
    main()
