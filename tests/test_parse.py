"""Tests for the parsers that read the values real exports hold."""

import numpy as np
import pandas as pd
import pytest

from segkit._parse import (
    fold_name,
    normalize_country,
    normalize_domain,
    normalize_industry,
    normalize_state,
    parse_bool,
    parse_count,
    parse_dates,
    parse_money,
    region_of,
    to_float,
)
from segkit._reference import COUNTRIES, INDUSTRIES


def _text(*values):
    # Ingest reads every export column as text, so the parsers see strings.
    return pd.Series(list(values), dtype="string")


def _one(parse, value):
    return parse(_text(value)).iloc[0]


# --- money ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("$1,234.50", 1234.5),
        ("1.2M", 1_200_000.0),
        ("€3 400", 3400.0),
        ("3.400,50 EUR", 3400.5),
        ("1.234.567,89 €", 1_234_567.89),
        ("USD 1,000", 1000.0),
        ("1,234,567", 1_234_567.0),
        ("£2.5k", 2500.0),
        ("4.5MM", 4_500_000.0),
        ("2bn", 2_000_000_000.0),
        ("¥100", 100.0),
        ("1 000 000", 1_000_000.0),
        ("1\u00a0000", 1000.0),
        ("25 319 000 USD", 25_319_000.0),
        ("25319000.0", 25_319_000.0),
        (" -500 ", -500.0),
    ],
)
def test_parse_money_reads_amounts_written_as_text(raw, expected):
    assert _one(parse_money, raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["n/a", "", "TBD", "call us", None])
def test_parse_money_leaves_unreadable_amounts_missing(raw):
    assert np.isnan(_one(parse_money, raw))


def test_parse_money_reads_numeric_columns_and_keeps_the_index():
    amounts = pd.Series([1234.5, None, 1_500_000], index=[10, 11, 12])

    result = parse_money(amounts)

    expected = pd.Series([1234.5, np.nan, 1_500_000.0], index=[10, 11, 12])
    pd.testing.assert_series_equal(result, expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3 400,50 €", 3400.5), ("12,50 EUR", 12.5)],
)
def test_parse_money_reads_a_decimal_comma_after_space_separated_thousands(
    raw, expected
):
    assert _one(parse_money, raw) == pytest.approx(expected)


# --- head counts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("250", 250.0),
        (" 42 ", 42.0),
        ("1,500", 1500.0),
        ("51-200", 125.5),
        ("51 - 200", 125.5),
        ("51–200", 125.5),
        ("51 to 200", 125.5),
        ("1,001-5,000", 3000.5),
        ("5,001-10,000", 7500.5),
        ("10,000+", 10_000.0),
        ("200 +", 200.0),
    ],
)
def test_parse_count_reads_numbers_and_ranges(raw, expected):
    assert _one(parse_count, raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["many", "", "unknown", None])
def test_parse_count_leaves_unreadable_counts_missing(raw):
    assert np.isnan(_one(parse_count, raw))


def test_parse_count_reads_numeric_columns():
    result = parse_count(pd.Series([250, 12.0, None]))

    pd.testing.assert_series_equal(result, pd.Series([250.0, 12.0, np.nan]))


# --- flags ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yes", True),
        ("Yes", True),
        (" YES ", True),
        ("y", True),
        ("true", True),
        ("TRUE", True),
        ("t", True),
        ("1", True),
        ("No", False),
        ("n", False),
        ("false", False),
        ("F", False),
        ("0", False),
    ],
)
def test_parse_bool_reads_yes_no_true_false_and_digits(raw, expected):
    assert parse_bool(_text(raw)).tolist() == [expected]


@pytest.mark.parametrize("raw", ["", "maybe", "2", None])
def test_parse_bool_leaves_other_values_missing(raw):
    result = parse_bool(_text(raw))

    assert result.dtype == "boolean"
    assert result.isna().all()


# --- dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-01", "2026-03-01"),
        (" 2026-03-01 ", "2026-03-01"),
        ("03/15/2026", "2026-03-15"),
        ("2026-03-01T10:30:00", "2026-03-01 10:30:00"),
    ],
)
def test_parse_dates_reads_the_formats_exports_use(raw, expected):
    assert _one(parse_dates, raw) == pd.Timestamp(expected)


def test_parse_dates_reads_formats_mixed_in_one_column():
    result = parse_dates(_text("03/15/2026", "2026-03-01", "12/31/2025"))

    assert result.tolist() == [
        pd.Timestamp("2026-03-15"),
        pd.Timestamp("2026-03-01"),
        pd.Timestamp("2025-12-31"),
    ]


