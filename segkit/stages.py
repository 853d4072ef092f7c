"""The stages of the quarterly pipeline, each reading and writing the store.

Every numbered notebook calls one of these, so the notebooks show and explain
the work while the package does it the same way each quarter.
"""

from __future__ import annotations

import logging

import pandas as pd

from segkit._config import Config
from segkit._parse import (
    normalize_country,
    normalize_industry,
    parse_count,
    parse_money,
    region_of,
)
from segkit._store import Workspace, quarter_end
from segkit.features import (
    ACTIVITY_COLUMNS,
    account_features,
    account_themes,
    activity_counts,
)
from segkit.routing import route_leads, routing_rules
from segkit.scoring import learn_icp, score_accounts
from segkit.segments import assign_segments, find_segments
from segkit.territories import design_territories, set_quotas

logger = logging.getLogger(__name__)

OUTSIDE_MARKET = "Outside the market"


def build_features(config: Config, quarter: str) -> pd.DataFrame:
    """Compute account features and flag the total addressable market.

    Writes ``account_features`` and ``account_themes`` to the store.
    """
    workspace = Workspace(config.store_path)
    tables = {
        name: workspace.read(quarter, name)
        for name in ("accounts", "usage", "opportunities", "notes")
    }
    as_of = quarter_end(quarter)
    with workspace.connect(read_only=True) as con:
        activity = activity_counts(
            f"{workspace.schema(quarter)}.engagement",
            as_of,
            config["scoring"]["intent_window_days"],
            connection=con,
        )
    features = account_features(
        tables["accounts"],
        activity,
        tables["usage"],
        tables["opportunities"],
        as_of=as_of,
    )
    features["in_market"] = in_market(features, config["market"]).to_numpy()
    themes = account_themes(tables["notes"]).reset_index()
    workspace.write(quarter, {"account_features": features, "account_themes": themes})
    return features


def in_market(features: pd.DataFrame, market: dict) -> pd.Series:
    """Whether each account falls inside the firmographic market filters.

    Examples
    --------
    >>> frame = pd.DataFrame({"industry": ["Retail", "Media"], "region": ["EMEA"] * 2,
    ...                       "country": ["DE", "FR"], "employees": [5, 500],
    ...                       "annual_revenue": [1e6, 1e8]})
    >>> in_market(frame, {"industries": [], "regions": [], "countries": [],
    ...                   "min_employees": 10, "max_employees": 0,
    ...                   "min_revenue": 0}).tolist()
    [False, True]
    """
    keep = pd.Series(True, index=features.index)
    for column, key in (("industry", "industries"), ("region", "regions")):
        if market[key]:
            keep &= features[column].isin(market[key])
    if market["countries"]:
        keep &= features["country"].isin(market["countries"])
    keep &= features["employees"].fillna(0) >= market["min_employees"]
    if market["max_employees"]:
        keep &= features["employees"].fillna(0) <= market["max_employees"]
    keep &= features["annual_revenue"].fillna(0) >= market["min_revenue"]
    return keep


def cluster_segments(config: Config, quarter: str, n_segments: int | None = None):
    """Find segments among accounts in the market; write them to the store."""
    workspace = Workspace(config.store_path)
    features = workspace.read(quarter, "account_features")
    market = features[features["in_market"]].reset_index(drop=True)
    settings = config["segments"]
    found = find_segments(
        market,
        n_segments=settings["n_segments"] if n_segments is None else n_segments,
        min_segments=settings["min_segments"],
        max_segments=settings["max_segments"],
        seed=config.seed,
    )
    outside = features.loc[~features["in_market"], ["account_id"]].assign(
        cluster=-1, segment=-1, segment_name=OUTSIDE_MARKET
    )
    assignments = pd.concat([found.assignments, outside], ignore_index=True)
    quality = pd.DataFrame([found.quality])
    workspace.write(
        quarter,
        {
            "segments": assignments,
            "segment_profiles": found.segments,
            "segment_quality": quality,
        },
    )
    workspace.write_object(
        quarter, "segment_rules", (found.rule_model, found.rule_columns)
    )
    return found


def define_icp(config: Config, quarter: str):
    """Learn the ICP from won and lost deals; write its drivers and model."""
    workspace = Workspace(config.store_path)
    features = workspace.read(quarter, "account_features")
    themes = workspace.read(quarter, "account_themes").set_index("account_id")
    icp = learn_icp(features[features["in_market"]], themes, seed=config.seed)
    workspace.write(
        quarter,
        {"icp_drivers": icp.drivers, "icp_quality": pd.DataFrame([icp.quality])},
    )
    workspace.write_object(quarter, "icp_model", icp)
    return icp


def score_and_tier(config: Config, quarter: str, thresholds: dict | None = None):
    """Score every account for fit and intent, tier it, estimate its potential."""
    workspace = Workspace(config.store_path)
    features = workspace.read(quarter, "account_features")
    themes = workspace.read(quarter, "account_themes").set_index("account_id")
    icp = workspace.read_object(quarter, "icp_model")
    thresholds = {**config["scoring"], **(thresholds or {})}
    scores = score_accounts(features, themes, icp, thresholds)

    # Accounts outside the market keep their scores but are never in a tier.
    outside = ~features["in_market"].to_numpy()
    scores.loc[outside, "tier"] = "Not ICP"
    scores.loc[outside, "potential"] = 0.0
    workspace.write(quarter, {"scores": scores})
    return scores


