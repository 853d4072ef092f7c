"""Measure ingest on a large market: 1,000,000 accounts, 10,000,000 events.

Usage::

    .venv/bin/python benchmarks/ingest.py                 # the full size
    .venv/bin/python benchmarks/ingest.py --accounts 100000 --events 1000000

The market is generated once into ``--folder`` (default
``/tmp/segkit-bench-ingest``) and reused; engagement is resampled to exactly
``--events`` rows. Ingest then runs in a fresh ``segkit ingest`` process, so
its wall time and peak memory are its own.
"""

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from segkit.synth import write_market


def prepare(folder: Path, accounts: int, events: int) -> Path:
    config = folder / "segkit.toml"
    marker = folder / f".ready-{accounts}-{events}"
    if marker.exists():
        return config
    started = time.perf_counter()
    write_market(folder, accounts, seed=1, as_of="2026-12-01")
    engagement = pd.read_csv(
        folder / "engagement.csv", dtype=str, keep_default_na=False
    )
    rows = np.random.default_rng(1).choice(len(engagement), events, replace=True)
    engagement = engagement.iloc[np.sort(rows)].reset_index(drop=True)
    engagement["event_id"] = [f"E{i:09d}" for i in range(1, events + 1)]
    engagement.to_csv(folder / "engagement.csv", index=False)
    marker.touch()
    print(f"prepared the market in {time.perf_counter() - started:.0f} s")
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/segkit-bench-ingest"))
    args = parser.parse_args()

    config = prepare(args.folder, args.accounts, args.events)
    sizes = {p.name: p.stat().st_size / 1e6 for p in args.folder.glob("*.csv")}
    print(
        "input:", ", ".join(f"{name} {mb:.0f} MB" for name, mb in sorted(sizes.items()))
    )

    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "segkit", "ingest", "--config", str(config),
         "--quarter", "2026Q4"],
        capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    if result.returncode != 0:
        sys.exit(result.stderr)
    print(result.stdout)
    print(f"ingest: {seconds:.1f} s wall, {peak:.2f} GB peak memory")


if __name__ == "__main__":
    main()
