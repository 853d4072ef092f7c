"""Lead routing rules derived from the territory plan, and the router itself.

Rules are tried in order of priority; the first that matches a lead decides
where it goes:

1. a lead whose company domain is a known account goes to that account's
   owner, so families stay with one owner;
2. a lead whose company does not fit the ICP goes to the nurture queue;
3. a lead in a place a territory covers goes to that territory's owner;
4. anything else goes to the unassigned queue, for a human to look at.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from segkit._parse import (
    normalize_country,
    normalize_domain,
    normalize_state,
    region_of,
)

NURTURE_QUEUE = "Marketing nurture"
UNASSIGNED_QUEUE = "Unassigned"


def routing_rules(accounts: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """Write the territory plan as ordered routing rules.

    Parameters
    ----------
    accounts : DataFrame
        account_id, country, state and potential.
    assignments : DataFrame
        account_id, territory and owner, from
        :func:`segkit.territories.design_territories`.

    Returns
    -------
    DataFrame
        priority, rule_id, condition (readable), field, values (JSON list),
        territory, owner, queue.

    Examples
    --------
    >>> accounts = pd.DataFrame({"account_id": ["A1", "A2"], "country": ["US", "DE"],
    ...                          "state": ["CA", "BE"], "potential": [1.0, 2.0]})
    >>> plan = pd.DataFrame({"account_id": ["A1", "A2"], "territory": ["West", "DACH"],
    ...                      "owner": ["R1", "R2"]})
    >>> routing_rules(accounts, plan)["condition"].tolist()[2:4]
    ['country is DE', 'state is CA']
    """
    placed = accounts.merge(assignments, on="account_id")
    north_america = placed["country"].isin(["US", "CA"])
    placed["place"] = np.where(north_america, placed["state"], placed["country"])
    placed["field"] = np.where(north_america, "state", "country")

    # Each place goes to the territory holding most of its potential there.
    weight = placed.groupby(["field", "place", "territory", "owner"], as_index=False)[
        "potential"
    ].sum()
    best = weight.sort_values(
        ["field", "place", "potential", "territory"],
        ascending=[True, True, False, True],
    ).drop_duplicates(["field", "place"])

    rules = [
        _rule(
            "known-account",
            "company domain is a known account",
            "domain",
            [],
            "",
            "",
            "account owner",
        ),
        _rule(
            "not-icp", "fit tier is Not ICP", "tier", ["Not ICP"], "", "", NURTURE_QUEUE
        ),
    ]
    for (field, territory, owner), group in best.groupby(
        ["field", "territory", "owner"]
    ):
        places = sorted(group["place"].dropna().astype(str))
        condition = (
            f"{field} is {places[0]}"
            if len(places) == 1
            else (f"{field} in {', '.join(places)}")
        )
        rules.append(
            _rule(
                f"geo-{len(rules) - 1}", condition, field, places, territory, owner, ""
            )
        )
    rules.append(_rule("fallback", "any other lead", "", [], "", "", UNASSIGNED_QUEUE))

    frame = pd.DataFrame(rules)
    # Country rules go before state rules: a state code never clashes then.
    order = frame["field"].map({"domain": 0, "tier": 1, "country": 2, "state": 3})
    frame = frame.assign(_order=order.fillna(9)).sort_values(["_order", "condition"])
    frame["priority"] = np.arange(1, len(frame) + 1)
    return frame.drop(columns="_order")[
        [
            "priority",
            "rule_id",
            "condition",
            "field",
            "values",
            "territory",
            "owner",
            "queue",
        ]
    ].reset_index(drop=True)


def _rule(rule_id, condition, field, values, territory, owner, queue) -> dict:
    return {
        "rule_id": rule_id,
        "condition": condition,
        "field": field,
        "values": json.dumps(values),
        "territory": territory,
        "owner": owner,
        "queue": queue,
    }


def rules_as_json(rules: pd.DataFrame) -> str:
    """The routing rules as a JSON document a CRM's router can load."""
    records = []
    for row in rules.itertuples():
        records.append(
            {
                "priority": int(row.priority),
                "rule_id": row.rule_id,
                "condition": row.condition,
                "field": row.field or None,
                "values": json.loads(row.values),
                "territory": row.territory or None,
                "owner": row.owner or None,
                "queue": row.queue or None,
            }
        )
    return json.dumps({"rules": records}, indent=2, ensure_ascii=False)


def route_leads(
    leads: pd.DataFrame,
    rules: pd.DataFrame,
    accounts: pd.DataFrame,
    tiers: pd.Series,
) -> pd.DataFrame:
    """Route leads with the rules: owner or queue, and which rule decided.

    Parameters
    ----------
    leads : DataFrame
        At least one of ``domain``, ``website`` or ``email``, and ``country``;
        ``state`` helps in the US and Canada.
    rules : DataFrame
        From :func:`routing_rules`.
    accounts : DataFrame
        Known accounts: domain, account_id, owner, territory.
    tiers : Series
        The fit tier of each lead, aligned with ``leads``.

    Returns
    -------
    DataFrame
        The leads with account_id, territory, owner, queue and rule_id.
    """
    key = _lead_domain(leads)
    country = normalize_country(leads.get("country", pd.Series(pd.NA, leads.index)))
    state = normalize_state(
        leads.get("state", pd.Series(pd.NA, leads.index)).astype("string"), country
    )
    values = {"country": country, "state": state, "tier": pd.Series(tiers, leads.index)}
    known = (
        accounts.dropna(subset=["domain"]).drop_duplicates("domain").set_index("domain")
    )

    routed = leads.copy()
    for column in ("account_id", "territory", "owner", "queue", "rule_id"):
        routed[column] = pd.Series(pd.NA, index=leads.index, dtype="string")
    undecided = pd.Series(True, index=leads.index)
    for rule in rules.sort_values("priority").itertuples():
        if rule.field == "domain":
            hit = undecided & key.isin(known.index)
            match = known.reindex(key[hit])
            routed.loc[hit, "account_id"] = match["account_id"].to_numpy()
            routed.loc[hit, "territory"] = match["territory"].to_numpy()
            routed.loc[hit, "owner"] = match["owner"].to_numpy()
        elif rule.field:
            hit = undecided & values[rule.field].isin(json.loads(rule.values))
            routed.loc[hit, "territory"] = rule.territory or pd.NA
            routed.loc[hit, "owner"] = rule.owner or pd.NA
        else:
            hit = undecided.copy()
        routed.loc[hit, "queue"] = rule.queue or pd.NA
        routed.loc[hit, "rule_id"] = rule.rule_id
        undecided &= ~hit
    routed["region"] = region_of(country)
    return routed


def _lead_domain(leads: pd.DataFrame) -> pd.Series:
    key = pd.Series(pd.NA, index=leads.index, dtype="string")
    for column in ("domain", "website", "email"):
        if column in leads:
            key = key.fillna(normalize_domain(leads[column]))
    return key