def plan_territories(
    config: Config,
    quarter: str,
    tolerance: float | None = None,
    target: float | None = None,
):
    """Design territories, set quotas and derive routing rules."""
    workspace = Workspace(config.store_path)
    accounts = workspace.read(quarter, "accounts").merge(
        workspace.read(quarter, "scores")[["account_id", "potential"]], on="account_id"
    )
    reps = workspace.read(quarter, "reps")
    tolerance = (
        config["territories"]["balance_tolerance"] if tolerance is None else tolerance
    )
    assignments, territories = design_territories(
        accounts, reps, tolerance=tolerance, seed=config.seed
    )
    quotas = set_quotas(
        territories,
        target=config["quotas"]["target"] if target is None else target,
        quota_to_potential=config["quotas"]["quota_to_potential"],
    )
    rules = routing_rules(accounts, assignments)
    workspace.write(
        quarter,
        {
            "territory_assignments": assignments,
            "territories": territories,
            "quotas": quotas,
            "routing_rules": rules,
        },
    )
    return assignments, territories, quotas, rules


def account_plan(config: Config, quarter: str) -> pd.DataFrame:
    """One row per account with its segment, scores, tier, territory and owner."""
    workspace = Workspace(config.store_path)
    accounts = workspace.read(quarter, "accounts")
    features = workspace.read(quarter, "account_features")[["account_id", "in_market"]]
    plan = (
        accounts.merge(features, on="account_id", how="left")
        .merge(workspace.read(quarter, "segments"), on="account_id", how="left")
        .merge(workspace.read(quarter, "scores"), on="account_id", how="left")
        .merge(
            workspace.read(quarter, "territory_assignments").drop(columns="family_id"),
            on="account_id",
            how="left",
        )
    )
    return plan


def segment_drift(config: Config, quarter: str, previous: str) -> pd.DataFrame:
    """How accounts moved between segments and tiers from ``previous``.

    Returns one row per account present in both quarters with its old and
    new segment name and tier.
    """
    now = account_plan(config, quarter)[["account_id", "segment_name", "tier"]]
    before = account_plan(config, previous)[["account_id", "segment_name", "tier"]]
    both = before.merge(now, on="account_id", suffixes=("_before", "_now"))
    both["segment_changed"] = both["segment_name_before"] != both["segment_name_now"]
    both["tier_changed"] = both["tier_before"] != both["tier_now"]
    return both


def has_snapshot(config: Config, quarter: str) -> bool:
    """Whether ``quarter`` has a complete plan in the store."""
    workspace = Workspace(config.store_path)
    return all(
        workspace.has(quarter, table)
        for table in ("segments", "scores", "territory_assignments")
    )


def tier_counts(plan: pd.DataFrame) -> pd.DataFrame:
    """Accounts per segment and tier, for the tier chart."""
    counts = plan.groupby(["segment_name", "tier"], as_index=False).size()
    return counts.rename(columns={"size": "accounts"}).sort_values(
        ["segment_name", "tier"],
        key=lambda c: c.map(_tier_order) if c.name == "tier" else c,
    )


def _tier_order(tier: str) -> int:
    return {"Tier 1": 0, "Tier 2": 1, "Tier 3": 2, "Not ICP": 3}.get(tier, 4)


def route_new_leads(config: Config, quarter: str, leads: pd.DataFrame) -> pd.DataFrame:
    """Route leads with the quarter's rules, after scoring their fit.

    Each lead gets a fit score and tier from the ICP (intent is unknown for a
    new lead, so a lead reaches at most Tier 2) and the segment its
    firmographics put it in; then the routing rules pick its owner or queue.
    """
    workspace = Workspace(config.store_path)
    leads = leads.reset_index(drop=True)
    features = _lead_features(leads)

    icp = workspace.read_object(quarter, "icp_model")
    scored = score_accounts(features, pd.DataFrame(), icp, config["scoring"])
    tree, columns = workspace.read_object(quarter, "segment_rules")
    names = workspace.read(quarter, "segment_profiles").set_index("segment")
    segment = assign_segments(tree, columns, features)

    known = account_plan(config, quarter)[
        ["account_id", "domain", "territory", "owner"]
    ]
    rules = workspace.read(quarter, "routing_rules")
    routed = route_leads(leads, rules, known, scored["tier"])
    routed["segment_name"] = names["segment_name"].reindex(segment).to_numpy()
    routed["fit_score"] = scored["fit_score"].to_numpy()
    routed["tier"] = scored["tier"].to_numpy()
    return routed


def _lead_features(leads: pd.DataFrame) -> pd.DataFrame:
    """Features of new leads: firmographics as given, no activity yet."""
    country = normalize_country(_column(leads, "country"))
    frame = pd.DataFrame(
        {
            "account_id": [f"lead-{i + 1}" for i in range(len(leads))],
            "industry": normalize_industry(_column(leads, "industry")),
            "employees": parse_count(_column(leads, "employees")),
            "annual_revenue": parse_money(_column(leads, "annual_revenue")),
            "region": region_of(country),
        }
    )
    for column in [*ACTIVITY_COLUMNS, "events_365d", "events_recent", "active_users"]:
        frame[column] = 0.0
    frame[["won_deals", "lost_deals", "won_amount"]] = 0.0
    return frame


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name].astype("string")
    return pd.Series(pd.NA, index=frame.index, dtype="string")
