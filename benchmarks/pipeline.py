"""Measure segkit's stages and the notebook run on a sample market.

Usage::

    .venv/bin/python benchmarks/pipeline.py --accounts 20000
    .venv/bin/python benchmarks/pipeline.py --accounts 100000 --skip-notebooks

Prints one line per step: wall time in seconds and the peak resident memory
of this process (or of the notebook kernels, for the notebook run) so far.
"""

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from segkit import load_config, stages
from segkit.ingest import ingest
from segkit.synth import write_market

QUARTER = "2026Q4"


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def timed(label, step):
    started = time.perf_counter()
    result = step()
    print(
        f"{label:<34} {time.perf_counter() - started:8.2f} s   peak {peak_mb():8.0f} MB"
    )
    return result


def import_seconds(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; "
    code += "print(time.perf_counter() - t)"
    command = [sys.executable, "-c", code]
    return float(
        subprocess.run(command, capture_output=True, text=True, check=True).stdout
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=20000)
    parser.add_argument("--skip-notebooks", action="store_true")
    args = parser.parse_args()

    for module in ("pandas", "sklearn", "plotly.express", "papermill", "segkit.stages"):
        print(f"{'import ' + module:<34} {import_seconds(module):8.2f} s")

    folder = Path(tempfile.mkdtemp(prefix="segkit-bench-"))
    config_path = timed(
        f"synth {args.accounts:,} accounts",
        lambda: write_market(folder, args.accounts, seed=7, as_of="2026-12-01"),
    )
    config = load_config(config_path)
    timed("ingest", lambda: ingest(config, QUARTER))
    timed("features", lambda: stages.build_features(config, QUARTER))
    timed("segments", lambda: stages.cluster_segments(config, QUARTER))
    timed("icp", lambda: stages.define_icp(config, QUARTER))
    timed("scores and tiers", lambda: stages.score_and_tier(config, QUARTER))
    timed(
        "territories, quotas, routing", lambda: stages.plan_territories(config, QUARTER)
    )

    if not args.skip_notebooks:
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "segkit",
                "run",
                "--config",
                str(config_path),
                "--quarter",
                QUARTER,
            ],
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - started
        children = peak_mb(resource.RUSAGE_CHILDREN)
        label = "segkit run (6 notebooks + HTML)"
        print(f"{label:<34} {seconds:8.2f} s   peak {children:8.0f} MB (largest child)")


if __name__ == "__main__":
    main()
