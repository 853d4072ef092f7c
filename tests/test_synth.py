"""Tests for the sample market generator."""

import pandas as pd
import pytest

import segkit
from segkit._parse import normalize_industry, parse_count, parse_money, to_float
from segkit._reference import INDUSTRIES
from segkit.synth import generate_market, write_market

AS_OF = "2026-12-01"
EXPORTS = ["accounts", "opportunities", "engagement", "usage", "notes", "reps"]


@pytest.fixture(scope="module")
def market():
    return generate_market(2000, seed=7, as_of=AS_OF)


def _ultimate_parents(accounts):
    """Each account's ultimate parent, following parent_account_id upwards."""
    parent_of = (
        accounts.set_index("account_id")["parent_account_id"].fillna("").to_dict()
    )
    roots = {}
    for account in parent_of:
        root, seen = account, {account}
        while parent_of.get(root):
            root = parent_of[root]
            assert root not in seen, f"{account} sits in a loop of parents"
            seen.add(root)
        roots[account] = root
    return pd.Series(roots)


def _in_family(accounts):
    parent = accounts["parent_account_id"].fillna("")
    return (parent != "") | accounts["account_id"].isin(parent)


# --- reproducibility --------------------------------------------------------


def test_the_same_seed_gives_the_same_market():
    first = generate_market(300, seed=3, as_of=AS_OF)
    second = generate_market(300, seed=3, as_of=AS_OF)

    assert list(first) == [*EXPORTS, "truth"]
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name], obj=name)


def test_a_different_seed_gives_a_different_market():
    first = generate_market(300, seed=3, as_of=AS_OF)
    second = generate_market(300, seed=4, as_of=AS_OF)

    assert not first["accounts"].equals(second["accounts"])
    assert not first["truth"].equals(second["truth"])


# --- accounts and families --------------------------------------------------


@pytest.mark.parametrize("n_accounts", [50, 300, 1000])
def test_the_export_holds_one_row_per_account(n_accounts):
    market = generate_market(n_accounts, seed=1, as_of=AS_OF)
    copies = market["truth"]["duplicate_of"].notna()

    assert len(market["accounts"]) == n_accounts + copies.sum()
    assert 0 < copies.sum() <= 0.02 * n_accounts + 1
    assert market["accounts"]["account_id"].is_unique
    assert len(market["truth"]) == len(market["accounts"])


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_about_one_account_in_ten_belongs_to_a_family(seed):
    accounts = generate_market(1000, seed=seed, as_of=AS_OF)["accounts"]

    assert 0.05 <= _in_family(accounts).mean() <= 0.15


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_every_family_has_2_to_30_members(seed):
    accounts = generate_market(1000, seed=seed, as_of=AS_OF)["accounts"]

    roots = _ultimate_parents(accounts)[_in_family(accounts).to_numpy()]
    sizes = roots.value_counts()

    assert sizes.between(2, 30).all(), sizes[~sizes.between(2, 30)].to_dict()


def test_every_parent_is_an_account_of_the_export(market):
    accounts = market["accounts"]
    parent = accounts["parent_account_id"].fillna("")

    named = parent[parent != ""]
    assert len(named) > 0
    assert named.isin(accounts["account_id"]).all()
    assert not (parent == accounts["account_id"]).any()


def test_revenue_rises_with_employees(market):
    accounts = market["accounts"]
    employees = to_float(accounts["employees"])
    revenue = to_float(accounts["annual_revenue"])
    both = employees.notna() & revenue.notna()

    assert both.sum() > 1500
    assert employees[both].corr(revenue[both], method="spearman") > 0.5


# --- dirt -------------------------------------------------------------------


def test_some_revenue_is_written_as_text_that_segkit_can_read(market):
    revenue = market["accounts"]["annual_revenue"]

    as_text = revenue.notna() & to_float(revenue).isna()

    assert as_text.sum() > 0
    assert parse_money(revenue[as_text]).notna().all()


def test_some_employee_counts_are_written_as_ranges_that_segkit_can_read(market):
    employees = market["accounts"]["employees"].astype("string")

    ranges = employees.str.fullmatch(r"[\d,]+-[\d,]+|[\d,]+\+", na=False)

    assert ranges.sum() > 0
    assert parse_count(employees[ranges]).notna().all()


