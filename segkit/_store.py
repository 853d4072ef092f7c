"""The workspace store: one DuckDB file holding one snapshot per quarter.

Each quarter is a schema of its own (``q2026q4`` for 2026Q4), so a stage can
replace its tables for one quarter without touching the others, and drift is
measured by reading two schemas side by side.
"""

from __future__ import annotations

import datetime as dt
import pickle
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from segkit._errors import StoreError

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
MEMORY_LIMIT = "2GB"


def current_quarter(today: dt.date | None = None) -> str:
    """Name the calendar quarter of ``today`` as ``YYYYQn``.

    Examples
    --------
    >>> import datetime
    >>> current_quarter(datetime.date(2026, 12, 3))
    '2026Q4'
    """
    today = today or dt.date.today()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def check_quarter(quarter: str | None) -> str:
    """Return ``quarter`` checked, or the current quarter when it is empty.

    Examples
    --------
    >>> check_quarter("2026q3")
    '2026Q3'
    """
    if not quarter:
        return current_quarter()
    quarter = str(quarter).strip().upper()
    if not _QUARTER.match(quarter):
        raise ValueError(
            f"quarter={quarter!r} should look like 2026Q4: a year, Q, then 1 to 4."
        )
    return quarter


def quarter_end(quarter: str) -> pd.Timestamp:
    """The last day of a quarter, the date a snapshot describes.

    Examples
    --------
    >>> quarter_end("2026Q4")
    Timestamp('2026-12-31 00:00:00')
    """
    year, number = _QUARTER.match(check_quarter(quarter)).groups()
    start = pd.Timestamp(year=int(year), month=3 * int(number) - 2, day=1)
    return start + pd.offsets.QuarterEnd(0)


def previous_quarter(quarter: str) -> str:
    """The quarter before ``quarter``.

    Examples
    --------
    >>> previous_quarter("2026Q1")
    '2025Q4'
    """
    match = _QUARTER.match(check_quarter(quarter))
    year, number = (int(part) for part in match.groups())
    return f"{year - 1}Q4" if number == 1 else f"{year}Q{number - 1}"


class Workspace:
    """A DuckDB workspace file with one snapshot per quarter.

    A connection is opened for each read or write and closed after it, so an
    analyst's notebook and a scheduled run never hold the file between steps.

    Parameters
    ----------
    path : str or Path
        The DuckDB file; it is created with its folder on first write.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> workspace = Workspace(tempfile.mkdtemp() + "/workspace.duckdb")
    >>> workspace.write("2026Q4", {"accounts": pd.DataFrame({"account_id": ["A1"]})})
    >>> workspace.read("2026Q4", "accounts")["account_id"].tolist()
    ['A1']
    >>> workspace.quarters()
    ['2026Q4']
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """A connection to the workspace file, for work done inside DuckDB.

        Large tables are built with SQL on this connection (in temporary
        tables) and then kept with :meth:`write`, without passing through
        pandas.
        """
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(self.path), read_only=read_only)
        con.execute("SET enable_progress_bar = false")
        # DuckDB spills to disk past this, so a large ingest keeps its memory.
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        return con

    def schema(self, quarter: str) -> str:
        """The schema that holds ``quarter``'s snapshot, for SQL on it."""
        return _schema(quarter)

    def write(
        self,
        quarter: str,
        tables: Mapping[str, pd.DataFrame | str],
        connection: duckdb.DuckDBPyConnection | None = None,
    ) -> None:
        """Replace ``tables`` in the snapshot of ``quarter``, all or none.

        A table is given as a DataFrame, or as a SQL query that
        ``connection`` (from :meth:`connect`) can run.
        """
        schema = _schema(quarter)
        con = connection or self.connect()
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            for name, table in tables.items():
                target = f"{schema}.{_name(name)}"
                if isinstance(table, str):
                    con.execute(f"CREATE OR REPLACE TABLE {target} AS {table}")
                    continue
                con.register("_frame", _storable(table))
                con.execute(f"CREATE OR REPLACE TABLE {target} AS SELECT * FROM _frame")
                con.unregister("_frame")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        finally:
            if connection is None:
                con.close()

    def read(self, quarter: str, table: str) -> pd.DataFrame:
        """Read one table of one quarter's snapshot."""
        if not self.has(quarter, table):
            raise StoreError(
                f"{self.path}: quarter {quarter} has no table '{table}'; run the "
                "stage that writes it first (segkit run runs them all in order)."
            )
        with duckdb.connect(str(self.path), read_only=True) as con:
            return con.execute(f"SELECT * FROM {_schema(quarter)}.{_name(table)}").df()

    def has(self, quarter: str, table: str) -> bool:
        """Whether the snapshot of ``quarter`` holds ``table``."""
        if not self.path.exists():
            return False
        with duckdb.connect(str(self.path), read_only=True) as con:
            found = con.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = ? AND table_name = ?",
                [_schema(quarter), _name(table)],
            ).fetchone()[0]
        return bool(found)

    def quarters(self) -> list[str]:
        """The quarters that have a snapshot, oldest first."""
        if not self.path.exists():
            return []
        with duckdb.connect(str(self.path), read_only=True) as con:
            names = con.execute(
                "SELECT schema_name FROM information_schema.schemata"
            ).fetchall()
        found = [
            name[1:].upper() for (name,) in names if re.match(r"^q\d{4}q\d$", name)
        ]
        return sorted(set(found))

    def write_object(self, quarter: str, name: str, value: Any) -> None:
        """Keep a fitted model or other Python object in the snapshot."""
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.write(quarter, {f"object_{name}": pd.DataFrame({"blob": [blob]})})

    def read_object(self, quarter: str, name: str) -> Any:
        """Read back an object kept with :meth:`write_object`."""
        blob = self.read(quarter, f"object_{name}")["blob"].iloc[0]
        return pickle.loads(bytes(blob))


def _schema(quarter: str) -> str:
    return "q" + check_quarter(quarter).lower()


def _name(table: str) -> str:
    if not re.match(r"^[a-z][a-z0-9_]*$", table):
        raise ValueError(
            f"table={table!r} should be lower-case letters, digits and underscores."
        )
    return table


def _storable(frame: pd.DataFrame) -> pd.DataFrame:
    # DuckDB reads pandas' string dtype, but object columns holding mixed
    # Python values would be guessed from a sample; make them text first.
    frame = frame.reset_index(drop=True)
    for column in frame.columns:
        if frame[column].dtype == object and not _holds_bytes(frame[column]):
            frame[column] = frame[column].astype("string")
    return frame


def _holds_bytes(column: pd.Series) -> bool:
    first = column.dropna()
    return len(first) > 0 and isinstance(first.iloc[0], bytes)
