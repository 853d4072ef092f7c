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
from pathlib import Path

import numpy as np
import pandas as pd

from segkit._config import Config
from segkit._errors import InputError
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
from segkit._reference import CITIES
from segkit._store import Workspace

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
QUARANTINE_COLUMNS = ["source", "file", "row", "column", "value", "rule"]


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
    raw = {name: _read_source(name, spec) for name, spec in config.sources.items()}
    quarantine = _Quarantine()

    accounts, issues = _clean_accounts(raw["accounts"], quarantine)
    accounts = _attach_families(accounts, quarantine)
    domains = _domain_index(accounts)
    tables = {"accounts": accounts, "reps": _clean_reps(raw["reps"], quarantine)}
    for name in ("opportunities", "engagement", "usage", "notes"):
        frame = raw.get(name, _empty(name))
        tables[name] = _join_activity(name, frame, accounts, domains, quarantine)
    tables["opportunities"] = _type_opportunities(tables["opportunities"], quarantine)

    summary = _summarize(raw, tables, quarantine)
    _check_rejected_share(summary, config["ingest"]["max_rejected_share"])
    result = IngestResult(tables, quarantine.frame(), summary, issues)

    Workspace(config.store_path).write(
        quarter,
        tables
        | {
            "quarantine": result.quarantine,
            "ingest_summary": summary,
            "normalization_issues": issues,
        },
    )
    logger.info("ingested %d accounts for %s", len(accounts), quarter)
    return result


# --- reading ----------------------------------------------------------------


def _read_source(name: str, spec: dict) -> pd.DataFrame:
    path = Path(spec["path"])
    if not path.is_file():
        raise InputError(
            f"{path}: {name} file not found; check [sources] {name} in the config."
        )
    try:
        frame = pd.read_csv(
            path, dtype="string", keep_default_na=False, encoding="utf-8-sig"
        )
    except UnicodeDecodeError:
        frame = pd.read_csv(
            path, dtype="string", keep_default_na=False, encoding="latin-1"
        )
    except pd.errors.EmptyDataError:
        raise InputError(
            f"{path}: {name} file is empty; expected a header row with at least "
            f"{', '.join(REQUIRED_COLUMNS[name])}."
        ) from None
    except pd.errors.ParserError as error:
        raise InputError(
            f"{path}: {name} is not a readable CSV file ({error})."
        ) from None

    frame = frame.rename(columns=spec.get("columns", {}))
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS[name] if c not in frame.columns]
    if missing:
        found = ", ".join(frame.columns[:12])
        raise InputError(
            f"{path}: {name} lacks column(s) {', '.join(missing)}; found {found}. "
            f"Rename them in the file or map them in [sources.{name}] columns."
        )
    frame = frame.replace("", pd.NA)
    frame.attrs["file"] = str(path)
    frame["_row"] = np.arange(2, len(frame) + 2)  # line number, header is line 1
    return frame


def _empty(name: str) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="string") for c in REQUIRED_COLUMNS[name]})
    frame["_row"] = pd.Series(dtype="int64")
    frame.attrs["file"] = "(not configured)"
    return frame


class _Quarantine:
    """Collects rejected rows with the rule each one broke."""

    def __init__(self):
        self.parts: list[pd.DataFrame] = []

    def add(self, source, frame, rows, column, rule) -> None:
        rejected = frame.loc[rows]
        if rejected.empty:
            return
        self.parts.append(
            pd.DataFrame(
                {
                    "source": source,
                    "file": frame.attrs.get("file", ""),
                    "row": rejected["_row"].to_numpy(),
                    "column": column,
                    "value": rejected[column].astype("string").to_numpy()
                    if column in rejected
                    else pd.NA,
                    "rule": rule,
                }
            )
        )

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(
                {c: pd.Series(dtype="string") for c in QUARANTINE_COLUMNS}
            )
        frame = pd.concat(self.parts, ignore_index=True)
        return frame.astype({"row": "int64"})

    def count(self, source: str) -> int:
        return sum(len(p) for p in self.parts if p["source"].iloc[0] == source)


# --- accounts ---------------------------------------------------------------


def _clean_accounts(raw: pd.DataFrame, quarantine: _Quarantine):
    frame = raw.copy()
    for column in OPTIONAL_ACCOUNT_COLUMNS:
        if column not in frame:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="string")
    frame["account_id"] = frame["account_id"].str.strip()

    # Rows without an id or a name cannot be an account.
    for column in ("account_id", "name"):
        missing = frame[column].isna()
        quarantine.add("accounts", frame, missing, column, f"{column} is missing")
        frame = frame[~missing]

    duplicated = frame["account_id"].duplicated(keep=False)
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
        }
    )
    clean["state"] = normalize_state(frame["state"], clean["country"])
    clean["region"] = region_of(clean["country"])
    clean = _fill_coordinates(clean)

    issues = _normalization_issues(raw.attrs["file"], frame, clean)
    return clean.reset_index(drop=True), issues


def _fill_coordinates(accounts: pd.DataFrame) -> pd.DataFrame:
    # Missing coordinates come from the city, else the country's centre.
    cities = pd.DataFrame(
        CITIES, columns=["city", "state", "country", "pc", "lat", "lon", "w"]
    )
    by_city = cities.set_index(["city", "country"])[["lat", "lon"]]
    by_country = cities.groupby("country")[["lat", "lon"]].mean()
    key = pd.MultiIndex.from_arrays([accounts["city"], accounts["country"]])
    city_lat = by_city["lat"].reindex(key).to_numpy()
    city_lon = by_city["lon"].reindex(key).to_numpy()
    country_lat = by_country["lat"].reindex(accounts["country"]).to_numpy()
    country_lon = by_country["lon"].reindex(accounts["country"]).to_numpy()
    accounts["latitude"] = (
        accounts["latitude"]
        .fillna(pd.Series(city_lat, index=accounts.index))
        .fillna(pd.Series(country_lat, index=accounts.index))
    )
    accounts["longitude"] = (
        accounts["longitude"]
        .fillna(pd.Series(city_lon, index=accounts.index))
        .fillna(pd.Series(country_lon, index=accounts.index))
    )
    return accounts