def test_some_industries_fall_outside_the_taxonomy_but_map_back_onto_it(market):
    industry = market["accounts"]["industry"]

    dirty = industry.notna() & ~industry.isin(list(INDUSTRIES))

    assert dirty.sum() > 0
    assert normalize_industry(industry[dirty]).isin(list(INDUSTRIES)).all()


def test_some_values_are_missing(market):
    accounts = market["accounts"]

    for column in ["employees", "annual_revenue", "industry", "latitude"]:
        assert accounts[column].isna().any(), column


# --- truth ------------------------------------------------------------------


def test_truth_holds_the_planted_answers(market):
    truth = market["truth"]

    assert list(truth.columns) == [
        "account_id",
        "true_segment",
        "true_win_probability",
        "future_won",
        "duplicate_of",
    ]
    assert truth["account_id"].tolist() == market["accounts"]["account_id"].tolist()
    assert truth["true_win_probability"].between(0, 1).all()
    assert truth["true_segment"].nunique() == 4


def test_future_outcome_is_missing_exactly_for_accounts_with_a_closed_deal(market):
    opportunities = market["opportunities"]
    closed_stages = ["Closed Won", "Closed Lost"]
    closed = opportunities.loc[opportunities["stage"].isin(closed_stages)]
    truth = market["truth"]
    company = truth["duplicate_of"].fillna(truth["account_id"])

    has_closed_deal = company.isin(closed["account_id"])

    assert has_closed_deal.any() and not has_closed_deal.all()
    assert (truth["future_won"].isna() == has_closed_deal).all()


def test_customers_are_the_accounts_with_a_won_deal(market):
    opportunities = market["opportunities"]
    won = opportunities.loc[opportunities["stage"] == "Closed Won", "account_id"]
    accounts = market["accounts"]
    truth = market["truth"].set_index("account_id")
    company = truth["duplicate_of"].fillna(pd.Series(truth.index, truth.index))

    is_customer = accounts["is_customer"].astype(bool)

    assert (is_customer == company[accounts["account_id"]].isin(won).to_numpy()).all()


# --- writing ----------------------------------------------------------------


def test_write_market_writes_every_export_and_a_config(tmp_path):
    out = tmp_path / "sample" / "market"

    config_path = write_market(out, 300, seed=5, as_of=AS_OF)

    assert config_path == out / "segkit.toml"
    written = sorted(path.name for path in out.iterdir())
    expected = sorted([f"{name}.csv" for name in [*EXPORTS, "truth"]])
    assert written == sorted([*expected, "segkit.toml"])
    accounts = pd.read_csv(out / "accounts.csv", dtype="string")
    truth = pd.read_csv(out / "truth.csv", dtype="string")
    assert len(accounts) == 300 + truth["duplicate_of"].notna().sum()


def test_the_written_config_keeps_the_workspace_inside_the_output_folder(tmp_path):
    out = tmp_path / "market"

    config = segkit.load_config(write_market(out, 300, seed=5, as_of=AS_OF))

    folder = out.resolve()
    assert config.store_path == folder / "workspace.duckdb"
    assert config.reports_dir == folder / "reports"
    assert config.seed == 5
    assert set(config.sources) == set(EXPORTS)
    for name, spec in config.sources.items():
        assert spec["path"] == folder / f"{name}.csv"
        assert spec["path"].is_file()


def test_the_written_market_matches_the_generated_one(tmp_path):
    write_market(tmp_path, 300, seed=5, as_of=AS_OF)
    market = generate_market(300, seed=5, as_of=AS_OF)

    written = pd.read_csv(tmp_path / "truth.csv")

    assert written["account_id"].tolist() == market["truth"]["account_id"].tolist()
    assert written["true_segment"].tolist() == market["truth"]["true_segment"].tolist()


@pytest.mark.parametrize("n_accounts", [49, 10, 0, -5])
def test_a_market_below_50_accounts_raises_value_error(n_accounts):
    with pytest.raises(ValueError, match=f"n_accounts={n_accounts} should be at least"):
        generate_market(n_accounts, as_of=AS_OF)


def test_write_market_below_50_accounts_writes_no_file(tmp_path):
    with pytest.raises(ValueError, match="n_accounts=20 should be at least 50"):
        write_market(tmp_path / "market", 20, as_of=AS_OF)

    assert list(tmp_path.rglob("*.*")) == []
