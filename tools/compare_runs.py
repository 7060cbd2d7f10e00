#!/usr/bin/env python3
"""Whether two run directories record the same training, value for value.

    tools/compare_runs.py RUN_A RUN_B

Two runs of the same configuration and seed with a fixed thread count must
agree on everything but the clock: metrics.csv without its tokens/s and
seconds columns, history.sqlite (every snapshot blob byte for byte, every
step and evaluation without their times), the logs without timings, run.json
without its wall time and runs folder, vocabulary.json, and every checkpoint's
weights, buffers and optimiser state. A refactor of the engine is checked by
training the same run before and after it. Prints each difference; exit 1
when there is one. Needs Python's torch to read checkpoints (Debian's
python3-torch: run it with /usr/bin/python3).
"""

import csv
import json
import os
import re
import sqlite3
import sys

# Columns of metrics.csv that measure the clock, not the training.
TIMING_COLUMNS = {"tokens_per_s", "seconds"}
# run.json fields that measure the clock or name where the run was written.
RUN_JSON_VOLATILE = {"wall_seconds", "rank_exchange_seconds", "training_step_seconds"}
# Log lines that report times (thread decisions, copies for the inspector).
LOG_TIMING = re.compile(r"(ms|seconds|tokens/s|%|threads: \d+ from step)")
# The rendezvous port of a data-parallel run, free when the run started.
LOG_PORT = re.compile(r"(127\.0\.0\.1|localhost):\d+")


def metrics_rows(path):
    with open(path, newline="") as file:
        rows = list(csv.reader(file))
    header = rows[0]
    keep = [i for i, name in enumerate(header) if name not in TIMING_COLUMNS]
    return [[row[i] if i < len(row) else "" for i in keep] for row in rows]


def run_json(path):
    with open(path) as file:
        document = json.load(file)
    for field in RUN_JSON_VOLATILE:
        document.pop(field, None)
    document.get("config", {}).pop("runs_directory", None)
    return document


def log_lines(path, run):
    """The lines that do not report times, with the run's own folder and the
    rendezvous port masked (two runs are written to two places)."""
    with open(path, errors="replace") as file:
        text = file.read()
    for name in {run, os.path.abspath(run)}:
        text = text.replace(name.rstrip("/"), "<run>")
    text = LOG_PORT.sub("<address>", text)
    return [line for line in text.splitlines() if not LOG_TIMING.search(line)]


def history(path):
    database = sqlite3.connect(path)
    snapshots = list(database.execute(
        "SELECT implementation, step, epoch, epoch_end, data FROM snapshots "
        "ORDER BY implementation, step, epoch_end"))
    steps = list(database.execute(
        "SELECT implementation, step, epoch, loss, lr, grad_norm, encoder_layers, "
        "decoder_layers, gradients FROM steps ORDER BY implementation, step"))
    epochs = []
    for implementation, epoch, step, metrics in database.execute(
            "SELECT implementation, epoch, step, metrics FROM epochs ORDER BY implementation, epoch"):
        document = json.loads(metrics)
        document.pop("seconds", None)
        epochs.append((implementation, epoch, step, document))
    return {"snapshots": snapshots, "steps": steps, "epochs": epochs}


def checkpoint(path):
    import torch  # only where there are checkpoints to read

    module = torch.jit.load(path, map_location="cpu")
    model = {name: value for name, value in module.named_parameters()}
    model.update({name: value for name, value in module.named_buffers()})
    # The optimiser's state is keyed by parameter addresses, which differ
    # between processes: compared as the sorted set of its tensors.
    state = sorted(
        (tuple(value.shape), value.detach().contiguous().numpy().tobytes())
        for name, value in module.named_buffers() if name.startswith("optimizer."))
    weights = {name: value.detach().contiguous().numpy().tobytes()
               for name, value in model.items() if not name.startswith("optimizer.")}
    return weights, state


def compare(a, b):
    differences = []

    def same(what, left, right):
        if left != right:
            differences.append(what)

    def files(directory):
        found = set()
        for root, _, names in os.walk(directory):
            for name in names:
                found.add(os.path.relpath(os.path.join(root, name), directory))
        return found

    left_files, right_files = files(a), files(b)
    for name in sorted(left_files ^ right_files):
        differences.append(f"{name}: only in {a if name in left_files else b}")
    for name in sorted(left_files & right_files):
        left, right = os.path.join(a, name), os.path.join(b, name)
        if name == "metrics.csv":
            left_rows, right_rows = metrics_rows(left), metrics_rows(right)
            for i, (x, y) in enumerate(zip(left_rows, right_rows)):
                if x != y:
                    differences.append(f"metrics.csv line {i + 1}: {x} | {y}")
                    break
            same("metrics.csv: row count", len(left_rows), len(right_rows))
        elif name == "run.json":
            x, y = run_json(left), run_json(right)
            for key in sorted(set(x) | set(y)):
                same(f"run.json: {key}", x.get(key), y.get(key))
        elif name.endswith(".log"):
            same(name, log_lines(left, a), log_lines(right, b))
        elif name == "history.sqlite":
            x, y = history(left), history(right)
            for table in x:
                same(f"history.sqlite: {table}", x[table], y[table])
        elif name.endswith(".pt"):
            (x_weights, x_state), (y_weights, y_state) = checkpoint(left), checkpoint(right)
            for key in sorted(set(x_weights) | set(y_weights)):
                same(f"{name}: {key}", x_weights.get(key), y_weights.get(key))
            same(f"{name}: optimizer state", x_state, y_state)
        elif name.endswith((".png", ".pdf")) or name.startswith("visualizations"):
            continue  # figures carry their own timestamps
        else:
            with open(left, "rb") as x, open(right, "rb") as y:
                same(name, x.read(), y.read())
    return differences


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    differences = compare(sys.argv[1], sys.argv[2])
    for line in differences:
        print(line)
    print("same training" if not differences else f"{len(differences)} difference(s)")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