@pytest.mark.parametrize("raw", ["garbage", "", "31/31/2026", None])
def test_parse_dates_leaves_unreadable_dates_missing(raw):
    assert pd.isna(_one(parse_dates, raw))


# --- domains ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("acme.com", "acme.com"),
        (" Acme.com ", "acme.com"),
        ("www.acme.com", "acme.com"),
        ("https://www.Acme.com:443/about", "acme.com"),
        ("HTTP://WWW.ACME.COM/", "acme.com"),
        ("http://acme.com/", "acme.com"),
        ("acme.com:8080", "acme.com"),
        ("www.acme.co.uk/path?x=1", "acme.co.uk"),
        ("acme.com#pricing", "acme.com"),
        ("jo@acme.com", "acme.com"),
        ("mailto:Jo.Smith@Acme.com", "acme.com"),
        ("https://shop.acme.com/", "shop.acme.com"),
    ],
)
def test_normalize_domain_reduces_websites_and_emails_to_the_domain(raw, expected):
    assert _one(normalize_domain, raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "x@gmail.com",
        "gmail.com",
        "https://www.Gmail.com/",
        "jo@Hotmail.com",
        "someone@gmx.de",
    ],
)
def test_normalize_domain_drops_public_email_domains(raw):
    assert pd.isna(_one(normalize_domain, raw))


@pytest.mark.parametrize("raw", ["acme", "", "n/a", None])
def test_normalize_domain_leaves_values_without_a_domain_missing(raw):
    assert pd.isna(_one(normalize_domain, raw))


# --- industries -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("technolgy", "Technology"),
        ("Technology ", "Technology"),
        ("SaaS", "Technology"),
        ("Health Care", "Healthcare"),
        ("Healthcar", "Healthcare"),
        ("Financial Servcies", "Financial Services"),
        ("banking", "Financial Services"),
        ("Manufacturng", "Manufacturing"),
        ("Industrial", "Manufacturing"),
        ("Logistic", "Logistics"),
        ("Transportation", "Logistics"),
        ("Educaton", "Education"),
        ("Public Sector", "Government"),
        ("Govt", "Government"),
        ("Retial", "Retail"),
        ("E-Commerce", "Retail"),
        ("Profesional Services", "Professional Services"),
        ("Publishing", "Media"),
    ],
)
def test_normalize_industry_forgives_case_synonyms_and_typos(raw, expected):
    assert _one(normalize_industry, raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(name, name) for name in INDUSTRIES]
    + [(alias, name) for name, aliases in INDUSTRIES.items() for alias in aliases],
)
def test_normalize_industry_knows_every_name_of_the_taxonomy(raw, expected):
    assert _one(normalize_industry, raw) == expected


@pytest.mark.parametrize(
    "raw", ["Underwater basket weaving", "Real Estate", "Energy", "", None]
)
def test_normalize_industry_leaves_industries_outside_the_taxonomy_missing(raw):
    assert pd.isna(_one(normalize_industry, raw))


def test_normalize_industry_keeps_the_index_and_repeated_values():
    values = pd.Series(["SaaS", None, "SaaS", "x"], index=[3, 1, 2, 9])

    result = normalize_industry(values)

    expected = pd.Series(
        ["Technology", pd.NA, "Technology", pd.NA], index=[3, 1, 2, 9], dtype="string"
    )
    pd.testing.assert_series_equal(result, expected)


def test_normalize_industry_does_not_take_hotels_for_hospitals():
    assert pd.isna(_one(normalize_industry, "Hospitality"))


# --- countries, states and regions ------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("usa", "US"),
        ("US", "US"),
        ("us", "US"),
        ("United States", "US"),
        ("united states of america", "US"),
        ("Untied States", "US"),
        ("Deutschland", "DE"),
        ("Germny", "DE"),
        ("GB", "GB"),
        ("UK", "GB"),
        ("England", "GB"),
        ("Great Britain", "GB"),
        ("Holland", "NL"),
        ("México", "MX"),
        ("Mexico", "MX"),
        ("España", "ES"),
        ("Brasil", "BR"),
        ("Frnace", "FR"),
        ("in", "IN"),
        ("Canada", "CA"),
    ],
)
def test_normalize_country_maps_names_codes_and_typos_to_iso_codes(raw, expected):
    assert _one(normalize_country, raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(code, code) for code in COUNTRIES]
    + [(name, code) for code, (name, _, _) in COUNTRIES.items()],
)
def test_normalize_country_knows_every_reference_country(raw, expected):
    assert _one(normalize_country, raw) == expected


