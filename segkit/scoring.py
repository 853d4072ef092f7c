"""The Ideal Customer Profile, and fit, intent, tier and potential per account.

The ICP is learned from closed deals: a logistic regression on what is known
about an account before it engages (industry, size, region) plus the themes
its buyers raise on calls. Its win probability becomes the *fit* score.
*Intent* measures recent engagement and product usage. Fit and intent place
each account in a tier; *potential* is the revenue the account is expected to
bring in the coming year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from segkit._parse import log1p
from segkit._reference import THEMES

TIERS = ["Tier 1", "Tier 2", "Tier 3", "Not ICP"]
_CATEGORIES = ["industry", "region"]
_NUMBERS = ["log_employees", "log_revenue", "midsize", *THEMES]


@dataclass
class IdealCustomerProfile:
    """An ICP learned from won and lost deals.

    Attributes
    ----------
    model : Pipeline
        Predicts an account's probability of winning a deal.
    drivers : DataFrame
        Each trait with its effect on the odds of winning, strongest first.
    quality : dict
        Deals learned from, win rate, and cross-validated ROC AUC.
    """

    model: object
    drivers: pd.DataFrame
    quality: dict


def icp_frame(features: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """The traits the ICP is learned on, one row per account."""
    frame = pd.DataFrame(
        {
            "industry": features["industry"].astype("object").fillna("Unknown"),
            "region": features["region"].astype("object").fillna("Unknown"),
            "log_employees": log1p(features["employees"]),
            "log_revenue": log1p(features["annual_revenue"]),
            "midsize": features["employees"].between(200, 5000).astype(float),
        },
    ).set_axis(features["account_id"].to_numpy())
    found = themes.reindex(frame.index)
    for theme in THEMES:
        mentioned = found[theme] if theme in found else pd.Series(False, frame.index)
        frame[theme] = mentioned.astype("boolean").fillna(False).astype(float)
    return frame


def learn_icp(features: pd.DataFrame, themes: pd.DataFrame, seed: int = 0):
    """Learn the ICP from accounts with closed deals.

    An account counts as won when it won any closed deal, and as lost when
    all its closed deals were lost.

    Examples
    --------
    >>> import pandas as pd
    >>> features = pd.DataFrame({
    ...     "account_id": [f"A{i}" for i in range(40)],
    ...     "industry": ["Technology", "Retail"] * 20, "region": ["EMEA"] * 40,
    ...     "employees": [500] * 40, "annual_revenue": [1e7] * 40,
    ...     "won_deals": [1, 0] * 20, "lost_deals": [0, 1] * 20})
    >>> icp = learn_icp(features, pd.DataFrame())
    >>> icp.drivers.query("effect == 'raises'").iloc[0]["trait"]
    'industry is Technology'
    """
    closed = features[(features["won_deals"] + features["lost_deals"]) > 0]
    if closed["won_deals"].gt(0).nunique() < 2:
        raise ValueError(
            f"{len(closed)} accounts have closed deals, but all of them were won "
            "or all lost; the ICP needs both won and lost deals to learn from."
        )
    traits = icp_frame(closed, themes)
    won = closed["won_deals"].gt(0).to_numpy()

    model = make_pipeline(
        ColumnTransformer(
            [
                ("category", OneHotEncoder(handle_unknown="ignore"), _CATEGORIES),
                ("number", StandardScaler(), _NUMBERS),
            ]
        ),
        LogisticRegression(C=0.5, max_iter=1000),
    )
    folds = int(min(5, np.bincount(won.astype(int)).min()))
    auc = (
        float(cross_val_score(model, traits, won, cv=folds, scoring="roc_auc").mean())
        if folds >= 2
        else float("nan")
    )
    model.fit(traits, won)
    quality = {
        "closed_accounts": len(closed),
        "win_rate": round(float(won.mean()), 3),
        "cv_roc_auc": round(auc, 3),
    }
    return IdealCustomerProfile(model, _drivers(model), quality)


def _drivers(model) -> pd.DataFrame:
    names = model[0].get_feature_names_out()
    weights = model[-1].coef_[0]
    traits = []
    for name in names:
        kind, _, value = name.partition("__")
        if kind == "category":
            column, _, level = value.partition("_")
            traits.append(f"{column} is {level}")
        else:
            traits.append(
                {
                    "log_employees": "more employees",
                    "log_revenue": "more revenue",
                    "midsize": "200 to 5,000 employees",
                }.get(value, f"buyers mention {value.lower()}")
            )
    frame = pd.DataFrame({"trait": traits, "odds_ratio": np.exp(weights)})
    frame["effect"] = np.where(frame["odds_ratio"] >= 1, "raises", "lowers")
    strength = np.abs(np.log(frame["odds_ratio"]))
    return frame.iloc[np.argsort(-strength.to_numpy(), kind="stable")].reset_index(
        drop=True
    )


def score_accounts(
    features: pd.DataFrame,
    themes: pd.DataFrame,
    icp: IdealCustomerProfile,
    thresholds: dict,
    deal_size: pd.Series | None = None,
) -> pd.DataFrame:
    """Fit, intent, tier and potential for every account.

    Parameters
    ----------
    features : DataFrame
        One row per account, from :func:`segkit.features.account_features`.
    themes : DataFrame
        Per account, the call-note themes (:func:`segkit.features.account_themes`).
    icp : IdealCustomerProfile
        The learned ICP.
    thresholds : dict
        ``tier_1_fit``, ``tier_1_intent``, ``tier_2_fit``, ``tier_3_fit``
        (0 to 100), as in the config's [scoring] section.
    deal_size : Series, optional
        Expected deal size per account; defaults to the median won deal scaled
        by company size.

    Returns
    -------
    DataFrame
        account_id, win_probability, fit_score, intent_score, tier, potential.
    """
    traits = icp_frame(features, themes)
    probability = icp.model.predict_proba(traits)[:, 1]

    # Fit: where the account's win probability ranks in the market, 0 to 100.
    fit = _percentile(probability)

    # Intent: recent engagement, plus product usage, ranked the same way.
    signal = log1p(features["events_recent"]) + 0.5 * log1p(features["active_users"])
    intent = np.where(signal > 0, _percentile(signal), 0.0)

    if deal_size is None:
        deal_size = expected_deal_size(features)
    scores = pd.DataFrame(
        {
            "account_id": features["account_id"].to_numpy(),
            "win_probability": probability.round(4),
            "fit_score": fit.round(1),
            "intent_score": np.round(intent, 1),
            "tier": assign_tiers(fit, intent, thresholds),
            "expected_deal_size": np.asarray(deal_size).round(0),
        }
    )
    scores["potential"] = (
        scores["win_probability"] * scores["expected_deal_size"]
    ).round(0)
    return scores


def assign_tiers(fit, intent, thresholds: dict) -> np.ndarray:
    """Tier 1 fits and shows intent; Tier 2 fits; Tier 3 fits a little.

    Examples
    --------
    >>> limits = {"tier_1_fit": 80, "tier_1_intent": 50, "tier_2_fit": 60,
    ...           "tier_3_fit": 40}
    >>> assign_tiers([90, 90, 65, 45, 10], [70, 10, 99, 0, 99], limits).tolist()
    ['Tier 1', 'Tier 2', 'Tier 2', 'Tier 3', 'Not ICP']
    """
    fit, intent = np.asarray(fit, float), np.asarray(intent, float)
    return np.select(
        [
            (fit >= thresholds["tier_1_fit"]) & (intent >= thresholds["tier_1_intent"]),
            fit >= thresholds["tier_2_fit"],
            fit >= thresholds["tier_3_fit"],
        ],
        TIERS[:3],
        default=TIERS[3],
    )


def expected_deal_size(features: pd.DataFrame) -> pd.Series:
    """Median won deal, scaled by company size relative to won customers."""
    won = features[features["won_deals"] > 0]
    if won.empty:
        return pd.Series(0.0, index=features.index)
    per_deal = (won["won_amount"] / won["won_deals"]).median()
    typical_size = won["employees"].median()
    scale = np.sqrt(features["employees"].fillna(typical_size) / typical_size)
    return per_deal * scale.clip(0.25, 4)


def _percentile(values) -> np.ndarray:
    ranks = pd.Series(np.asarray(values, float)).rank(method="average", pct=True)
    return (100 * ranks).to_numpy()
