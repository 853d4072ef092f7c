"""Balanced territories that keep account families whole, and their quotas.

Territories are built region by region, one per rep. A family (an ultimate
parent with all its subsidiaries) always lands in one territory, so one owner
sells to the whole family. Within a region, territory centres come from
k-means on the families' locations; families are then dealt, largest first,
to the nearest territory that still has room under a balanced share of the
region's potential.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment, linprog
from scipy.sparse import coo_matrix, vstack
from sklearn.cluster import KMeans


def design_territories(
    accounts: pd.DataFrame,
    reps: pd.DataFrame,
    tolerance: float = 0.15,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Carve the market into one territory per rep.

    Parameters
    ----------
    accounts : DataFrame
        account_id, family_id, region, country, state, latitude, longitude
        and potential.
    reps : DataFrame
        rep_id, name, region, latitude, longitude.
    tolerance : float
        How far above an even share of its region's potential a territory may
        grow before families go to the next nearest territory.
    seed : int
        Seed for the territory centres.

    Returns
    -------
    assignments : DataFrame
        account_id, territory, owner, owner_name.
    territories : DataFrame
        One row per territory: owner, region, accounts, families, potential,
        and its share of an even split of the region.

    Examples
    --------
    >>> accounts = pd.DataFrame({
    ...     "account_id": ["A1", "A2", "A3", "A4"],
    ...     "family_id": ["A1", "A1", "A3", "A4"],
    ...     "region": ["EMEA"] * 4, "country": ["DE", "DE", "FR", "FR"],
    ...     "state": ["BE", "BE", "IDF", "IDF"], "latitude": [52.5, 52.4, 48.8, 48.9],
    ...     "longitude": [13.4, 13.3, 2.3, 2.4], "potential": [10.0, 5.0, 8.0, 7.0]})
    >>> reps = pd.DataFrame({"rep_id": ["R1", "R2"], "name": ["Ana", "Ben"],
    ...     "region": ["EMEA", "EMEA"], "latitude": [52.5, 48.8],
    ...     "longitude": [13.4, 2.3]})
    >>> assignments, territories = design_territories(accounts, reps)
    >>> assignments.groupby("family_id")["territory"].nunique().max()
    np.int64(1)
    """
    _check_reps(reps)
    families = _families(accounts)
    families["region"] = _regions_with_reps(families["region"], reps)

    parts = []
    for region, members in families.groupby("region", sort=True):
        region_reps = reps[reps["region"] == region].sort_values("rep_id")
        parts.append(_carve_region(region, members, region_reps, tolerance, seed))
    family_territory = pd.concat(parts)

    assignments = accounts[["account_id", "family_id"]].merge(
        family_territory[["family_id", "territory", "owner", "owner_name"]],
        on="family_id",
        how="left",
    )
    territories = _summarize(accounts, assignments, family_territory)
    return assignments, territories


def _check_reps(reps: pd.DataFrame) -> None:
    missing = [c for c in ("rep_id", "name", "region") if c not in reps]
    if missing or reps.empty:
        raise ValueError(
            "reps should list at least one rep with rep_id, name and region; "
            f"found {len(reps)} reps and columns {', '.join(map(str, reps.columns))}."
        )


def _families(accounts: pd.DataFrame) -> pd.DataFrame:
    """One row per family, placed where its ultimate parent is."""
    heads = accounts[accounts["account_id"] == accounts["family_id"]].set_index(
        "family_id"
    )
    grouped = accounts.groupby("family_id")
    families = pd.DataFrame(
        {
            "potential": grouped["potential"].sum(),
            "accounts": grouped.size(),
        }
    )
    for column in ("region", "country", "state", "latitude", "longitude"):
        families[column] = heads[column].reindex(families.index)
        families[column] = families[column].fillna(grouped[column].first())
    return families.reset_index()


def _regions_with_reps(regions: pd.Series, reps: pd.DataFrame) -> pd.Series:
    staffed = set(reps["region"])
    largest = reps["region"].value_counts().index[0]
    orphaned = sorted(set(regions.dropna()) - staffed)
    if orphaned:
        warnings.warn(
            f"no rep covers {', '.join(orphaned)}; their accounts go to "
            f"{largest}, the region with the most reps. Add reps there to give "
            "them territories of their own.",
            UserWarning,
            stacklevel=3,
        )
    return regions.where(regions.isin(staffed), largest).fillna(largest)


