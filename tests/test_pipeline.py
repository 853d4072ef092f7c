"""End to end: `segkit synth` then `segkit run`, checked as a user would."""

import json
import os
import re
import shutil
import subprocess

import nbformat
import pandas as pd
import pytest

from tests.conftest import HOSTILE_NAME, QUARTER, segkit_command

NOTEBOOKS = [
    "01-explore-market",
    "02-cluster-accounts",
    "03-define-icp",
    "04-score-and-tier",
    "05-territories-quotas-routing",
    "06-leadership-report",
]
ACCOUNT_COLUMNS = [
    "account_id", "name", "family_id", "segment", "segment_name", "fit_score",
    "intent_score", "tier", "potential", "territory", "owner",
]  # fmt: skip


def test_run_prints_report_path_and_progress(ran_market):
    result = ran_market["result"]
    report = ran_market["report"] / "index.html"
    assert f"report: {report}" in result.stdout
    for name in NOTEBOOKS:
        assert re.search(rf"{name} done in \d+\.\ds", result.stderr)
    assert report.is_file()


def test_every_account_appears_once_in_the_export(ran_market):
    accounts = pd.read_csv(ran_market["folder"] / "accounts.csv", dtype=str)
    truth = pd.read_csv(ran_market["folder"] / "truth.csv", dtype=str)
    exported = pd.read_csv(ran_market["report"] / "exports" / "accounts.csv")
    assert set(ACCOUNT_COLUMNS) <= set(exported.columns)
    assert exported["account_id"].is_unique
    # Planted duplicates are merged; each input id is listed exactly once.
    assert len(exported) == truth["duplicate_of"].isna().sum()
    listed = exported["source_ids"].str.split(";").explode()
    assert sorted(listed) == sorted(accounts["account_id"])


def test_exported_scores_tiers_and_owners_are_complete(ran_market):
    exported = pd.read_csv(ran_market["report"] / "exports" / "accounts.csv")
    assert exported["fit_score"].between(0, 100).all()
    assert exported["intent_score"].between(0, 100).all()
    assert set(exported["tier"]) <= {"Tier 1", "Tier 2", "Tier 3", "Not ICP"}
    assert exported["territory"].notna().all() and exported["owner"].notna().all()
    assert exported["segment_name"].notna().all()
    # A family is never split across territories.
    assert exported.groupby("family_id")["territory"].nunique().max() == 1


def test_plan_exports_are_consistent(ran_market):
    exports = ran_market["report"] / "exports"
    territories = pd.read_csv(exports / "territories.csv")
    quotas = pd.read_csv(exports / "quotas.csv")
    reps = pd.read_csv(ran_market["folder"] / "reps.csv")
    accounts = pd.read_csv(exports / "accounts.csv")
    assert len(territories) == len(reps)
    assert set(quotas["territory"]) == set(territories["territory"])
    assert territories["accounts"].sum() == len(accounts)
    rules = json.loads((exports / "routing_rules.json").read_text())["rules"]
    csv_rules = pd.read_csv(exports / "routing_rules.csv")
    assert [r["rule_id"] for r in rules] == csv_rules["rule_id"].tolist()
    assert rules[-1]["queue"] == "Unassigned"


def test_notebooks_and_html_are_written(ran_market):
    folder = ran_market["report"] / "notebooks"
    for name in NOTEBOOKS:
        executed = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        injected = [
            c
            for c in executed.cells
            if "injected-parameters" in c.metadata.get("tags", [])
        ]
        assert injected and QUARTER in injected[0].source
        assert (folder / f"{name}.html").stat().st_size > 0


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_html_embeds_plotly_once_and_loads_nothing_remote(ran_market, name):
    page = (ran_market["report"] / "notebooks" / f"{name}.html").read_text()
    assert page.count("plotly.js v") == 1
    assert not re.search(r"<script[^>]+src=", page)
    assert "cdnjs" not in page
    assert not re.search(r"<link[^>]+href=\"https?:", page)
    assert page.count('class="plotly-graph-div"') >= 2


def test_rerun_is_deterministic(ran_market, tmp_path):
    copy = tmp_path / "again"
    shutil.copytree(
        ran_market["folder"],
        copy,
        ignore=shutil.ignore_patterns("reports", "*.duckdb*"),
    )
    segkit_command("run", "--config", copy / "segkit.toml", "--quarter", QUARTER)
    first = pd.read_csv(ran_market["report"] / "exports" / "accounts.csv")
    second = pd.read_csv(copy / "reports" / QUARTER / "exports" / "accounts.csv")
    pd.testing.assert_frame_equal(first, second)


def test_failing_notebook_is_named_and_kept(ran_market, tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    broken = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                'config = ""\nquarter = ""', metadata={"tags": ["parameters"]}
            ),
            nbformat.v4.new_code_cell("1 / 0"),
        ],
        metadata={
            "kernelspec": {
                "name": "python3",
                "display_name": "Python 3",
                "language": "python",
            }
        },
    )
    nbformat.write(broken, notebooks / "01-broken.ipynb")
    result = segkit_command(
        "run", "--config", ran_market["folder"] / "segkit.toml", "--quarter", "2026Q1",
        "--notebooks", notebooks, "--reports-dir", tmp_path / "reports", check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "notebook 01-broken failed in cell" in result.stderr
    assert "ZeroDivisionError" in result.stderr
    assert "Traceback" not in result.stderr
    assert (
        tmp_path / "reports" / "2026Q1-failed" / "notebooks" / "01-broken.ipynb"
    ).exists()
    assert not (tmp_path / "reports" / "2026Q1").exists()


def _chromium():
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def render(path, tmp_path):
    """The page's DOM after a headless Chromium with no network ran its scripts."""
    command = [
        _chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-sync",
        "--disable-component-update", f"--user-data-dir={tmp_path / 'profile'}",
        "--proxy-server=127.0.0.1:9", "--virtual-time-budget=20000", "--dump-dom",
        path.as_uri(),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    return result.stdout


@pytest.mark.parametrize("name", ["index", "notebooks/01-explore-market"])
def test_charts_draw_in_a_browser_with_no_network(ran_market, tmp_path, name):
    page = ran_market["report"] / f"{name}.html"
    expected = page.read_text().count('class="plotly-graph-div"')
    dom = render(page, tmp_path)
    # Plotly draws each chart into an svg of class main-svg inside its div.
    drawn = len(re.findall(r'class="plot-container plotly"', dom))
    assert expected >= 2
    assert drawn == expected
    assert dom.count('class="main-svg"') >= expected


def test_text_from_the_data_is_escaped_in_every_page(ran_market):
    exported = pd.read_csv(ran_market["report"] / "exports" / "accounts.csv")
    assert HOSTILE_NAME in exported["name"].tolist()
    for page in ran_market["report"].rglob("*.html"):
        assert "<img src=x" not in page.read_text(), page
