"""Account features shared by the lenses, the segments and the scores."""

from __future__ import annotations

import pandas as pd

from segkit._reference import THEMES
from segkit.synth import EVENT_TYPES

ACTIVITY_COLUMNS = [f"{kind}s_365d" for kind in EVENT_TYPES]


def account_features(
    accounts: pd.DataFrame,
    engagement: pd.DataFrame,
    usage: pd.DataFrame,
    opportunities: pd.DataFrame,
    as_of: pd.Timestamp,
    intent_window_days: int = 90,
) -> pd.DataFrame:
    """One row per account with firmographic, behavioral and deal features.

    Activity after ``as_of`` is left out, so a past quarter's snapshot is
    rebuilt as it was then.

    Examples
    --------
    >>> accounts = pd.DataFrame({"account_id": ["A1", "A2"],
    ...                          "employees": [10, None],
    ...                          "annual_revenue": [1e6, 2e6],
    ...                          "industry": ["Retail"] * 2})
    >>> events = pd.DataFrame({"account_id": ["A1"], "event_type": ["web_visit"],
    ...                        "occurred_at": ["2026-12-01"]})
    >>> empty = pd.DataFrame(columns=["account_id", "month", "active_users", "amount",
    ...                               "is_won", "is_closed", "created_date"])
    >>> features = account_features(accounts, events, empty, empty,
    ...                             pd.Timestamp("2026-12-31"))
    >>> features["web_visits_365d"].tolist()
    [1, 0]
    """
    frame = accounts.set_index("account_id")[
        [c for c in accounts.columns if c != "account_id"]
    ].copy()
    frame["employees"] = _impute_by_industry(frame, "employees")
    frame["annual_revenue"] = _impute_by_industry(frame, "annual_revenue")

    frame = frame.join(_activity(engagement, as_of, intent_window_days))
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


def _impute_by_industry(frame: pd.DataFrame, column: str) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    median = values.groupby(frame["industry"]).transform("median")
    return values.fillna(median).fillna(values.median()).astype("float64")


def _activity(engagement: pd.DataFrame, as_of: pd.Timestamp, window: int):
    events = engagement.assign(
        occurred_at=pd.to_datetime(
            engagement["occurred_at"], format="mixed", errors="coerce"
        )
    )
    events = events[
        (events["occurred_at"] <= as_of)
        & (events["occurred_at"] > as_of - pd.Timedelta(days=365))
    ]
    counts = pd.crosstab(events["account_id"], events["event_type"])
    counts = counts.reindex(columns=EVENT_TYPES, fill_value=0)
    counts.columns = ACTIVITY_COLUMNS
    counts["events_365d"] = counts.sum(axis=1)
    recent = events["occurred_at"] > as_of - pd.Timedelta(days=window)
    counts["events_recent"] = (
        events[recent].groupby("account_id").size().reindex(counts.index, fill_value=0)
    )
    counts.index = counts.index.astype("string")
    counts.index.name = "account_id"
    return counts.astype("int64")


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
