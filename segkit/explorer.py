"""Interactive explorers for analysts working in JupyterLab.

Each explorer is an ipywidgets box: change a control and the view below it
updates. The views are HTML with every value from the data escaped. In the
rendered reports the explorers' cells are left out (they carry the
``interactive`` tag), since a static page cannot run them.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from segkit.report import kpi_cards, money, table_html


def market_explorer(features: pd.DataFrame, currency: str = "USD") -> widgets.VBox:
    """Try firmographic filters and see the addressable market they leave.

    Parameters
    ----------
    features : DataFrame
        One row per account with industry, region, employees, and won_deals.
    currency : str
        For the revenue figure.

    Examples
    --------
    >>> features = pd.DataFrame({"industry": ["Retail", "Media", "Retail"],
    ...     "region": ["EMEA"] * 3, "employees": [5, 500, 50],
    ...     "annual_revenue": [1e6, 9e7, 5e6], "won_deals": [0, 1, 0]})
    >>> box = market_explorer(features)
    >>> box.children[1].value = 40  # minimum employees
    >>> "2" in box.children[-1].value
    True
    """
    industries = widgets.SelectMultiple(
        options=sorted(features["industry"].dropna().unique()),
        description="Industries",
        rows=6,
    )
    smallest = widgets.IntSlider(
        value=0, min=0, max=1000, step=10, description="Min employees"
    )
    regions = widgets.SelectMultiple(
        options=sorted(features["region"].dropna().unique()), description="Regions"
    )
    view = widgets.HTML()

    def update(_=None) -> None:
        keep = features["employees"].fillna(0) >= smallest.value
        if industries.value:
            keep &= features["industry"].isin(industries.value)
        if regions.value:
            keep &= features["region"].isin(regions.value)
        market = features[keep]
        view.value = kpi_cards(
            {
                "Accounts in the market": f"{len(market):,}",
                "Share of all accounts": f"{len(market) / max(len(features), 1):.0%}",
                "Customers": f"{int(market['won_deals'].gt(0).sum()):,}",
                "Combined revenue": money(market["annual_revenue"].sum(), currency),
            }
        )

    for control in (industries, smallest, regions):
        control.observe(update, names="value")
    update()
    return widgets.VBox([industries, smallest, regions, view])


def segment_explorer(plan: pd.DataFrame, profiles: pd.DataFrame) -> widgets.VBox:
    """Pick a segment and a tier; see its rule, profile and top accounts.

    Parameters
    ----------
    plan : DataFrame
        One row per account with name, segment_name, tier, fit_score,
        intent_score and potential.
    profiles : DataFrame
        One row per segment with segment_name, rule, accounts and stability.

    Examples
    --------
    >>> plan = pd.DataFrame({"name": ["<b>Acme</b>", "Beta"],
    ...     "segment_name": ["SMB", "SMB"], "tier": ["Tier 1", "Tier 3"],
    ...     "fit_score": [90, 45], "intent_score": [70, 5], "potential": [9e4, 1e3]})
    >>> profiles = pd.DataFrame({"segment_name": ["SMB"], "rule": ["employees ≤ 99"],
    ...     "accounts": [2], "stability": [0.95]})
    >>> box = segment_explorer(plan, profiles)
    >>> box.children[1].value = "Tier 1"
    >>> "&lt;b&gt;Acme" in box.children[-1].value, "Beta" in box.children[-1].value
    (True, False)
    """
    segment = widgets.Dropdown(
        options=list(profiles["segment_name"]), description="Segment"
    )
    tier = widgets.Dropdown(
        options=["All tiers", *sorted(plan["tier"].dropna().unique())],
        description="Tier",
    )
    view = widgets.HTML()

    def update(_=None) -> None:
        profile = profiles[profiles["segment_name"] == segment.value].iloc[0]
        members = plan[plan["segment_name"] == segment.value]
        if tier.value != "All tiers":
            members = members[members["tier"] == tier.value]
        top = members.nlargest(15, "potential")[
            ["name", "tier", "fit_score", "intent_score", "potential"]
        ]
        view.value = (
            f"<p><b>Rule:</b> {html.escape(str(profile['rule']))}</p>"
            + kpi_cards(
                {
                    "Accounts": f"{int(profile['accounts']):,}",
                    "Shown": f"{len(members):,}",
                    "Stability": f"{profile['stability']:.2f}",
                }
            )
            + table_html(top.round(1), max_rows=15)
        )

    for control in (segment, tier):
        control.observe(update, names="value")
    update()
    return widgets.VBox([segment, tier, view])
