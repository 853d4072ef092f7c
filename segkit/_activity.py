"""Key activity (deals, engagement, usage, notes) to accounts inside DuckDB.

Activity exports are the large ones: ten million engagement events are
common. They are read, keyed to accounts and kept without passing through
pandas: DuckDB reads the CSV in parallel, and the joins run in SQL on the
workspace connection, in temporary tables.

A row is keyed by its account id, read through the aliases that merged
duplicates left, or, when it has no id, by the company domain of its email
or website. A row that matches no account goes to the quarantine with its
file, row and reason.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from segkit._errors import InputError
from segkit._readers import csv_dialect, is_csv, read_source, unreadable_csv

QUARANTINE = "_activity_quarantine"

# Timestamp formats tried in turn, after ISO 8601.
_TIMESTAMP_FORMATS = [
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d",
]  # fmt: skip


def prepare(con: duckdb.DuckDBPyConnection, aliases: pd.Series, domains: pd.Series):
    """Load the lookups every activity source is keyed through."""
    con.register(
        "_alias_frame",
        pd.DataFrame({"source_id": aliases.index, "account_id": aliases.to_numpy()}),
    )
    con.execute("CREATE OR REPLACE TEMP TABLE _aliases AS SELECT * FROM _alias_frame")
    con.register(
        "_domain_frame",
        pd.DataFrame({"domain": domains.index, "account_id": domains.to_numpy()}),
    )
    con.execute("CREATE OR REPLACE TEMP TABLE _domains AS SELECT * FROM _domain_frame")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {QUARANTINE} (source VARCHAR, file VARCHAR, "
        'row BIGINT, "column" VARCHAR, value VARCHAR, rule VARCHAR)'
    )


def load(con, name: str, spec: dict | None, required: list[str]) -> tuple[str, int]:
    """Read a source into the temporary table ``src_<name>``.

    Every column is text, trimmed, with empty cells missing, and ``_row``
    gives the line in the file. Returns where the rows came from and how
    many were read.
    """
    table = f"src_{name}"
    if spec is None:
        columns = ", ".join(f'NULL::VARCHAR AS "{c}"' for c in required)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT 0::BIGINT AS _row, "
            f"{columns} WHERE false"
        )
        return "(not configured)", 0

    dialect = None
    if is_csv(spec):
        dialect = csv_dialect(name, Path(spec["path"]), spec, required)
    if dialect and _is_utf8(dialect[0]):
        where = str(spec["path"])
        _load_csv(con, name, Path(spec["path"]), spec, required, dialect[1])
    else:
        # Other formats, and CSV in legacy encodings, are read by pandas.
        frame = read_source(name, spec, required)
        where = frame.attrs["file"]
        con.register("_source_frame", frame)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM _source_frame"
        )
        con.unregister("_source_frame")
    rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return where, rows


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in ("utf-8", "utf-8-sig", "utf8")


def _load_csv(con, name, path, spec, required, delimiter) -> None:
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _raw AS SELECT row_number() OVER () + 1 "
            "AS _row, * FROM read_csv(?, all_varchar = true, header = true, "
            "delim = ?, quote = '\"', escape = '\"')",
            [str(path), delimiter],
        )
    except duckdb.Error as error:
        raise unreadable_csv(name, path, error) from None

    # Map export columns onto segkit's, trimmed, with empty cells missing.
    found = [
        column[0] for column in con.execute("SELECT * FROM _raw LIMIT 0").description
    ]
    mapping = spec.get("columns", {})
    renamed = {column: mapping.get(column, column).strip() for column in found}
    missing = [c for c in required if c not in renamed.values()]
    if missing:
        shown = ", ".join(c for c in found if c != "_row")[:300]
        raise InputError(
            f"{path}: {name} lacks column(s) {', '.join(missing)}; found {shown}. "
            f"Rename them in the export or map them in [sources.{name}] columns."
        )
    select = ["_row"] + [
        f'NULLIF(TRIM("{old}"), \'\') AS "{new}"'
        for old, new in renamed.items()
        if old != "_row"
    ]
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE src_{name} AS SELECT {', '.join(select)} "
        "FROM _raw"
    )
    con.execute("DROP TABLE _raw")


def key(con, name: str, where: str, timestamp: str | None = None) -> None:
    """Key ``src_<name>`` to accounts into ``kept_<name>``; quarantine the rest.

    Parameters
    ----------
    timestamp : str, optional
        A column to read as a timestamp; rows where it cannot be read are
        quarantined.

    ``kept_<name>`` keeps ``_row`` and ``_matched_by_id`` (whether the row
    matched by its id rather than by domain) for the checks that follow.
    """
    columns = [
        c[0] for c in con.execute(f"SELECT * FROM src_{name} LIMIT 0").description
    ]
    by_domain = [_domain_sql(f's."{c}"') for c in ("email", "website", "domain")
                 if c in columns]  # fmt: skip
    domain = f"COALESCE({', '.join(by_domain)})" if by_domain else "NULL"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _keyed AS SELECT s.*, a.account_id AS _by_id, "
        f"d.account_id AS _by_domain FROM src_{name} s "
        "LEFT JOIN _aliases a ON a.source_id = s.account_id "
        f"LEFT JOIN _domains d ON s.account_id IS NULL AND d.domain = {domain}"
    )
    con.execute(
        f"INSERT INTO {QUARANTINE} SELECT ?, ?, _row, 'account_id', account_id, "
        "CASE WHEN account_id IS NULL THEN 'matches no account' "
        "ELSE 'account id not in accounts' END "
        "FROM _keyed WHERE _by_id IS NULL AND _by_domain IS NULL ORDER BY _row",
        [name, where],
    )

    readable = "true"
    if timestamp:
        parsed = _timestamp_sql(f'"{timestamp}"')
        con.execute(
            f'INSERT INTO {QUARANTINE} SELECT ?, ?, _row, ?, "{timestamp}", '
            f"'{timestamp} is not a date' FROM _keyed WHERE "
            f"COALESCE(_by_id, _by_domain) IS NOT NULL AND {parsed} IS NULL "
            "ORDER BY _row",
            [name, where, timestamp],
        )
        readable = f"{parsed} IS NOT NULL"
        replace = (
            f'COALESCE(_by_id, _by_domain) AS account_id, {parsed} AS "{timestamp}"'
        )
    else:
        replace = "COALESCE(_by_id, _by_domain) AS account_id"

    con.execute(
        f"CREATE OR REPLACE TEMP TABLE kept_{name} AS SELECT * EXCLUDE (_by_id, "
        f"_by_domain) REPLACE ({replace}), _by_id IS NOT NULL AS _matched_by_id "
        f"FROM _keyed WHERE COALESCE(_by_id, _by_domain) IS NOT NULL AND {readable} "
        "ORDER BY _row"
    )
    con.execute("DROP TABLE _keyed")


def matched(con, name: str) -> dict[str, int]:
    """Rows of ``kept_<name>`` matched by account id and by domain."""
    by_id, total = con.execute(
        f"SELECT count(*) FILTER (WHERE _matched_by_id), count(*) FROM kept_{name}"
    ).fetchone()
    return {"matched_by_id": by_id, "matched_by_domain": total - by_id}


def _domain_sql(column: str) -> str:
    """The same company domain as segkit._parse.normalize_domain, in SQL."""
    text = f"lower(trim({column}))"
    for pattern in (r"^.*@", r"^[a-z]+://", r"^www\.", r"[/:?#].*$"):
        text = f"regexp_replace({text}, '{pattern}', '')"
    return f"CASE WHEN contains({text}, '.') THEN {text} END"


def _timestamp_sql(column: str) -> str:
    tried = [f"TRY_CAST({column} AS TIMESTAMP)"] + [
        f"TRY_STRPTIME({column}, '{pattern}')" for pattern in _TIMESTAMP_FORMATS
    ]
    return f"COALESCE({', '.join(tried)})"
