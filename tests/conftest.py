"""Shared fixtures: a small sample market, ingested or run end to end once."""

import subprocess
import sys

import pandas as pd
import pytest

from segkit import load_config
from segkit.synth import write_market

QUARTER = "2026Q4"
AS_OF = "2026-12-01"
HOSTILE_NAME = '<img src=x onerror="alert(1)">Acme'


def segkit_command(*args, check=True):
    """Run the segkit command line in a fresh process, as a user would."""
    result = subprocess.run(
        [sys.executable, "-m", "segkit", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"segkit {args} failed:\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def market_dir(tmp_path_factory):
    """A 2,000-account sample market with its config."""
    folder = tmp_path_factory.mktemp("market")
    write_market(folder, n_accounts=2000, seed=11, as_of=AS_OF)
    return folder


@pytest.fixture(scope="session")
def truth(market_dir):
    return pd.read_csv(market_dir / "truth.csv")


@pytest.fixture(scope="session")
def ran_market(tmp_path_factory):
    """A sample market taken through `segkit synth` and `segkit run`."""
    folder = tmp_path_factory.mktemp("ran")
    segkit_command(
        "synth", "--accounts", 2000, "--seed", 5, "--out", folder, "--as-of", AS_OF
    )
    # Text from the data must reach the HTML escaped: plant markup in a name.
    accounts = pd.read_csv(folder / "accounts.csv", dtype=str, keep_default_na=False)
    accounts.loc[0, "name"] = HOSTILE_NAME
    accounts.to_csv(folder / "accounts.csv", index=False)
    result = segkit_command(
        "run", "--config", folder / "segkit.toml", "--quarter", QUARTER
    )
    return {"folder": folder, "result": result, "report": folder / "reports" / QUARTER}


@pytest.fixture(scope="session")
def staged(market_dir):
    """The sample market ingested, featured, segmented, scored and planned."""
    from segkit import stages
    from segkit.ingest import ingest

    config = load_config(market_dir / "segkit.toml")
    ingest(config, QUARTER)
    stages.build_features(config, QUARTER)
    segments = stages.cluster_segments(config, QUARTER)
    icp = stages.define_icp(config, QUARTER)
    scores = stages.score_and_tier(config, QUARTER)
    plan = stages.plan_territories(config, QUARTER)
    return {
        "config": config,
        "segments": segments,
        "icp": icp,
        "scores": scores,
        "plan": plan,
    }


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server on loopback that checks passwords."""
    from tests._postgres import start_server

    server, stop = start_server()
    yield server
    stop()
