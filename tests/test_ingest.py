"""Ingest: every row kept or quarantined with a reason, bad files refused."""

import pandas as pd
import pytest

from segkit import InputError, Workspace, load_config
from segkit.ingest import ingest
from segkit.synth import write_market


@pytest.fixture
def market(tmp_path):
    config = write_market(tmp_path, n_accounts=300, seed=4, as_of="2026-12-01")
    return tmp_path, config


def test_counts_reconcile_and_every_account_is_kept(market):
    folder, config = market
    result = ingest(load_config(config), "2026Q4")
    summary = result.summary.set_index("source")
    kept_merged_quarantined = (
        summary["rows_kept"] + summary["rows_merged"] + summary["rows_quarantined"]
    )
    assert (summary["rows_read"] == kept_merged_quarantined).all()
    assert (
        summary["rows_kept"] == summary["matched_by_id"] + summary["matched_by_domain"]
    ).all()
    assert summary["rows_quarantined"].sum() == len(result.quarantine)

    # Every source id lands in exactly one unified account.
    raw = pd.read_csv(folder / "accounts.csv", dtype=str)
    source_ids = result.tables["accounts"]["source_ids"].str.split(";").explode()
    assert sorted(source_ids) == sorted(raw["account_id"])


def test_planted_duplicates_are_merged_and_nothing_else(market):
    folder, config = market
    truth = pd.read_csv(folder / "truth.csv", dtype=str)
    accounts = ingest(load_config(config), "2026Q4").tables["accounts"]
    company = accounts.assign(source=accounts["source_ids"].str.split(";"))
    company = company.explode("source").set_index("source")["account_id"]
    copies = truth.dropna(subset=["duplicate_of"])
    assert len(copies) > 0
    assert (
        company[copies["account_id"]].to_numpy()
        == company[copies["duplicate_of"]].to_numpy()
    ).all()
    assert len(accounts) == len(truth) - len(copies)


def test_subsidiaries_named_by_parent_name_join_their_family(market):
    folder, config = market
    raw = pd.read_csv(folder / "accounts.csv", dtype=str, keep_default_na=False)
    by_name = raw[raw["parent_name"] != ""]
    assert len(by_name) > 0
    accounts = ingest(load_config(config), "2026Q4").tables["accounts"]
    accounts = accounts.set_index("account_id")
    names = accounts.reset_index().set_index("name")["account_id"]
    for child, parent_name in by_name[["account_id", "parent_name"]].itertuples(
        index=False
    ):
        assert accounts.loc[child, "parent_account_id"] == names[parent_name]
        assert accounts.loc[child, "family_size"] > 1


def test_events_keyed_by_email_are_matched_by_domain(market):
    folder, config = market
    raw = pd.read_csv(folder / "engagement.csv", dtype=str, keep_default_na=False)
    by_email = raw[(raw["account_id"] == "") & ~raw["email"].str.endswith("gmail.com")]
    assert len(by_email) > 0
    result = ingest(load_config(config), "2026Q4")
    kept = Workspace(folder / "workspace.duckdb").read("2026Q4", "engagement")
    kept = kept.set_index("event_id")
    assert kept.loc[by_email["event_id"], "account_id"].notna().all()
    strays = raw[raw["email"].str.endswith("gmail.com") & (raw["account_id"] == "")]
    assert (result.quarantine["rule"] == "matches no account").sum() == len(strays)


def test_dirty_values_are_parsed(market):
    folder, config = market
    result = ingest(load_config(config), "2026Q4")
    accounts = result.tables["accounts"]
    raw = pd.read_csv(folder / "accounts.csv", dtype=str, keep_default_na=False)
    assert accounts["industry"].dropna().isin(
        ["Technology", "Financial Services", "Manufacturing", "Logistics",
         "Healthcare", "Education", "Government", "Retail",
         "Professional Services", "Media"]
    ).all()  # fmt: skip
    texty = raw["annual_revenue"].str.contains(r"[$A-Za-z ]", regex=True)
    assert texty.any()
    parsed = accounts.set_index("account_id").loc[raw.loc[texty, "account_id"]]
    assert parsed["annual_revenue"].notna().all()
    assert accounts["country"].str.len().eq(2).all()
    assert accounts["latitude"].notna().all()