def _carve_region(region, families, reps, tolerance, seed) -> pd.DataFrame:
    n = len(reps)
    where = families[["latitude", "longitude"]].fillna(
        families[["latitude", "longitude"]].mean()
    )
    weight = families["potential"].clip(lower=1).to_numpy()
    k = min(n, len(families))
    centres = (
        KMeans(n_clusters=k, n_init=4, random_state=seed)
        .fit(where.to_numpy(), sample_weight=weight)
        .cluster_centers_
    )

    # Place families near their territory's centre, within the balance band.
    points = where.to_numpy()
    potential = families["potential"].to_numpy(dtype=float)
    chosen = _balanced_assignment(points, centres, potential, tolerance)
    if chosen is None:
        distance = np.linalg.norm(points[:, None, :] - centres[None], axis=2)
        chosen = _greedy_assignment(distance, potential, tolerance)

    # Each territory goes to the rep living nearest its centre.
    homes = reps[["latitude", "longitude"]].fillna(where.mean()).to_numpy()
    cost = np.linalg.norm(centres[:, None, :] - homes[None], axis=2)
    territory_of, rep_of = linear_sum_assignment(cost)
    owner = dict(zip(territory_of, rep_of, strict=True))

    names = _territory_names(region, families, chosen, k)
    return families.assign(
        territory=[names[t] for t in chosen],
        owner=[reps["rep_id"].iloc[owner[t]] for t in chosen],
        owner_name=[reps["name"].iloc[owner[t]] for t in chosen],
    )


MAX_CELLS = 2000


def _balanced_assignment(points, centres, potential, tolerance) -> np.ndarray | None:
    """Families to territories by linear programming, or None if infeasible.

    Each family goes where it is nearest, subject to every territory's
    potential staying within ``tolerance`` of an even share. Large markets
    are first grouped into at most :data:`MAX_CELLS` map cells, so the
    problem stays small; a cell the solution splits between territories has
    its families dealt out, largest first, in the proportions it asked for.
    Families are never split.
    """
    k = len(centres)
    even = potential.sum() / k

    def distance_to(where):
        return np.linalg.norm(where[:, None, :] - centres[None], axis=2)

    if even <= 0:
        return distance_to(points).argmin(axis=1)

    cell = _cells(points)
    cells = pd.DataFrame({"cell": cell, "potential": potential, "lat": points[:, 0],
                          "lon": points[:, 1]}).groupby("cell")  # fmt: skip
    cell_potential = cells["potential"].sum().to_numpy()
    cell_points = cells[["lat", "lon"]].mean().to_numpy()
    # A cell's distance counts by its potential and by its number of families.
    weight = cell_potential / cell_potential.sum() + cells.size().to_numpy() / len(cell)
    share = _cell_shares(
        distance_to(cell_points), weight, cell_potential, even, tolerance,
        potential.max(),
    )  # fmt: skip
    if share is None:
        return None
    return _deal_families(cell, potential, share)


def _cells(points: np.ndarray) -> np.ndarray:
    """A cell number per family: itself, or a map square that holds it."""
    if len(points) <= MAX_CELLS:
        return np.arange(len(points))
    for degrees in (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0):
        square = np.floor(points / degrees).astype(np.int64)
        cell = pd.factorize(pd.Series(square[:, 0] * 100_000 + square[:, 1]))[0]
        if cell.max() < MAX_CELLS:
            return cell
    return cell


def _cell_shares(
    distance, weight, potential, even, tolerance, largest
) -> np.ndarray | None:
    """Each cell's share per territory (cells by territories), or None."""
    n, k = distance.shape
    high = max(even * (1 + tolerance), largest)
    low = even * (1 - tolerance)
    for m in sorted({min(k, 4), k}):
        choice = np.argsort(distance, axis=1, kind="stable")[:, :m]
        cell = np.repeat(np.arange(n), m)
        territory = choice.ravel()
        variable = np.arange(n * m)
        each_cell_once = coo_matrix(
            (np.ones(n * m), (cell, variable)), shape=(n, n * m)
        )
        load = coo_matrix((potential[cell], (territory, variable)), shape=(k, n * m))
        result = linprog(
            distance[cell, territory] * weight[cell],
            A_ub=vstack([load, -load]),
            b_ub=np.r_[np.full(k, high), np.full(k, -low)],
            A_eq=each_cell_once,
            b_eq=np.ones(n),
            bounds=(0, 1),
            method="highs",
        )
        if result.status == 0:
            share = np.zeros((n, k))
            np.add.at(share, (cell, territory), result.x)
            return share
    return None


