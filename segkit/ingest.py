"""Gather the exports named in a config into one clean account table.

The ingest reads every source, parses its values, normalizes categories,
resolves account families and joins activity to accounts. Rows it cannot use
go to a quarantine table with their file, row, column, value and the rule
they broke; nothing is dropped without a trace, and the ingest summary's
counts add up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from segkit import _activity as activity
from segkit._config import Config
from segkit._errors import InputError
from segkit._geo import locate
from segkit._parse import (
    normalize_country,
    normalize_domain,
    normalize_industry,
    normalize_state,
    parse_bool,
    parse_count,
    parse_dates,
    parse_money,
    region_of,
    to_float,
)
from segkit._readers import read_source
from segkit._store import Workspace
from segkit._unify import attach_families, merge_duplicates, resolve_parent_names
from segkit._validate import check_rows

logger = logging.getLogger(__name__)

# The columns each source must provide, after the config's column mapping.
REQUIRED_COLUMNS = {
    "accounts": ["account_id", "name"],
    "opportunities": ["opportunity_id", "account_id", "stage", "amount"],
    "engagement": ["account_id", "event_type", "occurred_at"],
    "usage": ["account_id", "month", "active_users"],
    "notes": ["account_id", "text"],
    "reps": ["rep_id", "name", "region"],
}
OPTIONAL_ACCOUNT_COLUMNS = [
    "website",
    "parent_account_id",
    "parent_name",
    "industry",
    "employees",
    "annual_revenue",
    "country",
    "state",
    "postal_code",
    "city",
    "latitude",
    "longitude",
    "created_date",
    "is_customer",
]
ACTIVITY_SOURCES = ("opportunities", "engagement", "usage", "notes")


@dataclass
class IngestResult:
    """What an ingest produced: the clean tables, the quarantine, the summary."""

    tables: dict[str, pd.DataFrame]
    quarantine: pd.DataFrame
    summary: pd.DataFrame
    issues: pd.DataFrame = field(default_factory=pd.DataFrame)


def ingest(config: Config, quarter: str) -> IngestResult:
    """Read, clean and unify the sources of ``config`` into one snapshot.

    The quarter's snapshot in the workspace store is replaced in one
    transaction, so a failed ingest leaves the previous one untouched.

    Parameters
    ----------
    config : Config
        The parsed config naming the sources.
    quarter : str
        The quarter the snapshot describes, such as ``"2026Q4"``.

    Returns
    -------
    IngestResult
        The clean tables, the quarantine and the ingest summary.

    Raises
    ------
    InputError
        When a file is missing or unreadable, lacks a mapped column, holds
        duplicate ids, or more rows are rejected than the config allows.
    """
    sources = config.sources
    raw = {name: _read_source(name, sources[name]) for name in ("accounts", "reps")}
    rejected: list[pd.DataFrame] = []

    # Unify accounts: clean and check rows, merge duplicates, resolve families.
    clean, issues = _clean_accounts(raw["accounts"])
    clean, bad = check_rows("accounts", clean, raw["accounts"].attrs["file"])
    rejected.append(bad)
    accounts, aliases = merge_duplicates(clean.drop(columns="_row"))
    accounts = attach_families(resolve_parent_names(accounts), aliases)
    issues = pd.concat([issues, _family_issues(raw["accounts"], accounts)])
    reps, bad = check_rows("reps", _clean_reps(raw["reps"]), raw["reps"].attrs["file"])
    rejected.append(bad)
    tables = {"accounts": accounts, "reps": reps.drop(columns="_row")}

    workspace = Workspace(config.store_path)
    with workspace.connect() as con:
        # Key activity to the unified accounts, by id or by domain, in DuckDB.
        activity.prepare(con, aliases, _domain_index(accounts))
        read, matched = {}, {}
        for name in ACTIVITY_SOURCES:
            required = REQUIRED_COLUMNS[name]
            read[name] = where, _ = activity.load(
                con, name, sources.get(name), required
            )
            timestamp = "occurred_at" if name == "engagement" else None
            activity.key(con, name, where, timestamp)
        matched["engagement"] = activity.matched(con, "engagement")

        # The smaller activity tables are typed and checked in pandas;
        # engagement stays in DuckDB.
        for name in ("opportunities", "usage", "notes"):
            frame = con.execute(f"SELECT * FROM kept_{name}").df()
            frame, bad = check_rows(name, frame, read[name][0])
            frame = TYPERS[name](frame)
            rejected.append(bad)
            by_id = int(frame["_matched_by_id"].sum())
            matched[name] = {
                "matched_by_id": by_id,
                "matched_by_domain": len(frame) - by_id,
            }
            tables[name] = frame.drop(columns=["_row", "_matched_by_id"])

        con.register("_rejected", pd.concat(rejected, ignore_index=True))
        quarantined = con.execute(
            "SELECT * FROM _rejected UNION ALL BY NAME "
            f"SELECT * FROM {activity.QUARANTINE} ORDER BY source, row"
        ).df()
        summary = _summarize(raw, read, tables, quarantined, matched)
        _check_rejected_share(summary, quarantined, config["ingest"])

        workspace.write(
            quarter,
            tables
            | {
                "engagement": "SELECT * EXCLUDE (_row, _matched_by_id) "
                "FROM kept_engagement",
                "quarantine": quarantined,
                "ingest_summary": summary,
                "normalization_issues": issues,
            },
            connection=con,
        )
    logger.info("ingested %d accounts for %s", len(accounts), quarter)
    return IngestResult(tables, quarantined, summary, issues)


# --- reading ----------------------------------------------------------------


def _read_source(name: str, spec: dict) -> pd.DataFrame:
    return read_source(name, spec, REQUIRED_COLUMNS[name])


# --- accounts ---------------------------------------------------------------


def _clean_accounts(raw: pd.DataFrame):
    """Parse and normalize account rows; report what could not be read."""
    frame = raw.copy()
    for column in OPTIONAL_ACCOUNT_COLUMNS:
        if column not in frame:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="string")

    # The same id on two rows is an export error, not a duplicate company.
    duplicated = frame["account_id"].notna() & frame["account_id"].duplicated(
        keep=False
    )
    if duplicated.any():
        rows = frame.loc[duplicated, "_row"].tolist()
        ids = frame.loc[duplicated, "account_id"].unique()[:3].tolist()
        raise InputError(
            f"{raw.attrs['file']}: column account_id holds duplicate ids "
            f"{', '.join(ids)} on rows {_rows(rows)}; expected one row per "
            "account. Remove or rename the repeated rows."
        )

    clean = pd.DataFrame(
        {
            "account_id": frame["account_id"].astype("string"),
            "name": frame["name"].str.strip(),
            "domain": normalize_domain(frame["website"]),
            "parent_account_id": frame["parent_account_id"].str.strip(),
            "parent_name": frame["parent_name"].str.strip(),
            "industry": normalize_industry(frame["industry"]),
            "employees": parse_count(frame["employees"]),
            "annual_revenue": parse_money(frame["annual_revenue"]),
            "country": normalize_country(frame["country"]),
            "city": frame["city"].str.strip(),
            "postal_code": frame["postal_code"].str.strip(),
            "latitude": to_float(frame["latitude"]),
            "longitude": to_float(frame["longitude"]),
            "created_date": parse_dates(frame["created_date"]),
            "is_customer": parse_bool(frame["is_customer"]).fillna(False),
            "_row": frame["_row"],
        }
    )
    clean["state"] = normalize_state(frame["state"], clean["country"])
    clean["region"] = region_of(clean["country"])
    located = locate(clean)
    issues = _normalization_issues(raw.attrs["file"], frame, clean, located)
    clean[["latitude", "longitude", "geo_source"]] = located
    return clean.reset_index(drop=True), issues


def _normalization_issues(file, raw, clean, located) -> pd.DataFrame:
    """Values that were given but could not be read, with counts and examples."""
    checks = {
        "industry": "not an industry of the taxonomy",
        "employees": "not a number or a range",
        "annual_revenue": "not an amount",
        "country": "not a known country",
        "state": "not a US state or Canadian province",
        "created_date": "not a date",
    }
    rows = []
    for column, rule in checks.items():
        failed = raw[column].notna().to_numpy() & clean[column].isna().to_numpy()
        rows.append(_issue(file, column, rule, raw.loc[failed, column]))

    # Coordinates given out of range are replaced from the address.
    for column in ("latitude", "longitude"):
        replaced = clean[column].notna() & (located["geo_source"] != "given")
        rule = "out of range; located from the address instead"
        rows.append(_issue(file, column, rule, raw.loc[replaced.to_numpy(), column]))
    nowhere = located["geo_source"].isna().to_numpy()
    rows.append(
        _issue(file, "city", "no location found", clean.loc[nowhere, "account_id"])
    )
    columns = ["file", "column", "rule", "count", "examples"]
    return pd.DataFrame([row for row in rows if row], columns=columns)


def _issue(file, column, rule, values: pd.Series) -> dict | None:
    if values.empty:
        return None
    examples = values.astype("string").dropna().unique()[:5]
    return {
        "file": file,
        "column": column,
        "rule": rule,
        "count": len(values),
        "examples": ", ".join(examples),
    }


def _domain_index(accounts: pd.DataFrame) -> pd.Series:
    known = accounts.dropna(subset=["domain"]).drop_duplicates("domain")
    return known.set_index("domain")["account_id"]


# --- activity ---------------------------------------------------------------


def _type_opportunities(frame: pd.DataFrame) -> pd.DataFrame:
    """Amounts as numbers, stages as won, lost or open, dates as dates."""
    frame = frame.copy()
    frame["amount"] = parse_money(frame["amount"])
    stage = frame["stage"].str.strip().str.lower()
    frame["is_won"] = stage.str.contains("won", na=False)
    frame["is_closed"] = frame["is_won"] | stage.str.contains("lost", na=False)
    for column in ("created_date", "close_date"):
        if column in frame:
            frame[column] = parse_dates(frame[column])
    return frame


def _type_usage(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in ("active_users", "sessions", "features_used"):
        if column in frame:
            frame[column] = to_float(frame[column])
    return frame


TYPERS = {
    "opportunities": _type_opportunities,
    "usage": _type_usage,
    "notes": lambda frame: frame,
}


def _clean_reps(raw: pd.DataFrame) -> pd.DataFrame:
    frame = raw.copy()
    for column in ("latitude", "longitude", "capacity"):
        frame[column] = to_float(frame[column]) if column in frame else np.nan
    return frame.reset_index(drop=True)


# --- reconciliation ---------------------------------------------------------


def _summarize(raw, read, tables, quarantined, matched) -> pd.DataFrame:
    """Rows read, kept, merged and quarantined per source; they add up.

    Rows read = rows kept + rows merged into another + rows quarantined, and
    rows kept = matched by id + matched by domain.
    """
    # A row that broke two rules is one row quarantined.
    counts = quarantined.drop_duplicates(["source", "row"]).groupby("source").size()
    sources = {name: (frame.attrs["file"], len(frame)) for name, frame in raw.items()}
    rows = []
    for name, (where, rows_read) in (sources | read).items():
        found = matched.get(name)
        kept = len(tables[name]) if name in tables else sum(found.values())
        rows.append(
            {
                "source": name,
                "file": where,
                "rows_read": rows_read,
                "rows_kept": kept,
                "rows_merged": rows_read - kept - int(counts.get(name, 0)),
                "rows_quarantined": int(counts.get(name, 0)),
                **(found or {"matched_by_id": kept, "matched_by_domain": 0}),
            }
        )
    order = ["accounts", *ACTIVITY_SOURCES, "reps"]
    return pd.DataFrame(rows).set_index("source").loc[order].reset_index()


def _family_issues(raw: pd.DataFrame, accounts: pd.DataFrame) -> pd.DataFrame:
    """Parent links that could not be followed, with counts and examples."""
    issues = accounts.dropna(subset=["parent_issue"])
    rows = [
        {
            "file": raw.attrs.get("file", ""),
            "column": "parent_name" if "name" in rule else "parent_account_id",
            "rule": rule,
            "count": len(group),
            "examples": ", ".join(group["account_id"].head(5)),
        }
        for rule, group in issues.groupby("parent_issue")
    ]
    return pd.DataFrame(rows, columns=["file", "column", "rule", "count", "examples"])


def _check_rejected_share(summary, quarantined, settings) -> None:
    """Stop when a source lost more rows than ``max_rejected_share`` allows."""
    limit = settings["max_rejected_share"]
    share = summary["rows_quarantined"] / summary["rows_read"].clip(lower=1)
    over = summary[share > limit]
    if over.empty:
        return
    first = over.iloc[0]
    found = quarantined[quarantined["source"] == first["source"]]
    rule = found["rule"].value_counts().index[0]
    rows = found.loc[found["rule"] == rule, "row"].tolist()
    lost, total = first["rows_quarantined"], first["rows_read"]
    raise InputError(
        f"{first['file']}: {lost} of {total} {first['source']} rows were rejected "
        f"({lost / total:.0%}), more than the allowed {limit:.0%}; most often "
        f"'{rule}' (rows {_rows(rows)}). Fix the export, or raise [ingest] "
        "max_rejected_share."
    )


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:10])
    return shown + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