def test_families_get_their_ultimate_parent(market):
    _, config = market
    accounts = ingest(load_config(config), "2026Q4").tables["accounts"]
    heads = accounts[accounts["family_size"] > 1]
    assert heads["family_id"].isin(accounts["account_id"]).all()
    parents = accounts.set_index("account_id")["parent_account_id"]
    for account, family in heads[["account_id", "family_id"]].itertuples(index=False):
        while pd.notna(parents[account]):
            account = parents[account]
        assert account == family


def test_parent_cycles_and_unknown_parents_are_reported(market):
    folder, config = market
    raw = pd.read_csv(folder / "accounts.csv", dtype=str, keep_default_na=False)
    raw.loc[0, "parent_account_id"] = raw.loc[1, "account_id"]
    raw.loc[1, "parent_account_id"] = raw.loc[0, "account_id"]
    raw.loc[2, "parent_account_id"] = "NOPE"
    raw.to_csv(folder / "accounts.csv", index=False)
    accounts = ingest(load_config(config), "2026Q4").tables["accounts"]
    issues = accounts.set_index("account_id")["parent_issue"]
    assert issues[raw.loc[0, "account_id"]] == "parent chain loops"
    assert issues[raw.loc[2, "account_id"]] == "parent account not found"
    assert accounts["family_id"].notna().all()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: p.unlink(), r"accounts file not found"),
        (lambda p: p.write_text(""), r"accounts file is empty"),
        (
            lambda p: p.write_text("id,name\nA1,Acme\n"),
            r"accounts lacks column\(s\) account_id; found id, name",
        ),
        (
            lambda p: p.write_text("account_id,name\nA1,Acme\nA1,Acme again\n"),
            r"duplicate ids A1 on rows 2, 3",
        ),
    ],
)
def test_bad_accounts_file_is_refused_and_nothing_written(market, damage, message):
    folder, config = market
    damage(folder / "accounts.csv")
    with pytest.raises(InputError, match=message):
        ingest(load_config(config), "2026Q4")
    assert not Workspace(folder / "workspace.duckdb").has("2026Q4", "accounts")


def test_too_many_rejected_rows_stop_the_ingest(market):
    folder, config = market
    events = pd.read_csv(folder / "engagement.csv", dtype=str, keep_default_na=False)
    events.loc[: len(events) // 5, "account_id"] = "UNKNOWN"
    events.to_csv(folder / "engagement.csv", index=False)
    message = (
        rf"engagement.csv: \d+ of {len(events)} engagement rows were rejected "
        r"\(2\d%\), more than the allowed 5%; most often 'account id not in "
        r"accounts' \(rows 2, 3, 4"
    )
    with pytest.raises(InputError, match=message):
        ingest(load_config(config), "2026Q4")


def test_failed_ingest_keeps_the_previous_snapshot(market):
    folder, config = market
    ingest(load_config(config), "2026Q4")
    before = Workspace(folder / "workspace.duckdb").read("2026Q4", "accounts")
    (folder / "opportunities.csv").write_text("nothing useful\n1\n")
    with pytest.raises(InputError):
        ingest(load_config(config), "2026Q4")
    after = Workspace(folder / "workspace.duckdb").read("2026Q4", "accounts")
    pd.testing.assert_frame_equal(before, after)


def test_column_mapping_renames_export_columns(market):
    folder, config = market
    reps = pd.read_csv(folder / "reps.csv").rename(columns={"rep_id": "Rep ID"})
    reps.to_csv(folder / "reps.csv", index=False)
    text = config.read_text().replace(
        'reps = "reps.csv"',
        'reps = { path = "reps.csv", columns = { "Rep ID" = "rep_id" } }',
    )
    config.write_text(text)
    result = ingest(load_config(config), "2026Q4")
    assert len(result.tables["reps"]) == len(reps)
