"""Cluster accounts into a few segments a rep can understand.

Accounts are clustered with k-means on firmographic and behavioral features.
A shallow decision tree then restates the clusters as readable rules, and the
rules, not the clusters, assign each account its segment: a rep, a router or
a spreadsheet can apply the same rule to a new account and get the same
answer. Each segment gets a profile, a name and a stability figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from segkit._parse import log1p
from segkit.features import ACTIVITY_COLUMNS

# The columns a segment rule may use, in the words a rep reads them in.
RULE_FEATURES = {
    "employees": "employees",
    "annual_revenue": "annual revenue",
    "events_365d": "engagement events (12 months)",
    **{
        column: column.replace("_365d", "").replace("_", " ") + " (12 months)"
        for column in ACTIVITY_COLUMNS
    },
}


@dataclass
class Segmentation:
    """Segments found in a market.

    Attributes
    ----------
    assignments : DataFrame
        account_id, cluster (k-means), segment (by rule) and segment_name.
    segments : DataFrame
        One row per segment: its name, rule, size and stability.
    rule_model : DecisionTreeClassifier
        The tree whose leaves are the segment rules; apply it with
        :func:`assign_segments`.
    quality : dict
        Silhouette of the chosen k, rule fidelity and overall stability.
    """

    assignments: pd.DataFrame
    segments: pd.DataFrame
    rule_model: DecisionTreeClassifier
    rule_columns: list[str]
    quality: dict


def find_segments(
    features: pd.DataFrame,
    n_segments: int = 0,
    min_segments: int = 3,
    max_segments: int = 6,
    seed: int = 0,
    n_resamples: int = 8,
) -> Segmentation:
    """Cluster accounts and describe each cluster by a readable rule.

    Parameters
    ----------
    features : DataFrame
        One row per account, as made by :func:`segkit.features.account_features`.
    n_segments : int
        How many segments; 0 picks the number between ``min_segments`` and
        ``max_segments`` with the best silhouette.
    min_segments, max_segments : int
        Bounds on the number of segments; a handful keeps them operable.
    seed : int
        Seed for k-means and resampling: the same seed gives the same segments.
    n_resamples : int
        How many resamples measure each segment's stability.

    Returns
    -------
    Segmentation

    Examples
    --------
    >>> from segkit.synth import generate_market
    >>> from segkit.features import account_features, activity_counts
    >>> market = generate_market(400, seed=2, as_of="2026-12-01")
    >>> accounts = market["accounts"].assign(
    ...     employees=lambda f: pd.to_numeric(f["employees"], errors="coerce"),
    ...     annual_revenue=lambda f: pd.to_numeric(f["annual_revenue"],
    ...                                            errors="coerce"))
    >>> opportunities = market["opportunities"].assign(
    ...     is_won=lambda f: f["stage"] == "Closed Won",
    ...     is_closed=lambda f: f["stage"] != "Open")
    >>> as_of = pd.Timestamp("2026-12-31")
    >>> activity = activity_counts(market["engagement"], as_of)
    >>> features = account_features(accounts, activity, market["usage"],
    ...                             opportunities, as_of)
    >>> found = find_segments(features, n_segments=3, n_resamples=2)
    >>> bool(found.segments["accounts"].sum() == len(features))
    True
    """
    _check_bounds(n_segments, min_segments, max_segments, len(features))
    matrix = _cluster_matrix(features)

    # Choose k by silhouette unless the analyst fixed it.
    candidates = [n_segments] if n_segments else range(min_segments, max_segments + 1)
    scores = {k: _silhouette(matrix, k, seed) for k in candidates}
    k = max(scores, key=scores.get)
    clusters = _kmeans(matrix, k, seed).labels_

    # Restate clusters as rules; the rules assign the segments.
    rule_frame = _rule_frame(features)
    tree = DecisionTreeClassifier(
        max_depth=3, min_samples_leaf=max(5, len(features) // 50), random_state=seed
    ).fit(rule_frame, clusters)
    _round_thresholds(tree)
    segment = tree.predict(rule_frame)
    fidelity = float((segment == clusters).mean())

    stability = _stability(matrix, clusters, k, seed, n_resamples)
    segments = _describe(features, segment, tree, list(rule_frame.columns), stability)
    names = segments.set_index("segment")["segment_name"]
    assignments = pd.DataFrame(
        {
            "account_id": features["account_id"].to_numpy(),
            "cluster": clusters,
            "segment": segment,
            "segment_name": names.reindex(segment).to_numpy(),
        }
    )
    quality = {
        "n_segments": k,
        "silhouette": round(scores[k], 3),
        "rule_fidelity": round(fidelity, 3),
        "stability_ari": round(float(np.mean(stability["ari"])), 3),
    }
    return Segmentation(assignments, segments, tree, list(rule_frame.columns), quality)


def assign_segments(segmentation_tree, rule_columns, features) -> np.ndarray:
    """Apply segment rules to accounts (or new leads) with the same features."""
    frame = _rule_frame(features).reindex(columns=rule_columns, fill_value=0.0)
    return segmentation_tree.predict(frame)


def _check_bounds(n_segments, low, high, n_accounts) -> None:
    if not 2 <= low <= high:
        raise ValueError(
            f"min_segments={low} and max_segments={high} should satisfy "
            "2 <= min_segments <= max_segments."
        )
    if n_segments and not 2 <= n_segments <= 12:
        raise ValueError(
            f"n_segments={n_segments} should be 0 (choose) or between 2 and 12; "
            "more segments than a dozen cannot be operated by a sales team."
        )
    needed = max(n_segments, high) * 10
    if n_accounts < needed:
        raise ValueError(
            f"{n_accounts} accounts are too few for {max(n_segments, high)} "
            f"segments; expected at least {needed}. Lower [segments] max_segments."
        )


def _cluster_matrix(features: pd.DataFrame) -> np.ndarray:
    """Scaled size, engagement level and engagement mix, plus industry."""
    total = features["events_365d"].clip(lower=1)
    numeric = pd.DataFrame(
        {
            "size": log1p(features["employees"]),
            "revenue": log1p(features["annual_revenue"]),
            "engagement": log1p(features["events_365d"]),
            **{c: features[c] / total for c in ACTIVITY_COLUMNS},
        }
    )
    scaled = StandardScaler().fit_transform(numeric)
    industry = pd.get_dummies(features["industry"].fillna("Unknown")).to_numpy(float)
    return np.hstack([scaled, industry * 1.5])


def _kmeans(matrix, k, seed) -> KMeans:
    return KMeans(n_clusters=k, n_init=4, random_state=seed).fit(matrix)


def _silhouette(matrix, k, seed) -> float:
    labels = _kmeans(matrix, k, seed).labels_
    size = min(len(matrix), 4000)
    return float(silhouette_score(matrix, labels, sample_size=size, random_state=seed))


def _rule_frame(features: pd.DataFrame) -> pd.DataFrame:
    frame = features[list(RULE_FEATURES)].astype("float64").fillna(0)
    industry = features["industry"].astype("string").fillna("Unknown")
    for name in sorted(industry.unique()):
        frame[f"industry={name}"] = (industry == name).astype(float)
    return frame


def _stability(matrix, clusters, k, seed, n_resamples) -> dict:
    """Re-cluster resamples; compare each with the full clustering.

    Overall stability is the adjusted Rand index; a segment's stability is
    its best Jaccard overlap with a cluster of the resample, averaged.
    """
    rng = np.random.default_rng(seed)
    aris, jaccards = [], np.zeros((n_resamples, k))
    for r in range(n_resamples):
        rows = rng.choice(len(matrix), size=int(0.8 * len(matrix)), replace=False)
        model = KMeans(n_clusters=k, n_init=2, random_state=seed + r + 1)
        labels = model.fit(matrix[rows]).predict(matrix)
        aris.append(adjusted_rand_score(clusters, labels))
        for c in range(k):
            members = clusters == c
            best = 0.0
            for other in range(k):
                found = labels == other
                union = (members | found).sum()
                best = max(best, (members & found).sum() / union if union else 0)
            jaccards[r, c] = best
    return {"ari": aris, "jaccard": jaccards.mean(axis=0)}


def _describe(features, segment, tree, columns, stability) -> pd.DataFrame:
    rules = _segment_rules(tree, columns)
    rows = []
    for code in np.unique(segment):
        members = features[segment == code]
        rows.append(
            {
                "segment": int(code),
                "accounts": len(members),
                "share": len(members) / len(features),
                "median_employees": float(members["employees"].median()),
                "median_revenue": float(members["annual_revenue"].median()),
                "top_industry": _top(members["industry"]),
                "top_region": _top(members["region"]) if "region" in members else "",
                "events_per_account": float(members["events_365d"].mean()),
                "customers": int(members["won_deals"].gt(0).sum()),
                "rule": rules.get(int(code), "all other accounts"),
                "stability": round(float(stability["jaccard"][code]), 3),
                **_behavior(members, features),
            }
        )
    frame = pd.DataFrame(rows)
    frame["segment_name"] = _names(frame)
    return frame


def _top(values: pd.Series) -> str:
    counts = values.dropna().value_counts()
    return str(counts.index[0]) if len(counts) else "Unknown"


def _behavior(members, everyone) -> dict:
    """The engagement type this segment leans on most, relative to the market."""
    lift = {}
    for column in ACTIVITY_COLUMNS:
        share = members[column].sum() / max(members["events_365d"].sum(), 1)
        market = everyone[column].sum() / max(everyone["events_365d"].sum(), 1)
        lift[column] = share / market if market else 0
    leaning = max(lift, key=lift.get)
    return {
        "behavior": leaning,
        "engagement_level": float(members["events_365d"].mean()),
    }


_BEHAVIOR_WORDS = {
    "web_visits_365d": "web-engaged",
    "content_downloads_365d": "content readers",
    "event_attendances_365d": "event-goers",
    "email_clicks_365d": "email-responsive",
}


def _names(profile: pd.DataFrame) -> list[str]:
    names = []
    for row in profile.itertuples():
        size = (
            "Small business"
            if row.median_employees < 100
            else "Mid-market"
            if row.median_employees < 1000
            else "Enterprise"
        )
        name = f"{size} {row.top_industry}, {_BEHAVIOR_WORDS[row.behavior]}"
        while name in names:
            name += " (2)" if not name.endswith(")") else ""
            name = name if name not in names else f"{name} {len(names)}"
        names.append(name)
    return names


def _segment_rules(tree: DecisionTreeClassifier, columns: list[str]) -> dict[int, str]:
    """Each segment's rule: the paths to the leaves that assign it, joined by or."""
    structure = tree.tree_
    paths: dict[int, list[tuple[int, str]]] = {}

    def label_below(node: int) -> int | None:
        """The one segment every leaf under ``node`` assigns, if there is one."""
        if structure.children_left[node] < 0:
            return int(tree.classes_[np.argmax(structure.value[node])])
        left = label_below(structure.children_left[node])
        right = label_below(structure.children_right[node])
        return left if left is not None and left == right else None

    def walk(node: int, conditions: list[str]) -> None:
        label = label_below(node)
        if label is not None:
            size = int(structure.n_node_samples[node])
            text = " and ".join(_simplify(conditions)) or "every account"
            paths.setdefault(label, []).append((size, text))
            return
        name = columns[structure.feature[node]]
        threshold = structure.threshold[node]
        walk(
            structure.children_left[node],
            [*conditions, _condition(name, threshold, "<=")],
        )
        walk(
            structure.children_right[node],
            [*conditions, _condition(name, threshold, ">")],
        )

    walk(0, [])
    return {
        label: " or ".join(
            f"({text})" if len(found) > 1 else text
            for _, text in sorted(found, reverse=True)
        )
        for label, found in paths.items()
    }


