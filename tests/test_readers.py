"""Reading sources: CSV dialects and encodings, Excel, Parquet and SQL."""

import sqlite3

import pandas as pd
import pytest

from segkit import ConfigError, InputError, load_config
from segkit._readers import read_source

REQUIRED = ["account_id", "name"]
ROWS = pd.DataFrame(
    {
        "account_id": ["A1", "A2"],
        "name": ["Société Générale Café", "Zürich Ölwerke"],
        "postal_code": ["01234", "00501"],
    }
)


def _read(path, **spec):
    return read_source("accounts", {"path": path, **spec}, REQUIRED)


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "latin-1"), ("|", "utf-8")],
)
def test_csv_dialects_and_encodings_are_detected(tmp_path, delimiter, encoding):
    path = tmp_path / "accounts.csv"
    ROWS.to_csv(path, index=False, sep=delimiter, encoding=encoding)
    frame = _read(path)
    assert frame["name"].tolist() == ROWS["name"].tolist()
    assert frame["postal_code"].tolist() == ["01234", "00501"]
    assert frame["_row"].tolist() == [2, 3]
    assert frame.attrs["file"] == str(path)


def test_excel_sheet_is_read_as_text(tmp_path):
    path = tmp_path / "crm.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="Notes", index=False)
        ROWS.to_excel(writer, sheet_name="Accounts", index=False)
    frame = _read(path, sheet="Accounts")
    assert frame["postal_code"].tolist() == ["01234", "00501"]
    with pytest.raises(InputError, match=r"has no sheet 'Missing'"):
        _read(path, sheet="Missing")


def test_parquet_is_read_as_text(tmp_path):
    path = tmp_path / "accounts.parquet"
    ROWS.assign(employees=[10, 20]).to_parquet(path)
    frame = _read(path)
    assert frame["employees"].tolist() == ["10", "20"]


def test_column_mapping_and_missing_columns(tmp_path):
    path = tmp_path / "accounts.csv"
    ROWS.rename(columns={"account_id": "Account ID"}).to_csv(path, index=False)
    mapped = _read(path, columns={"Account ID": "account_id"})
    assert mapped["account_id"].tolist() == ["A1", "A2"]
    with pytest.raises(InputError, match=r"lacks column\(s\) account_id; found"):
        _read(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"accounts file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"is not a text file"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, content, message):
    path = tmp_path / "accounts.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        _read(path)


def _database(tmp_path):
    path = tmp_path / "crm.db"
    with sqlite3.connect(path) as connection:
        ROWS.to_sql("accounts", connection, index=False)
    return path


def test_sql_table_and_query(tmp_path):
    url = f"sqlite:///{_database(tmp_path)}"
    table = read_source("accounts", {"sql": url, "table": "accounts"}, REQUIRED)
    assert table["postal_code"].tolist() == ["01234", "00501"]
    assert table["_row"].tolist() == [1, 2]
    query = read_source(
        "accounts",
        {"sql": url, "query": "SELECT * FROM accounts WHERE account_id = 'A2'"},
        REQUIRED,
    )
    assert query["account_id"].tolist() == ["A2"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            '{ sql = "sqlite:///crm.db", table = "a", password = "x" }',
            "holds a password",
        ),
        ('{ sql = "sqlite:///crm.db" }', "needs either table"),
        ('{ path = "a.csv", sheet = ["x"] }', r"sheet should be text"),
        ('{ path = "a.csv", colour = "red" }', r"unknown key 'colour'"),
    ],
)
def test_bad_source_configs(tmp_path, source, message):
    config = tmp_path / "segkit.toml"
    config.write_text(
        f'[sources]\naccounts = {source}\nopportunities = "o.csv"\nreps = "r.csv"\n'
    )
    with pytest.raises(ConfigError, match=message):
        load_config(config)


def test_relative_sqlite_paths_follow_the_config(tmp_path):
    config = tmp_path / "segkit.toml"
    config.write_text(
        '[sources]\naccounts = { sql = "sqlite:///crm.db", table = "accounts" }\n'
        'opportunities = "o.csv"\nreps = "r.csv"\n'
    )
    url = load_config(config).sources["accounts"]["sql"]
    assert url == f"sqlite:///{tmp_path.resolve() / 'crm.db'}"
