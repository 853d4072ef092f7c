"""The command line: help that stands alone, and one-line errors."""

import re

import pytest

from segkit import Workspace
from tests.conftest import segkit_command


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "synth"),
        (["synth"], "--accounts"),
        (["run"], "--quarter"),
        (["ingest"], "ingest summary"),
        (["route"], "--leads"),
    ],
)
def test_help_describes_each_command(args, expected):
    result = segkit_command(*args, "--help")
    assert expected in result.stdout
    assert "usage: segkit" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--config", "missing/segkit.toml"], "config file not found"),
        (["ingest", "--config", "missing.toml"], "config file not found"),
        (["synth", "--accounts", "5", "--out", "{tmp}"], "should be at least 50"),
    ],
)
def test_bad_input_gives_one_line_and_no_traceback(args, message, tmp_path):
    args = [a.replace("{tmp}", str(tmp_path / "out")) for a in args]
    result = segkit_command(*args, check=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_debug_shows_the_traceback():
    result = segkit_command("--debug", "run", "--config", "missing.toml", check=False)
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_bad_quarter_is_refused(market_dir):
    result = segkit_command(
        "ingest", "--config", market_dir / "segkit.toml", "--quarter", "2026Q5",
        check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "should look like 2026Q4" in result.stderr


def test_ingest_prints_the_summary(market_dir):
    result = segkit_command(
        "ingest", "--config", market_dir / "segkit.toml", "--quarter", "2025Q4"
    )
    assert "rows_read" in result.stdout
    assert "matches no account" in result.stdout


def test_route_a_lead_from_the_command_line(ran_market):
    config = ran_market["folder"] / "segkit.toml"
    result = segkit_command(
        "route", "--config", config, "--quarter", "2026Q4",
        "--domain", "brand-new-company.example", "--country", "US", "--state", "CA",
        "--industry", "Technology", "--employees", "900",
    )  # fmt: skip
    assert "brand-new-company.example" in result.stdout
    assert "geo-" in result.stdout or "not-icp" in result.stdout


def test_route_a_file_of_leads(ran_market, tmp_path):
    import pandas as pd

    accounts = pd.read_csv(ran_market["report"] / "exports" / "accounts.csv")
    known = accounts.dropna(subset=["domain"]).iloc[0]
    leads = pd.DataFrame(
        {
            "email": [f"jane@{known['domain']}", "joe@gmail.com"],
            "country": ["US", "Atlantis"],
        }
    )
    leads.to_csv(tmp_path / "leads.csv", index=False)
    segkit_command(
        "route", "--config", ran_market["folder"] / "segkit.toml", "--quarter",
        "2026Q4", "--leads", tmp_path / "leads.csv", "--out", tmp_path / "routed.csv",
    )  # fmt: skip
    routed = pd.read_csv(tmp_path / "routed.csv")
    assert routed.loc[0, "rule_id"] == "known-account"
    assert routed.loc[0, "owner"] == known["owner"]
    assert routed.loc[1, "rule_id"] in {"not-icp", "fallback"}


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda folder: (folder / "reps.csv").unlink(),
            r"reps.csv: reps file not found",
        ),
        (
            lambda folder: (folder / "opportunities.csv").write_bytes(b"\x00\x01\x02"),
            r"opportunities.csv: opportunities is not a text file",
        ),
        (
            lambda folder: (folder / "notes.csv").write_text("note,body\n1,x\n"),
            r"notes.csv: notes lacks column\(s\) account_id, text; found note, body",
        ),
        (
            lambda folder: (folder / "segkit.toml").write_text("[sources\n"),
            r"segkit.toml: not valid TOML",
        ),
    ],
)
def test_ingest_refuses_bad_input_in_one_line_and_writes_nothing(
    tmp_path, damage, message
):
    from segkit.synth import write_market

    write_market(tmp_path, n_accounts=200, seed=2, as_of="2026-12-01")
    damage(tmp_path)
    result = segkit_command(
        "ingest", "--config", tmp_path / "segkit.toml", "--quarter", "2026Q4",
        check=False,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("segkit: error: ")
    assert re.search(message, lines[0])
    assert Workspace(tmp_path / "workspace.duckdb").quarters() == []
