"""Row-level rules for each source, checked with pandera.

A row that breaks a rule is not kept: it goes to the quarantine with its
file, row, column, value and the rule, and the ingest goes on as long as
the rejected share stays under ``[ingest] max_rejected_share``.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from segkit._parse import parse_money, to_float
from segkit._reference import COUNTRIES

REGIONS = sorted({region for _, region, _ in COUNTRIES.values()})


def _at_least_zero() -> pa.Check:
    return pa.Check.ge(0, error="should be 0 or more")


def _readable(parse, what: str) -> list[pa.Check]:
    """Checks on a text column: it reads as ``what``, and not below zero."""
    return [
        pa.Check(lambda text: parse(text).notna(), error=f"is not {what}"),
        pa.Check(lambda text: ~(parse(text) < 0), error="should be 0 or more"),
    ]


def _required(dtype=None, unique: bool = False) -> pa.Column:
    return pa.Column(
        dtype, nullable=False, unique=unique, report_duplicates="exclude_first"
    )


SCHEMAS = {
    "accounts": pa.DataFrameSchema(
        {
            "account_id": _required(),
            "name": _required(),
            "employees": pa.Column(float, _at_least_zero(), nullable=True),
            "annual_revenue": pa.Column(float, _at_least_zero(), nullable=True),
        }
    ),
    "opportunities": pa.DataFrameSchema(
        {
            "opportunity_id": _required(unique=True),
            "stage": _required(),
            "amount": pa.Column(
                checks=_readable(parse_money, "an amount of money"), nullable=False
            ),
        }
    ),
    "usage": pa.DataFrameSchema(
        {
            "month": _required(),
            "active_users": pa.Column(
                checks=_readable(to_float, "a number"), nullable=False
            ),
        }
    ),
    "notes": pa.DataFrameSchema({"text": _required()}),
    "reps": pa.DataFrameSchema(
        {
            "rep_id": _required(unique=True),
            "name": _required(),
            "region": pa.Column(
                checks=pa.Check.isin(
                    REGIONS, error=f"should be one of {', '.join(REGIONS)}"
                ),
                nullable=False,
            ),
        }
    ),
}

_MESSAGES = {
    "not_nullable": "is missing",
    "field_uniqueness": "repeats an earlier row",
}


def check_rows(name: str, frame: pd.DataFrame, file: str):
    """Split ``frame`` into rows that keep every rule and quarantine entries.

    Parameters
    ----------
    name : str
        The source, which picks the schema.
    frame : DataFrame
        Parsed rows with their ``_row`` (line in the file).
    file : str
        Where the rows came from, for the quarantine.

    Returns
    -------
    valid : DataFrame
        The rows that keep every rule.
    rejected : DataFrame
        One quarantine entry (source, file, row, column, value, rule) per
        broken rule.

    Examples
    --------
    >>> rows = pd.DataFrame({"opportunity_id": ["O1", "O2", "O2"],
    ...                      "stage": ["Open"] * 3, "amount": ["$10", "-5", "3"],
    ...                      "_row": [2, 3, 4]})
    >>> valid, rejected = check_rows("opportunities", rows, "deals.csv")
    >>> valid["_row"].tolist()
    [2]
    >>> rejected["row"].tolist()
    [3, 4]
    >>> rejected["rule"].tolist()
    ['amount should be 0 or more', 'opportunity_id repeats an earlier row']
    """
    try:
        SCHEMAS[name].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return frame, _entries(name, file, frame.iloc[:0], [], [], [])

    cases = cases[cases["index"].notna()]
    index = cases["index"].astype(int).to_numpy()
    rules = [
        f"{column} {_MESSAGES.get(check, check)}"
        for column, check in zip(cases["column"], cases["check"], strict=True)
    ]
    rejected = _entries(
        name,
        file,
        frame.loc[index],
        cases["column"].tolist(),
        cases["failure_case"].astype("string").tolist(),
        rules,
    )
    valid = frame.drop(index=pd.unique(index))
    return valid, rejected.sort_values(["row", "column"]).reset_index(drop=True)


def _entries(name, file, rows, columns, values, rules) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": name,
            "file": file,
            "row": rows["_row"].to_numpy(dtype="int64"),
            "column": pd.array(columns, dtype="string"),
            "value": pd.array(values, dtype="string"),
            "rule": pd.array(rules, dtype="string"),
        }
    )
