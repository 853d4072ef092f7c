"""Territories keep families whole and stay balanced; quotas and routing."""

import json

import pandas as pd
import pytest

from segkit import Workspace
from segkit.routing import route_leads
from segkit.territories import design_territories, set_quotas
from tests.conftest import QUARTER


def test_families_stay_whole(staged):
    assignments, *_ = staged["plan"]
    assert assignments.groupby("family_id")["territory"].nunique().max() == 1
    assert assignments["owner"].notna().all()


def test_one_territory_per_rep_and_balanced_within_regions(staged):
    _, territories, _, _ = staged["plan"]
    reps = Workspace(staged["config"].store_path).read(QUARTER, "reps")
    assert len(territories) == len(reps)
    assert territories["owner"].is_unique
    shared = territories[
        territories.groupby("region")["territory"].transform("size") > 1
    ]
    assert shared["balance"].between(0.6, 1.4).all()


def test_quotas_share_one_ratio_and_sum_to_target(staged):
    _, territories, _, _ = staged["plan"]
    quotas = set_quotas(territories, target=1_000_000)
    assert quotas["quota"].sum() == pytest.approx(1_000_000, rel=1e-4)
    assert quotas["quota_to_potential"].nunique() <= 2  # rounding


@pytest.mark.parametrize(
    ("target", "ratio", "message"),
    [(-1, 0.8, "target=-1 should be >= 0"), (0, 0, "quota_to_potential=0 between")],
)
def test_bad_quota_settings(staged, target, ratio, message):
    _, territories, _, _ = staged["plan"]
    with pytest.raises(ValueError, match=message):
        set_quotas(territories, target=target, quota_to_potential=ratio)


def test_region_without_reps_is_warned_and_covered(staged):
    workspace = Workspace(staged["config"].store_path)
    accounts = workspace.read(QUARTER, "accounts").merge(
        workspace.read(QUARTER, "scores")[["account_id", "potential"]]
    )
    reps = workspace.read(QUARTER, "reps")
    only_na = reps[reps["region"] == "North America"]
    with pytest.warns(UserWarning, match="no rep covers APAC"):
        assignments, _ = design_territories(accounts, only_na)
    assert assignments["owner"].isin(only_na["rep_id"]).all()


def test_routing_rules_follow_the_territory_plan(staged):
    assignments, _, _, rules = staged["plan"]
    workspace = Workspace(staged["config"].store_path)
    accounts = workspace.read(QUARTER, "accounts").merge(assignments)
    geo = rules[rules["rule_id"].str.startswith("geo-")]
    for rule in geo.itertuples():
        places = json.loads(rule.values)
        owners = accounts[accounts[rule.field].isin(places)]["owner"]
        # The rule's owner holds the place's accounts, or most of them.
        assert (owners == rule.owner).mean() > 0.3


def test_route_leads_uses_known_domains_first(staged):
    assignments, _, _, rules = staged["plan"]
    workspace = Workspace(staged["config"].store_path)
    accounts = workspace.read(QUARTER, "accounts").merge(assignments)
    known = accounts.dropna(subset=["domain"]).iloc[0]
    leads = pd.DataFrame(
        {"website": [f"https://www.{known['domain']}/pricing", "https://new.example"],
         "country": ["JP", "United Kingdom"]}
    )  # fmt: skip
    routed = route_leads(leads, rules, accounts, pd.Series(["Tier 2", "Tier 2"]))
    assert routed.loc[0, "owner"] == known["owner"]
    assert routed.loc[0, "rule_id"] == "known-account"
    assert routed.loc[1, "rule_id"].startswith("geo-")
    not_icp = route_leads(leads.tail(1), rules, accounts, pd.Series(["Not ICP"], [1]))
    assert not_icp.iloc[0]["queue"] == "Marketing nurture"
