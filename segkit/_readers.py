"""Read a source named in the config into a frame of text columns.

Files may be CSV (any common delimiter; UTF-8 with or without BOM, or
Latin-1), Excel ``.xlsx`` or Parquet. A source may also be a table or query
in a database reached through an SQLAlchemy URL; its password comes from an
environment variable the config names, and is never written anywhere.

Every value is read as text, so postal codes keep their leading zeros and
nothing is guessed before segkit's own parsers look at it. Each row carries
``_row``, its line in the file (or its position in the query's result), for
the quarantine.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pandas as pd

from segkit._errors import ConfigError, InputError

_SNIFF_BYTES = 64 * 1024
_DELIMITERS = ",;\t|"


def read_source(name: str, spec: dict, required: list[str]) -> pd.DataFrame:
    """Read one source; check that the mapped columns are there.

    Parameters
    ----------
    name : str
        The source's name, such as ``"accounts"``.
    spec : dict
        The source as parsed from the config: ``path`` or ``sql`` with
        ``table`` or ``query``, and optionally ``columns``, ``sheet``,
        ``delimiter``, ``encoding``, ``password_env``.
    required : list of str
        The columns segkit needs from this source, after the mapping.

    Returns
    -------
    DataFrame
        Text columns (empty cells missing), ``_row``, and ``attrs["file"]``
        naming where the rows came from.

    Raises
    ------
    InputError
        When the file is missing, empty, not text, unreadable, or lacks a
        required column.
    """
    if "sql" in spec:
        frame, where = _read_sql(name, spec)
        first_row = 1
    else:
        where = str(spec["path"])
        frame = _read_file(name, Path(spec["path"]), spec, required)
        first_row = 2  # the header is line 1

    frame = frame.rename(columns=spec.get("columns", {}))
    frame.columns = [str(column).strip() for column in frame.columns]
    missing = [column for column in required if column not in frame.columns]
    if missing:
        found = ", ".join(frame.columns[:12]) or "no columns"
        raise InputError(
            f"{where}: {name} lacks column(s) {', '.join(missing)}; found {found}. "
            f"Rename them in the export or map them in [sources.{name}] columns."
        )
    frame = frame.astype("string")
    frame = frame.apply(lambda column: column.str.strip()).replace("", pd.NA)
    frame["_row"] = np.arange(first_row, len(frame) + first_row)
    frame.attrs["file"] = where
    return frame


def _read_file(name: str, path: Path, spec: dict, required: list[str]):
    if not path.is_file():
        raise InputError(
            f"{path}: {name} file not found; check [sources] {name} in the config."
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_excel(name, path, spec)
    if suffix in (".parquet", ".pq"):
        return _read_parquet(name, path)
    return _read_csv(name, path, spec, required)


def _read_csv(name: str, path: Path, spec: dict, required: list[str]):
    encoding, delimiter = csv_dialect(name, path, spec, required)
    try:
        return pd.read_csv(
            path,
            dtype="string",
            keep_default_na=False,
            encoding=encoding,
            sep=delimiter,
        )
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise unreadable_csv(name, path, error) from None


def is_csv(spec: dict) -> bool:
    """Whether a source is a CSV file (rather than Excel, Parquet or SQL)."""
    if "sql" in spec:
        return False
    return Path(spec["path"]).suffix.lower() not in (
        ".xlsx",
        ".xlsm",
        ".parquet",
        ".pq",
    )


def csv_dialect(name: str, path: Path, spec: dict, required: list[str]):
    """Check a CSV file is there and is text; return its encoding and delimiter."""
    if not path.is_file():
        raise InputError(
            f"{path}: {name} file not found; check [sources] {name} in the config."
        )
    with path.open("rb") as file:
        head = file.read(_SNIFF_BYTES)
    if not head.strip():
        raise InputError(
            f"{path}: {name} file is empty; expected a header row with at least "
            f"{', '.join(required)}."
        )
    if b"\x00" in head:
        raise InputError(
            f"{path}: {name} is not a text file (it holds binary data); export "
            "it as CSV, Excel .xlsx or Parquet."
        )
    encoding = spec.get("encoding") or _encoding(head)
    delimiter = spec.get("delimiter") or _delimiter(head.decode(encoding, "replace"))
    return encoding, delimiter


def unreadable_csv(name: str, path: Path, error: Exception) -> InputError:
    reason = " ".join(str(error).split())[:300]
    return InputError(
        f"{path}: {name} is not a readable CSV file ({reason}); check its "
        f"delimiter and encoding, or set them in [sources.{name}]."
    )


def _encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) if the bytes decode so; else Windows-1252,
    which spreadsheets on Windows write; else Latin-1, which reads anything."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if error.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return "latin-1"
            return "cp1252"
    return "utf-8-sig"


def _delimiter(text: str) -> str:
    lines = text.splitlines()[:50]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        header = lines[0] if lines else ""
        return max(_DELIMITERS, key=header.count) if header else ","


def _read_excel(name: str, path: Path, spec: dict):
    sheet = spec.get("sheet", 0)
    try:
        frame = pd.read_excel(path, sheet_name=sheet, dtype=str)
    except ValueError as error:
        raise InputError(
            f"{path}: {name} has no sheet {sheet!r} ({error}); set [sources.{name}] "
            "sheet to one of its sheets."
        ) from None
    except Exception as error:  # openpyxl raises several kinds for a bad file
        raise InputError(
            f"{path}: {name} is not a readable Excel .xlsx file ({error})."
        ) from None
    return frame.fillna("")


def _read_parquet(name: str, path: Path):
    try:
        frame = pd.read_parquet(path)
    except Exception as error:  # pyarrow raises ArrowInvalid and OSError
        raise InputError(
            f"{path}: {name} is not a readable Parquet file ({error})."
        ) from None
    return frame.astype("string").fillna("")


def _read_sql(name: str, spec: dict):
    """Read a table or query; the password is added here and kept nowhere."""
    import sqlalchemy

    url = sqlalchemy.engine.make_url(spec["sql"])
    secret = None
    if "password_env" in spec:
        variable = str(spec["password_env"])
        secret = os.environ.get(variable)
        if not secret:
            raise ConfigError(
                f"[sources.{name}] password_env names {variable}, but that "
                f"environment variable is not set; export {variable} before running."
            )
        url = url.set(password=secret)
    where = url.render_as_string(hide_password=True)
    where += f" ({spec['table']})" if "table" in spec else " (query)"

    query = spec.get("query") or f"SELECT * FROM {_quoted(str(spec['table']))}"
    engine = None
    try:
        engine = sqlalchemy.create_engine(url)
        with engine.connect() as connection:
            frame = pd.read_sql_query(sqlalchemy.text(query), connection, dtype=str)
    except (sqlalchemy.exc.SQLAlchemyError, pd.errors.DatabaseError) as error:
        # The driver's own message, first line, with the secret masked.
        cause = error.__cause__ if isinstance(error, pd.errors.DatabaseError) else error
        reason = str(getattr(cause, "orig", None) or cause).splitlines()[0]
        if secret:
            reason = reason.replace(secret, "***")
        raise InputError(f"{where}: {name} could not be read ({reason}).") from None
    finally:
        if engine is not None:
            engine.dispose()
    return frame.fillna(""), where


def _quoted(table: str) -> str:
    return ".".join('"' + part.replace('"', '""') + '"' for part in table.split("."))
