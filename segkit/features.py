"""Account features shared by the lenses, the segments and the scores."""

from __future__ import annotations

import duckdb
import pandas as pd

from segkit._reference import THEMES
from segkit.synth import EVENT_TYPES

ACTIVITY_COLUMNS = [f"{kind}s_365d" for kind in EVENT_TYPES]


def account_features(
    accounts: pd.DataFrame,
    activity: pd.DataFrame,
    usage: pd.DataFrame,
    opportunities: pd.DataFrame,
    as_of: pd.Timestamp,
) -> pd.DataFrame:
    """One row per account with firmographic, behavioral and deal features.

    Parameters
    ----------
    accounts : DataFrame
        The unified accounts.
    activity : DataFrame
        Engagement counts per account, from :func:`activity_counts`.
    usage, opportunities : DataFrame
        Product usage and deals keyed to accounts.
    as_of : Timestamp
        Deals created after this day are left out, so a past quarter's
        snapshot is rebuilt as it was then.

    Examples
    --------
    >>> accounts = pd.DataFrame({"account_id": ["A1", "A2"],
    ...                          "employees": [10, None],
    ...                          "annual_revenue": [1e6, 2e6],
    ...                          "industry": ["Retail"] * 2})
    >>> events = pd.DataFrame({"account_id": ["A1"], "event_type": ["web_visit"],
    ...                        "occurred_at": ["2026-12-01"]})
    >>> as_of = pd.Timestamp("2026-12-31")
    >>> empty = pd.DataFrame(columns=["account_id", "month", "active_users", "amount",
    ...                               "is_won", "is_closed", "created_date"])
    >>> features = account_features(accounts, activity_counts(events, as_of), empty,
    ...                             empty, as_of)
    >>> features["web_visits_365d"].tolist()
    [1, 0]
    """
    frame = accounts.set_index("account_id")[
        [c for c in accounts.columns if c != "account_id"]
    ].copy()
    frame["employees"] = _impute_by_industry(frame, "employees")
    frame["annual_revenue"] = _impute_by_industry(frame, "annual_revenue")

    frame = frame.join(activity)
    frame = frame.join(_usage(usage))
    frame = frame.join(_deals(opportunities, as_of))
    filled = [*ACTIVITY_COLUMNS, "events_365d", "events_recent", "active_users"]
    filled += ["won_deals", "lost_deals", "open_deals", "won_amount", "open_amount"]
    for column in filled:
        frame[column] = frame[column].fillna(0)
    counts = [*ACTIVITY_COLUMNS, "events_365d", "events_recent"]
    counts += ["won_deals", "lost_deals", "open_deals"]
    frame[counts] = frame[counts].astype("int64")
    return frame.reset_index()


def activity_counts(
    events: pd.DataFrame | str,
    as_of: pd.Timestamp,
    window_days: int = 90,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> pd.DataFrame:
    """Engagement per account: each kind over a year, and all kinds recently.

    Counted in DuckDB, so ten million events take seconds. Events after
    ``as_of`` are left out.

    Parameters
    ----------
    events : DataFrame or str
        Events with account_id, event_type and occurred_at; or the name of
        a table that ``connection`` can read.
    as_of : Timestamp
        The day the counts describe.
    window_days : int
        What counts as recent, for ``events_recent``.
    connection : DuckDB connection, optional
        Needed when ``events`` names a table.

    Returns
    -------
    DataFrame
        Indexed by account_id: one column per event kind over 365 days,
        ``events_365d`` and ``events_recent``.
    """
    con = connection or duckdb.connect()
    source = events
    if not isinstance(events, str):
        con.register("_events", events)
        source = "_events"
    kinds = ", ".join(
        f"count(*) FILTER (WHERE event_type = '{kind}') AS {column}"
        for kind, column in zip(EVENT_TYPES, ACTIVITY_COLUMNS, strict=True)
    )
    end = pd.Timestamp(as_of).to_pydatetime()
    counts = con.execute(
        f"""
        WITH dated AS (
            SELECT account_id, event_type,
                   TRY_CAST(occurred_at AS TIMESTAMP) AS happened
            FROM {source}
        )
        SELECT account_id, {kinds}, count(*) AS events_365d,
               count(*) FILTER (WHERE happened > ?::TIMESTAMP - to_days(?))
                   AS events_recent
        FROM dated
        WHERE happened <= ?::TIMESTAMP
          AND happened > ?::TIMESTAMP - INTERVAL 365 DAY
        GROUP BY account_id
        ORDER BY account_id
        """,
        [end, window_days, end, end],
    ).df()
    if connection is None:
        con.close()
    counts["account_id"] = counts["account_id"].astype("string")
    return counts.set_index("account_id").astype("int64")


def _impute_by_industry(frame: pd.DataFrame, column: str) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    median = values.groupby(frame["industry"]).transform("median")
    return values.fillna(median).fillna(values.median()).astype("float64")


def _usage(usage: pd.DataFrame) -> pd.DataFrame:
    if usage.empty:
        return pd.DataFrame({"active_users": pd.Series(dtype="float64")})
    values = pd.to_numeric(usage["active_users"], errors="coerce")
    mean = values.groupby(usage["account_id"].astype("string")).mean()
    return mean.rename("active_users").to_frame()


def _deals(opportunities: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    deals = opportunities.copy()
    created = pd.to_datetime(deals["created_date"], errors="coerce")
    deals = deals[created.isna() | (created <= as_of)]
    won = deals["is_won"].astype(bool)
    closed = deals["is_closed"].astype(bool)
    account = deals["account_id"].astype("string")
    amount = pd.to_numeric(deals["amount"], errors="coerce").fillna(0)
    return pd.DataFrame(
        {
            "won_deals": won.groupby(account).sum(),
            "lost_deals": (closed & ~won).groupby(account).sum(),
            "open_deals": (~closed).groupby(account).sum(),
            "won_amount": amount.where(won, 0).groupby(account).sum(),
            "open_amount": amount.where(~closed, 0).groupby(account).sum(),
        }
    )


def note_themes(notes: pd.DataFrame) -> pd.DataFrame:
    """Which psychographic themes each note mentions, one boolean column a theme.

    Examples
    --------
    >>> notes = pd.DataFrame({"account_id": ["A1"],
    ...                       "text": ["We live in spreadsheets; budget cuts loom."]})
    >>> themes = note_themes(notes)
    >>> bool(themes.loc[0, "Manual reporting"]), bool(themes.loc[0, "Cost pressure"])
    (True, True)
    """
    text = notes["text"].astype("string").str.lower().fillna("")
    found = {"account_id": notes["account_id"].astype("string")}
    for theme, phrases in THEMES.items():
        pattern = "|".join(phrases)
        found[theme] = text.str.contains(pattern, regex=True)
    return pd.DataFrame(found)


def account_themes(notes: pd.DataFrame) -> pd.DataFrame:
    """Per account, whether any of its notes mentions each theme."""
    themes = note_themes(notes)
    if themes.empty:
        return pd.DataFrame(columns=list(THEMES))
    return themes.groupby("account_id").any()
