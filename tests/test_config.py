"""Tests for reading a segkit config file."""

import re

import pytest

import segkit
from segkit import ConfigError, load_config

SOURCES = """
[sources]
accounts = "accounts.csv"
opportunities = "opportunities.csv"
reps = "reps.csv"
"""


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


def _write(folder, text):
    path = folder / "segkit.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- paths ------------------------------------------------------------------


def test_relative_paths_resolve_against_the_config_folder(
    tmp_path, folder, monkeypatch
):
    _write(
        folder,
        """
[workspace]
store = "data/workspace.duckdb"
reports = "../shared/reports"

[sources]
accounts = "exports/accounts.csv"
opportunities = "opportunities.csv"
reps = "../people/reps.csv"
""",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    config = load_config("../project/segkit.toml")

    folder = folder.resolve()
    assert config.path == folder / "segkit.toml"
    assert config.store_path == folder / "data" / "workspace.duckdb"
    assert config.reports_dir == folder.parent / "shared" / "reports"
    assert config.sources["accounts"]["path"] == folder / "exports" / "accounts.csv"
    assert config.sources["opportunities"]["path"] == folder / "opportunities.csv"
    assert config.sources["reps"]["path"] == folder.parent / "people" / "reps.csv"


def test_absolute_paths_are_kept(tmp_path, folder):
    store = tmp_path / "stores" / "main.duckdb"
    accounts = tmp_path / "crm" / "accounts.csv"
    _write(
        folder,
        f'[workspace]\nstore = "{store.as_posix()}"\n'
        + SOURCES.replace('"accounts.csv"', f'"{accounts.as_posix()}"'),
    )

    config = load_config(folder / "segkit.toml")

    assert config.store_path == store
    assert config.sources["accounts"]["path"] == accounts


def test_moving_the_folder_moves_every_path(tmp_path, folder):
    _write(folder, SOURCES)
    moved = tmp_path / "moved"
    folder.rename(moved)

    config = load_config(moved / "segkit.toml")

    assert config.store_path == moved.resolve() / "data" / "workspace.duckdb"
    assert config.sources["reps"]["path"] == moved.resolve() / "reps.csv"


# --- defaults ---------------------------------------------------------------


def test_defaults_fill_what_the_file_leaves_out(folder):
    config = load_config(_write(folder, SOURCES))

    assert config.store_path == folder.resolve() / "data" / "workspace.duckdb"
    assert config.reports_dir == folder.resolve() / "reports"
    assert config.currency == "USD"
    assert config.seed == 0
    assert config["segments"] == {"n_segments": 0, "min_segments": 3, "max_segments": 6}
    assert config["ingest"] == {"max_rejected_share": 0.05}
    assert config["market"]["industries"] == []


def test_a_given_key_replaces_only_its_own_default(folder):
    text = '[workspace]\ncurrency = "EUR"\nseed = 42\n[segments]\nmax_segments = 8\n'

    config = load_config(_write(folder, text + SOURCES))

    assert config.currency == "EUR"
    assert config.seed == 42
    assert config.store_path.name == "workspace.duckdb"
    assert config["segments"] == {"n_segments": 0, "min_segments": 3, "max_segments": 8}


def test_a_whole_number_is_accepted_where_a_decimal_is_expected(folder):
    text = "[quotas]\ntarget = 1000000\n[ingest]\nmax_rejected_share = 0\n"

    config = load_config(_write(folder, text + SOURCES))

    assert config["quotas"]["target"] == 1_000_000
    assert config["ingest"]["max_rejected_share"] == 0


def test_values_of_one_config_do_not_leak_into_the_next(tmp_path, folder):
    text = '[market]\nindustries = ["Technology"]\n[segments]\nmax_segments = 9\n'
    load_config(_write(folder, text + SOURCES))
    other = tmp_path / "other"
    other.mkdir()

    config = load_config(_write(other, SOURCES))

    assert config["market"]["industries"] == []
    assert config["segments"]["max_segments"] == 6


# --- sources ----------------------------------------------------------------


def test_a_source_given_as_a_table_carries_its_path_and_column_names(folder):
    text = """
[sources]
opportunities = "opportunities.csv"
reps = "reps.csv"

[sources.accounts]
path = "crm/Accounts Export.csv"
columns = {"Account ID" = "account_id", "Company" = "name"}
"""
    config = load_config(_write(folder, text))

    assert config.sources["accounts"] == {
        "path": folder.resolve() / "crm" / "Accounts Export.csv",
        "columns": {"Account ID": "account_id", "Company": "name"},
    }


def test_a_source_given_as_a_path_renames_no_columns(folder):
    config = load_config(_write(folder, SOURCES))

    assert set(config.sources) == {"accounts", "opportunities", "reps"}
    assert all(spec["columns"] == {} for spec in config.sources.values())


def test_optional_sources_are_read_when_given(folder):
    text = SOURCES + 'engagement = "engagement.csv"\nnotes = "notes.csv"\n'

    config = load_config(_write(folder, text))

    assert config.sources["engagement"]["path"] == folder.resolve() / "engagement.csv"
    assert "usage" not in config.sources


# --- errors -----------------------------------------------------------------


def test_a_missing_file_raises_config_error(tmp_path):
    path = tmp_path / "nowhere" / "segkit.toml"

    with pytest.raises(ConfigError, match="config file not found") as error:
        load_config(path)

    assert str(path) in str(error.value)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("[workspace\nstore = 1\n", "not valid TOML"),
        ('store = "a.duckdb\n' + SOURCES, "not valid TOML"),
        ("[segmentz]\nmax_segments = 6\n" + SOURCES, r"unknown section \[segmentz\]"),
        ("[segmentz]\n" + SOURCES, "expected one of: sources, workspace, ingest"),
        ("workspace = 5\n" + SOURCES, r"\[workspace\] should be a table of keys"),
        (
            "[segments]\nmax_segment = 6\n" + SOURCES,
            r"unknown key 'max_segment' in \[segments\]; expected one of: "
            "n_segments, min_segments, max_segments",
        ),
        (
            '[segments]\nmax_segments = "six"\n' + SOURCES,
            r"\[segments\] max_segments should be .*found 'six'; "
            "for example max_segments = 6",
        ),
        (
            "[segments]\nmax_segments = 6.5\n" + SOURCES,
            "max_segments should be .*found 6.5",
        ),
        ("[workspace]\nseed = true\n" + SOURCES, "seed should be .*found True"),
        (
            '[market]\nindustries = "Technology"\n' + SOURCES,
            "industries should be a list, found 'Technology'",
        ),
        (
            '[ingest]\nmax_rejected_share = "5%"\n' + SOURCES,
            "max_rejected_share should be a float, found '5%'",
        ),
        (
            '[sources]\naccounts = "accounts.csv"\n',
            "lacks opportunities, reps; every config needs at least "
            "accounts, opportunities, reps",
        ),
        ("", r"\[sources\] lacks accounts, opportunities, reps"),
        (
            '[workspace]\nseed = 1\n[sources]\nreps = "reps.csv"\n',
            "lacks accounts, opportunities;",
        ),
        (
            SOURCES + 'crm = "crm.csv"\n',
            "unknown source 'crm' in \\[sources\\]; expected one of: accounts, "
            "opportunities, engagement, usage, notes, reps",
        ),
        (
            SOURCES.replace('accounts = "accounts.csv"', "accounts = 5"),
            r"\[sources\] accounts should be a file path or a table",
        ),
        (
            SOURCES.replace('accounts = "accounts.csv"', "")
            + '[sources.accounts]\ncolumns = {"Id" = "account_id"}\n',
            r"\[sources.accounts\] needs a path \(a CSV, Excel or Parquet file\) "
            "or sql",
        ),
        (
            SOURCES.replace('accounts = "accounts.csv"', "")
            + '[sources.accounts]\npath = "a.csv"\ncolumns = ["Id"]\n',
            r"\[sources.accounts\] columns should map export column names",
        ),
    ],
)
def test_a_bad_config_raises_config_error_naming_the_file(folder, text, match):
    path = _write(folder, text)

    with pytest.raises(ConfigError, match=match) as error:
        load_config(path)

    assert str(path.resolve()) in str(error.value)


def test_a_file_that_is_not_text_raises_config_error(folder):
    path = folder / "segkit.toml"
    path.write_bytes(b"\xff\xfe\x00[sources]")

    with pytest.raises(ConfigError, match="not a UTF-8 text file"):
        load_config(path)


def test_config_errors_are_segkit_errors(folder):
    with pytest.raises(segkit.SegkitError, match=re.escape("[sources] lacks")):
        load_config(_write(folder, ""))


def test_sources_given_as_a_string_raises_config_error(folder):
    with pytest.raises(ConfigError, match="sources"):
        load_config(_write(folder, 'sources = "accounts.csv"\n'))


def test_a_source_path_that_is_not_text_raises_config_error(folder):
    text = SOURCES.replace('accounts = "accounts.csv"', "accounts = {path = 5}")

    with pytest.raises(ConfigError, match="accounts"):
        load_config(_write(folder, text))
