"""A messy export, written row by row, unifies with every count accounted for."""

import pandas as pd
import pytest

from segkit import Workspace, load_config
from segkit.ingest import ingest

HEADER = [
    "account_id", "name", "website", "parent_account_id", "parent_name",
    "industry", "employees", "annual_revenue", "country", "state", "postal_code",
]  # fmt: skip
ACCOUNTS = (
    ";".join(HEADER)
    + """
A1;Acme, Inc.;acme.com;;;technolgy;51-200;$1,234,000;usa;California;02134
A2;ACME INC;https://www.acme.com/contact;;;Software;;1.2M;United States;CA;
A3;Beta GmbH;beta.de;;;Manufacturng;10,000+;€3 400 000;Deutschland;;10115
A4;beta;;;;Industrial;;;Germany;;
A5;Gamma Holdings;gamma.com;;;Finance;5000;;US;Gotham;10001
A6;Gamma Europe;gamma.co.uk;;Gamma Holdings;Finance;300;;United Kingdom;;
A7;Delta;delta.io;A5;;Retial;12;;US;TX;
A8;;nameless.com;;;Media;10;;US;;
A9;Omega Ltd;omega.com;;;Media;-5;;US;;
A10;Café Müller SARL;cafe-muller.fr;;;Retail;8;3.400,50 EUR;France;;75001
"""
)
OPPORTUNITIES = """\
opportunity_id,account_id,stage,amount,created_date,close_date
O1,A2,Closed Won,"€3 400,50",2026-01-05,2026-03-01
O2,A9,Closed Lost,1000,2026-02-01,2026-04-01
O3,A3,Open,lots,2026-09-01,
O4,A5,Closed Won,"$12,000",03/15/2026,05/01/2026
O4,A6,Open,500,2026-10-01,
"""
ENGAGEMENT = """\
event_id,account_id,email,event_type,occurred_at
E1,A1,,web_visit,2026-11-01T10:00:00
E2,,jane@acme.com,email_click,2026-11-02T10:00:00
E3,,joe@gmail.com,web_visit,2026-11-03T10:00:00
E4,A4,,event_attendance,11/04/2026
E5,A404,,web_visit,2026-11-05
E6,,ops@delta.io,content_download,not a date
"""
REPS = """\
rep_id,name,region
R1,Ana Silva,North America
R2,Ben Meyer,EMEA
R3,Chloe Kim,Antarctica
"""


@pytest.fixture
def messy(tmp_path):
    (tmp_path / "accounts.csv").write_bytes(ACCOUNTS.encode("cp1252"))
    (tmp_path / "opportunities.csv").write_text(OPPORTUNITIES, encoding="utf-8-sig")
    (tmp_path / "engagement.csv").write_text(ENGAGEMENT)
    (tmp_path / "reps.csv").write_text(REPS)
    (tmp_path / "segkit.toml").write_text(
        '[sources]\naccounts = "accounts.csv"\nopportunities = "opportunities.csv"\n'
        'engagement = "engagement.csv"\nreps = "reps.csv"\n'
        "[ingest]\nmax_rejected_share = 0.9\n"
    )
    result = ingest(load_config(tmp_path / "segkit.toml"), "2026Q4")
    return tmp_path, result


def test_counts_reconcile_exactly(messy):
    _, result = messy
    summary = result.summary.set_index("source")
    expected = {
        # read, kept, merged, quarantined, by id, by domain
        "accounts": (10, 6, 2, 2, 6, 0),
        "opportunities": (5, 2, 0, 3, 2, 0),
        "engagement": (6, 3, 0, 3, 2, 1),
        "usage": (0, 0, 0, 0, 0, 0),
        "notes": (0, 0, 0, 0, 0, 0),
        "reps": (3, 2, 0, 1, 2, 0),
    }
    columns = ["rows_read", "rows_kept", "rows_merged", "rows_quarantined",
               "matched_by_id", "matched_by_domain"]  # fmt: skip
    found = {name: tuple(summary.loc[name, columns]) for name in expected}
    assert found == expected


