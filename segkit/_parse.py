"""Parsers for the values real exports hold: money as text, ranges, names."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from segkit._reference import (
    COUNTRIES,
    INDUSTRIES,
    LEGAL_SUFFIXES,
    PUBLIC_EMAIL_DOMAINS,
    STATE_ALIASES,
    STATES,
)

_MULTIPLIERS = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}
_MONEY = re.compile(r"^(-?\d+(?:\.\d+)?)(k|m|mm|b|bn)?$")


def parse_money(values: pd.Series) -> pd.Series:
    """Read amounts written as numbers or as text into floats.

    Currency symbols and codes, thousands separators (comma, dot, space) and
    the suffixes K, M and B are understood. What cannot be read becomes NaN.

    Examples
    --------
    >>> parse_money(pd.Series(["$1,234.50", "1.2M", "€3 400", "n/a"])).tolist()
    [1234.5, 1200000.0, 3400.0, nan]
    """
    text = values.astype("string").str.strip().str.lower()
    text = text.str.replace(r"[$€£¥]|\b(usd|eur|gbp|cad|aud)\b", "", regex=True)
    text = text.str.replace(r"[\s\u00a0]", "", regex=True)

    # A comma before one or two final digits is a decimal comma ("3.400,50",
    # "12,50", "1,2m"); dots then group thousands. Otherwise commas group
    # thousands ("1,234.50"), and so do repeated dots ("1.234.567").
    decimal_comma = text.str.contains(
        r"^-?[\d.]*\d,\d{1,2}(?:k|m|mm|b|bn)?$", regex=True, na=False
    )
    dotted = text.str.contains(r"^-?\d{1,3}(?:\.\d{3}){2,}$", regex=True, na=False)
    text = text.where(~(decimal_comma | dotted), text.str.replace(".", "", regex=False))
    text = text.where(~decimal_comma, text.str.replace(",", ".", regex=False))
    text = text.str.replace(",", "", regex=False)

    parts = text.str.extract(_MONEY)
    scale = to_float(parts[1].map(_MULTIPLIERS)).fillna(1.0)
    return to_float(parts[0]) * scale


def parse_count(values: pd.Series) -> pd.Series:
    """Read head counts written as numbers or as ranges.

    A range ``51-200`` becomes its midpoint, ``10,000+`` its lower bound.

    Examples
    --------
    >>> parse_count(pd.Series(["250", "51-200", "10,000+", "many"])).tolist()
    [250.0, 125.5, 10000.0, nan]
    """
    text = values.astype("string").str.replace(",", "", regex=False).str.strip()
    low_high = text.str.extract(r"^(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)$")
    plus = text.str.extract(r"^(\d+(?:\.\d+)?)\s*\+$")[0]
    midpoint = (to_float(low_high[0]) + to_float(low_high[1])) / 2
    return to_float(text).fillna(midpoint).fillna(to_float(plus))


def to_float(values: pd.Series) -> pd.Series:
    """Numbers of a column as plain floats, with NaN for what is not a number.

    Examples
    --------
    >>> to_float(pd.Series(["1", "x", None])).tolist()
    [1.0, nan, nan]
    """
    numbers = pd.to_numeric(values.astype("object"), errors="coerce")
    return pd.Series(
        numbers.to_numpy(dtype="float64", na_value=np.nan), index=values.index
    )


def parse_bool(values: pd.Series) -> pd.Series:
    """Read yes/no, true/false and 1/0 into a nullable boolean.

    Examples
    --------
    >>> parse_bool(pd.Series(["Yes", "0", "TRUE", ""])).tolist()
    [True, False, True, <NA>]
    """
    text = values.astype("string").str.strip().str.lower()
    mapping = {"yes": True, "y": True, "true": True, "1": True, "t": True}
    mapping |= {"no": False, "n": False, "false": False, "0": False, "f": False}
    return text.map(mapping).astype("boolean")


def parse_dates(values: pd.Series) -> pd.Series:
    """Read dates written in several formats; unreadable ones become NaT.

    Examples
    --------
    >>> parse_dates(pd.Series(["2026-03-01", "03/15/2026"])).dt.day.tolist()
    [1, 15]
    """
    text = values.astype("string").str.strip()
    return pd.to_datetime(text, format="mixed", errors="coerce")


def normalize_domain(values: pd.Series) -> pd.Series:
    """Reduce websites and email addresses to a company domain.

    Protocol, ``www.``, paths and ports are dropped; public email domains
    such as gmail.com never name a company and become missing.

    Examples
    --------
    >>> normalize_domain(pd.Series(["https://www.Acme.com:443/about",
    ...                              "jo@acme.com", "x@gmail.com"])).tolist()
    ['acme.com', 'acme.com', <NA>]
    """
    text = values.astype("string").str.strip().str.lower()
    text = text.str.replace(r"^.*@", "", regex=True)
    text = text.str.replace(r"^[a-z]+://", "", regex=True)
    text = text.str.replace(r"^www\.", "", regex=True)
    text = text.str.replace(r"[/:?#].*$", "", regex=True)
    text = text.where(text.str.contains(".", regex=False, na=False))
    return text.mask(text.isin(PUBLIC_EMAIL_DOMAINS))


def _lookup(names: dict[str, str]) -> dict[str, str]:
    return {_key(name): value for name, value in names.items()}


def _fold(text: str) -> str:
    """Lower case, accents and dots dropped, other punctuation as spaces."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace(".", "")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _key(text: str) -> str:
    return _fold(text).replace(" ", "")