@pytest.mark.parametrize("raw", ["Atlantis", "Narnia", "Wakanda", "XX", "", None])
def test_normalize_country_leaves_unknown_countries_missing(raw):
    assert pd.isna(_one(normalize_country, raw))


def test_normalize_country_does_not_take_austria_for_australia():
    assert _one(normalize_country, "Austria") == "AT"
    assert _one(normalize_country, "Austrai") == "AT"
    assert pd.isna(_one(normalize_country, "Austr"))


def test_normalize_country_reads_a_dotted_abbreviation():
    assert normalize_country(_text("U.S.A.")).fillna("").iloc[0] == "US"


@pytest.mark.parametrize(
    ("state", "country", "expected"),
    [
        ("California", "US", "CA"),
        ("ca", "US", "CA"),
        ("new york", "US", "NY"),
        ("N.Y.", "US", "NY"),
        ("Texas ", "US", "TX"),
        ("Oregan", "US", "OR"),
        ("Ontario", "CA", "ON"),
        ("Québec", "CA", "QC"),
        ("Bavaria", "DE", "Bavaria"),
        (" NSW ", "AU", "NSW"),
        ("ENG", "GB", "ENG"),
        ("California", None, "California"),
    ],
)
def test_normalize_state_maps_north_american_states_and_keeps_other_regions(
    state, country, expected
):
    result = normalize_state(_text(state), _text(country))

    assert result.iloc[0] == expected


def test_normalize_state_leaves_unknown_north_american_states_missing():
    result = normalize_state(_text("Atlantis", None), _text("US", "CA"))

    assert result.isna().all()


@pytest.mark.parametrize(
    ("state", "code"), [("South Carolina", "SC"), ("Washington DC", "DC")]
)
def test_normalize_state_does_not_swap_one_state_for_another(state, code):
    result = normalize_state(_text(state), _text("US"))

    assert result.iloc[0] == code


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("US", "North America"),
        ("CA", "North America"),
        ("MX", "LATAM"),
        ("BR", "LATAM"),
        ("GB", "EMEA"),
        ("DE", "EMEA"),
        ("JP", "APAC"),
        ("SG", "APAC"),
    ],
)
def test_region_of_names_the_sales_region(country, expected):
    assert _one(region_of, country) == expected


def test_region_of_gives_every_reference_country_a_known_region():
    regions = region_of(pd.Series(list(COUNTRIES)))

    assert set(regions) == {"North America", "LATAM", "EMEA", "APAC"}


@pytest.mark.parametrize("country", ["XX", "Germany", None])
def test_region_of_leaves_unknown_codes_missing(country):
    assert pd.isna(_one(region_of, country))


# --- company names ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Acme, Inc.", "acme"),
        ("ACME GmbH", "acme"),
        ("Acme Co.", "acme"),
        ("Acme Corporation", "acme"),
        ("Acme Incorporated", "acme"),
        ("Acme S.A.", "acme"),
        ("Acme SA", "acme"),
        ("Acme Pty Ltd", "acme"),
        ("Acme plc", "acme"),
        ("Acme  Holdings  Ltd ", "acme holdings"),
        ("The Coca-Cola Company", "the coca cola"),
        ("Costco", "costco"),
        ("Agco Inc", "agco"),
    ],
)
def test_fold_name_drops_case_punctuation_and_legal_form(raw, expected):
    assert _one(fold_name, raw) == expected


def test_fold_name_drops_a_dotted_dutch_legal_form():
    assert fold_name(_text("Acme B.V.", "Acme BV")).nunique() == 1


def test_fold_name_keeps_companies_apart_that_differ_in_an_accented_letter():
    assert fold_name(_text("Müller GmbH", "Mäller GmbH")).nunique() == 2


# --- plain numbers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", 1.0), (" 2 ", 2.0), ("3.5", 3.5), ("1e3", 1000.0), ("-4", -4.0)],
)
def test_to_float_reads_numbers(raw, expected):
    assert _one(to_float, raw) == expected


@pytest.mark.parametrize("raw", ["x", "", "1,000", "$5", None])
def test_to_float_gives_nan_for_what_is_not_a_plain_number(raw):
    assert np.isnan(_one(to_float, raw))


def test_to_float_returns_plain_floats_with_the_index():
    result = to_float(pd.Series(["1", None, "2"], index=[5, 7, 9], dtype="string"))

    pd.testing.assert_series_equal(
        result, pd.Series([1.0, np.nan, 2.0], index=[5, 7, 9])
    )
