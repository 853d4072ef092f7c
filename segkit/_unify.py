"""Entity resolution: merge duplicate accounts and resolve account families.

Two account rows are the same company when they share a website domain, or
when their names match once case, punctuation and legal forms (Inc, GmbH,
S.A., ...) are folded away and they sit in the same country. A subsidiary
often shares its parent's website, so a row that names a parent is merged by
name only, never by domain alone.

Merged rows keep every source id: the most complete row gives the account
its id, and each column takes the value of the most complete row that has
one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from segkit._parse import fold_name

PARENT_ISSUES = {
    "unknown": "parent account not found",
    "loop": "parent chain loops",
    "name_unknown": "parent name matches no account",
    "name_ambiguous": "parent name matches several accounts",
}


def merge_duplicates(accounts: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Merge rows that describe the same company.

    Parameters
    ----------
    accounts : DataFrame
        Clean account rows with account_id, name, domain, country and
        parent_account_id, in file order.

    Returns
    -------
    merged : DataFrame
        One row per company, with ``source_ids``: every source id merged
        into it, joined by ``;``.
    aliases : Series
        For every source id, the account_id it now belongs to.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "account_id": ["A1", "A2", "A3"], "name": ["Acme, Inc.", "ACME", "Beta"],
    ...     "domain": ["acme.com", None, "beta.io"], "country": ["US"] * 3,
    ...     "parent_account_id": [None] * 3, "employees": [None, 120.0, 40.0]})
    >>> merged, aliases = merge_duplicates(rows)
    >>> merged[["account_id", "source_ids", "employees"]].values.tolist()
    [['A1', 'A1;A2', 120.0], ['A3', 'A3', 40.0]]
    >>> aliases["A2"]
    'A1'
    """
    n = len(accounts)
    accounts = accounts.reset_index(drop=True)
    company = _same_company(accounts)

    # Order each company's rows by completeness; the first gives the id.
    completeness = accounts.notna().sum(axis=1).to_numpy()
    order = np.lexsort((np.arange(n), -completeness, company))
    ranked = accounts.iloc[order].assign(_company=company[order])
    merged = ranked.groupby("_company", sort=False).first()

    # Source ids: the account's own, or every id of a merged company.
    merged["source_ids"] = merged["account_id"]
    repeated = ranked[ranked.duplicated("_company", keep=False)]
    joined = repeated.groupby("_company")["account_id"].agg(
        lambda found: ";".join(sorted(found))
    )
    merged.loc[joined.index, "source_ids"] = joined
    if "is_customer" in ranked:
        customers = repeated.groupby("_company")["is_customer"].any()
        merged.loc[customers.index, "is_customer"] = customers

    aliases = pd.Series(
        merged["account_id"].to_numpy()[pd.factorize(company[order])[0]],
        index=ranked["account_id"].to_numpy(),
    )
    merged = merged.reset_index(drop=True)
    first_row = pd.Series(np.arange(n), index=accounts["account_id"])
    merged = merged.iloc[np.argsort(first_row[merged["account_id"]].to_numpy())]
    return merged.reset_index(drop=True), aliases


def _same_company(accounts: pd.DataFrame) -> np.ndarray:
    """A company number per row: rows linked by domain or by name share one."""
    n = len(accounts)
    standalone = accounts["parent_account_id"].isna().to_numpy()
    domain_key = accounts["domain"].where(standalone)
    folded = fold_name(accounts["name"])
    name_key = (folded + "|" + accounts["country"].fillna("")).where(folded != "")

    first, other = [], []
    for key in (domain_key, name_key):
        codes = pd.factorize(key)[0]
        known = np.flatnonzero(codes >= 0)
        leader = pd.Series(known).groupby(codes[known]).transform("first").to_numpy()
        first.append(leader)
        other.append(known)
    rows = np.concatenate(first)
    cols = np.concatenate(other)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def resolve_parent_names(accounts: pd.DataFrame) -> pd.DataFrame:
    """Fill parent_account_id from ``parent_name`` where only a name is given.

    A parent name matches an account whose folded name is the same; when
    several accounts match, the one in the same country wins, and when that
    still leaves several, the link is reported rather than guessed.
    """
    accounts = accounts.copy()
    wanted = accounts["parent_account_id"].isna() & accounts["parent_name"].notna()
    if not wanted.any():
        return accounts
    folded = fold_name(accounts["name"])
    candidates = pd.DataFrame(
        {"key": folded, "country": accounts["country"], "id": accounts["account_id"]}
    )
    asked = pd.DataFrame(
        {
            "key": fold_name(accounts.loc[wanted, "parent_name"]),
            "country": accounts.loc[wanted, "country"],
            "row": np.flatnonzero(wanted),
        }
    )
    matches = asked.merge(candidates, on="key", suffixes=("", "_parent"))
    matches = matches[
        matches["id"] != accounts["account_id"].to_numpy()[matches["row"]]
    ]
    count = matches.groupby("row")["id"].transform("size")
    same_country = matches["country"] == matches["country_parent"]
    kept = matches[(count == 1) | same_country]
    count = kept.groupby("row")["id"].transform("size")
    found = kept[count == 1].set_index("row")["id"]
    ambiguous = set(kept.loc[count > 1, "row"]) | (
        set(matches["row"]) - set(kept["row"])
    )

    position = accounts.columns.get_loc("parent_account_id")
    accounts.iloc[found.index.to_numpy(), position] = found.to_numpy()
    issue = pd.Series(pd.NA, index=accounts.index, dtype="string")
    unknown = set(asked["row"]) - set(matches["row"])
    issue.iloc[sorted(unknown)] = PARENT_ISSUES["name_unknown"]
    issue.iloc[sorted(ambiguous)] = PARENT_ISSUES["name_ambiguous"]
    accounts["parent_issue"] = issue
    return accounts


def attach_families(accounts: pd.DataFrame, aliases: pd.Series) -> pd.DataFrame:
    """Give each account its family (ultimate parent), depth and family size.

    Parent ids are read through ``aliases``, so a parent that was merged into
    another account still links. A parent id that names no account, or a
    chain that loops back on itself, is reported in ``parent_issue`` and the
    account heads its own family.
    """
    accounts = accounts.copy()
    if "parent_issue" not in accounts:
        accounts["parent_issue"] = pd.Series(
            pd.NA, index=accounts.index, dtype="string"
        )
    ids = accounts["account_id"].to_numpy(dtype=object)
    position = pd.Series(np.arange(len(ids)), index=ids)
    parent_id = (
        accounts["parent_account_id"].map(aliases).fillna(accounts["parent_account_id"])
    )
    parent = parent_id.map(position)
    unknown = accounts["parent_account_id"].notna() & parent.isna()
    accounts.loc[unknown, "parent_issue"] = PARENT_ISSUES["unknown"]
    parent = parent.fillna(-1).astype(int).to_numpy(copy=True)
    merged_into_parent = parent == np.arange(len(ids))
    parent[merged_into_parent] = -1
    accounts["parent_account_id"] = (
        parent_id.where(parent >= 0, accounts["parent_account_id"])
        .mask(merged_into_parent)
        .astype("string")
    )

    # Climb to the top of each chain; what is still climbing after 64 steps
    # is in a loop.
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
    accounts.loc[looping, "parent_issue"] = PARENT_ISSUES["loop"]

    accounts["family_id"] = pd.array(ids[root], dtype="string")
    accounts["family_depth"] = depth
    sizes = accounts.groupby("family_id")["account_id"].transform("size")
    accounts["family_size"] = sizes.astype("int64")
    return accounts