def _normalization_issues(file, raw, clean) -> pd.DataFrame:
    """Values that were given but could not be read, with counts and examples."""
    checks = {
        "industry": "not an industry of the taxonomy",
        "employees": "not a number or a range",
        "annual_revenue": "not an amount",
        "country": "not a known country",
        "created_date": "not a date",
    }
    rows = []
    for column, rule in checks.items():
        failed = raw[column].notna().to_numpy() & clean[column].isna().to_numpy()
        if failed.any():
            examples = raw.loc[failed, column].astype("string").unique()[:5]
            rows.append(
                {
                    "file": file,
                    "column": column,
                    "rule": rule,
                    "count": int(failed.sum()),
                    "examples": ", ".join(examples),
                }
            )
    columns = ["file", "column", "rule", "count", "examples"]
    return pd.DataFrame(rows, columns=columns)


def _attach_families(accounts: pd.DataFrame, quarantine: _Quarantine) -> pd.DataFrame:
    """Give each account its family (ultimate parent), depth and family size.

    A parent id that names no account, or a chain that loops back on itself,
    is reported in the normalization issues and the account stands alone.
    """
    ids = accounts["account_id"].to_numpy(dtype=object)
    position = pd.Series(np.arange(len(ids)), index=ids)
    parent = accounts["parent_account_id"].map(position)
    unknown = accounts["parent_account_id"].notna() & parent.isna()
    accounts["parent_issue"] = pd.Series(pd.NA, index=accounts.index, dtype="string")
    accounts.loc[unknown, "parent_issue"] = "parent account not found"
    parent = parent.fillna(-1).astype(int).to_numpy()

    root = np.arange(len(ids))
    depth = np.zeros(len(ids), dtype=int)
    for _ in range(64):
        step = parent[root]
        moving = step >= 0
        if not moving.any():
            break
        root = np.where(moving, step, root)
        depth += moving
    looping = parent[root] >= 0
    root[looping] = np.flatnonzero(looping)
    depth[looping] = 0
    accounts.loc[looping, "parent_issue"] = "parent chain loops"

    accounts["family_id"] = ids[root]
    accounts["family_depth"] = depth
    accounts["family_size"] = accounts.groupby("family_id")["account_id"].transform(
        "size"
    )
    return accounts


def _domain_index(accounts: pd.DataFrame) -> pd.Series:
    known = accounts.dropna(subset=["domain"]).drop_duplicates("domain")
    return known.set_index("domain")["account_id"]


# --- activity ---------------------------------------------------------------


def _join_activity(name, frame, accounts, domains, quarantine) -> pd.DataFrame:
    """Key activity rows by account id, or by the domain of an email or website."""
    frame = frame.copy()
    account_id = frame["account_id"].astype("string").str.strip()
    if "email" in frame:
        by_domain = normalize_domain(frame["email"]).map(domains).astype("string")
        account_id = account_id.fillna(by_domain)
    frame["account_id"] = account_id

    known = frame["account_id"].isin(accounts["account_id"])
    without = frame["account_id"].isna()
    quarantine.add(name, frame, without, "account_id", "matches no account")
    quarantine.add(
        name, frame, ~known & ~without, "account_id", "account id not in accounts"
    )
    return frame[known].drop(columns=["_row"]).reset_index(drop=True)


def _type_opportunities(frame: pd.DataFrame, quarantine: _Quarantine) -> pd.DataFrame:
    frame = frame.copy()
    frame["amount"] = parse_money(frame["amount"])
    stage = frame["stage"].str.strip().str.lower()
    frame["is_won"] = stage.str.contains("won", na=False)
    frame["is_closed"] = frame["is_won"] | stage.str.contains("lost", na=False)
    for column in ("created_date", "close_date"):
        if column in frame:
            frame[column] = parse_dates(frame[column])
    return frame


def _clean_reps(raw: pd.DataFrame, quarantine: _Quarantine) -> pd.DataFrame:
    frame = raw.copy()
    missing = frame["rep_id"].isna()
    quarantine.add("reps", frame, missing, "rep_id", "rep_id is missing")
    frame = frame[~missing]
    for column in ("latitude", "longitude", "capacity"):
        frame[column] = to_float(frame[column]) if column in frame else np.nan
    return frame.drop(columns=["_row"]).reset_index(drop=True)


# --- reconciliation ---------------------------------------------------------


def _summarize(raw, tables, quarantine) -> pd.DataFrame:
    rows = []
    for name, frame in raw.items():
        kept = len(tables[name])
        rows.append(
            {
                "source": name,
                "file": frame.attrs.get("file", ""),
                "rows_read": len(frame),
                "rows_kept": kept,
                "rows_quarantined": quarantine.count(name),
            }
        )
    return pd.DataFrame(rows)


def _check_rejected_share(summary: pd.DataFrame, limit: float) -> None:
    share = summary["rows_quarantined"] / summary["rows_read"].clip(lower=1)
    over = summary[share > limit]
    if not over.empty:
        first = over.iloc[0]
        raise InputError(
            f"{first['file']}: {first['rows_quarantined']} of {first['rows_read']} "
            f"{first['source']} rows were rejected, more than the allowed "
            f"{limit:.0%}; see the reasons with `segkit ingest --debug`, fix the "
            "export, or raise [ingest] max_rejected_share."
        )


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:10])
    return shown + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
