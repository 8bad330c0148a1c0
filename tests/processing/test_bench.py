"""`make bench` judges each figure against its target; the in-run ratio is the issues' measure."""

from __future__ import annotations

import pytest

from pipeline.processing.bench import _status


@pytest.mark.parametrize("key,value,expected", [
    ("ratio_in_run", 1.145, "met (<= 1.15)"),
    ("ratio_in_run", 1.155, "NOT met (<= 1.15)"),
    ("ratio_total_to_stanza", 0.99, "met (<= 1.15)"),
    ("speedup_2_workers", 1.27, "NOT met (>= 1.7)"),
])
def test_each_figure_is_judged_against_its_target(key, value, expected):
    assert _status(key, value) == expected
