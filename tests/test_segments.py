"""Segments: few, readable, stable, and close to the planted truth."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from segkit import Workspace
from segkit.segments import assign_segments, find_segments
from tests.conftest import QUARTER


def test_segments_recover_the_planted_segments(staged, truth):
    found = staged["segments"].assignments.merge(truth, on="account_id")
    in_market = found[found["segment"] >= 0]
    assert adjusted_rand_score(in_market["true_segment"], in_market["segment"]) > 0.5


def test_segment_count_stays_within_bounds(staged):
    segments = staged["segments"].segments
    settings = staged["config"]["segments"]
    assert settings["min_segments"] <= len(segments) <= settings["max_segments"]
    assert segments["segment_name"].is_unique


def test_every_segment_has_a_rule_profile_and_stability(staged):
    segments = staged["segments"].segments
    assert segments["rule"].str.len().gt(0).all()
    assert segments["stability"].between(0, 1).all()
    assert segments["accounts"].sum() == len(staged["segments"].assignments)
    assert staged["segments"].quality["stability_ari"] > 0.7


def test_rules_assign_the_same_segments_to_the_same_accounts(staged):
    config = staged["config"]
    workspace = Workspace(config.store_path)
    features = workspace.read(QUARTER, "account_features")
    market = features[features["in_market"]].reset_index(drop=True)
    tree, columns = workspace.read_object(QUARTER, "segment_rules")
    again = assign_segments(tree, columns, market)
    stored = workspace.read(QUARTER, "segments").set_index("account_id")
    np.testing.assert_array_equal(again, stored.loc[market["account_id"], "segment"])


def test_same_seed_same_segments(staged):
    features = Workspace(staged["config"].store_path).read(QUARTER, "account_features")
    first = find_segments(features, seed=3, n_resamples=2)
    second = find_segments(features, seed=3, n_resamples=2)
    pd.testing.assert_frame_equal(first.assignments, second.assignments)
    pd.testing.assert_frame_equal(first.segments, second.segments)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"n_segments": 40},
            r"n_segments=40 should be 0 \(choose\) or between 2 and 12",
        ),
        ({"min_segments": 5, "max_segments": 3}, r"2 <= min_segments <= max_segments"),
        ({"max_segments": 12, "rows": 60}, r"60 accounts are too few for 12 segments"),
    ],
)
def test_bad_segment_settings_are_refused(staged, options, message):
    features = Workspace(staged["config"].store_path).read(QUARTER, "account_features")
    rows = options.pop("rows", len(features))
    with pytest.raises(ValueError, match=message):
        find_segments(features.head(rows), **options)
