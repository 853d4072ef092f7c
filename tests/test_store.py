"""Tests for the workspace store: one DuckDB file, one snapshot per quarter."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from segkit import StoreError, Workspace, check_quarter, current_quarter
from segkit._store import previous_quarter, quarter_end


@pytest.fixture
def workspace(tmp_path):
    return Workspace(tmp_path / "store" / "workspace.duckdb")


def _accounts(*ids):
    return pd.DataFrame(
        {
            "account_id": list(ids),
            "employees": [10 * (i + 1) for i in range(len(ids))],
            "annual_revenue": [1.5e6 * (i + 1) for i in range(len(ids))],
        }
    )


def _ids(workspace, quarter, table="accounts"):
    return workspace.read(quarter, table)["account_id"].tolist()


# --- tables -----------------------------------------------------------------


def test_a_written_table_reads_back_with_its_values(workspace):
    workspace.write("2026Q4", {"accounts": _accounts("A1", "A2")})

    accounts = workspace.read("2026Q4", "accounts")

    assert accounts.to_dict("list") == {
        "account_id": ["A1", "A2"],
        "employees": [10, 20],
        "annual_revenue": [1.5e6, 3e6],
    }


def test_the_first_write_creates_the_file_and_its_folder(workspace):
    assert not workspace.path.parent.exists()

    workspace.write("2026Q4", {"accounts": _accounts("A1")})

    assert workspace.path.is_file()


def test_looking_into_an_empty_workspace_creates_no_file(workspace):
    assert workspace.quarters() == []
    assert not workspace.has("2026Q4", "accounts")
    assert not workspace.path.exists()


def test_has_tells_which_tables_a_quarter_holds(workspace):
    workspace.write("2026Q4", {"accounts": _accounts("A1")})

    assert workspace.has("2026Q4", "accounts")
    assert not workspace.has("2026Q4", "territories")
    assert not workspace.has("2026Q3", "accounts")


def test_a_write_replaces_its_tables_and_keeps_the_others(workspace):
    reps = pd.DataFrame({"rep_id": ["R001"], "region": ["EMEA"]})
    workspace.write("2026Q4", {"accounts": _accounts("A1", "A2"), "reps": reps})

    workspace.write("2026Q4", {"accounts": _accounts("B1")})

    assert _ids(workspace, "2026Q4") == ["B1"]
    assert workspace.read("2026Q4", "reps")["rep_id"].tolist() == ["R001"]


def test_a_write_can_change_a_tables_columns(workspace):
    workspace.write("2026Q4", {"accounts": _accounts("A1")})

    workspace.write("2026Q4", {"accounts": pd.DataFrame({"account_id": ["A1"]})})

    assert list(workspace.read("2026Q4", "accounts").columns) == ["account_id"]


def test_mixed_text_and_numbers_are_stored_as_text(workspace):
    frame = pd.DataFrame({"postal_code": pd.Series([10115, "EC1A 1BB", None])})

    workspace.write("2026Q4", {"accounts": frame})

    stored = workspace.read("2026Q4", "accounts")["postal_code"]
    assert stored.iloc[:2].tolist() == ["10115", "EC1A 1BB"]
    assert pd.isna(stored.iloc[2])


def test_a_write_leaves_the_callers_frame_as_it_was(workspace):
    frame = pd.DataFrame(
        {"postal_code": pd.Series([10115, "EC1A 1BB"], dtype=object)}, index=[7, 3]
    )
    before = frame.copy()

    workspace.write("2026Q4", {"accounts": frame})

    pd.testing.assert_frame_equal(frame, before)


def test_the_index_of_a_frame_is_not_stored(workspace):
    frame = _accounts("A1", "A2").set_axis([7, 3])

    workspace.write("2026Q4", {"accounts": frame})

    assert list(workspace.read("2026Q4", "accounts").columns) == [
        "account_id",
        "employees",
        "annual_revenue",
    ]


# --- quarters ---------------------------------------------------------------


def test_each_quarter_keeps_its_own_snapshot(workspace):
    workspace.write("2026Q4", {"accounts": _accounts("A1", "A2")})

    workspace.write("2026Q3", {"accounts": _accounts("B1")})

    assert _ids(workspace, "2026Q4") == ["A1", "A2"]
    assert _ids(workspace, "2026Q3") == ["B1"]


def test_quarters_lists_every_snapshot_oldest_first(workspace):
    for quarter in ["2026Q4", "2025Q4", "2026Q1"]:
        workspace.write(quarter, {"accounts": _accounts("A1")})

    assert workspace.quarters() == ["2025Q4", "2026Q1", "2026Q4"]


def test_a_lower_case_quarter_names_the_same_snapshot(workspace):
    workspace.write("2026q4", {"accounts": _accounts("A1")})

    assert _ids(workspace, "2026Q4") == ["A1"]
    assert workspace.has("2026q4", "accounts")
    assert workspace.quarters() == ["2026Q4"]


# --- errors -----------------------------------------------------------------


def test_reading_an_empty_workspace_raises_store_error(workspace):
    with pytest.raises(StoreError, match="quarter 2026Q4 has no table 'accounts'"):
        workspace.read("2026Q4", "accounts")


@pytest.mark.parametrize(
    ("quarter", "table"), [("2026Q4", "territories"), ("2026Q3", "accounts")]
)
def test_reading_a_missing_table_raises_store_error_naming_it(
    workspace, quarter, table
):
    workspace.write("2026Q4", {"accounts": _accounts("A1")})

    with pytest.raises(StoreError, match=f"quarter {quarter} has no table '{table}'"):
        workspace.read(quarter, table)


def test_store_error_tells_how_to_write_the_missing_table(workspace):
    with pytest.raises(StoreError, match="run the stage that writes it first"):
        workspace.read("2026Q4", "segments")


@pytest.mark.parametrize("table", ["Accounts", "bad-name", "1st", "drop table x", ""])
def test_a_bad_table_name_raises_value_error(workspace, table):
    with pytest.raises(ValueError, match="should be lower-case letters, digits"):
        workspace.write("2026Q4", {table: _accounts("A1")})


@pytest.mark.parametrize("quarter", ["2026Q5", "Q4", "last quarter"])
def test_a_bad_quarter_raises_value_error_before_writing(workspace, quarter):
    with pytest.raises(ValueError, match="should look like 2026Q4"):
        workspace.write(quarter, {"accounts": _accounts("A1")})

    assert workspace.quarters() == []


def test_a_failed_write_leaves_the_earlier_snapshot_untouched(workspace):
    workspace.write("2026Q4", {"accounts": _accounts("A1", "A2")})

    with pytest.raises(ValueError, match="table='Bad-Name'"):
        workspace.write(
            "2026Q4",
            {
                "accounts": _accounts("B1"),
                "opportunities": pd.DataFrame({"opportunity_id": ["O1"]}),
                "Bad-Name": _accounts("C1"),
            },
        )

    assert _ids(workspace, "2026Q4") == ["A1", "A2"]
    assert not workspace.has("2026Q4", "opportunities")


def test_a_failed_write_to_a_new_quarter_leaves_no_snapshot(workspace):
    workspace.write("2026Q4", {"accounts": _accounts("A1")})

    with pytest.raises(ValueError, match="table='Bad'"):
        workspace.write("2027Q1", {"accounts": _accounts("B1"), "Bad": _accounts()})

    assert workspace.quarters() == ["2026Q4"]


# --- objects ----------------------------------------------------------------


def test_an_object_reads_back_equal(workspace):
    model = {
        "weights": np.array([0.5, -1.25, 2.0]),
        "features": ["employees", "annual_revenue"],
        "centers": pd.DataFrame({"size": [1.0, 2.0]}),
    }

    workspace.write_object("2026Q4", "icp_model", model)
    found = workspace.read_object("2026Q4", "icp_model")

    np.testing.assert_array_equal(found["weights"], model["weights"])
    assert found["features"] == model["features"]
    pd.testing.assert_frame_equal(found["centers"], model["centers"])


def test_an_object_belongs_to_its_quarter(workspace):
    workspace.write_object("2026Q4", "icp_model", {"version": 4})
    workspace.write_object("2026Q3", "icp_model", {"version": 3})

    assert workspace.read_object("2026Q4", "icp_model") == {"version": 4}
    assert workspace.read_object("2026Q3", "icp_model") == {"version": 3}


def test_an_object_sits_beside_the_tables_of_its_snapshot(workspace):
    workspace.write("2026Q4", {"accounts": _accounts("A1")})

    workspace.write_object("2026Q4", "icp_model", [1, 2, 3])

    assert _ids(workspace, "2026Q4") == ["A1"]
    assert workspace.read_object("2026Q4", "icp_model") == [1, 2, 3]


def test_reading_a_missing_object_raises_store_error(workspace):
    workspace.write_object("2026Q4", "icp_model", [1])

    with pytest.raises(StoreError, match="no table 'object_segment_model'"):
        workspace.read_object("2026Q4", "segment_model")


# --- quarter names ----------------------------------------------------------


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [("2026Q4", "2026Q4"), ("2026q3", "2026Q3"), (" 2026q2 ", "2026Q2")],
)
def test_check_quarter_accepts_any_case(quarter, expected):
    assert check_quarter(quarter) == expected


@pytest.mark.parametrize("quarter", ["", None])
def test_check_quarter_falls_back_to_the_current_quarter(quarter):
    assert check_quarter(quarter) == current_quarter()


@pytest.mark.parametrize(
    "quarter", ["2026Q5", "2026Q0", "26Q4", "2026-Q4", "Q4 2026", "2026", "2026Q44"]
)
def test_check_quarter_rejects_other_names(quarter):
    with pytest.raises(ValueError, match=r"should look like 2026Q4: a year, Q, then"):
        check_quarter(quarter)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 1, 1), "2026Q1"),
        (dt.date(2026, 3, 31), "2026Q1"),
        (dt.date(2026, 4, 1), "2026Q2"),
        (dt.date(2026, 9, 30), "2026Q3"),
        (dt.date(2026, 10, 1), "2026Q4"),
        (dt.date(2026, 12, 31), "2026Q4"),
    ],
)
def test_current_quarter_names_the_calendar_quarter(today, expected):
    assert current_quarter(today) == expected


def test_current_quarter_defaults_to_today():
    assert current_quarter() == current_quarter(dt.date.today())


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [
        ("2026Q1", "2026-03-31"),
        ("2026Q2", "2026-06-30"),
        ("2026Q3", "2026-09-30"),
        ("2026Q4", "2026-12-31"),
        ("2024q1", "2024-03-31"),
    ],
)
def test_quarter_end_is_the_last_day_of_the_quarter(quarter, expected):
    assert quarter_end(quarter) == pd.Timestamp(expected)


def test_quarter_end_rejects_a_bad_quarter():
    with pytest.raises(ValueError, match="quarter='2026Q9' should look like 2026Q4"):
        quarter_end("2026Q9")


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [("2026Q1", "2025Q4"), ("2026Q2", "2026Q1"), ("2026Q4", "2026Q3")],
)
def test_previous_quarter_steps_back_across_years(quarter, expected):
    assert previous_quarter(quarter) == expected


def test_previous_quarter_accepts_a_lower_case_quarter():
    assert previous_quarter("2026q1") == "2025Q4"


def test_previous_quarter_rejects_a_bad_quarter():
    with pytest.raises(ValueError, match="should look like 2026Q4"):
        previous_quarter("2026Q5")