def _deal_families(cell, potential, share) -> np.ndarray:
    """Families of each cell to the territories its shares name, largest first."""
    chosen = share.argmax(axis=1)[cell]
    split = np.flatnonzero((share > 1e-6).sum(axis=1) > 1)
    for c in split:
        members = np.flatnonzero(cell == c)
        if len(members) == 1:
            continue
        members = members[np.argsort(-potential[members], kind="stable")]
        room = share[c] * potential[members].sum()
        for family in members:
            chosen[family] = int(np.argmax(room))
            room[chosen[family]] -= potential[family]
    return chosen


def _greedy_assignment(distance, potential, tolerance) -> np.ndarray:
    """Deal families, largest first, to the nearest territory with room."""
    k = distance.shape[1]
    cap = potential.sum() / k * (1 + tolerance)
    load = np.zeros(k)
    chosen = np.empty(len(potential), dtype=int)
    for i in np.argsort(-potential, kind="stable"):
        fitting = [t for t in np.argsort(distance[i]) if load[t] + potential[i] <= cap]
        chosen[i] = fitting[0] if fitting else int(np.argmin(load))
        load[chosen[i]] += potential[i]
    return chosen


def _territory_names(region, families, chosen, k) -> list[str]:
    """Name a territory by its region and the places holding most potential."""
    names = []
    for t in range(k):
        members = families[chosen == t]
        place = np.where(
            members["country"].isin(["US", "CA"]), members["state"], members["country"]
        )
        top = members.groupby(place)["potential"].sum().nlargest(3).index
        names.append(f"{region} {t + 1}: {', '.join(map(str, top))}")
    return names


def _summarize(accounts, assignments, family_territory) -> pd.DataFrame:
    merged = assignments.merge(accounts[["account_id", "potential"]], on="account_id")
    territories = (
        merged.groupby(["territory", "owner"], as_index=False)
        .agg(
            accounts=("account_id", "size"),
            families=("family_id", "nunique"),
            potential=("potential", "sum"),
        )
        .merge(
            family_territory[["territory", "region", "owner_name"]].drop_duplicates(),
            on="territory",
        )
    )
    even = territories.groupby("region")["potential"].transform("mean")
    territories["balance"] = (territories["potential"] / even).round(3)
    number = territories["territory"].str.extract(r" (\d+):", expand=False).astype(int)
    territories = territories.assign(_number=number).sort_values(["region", "_number"])
    columns = ["territory", "region", "owner", "owner_name", "accounts", "families"]
    return territories[[*columns, "potential", "balance"]].reset_index(drop=True)


def set_quotas(
    territories: pd.DataFrame, target: float = 0.0, quota_to_potential: float = 0.8
) -> pd.DataFrame:
    """Give each territory a quota in proportion to its potential.

    Every territory carries the same quota-to-potential ratio, so no owner
    is asked for a bigger share of what their patch can yield than another.

    Parameters
    ----------
    territories : DataFrame
        From :func:`design_territories`.
    target : float
        The company's number for the year; 0 sets it to
        ``quota_to_potential`` times the market's potential.
    quota_to_potential : float
        Used when ``target`` is 0.

    Examples
    --------
    >>> territories = pd.DataFrame({"territory": ["A", "B"], "owner": ["R1", "R2"],
    ...                             "potential": [300.0, 100.0]})
    >>> set_quotas(territories, target=200)["quota"].tolist()
    [150.0, 50.0]
    """
    if target < 0 or not 0 < quota_to_potential <= 2:
        raise ValueError(
            f"target={target} should be >= 0 and quota_to_potential="
            f"{quota_to_potential} between 0 and 2."
        )
    total = territories["potential"].sum()
    target = target or quota_to_potential * total
    quotas = territories[["territory", "owner", "potential"]].copy()
    share = quotas["potential"] / total if total else 1 / len(quotas)
    quotas["quota"] = (target * share).round(0)
    quotas["quota_to_potential"] = (quotas["quota"] / quotas["potential"]).round(3)
    return quotas