def _round_thresholds(tree: DecisionTreeClassifier) -> None:
    """Round split points to two significant figures, so rules read cleanly.

    The rounded tree is the one that assigns segments, so what a rule says is
    exactly what it does.
    """
    thresholds = tree.tree_.threshold
    for node in np.flatnonzero(tree.tree_.children_left >= 0):
        value = thresholds[node]
        if value >= 10:
            digits = int(np.floor(np.log10(abs(value)))) - 1
            thresholds[node] = round(value, -digits) + 0.5
        # Integer counts split at x.5, so the rule reads "<= x" or "> x".


def _condition(name: str, threshold: float, side: str) -> str:
    if name.startswith("industry="):
        industry = name.split("=", 1)[1]
        return (
            f"industry is {industry}" if side == ">" else f"industry is not {industry}"
        )
    value = _readable(np.floor(threshold))
    return f"{RULE_FEATURES[name]} {'≤' if side == '<=' else '>'} {value}"


def _readable(value: float) -> str:
    if value >= 1e9:
        return f"{value / 1e9:g}B"
    if value >= 1e6:
        return f"{value / 1e6:g}M"
    if value >= 1e4:
        return f"{value / 1e3:g}K"
    return f"{value:,.0f}"


def _simplify(conditions: list[str]) -> list[str]:
    """Drop 'industry is not X' once 'industry is Y' is known, keep tightest bounds."""
    positive = [
        c for c in conditions if c.startswith("industry is ") and " not " not in c
    ]
    kept, bounds = [], {}
    for condition in conditions:
        if positive and condition.startswith("industry is not "):
            continue
        for op in (" ≤ ", " > "):
            if op in condition and not condition.startswith("industry"):
                feature, value = condition.split(op)
                number = _number(value)
                key = (feature, op)
                tighter = (op == " ≤ " and number < bounds.get(key, (np.inf,))[0]) or (
                    op == " > " and number > bounds.get(key, (-np.inf,))[0]
                )
                if key not in bounds or tighter:
                    bounds[key] = (number, condition)
                break
        else:
            kept.append(condition)
    return kept + [condition for _, condition in bounds.values()]


def _number(text: str) -> float:
    scale = {"K": 1e3, "M": 1e6, "B": 1e9}.get(text[-1], 1)
    return float(text.rstrip("KMB").replace(",", "")) * scale
