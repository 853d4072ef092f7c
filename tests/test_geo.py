"""Locating accounts offline: given, postal code, city, country."""

import pandas as pd
import pytest

from segkit._geo import locate


def _one(**values):
    row = {"latitude": None, "longitude": None, "postal_code": None, "city": None,
           "state": None, "country": None} | values  # fmt: skip
    return locate(pd.DataFrame([row])).iloc[0]


@pytest.mark.parametrize(
    ("row", "source", "latitude", "longitude"),
    [
        ({"latitude": 48.86, "longitude": 2.35, "country": "FR"}, "given", 48.86, 2.35),
        ({"postal_code": "02134", "country": "US"}, "postal code", 42.35, -71.13),
        ({"postal_code": "94105-1804", "country": "US"}, "postal code", 37.79, -122.4),
        ({"city": "München", "country": "DE"}, "city", 48.14, 11.58),
        ({"city": "Osaka", "country": "JP"}, "city", 34.69, 135.50),
        ({"city": "Portland", "country": "US", "state": "OR"}, "city", 45.52, -122.68),
        ({"city": "Portland", "country": "US", "state": "ME"}, "city", 43.66, -70.26),
        ({"latitude": 123.0, "longitude": 5.0, "city": "Lyon", "country": "FR"},
         "city", 45.75, 4.85),
    ],
)  # fmt: skip
def test_accounts_are_located(row, source, latitude, longitude):
    found = _one(**row)
    assert found["geo_source"] == source
    assert found["latitude"] == pytest.approx(latitude, abs=0.1)
    assert found["longitude"] == pytest.approx(longitude, abs=0.1)


def test_country_centre_when_nothing_finer_is_known():
    found = _one(city="Nowhereville", country="AU")
    assert found["geo_source"] == "country"
    assert -40 < found["latitude"] < -25 and 130 < found["longitude"] < 153


def test_postal_codes_count_only_in_the_united_states():
    found = _one(postal_code="10115", country="DE")
    assert found["geo_source"] == "country"


def test_nothing_known_stays_missing():
    found = _one(city="Atlantis")
    assert pd.isna(found["geo_source"]) and pd.isna(found["latitude"])