def test_duplicates_merge_by_domain_and_by_name(messy):
    _, result = messy
    accounts = result.tables["accounts"].set_index("account_id")
    assert accounts.loc["A1", "source_ids"] == "A1;A2"
    assert accounts.loc["A3", "source_ids"] == "A3;A4"
    # The most complete row wins; gaps are filled from the other rows.
    assert accounts.loc["A1", "state"] == "CA"
    assert accounts.loc["A1", "postal_code"] == "02134"


def test_values_are_parsed_and_normalized(messy):
    _, result = messy
    accounts = result.tables["accounts"].set_index("account_id")
    assert accounts.loc["A1", "industry"] == "Technology"
    assert accounts.loc["A1", "employees"] == 125.5
    assert accounts.loc["A1", "annual_revenue"] == 1_234_000
    assert accounts.loc["A3", "industry"] == "Manufacturing"
    assert accounts.loc["A3", "employees"] == 10_000
    assert accounts.loc["A3", "annual_revenue"] == 3_400_000
    assert accounts.loc["A3", "country"] == "DE"
    assert accounts.loc["A3", "region"] == "EMEA"
    assert accounts.loc["A7", "industry"] == "Retail"
    assert accounts.loc["A10", "name"] == "Café Müller SARL"
    assert accounts.loc["A10", "annual_revenue"] == 3400.5


def test_accounts_are_placed_and_what_failed_is_reported(messy):
    _, result = messy
    accounts = result.tables["accounts"].set_index("account_id")
    assert accounts.loc["A1", "geo_source"] == "postal code"
    assert accounts.loc["A1", "latitude"] == pytest.approx(42.35, abs=0.1)
    assert accounts.loc["A3", "geo_source"] == "country"
    issues = result.issues.set_index(["column", "rule"])
    state = issues.loc[("state", "not a US state or Canadian province")]
    assert (state["count"], state["examples"]) == (1, "Gotham")


def test_families_by_id_and_by_parent_name(messy):
    _, result = messy
    accounts = result.tables["accounts"].set_index("account_id")
    assert accounts.loc["A6", "parent_account_id"] == "A5"
    assert accounts.loc["A7", "family_id"] == "A5"
    assert accounts.loc["A5", "family_size"] == 3


def test_every_rejected_row_has_its_reason(messy):
    _, result = messy
    reasons = {
        (row.source, row.row, row.rule) for row in result.quarantine.itertuples()
    }
    assert reasons == {
        ("accounts", 9, "name is missing"),
        ("accounts", 10, "employees should be 0 or more"),
        ("opportunities", 3, "account id not in accounts"),
        ("opportunities", 4, "amount is not an amount of money"),
        ("opportunities", 6, "opportunity_id repeats an earlier row"),
        ("engagement", 4, "matches no account"),
        ("engagement", 6, "account id not in accounts"),
        ("engagement", 7, "occurred_at is not a date"),
        ("reps", 4, "region should be one of APAC, EMEA, LATAM, North America"),
    }
    bad_amount = result.quarantine.query("rule == 'amount is not an amount of money'")
    assert bad_amount["value"].tolist() == ["lots"]


def test_activity_follows_merged_ids(messy):
    folder, result = messy
    opportunities = result.tables["opportunities"].set_index("opportunity_id")
    assert opportunities.loc["O1", "account_id"] == "A1"
    assert opportunities.loc["O1", "amount"] == 3400.5
    store = Workspace(folder / "data" / "workspace.duckdb")
    engagement = store.read("2026Q4", "engagement")
    assert engagement.set_index("event_id")["account_id"].to_dict() == {
        "E1": "A1",
        "E2": "A1",
        "E4": "A3",
    }
    assert pd.api.types.is_datetime64_any_dtype(engagement["occurred_at"])