def _typo_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap neighbours) from ``a`` to ``b``."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)
            )
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def _closest(key: str, names: dict[str, str]) -> str | None:
    """The one known value a typo away from ``key``, if exactly one is.

    Short values are never guessed, and longer ones get at most two edits,
    so "Hospitality" does not become "hospital" nor "Austria" "Australia".
    """
    if len(key) < 5:
        return None
    allowed = 1 if len(key) <= 10 else 2
    found: dict[int, set[str]] = {}
    for known, value in names.items():
        if abs(len(known) - len(key)) <= allowed:
            distance = _typo_distance(key, known)
            if distance <= allowed:
                found.setdefault(distance, set()).add(value)
    if not found:
        return None
    best = found[min(found)]
    return best.pop() if len(best) == 1 else None


_INDUSTRY_NAMES = _lookup(
    {name: name for name in INDUSTRIES}
    | {alias: name for name, aliases in INDUSTRIES.items() for alias in aliases}
)
_COUNTRY_NAMES = _lookup(
    {code: code for code in COUNTRIES}
    | {name: code for code, (name, _, _) in COUNTRIES.items()}
    | {alias: code for code, (_, _, aliases) in COUNTRIES.items() for alias in aliases}
)
_STATE_NAMES = _lookup(
    {code: code for code in STATES} | {v: k for k, v in STATES.items()} | STATE_ALIASES
)


def normalize_category(values: pd.Series, names: dict[str, str]) -> pd.Series:
    """Map free-text values onto known names, forgiving case and close typos.

    ``names`` maps folded spellings to the canonical value; a value that is
    neither a known spelling nor one typo from exactly one becomes missing.
    """
    unique = values.dropna().astype("string").unique()
    mapping = {}
    for raw in unique:
        key = _key(raw)
        found = names.get(key) or _closest(key, names)
        mapping[raw] = found if found else pd.NA
    return values.astype("string").map(mapping).astype("string")


def normalize_industry(values: pd.Series) -> pd.Series:
    """Map industries onto segkit's taxonomy.

    Examples
    --------
    >>> normalize_industry(pd.Series(["technolgy", "SaaS", "Health Care"])).tolist()
    ['Technology', 'Technology', 'Healthcare']
    """
    return normalize_category(values, _INDUSTRY_NAMES)


def normalize_country(values: pd.Series) -> pd.Series:
    """Map country names and codes to ISO 3166 codes.

    Examples
    --------
    >>> normalize_country(pd.Series(["usa", "Deutschland", "GB"])).tolist()
    ['US', 'DE', 'GB']
    """
    return normalize_category(values, _COUNTRY_NAMES)


def normalize_state(values: pd.Series, country: pd.Series) -> pd.Series:
    """Map US and Canadian state names to codes; keep other regions as given."""
    known = normalize_category(values, _STATE_NAMES)
    north_america = country.isin(["US", "CA"])
    return known.where(north_america, values.astype("string").str.strip())


def region_of(country: pd.Series) -> pd.Series:
    """The sales region of ISO country codes.

    Examples
    --------
    >>> region_of(pd.Series(["US", "DE", "JP"])).tolist()
    ['North America', 'EMEA', 'APAC']
    """
    regions = {code: region for code, (_, region, _) in COUNTRIES.items()}
    return country.map(regions).astype("string")


def fold_name(values: pd.Series) -> pd.Series:
    """A company name folded for comparison: no case, punctuation or legal form.

    Examples
    --------
    >>> fold_name(pd.Series(["Acme, Inc.", "ACME GmbH"])).tolist()
    ['acme', 'acme']
    """
    # Accents go (NFKD splits them off; ASCII drops them), dots go so that
    # "S.A." reads "sa", other punctuation becomes space.
    text = values.astype("string").str.normalize("NFKD")
    text = text.str.encode("ascii", "ignore").str.decode("ascii").str.lower()
    text = text.str.replace(".", "", regex=False)
    text = text.str.replace(r"[^a-z0-9]+", " ", regex=True)
    # Longer forms first, so "sa de cv" goes whole before "sa".
    forms = sorted(LEGAL_SUFFIXES, key=len, reverse=True)
    pattern = r"\b(" + "|".join(re.escape(form) for form in forms) + r")\b"
    text = text.str.replace(pattern, " ", regex=True)
    return text.str.replace(r"\s+", " ", regex=True).str.strip()


def log1p(values: pd.Series) -> np.ndarray:
    """``log(1 + x)`` of a column, with missing values as zero."""
    return np.log1p(to_float(values).fillna(0).clip(lower=0)).to_numpy()
