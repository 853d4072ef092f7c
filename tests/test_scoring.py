"""ICP, fit, intent, tiers and potential."""

import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from segkit.scoring import assign_tiers, learn_icp


def test_icp_drivers_name_the_planted_traits(staged):
    drivers = staged["icp"].drivers
    raises = drivers[drivers["effect"] == "raises"]["trait"].head(4).tolist()
    assert (
        "industry is Technology" in raises or "industry is Financial Services" in raises
    )
    assert staged["icp"].quality["cv_roc_auc"] > 0.6


def test_fit_predicts_future_wins(staged, truth):
    scored = staged["scores"].merge(truth, on="account_id")
    future = scored.dropna(subset=["future_won"])
    assert roc_auc_score(future["future_won"].astype(bool), future["fit_score"]) > 0.65


def test_tiers_order_future_win_rates(staged, truth):
    scored = (
        staged["scores"].merge(truth, on="account_id").dropna(subset=["future_won"])
    )
    rate = scored.groupby("tier")["future_won"].apply(lambda s: s.astype(bool).mean())
    assert rate["Tier 1"] > rate["Tier 3"] > rate["Not ICP"]


def test_scores_are_bounded_and_potential_is_positive(staged):
    scores = staged["scores"]
    assert scores["fit_score"].between(0, 100).all()
    assert scores["intent_score"].between(0, 100).all()
    assert (scores["potential"] >= 0).all()
    assert scores["account_id"].is_unique


@pytest.mark.parametrize(
    ("fit", "intent", "tier"),
    [(95, 80, "Tier 1"), (95, 10, "Tier 2"), (61, 0, "Tier 2"), (45, 99, "Tier 3"),
     (39.9, 100, "Not ICP")],
)  # fmt: skip
def test_tier_thresholds(fit, intent, tier):
    limits = {"tier_1_fit": 80, "tier_1_intent": 50, "tier_2_fit": 60, "tier_3_fit": 40}
    assert assign_tiers([fit], [intent], limits)[0] == tier


def test_icp_needs_both_wins_and_losses():
    features = pd.DataFrame(
        {
            "account_id": ["A1", "A2"],
            "industry": ["Retail"] * 2,
            "region": ["EMEA"] * 2,
            "employees": [10, 20],
            "annual_revenue": [1e6, 2e6],
            "won_deals": [1, 1],
            "lost_deals": [0, 0],
        }
    )
    with pytest.raises(ValueError, match="needs both won and lost deals"):
        learn_icp(features, pd.DataFrame())
