"""Date arithmetic by dateparser: each end of a date resolved against the DCT, in the
direction the text points, at the precision written; the DCT moves year-less results."""

from __future__ import annotations

import pytest

from conftest import hand_doc, load_table
from pipeline.extraction.date_atoms import Point, dateparser_month_names
from pipeline.extraction.date_norm import anchor_for, iso, normalize_range, resolve
from pipeline.extraction.dates import find_dates
from pipeline.extraction.extract import Context
from pipeline.resources import load
from pipeline.tagging.textnorm import fold

CASES = load_table("date_norm")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_point_resolves_against_the_dct(case):
    anchor = anchor_for(case["published"], None)
    point = resolve(Point(*case["point"]), anchor.pointing(case["upcoming"]) if anchor else None)
    assert (iso(point) if point else None) == case["expect"]


def test_without_dct_a_yearless_date_takes_the_latest_written_year():
    assert normalize_range(Point(None, 12, 15), Point(None, 12, 15), anchor_for(None, 2021)) == {
        "start": "2021-12-15", "end": "2021-12-15"}
    assert normalize_range(Point(None, 12, 15), Point(None, 12, 15), anchor_for(None, None)) is None


@pytest.mark.parametrize("words,expect", [
    (["15", "दिसंबर", "को", "बैठक", "हुई", "।"], {"2024-06-01": "2023-12-15", "2025-01-20": "2024-12-15"}),
    (["15", "दिसंबर", "को", "होने", "वाली", "बैठक", "।"], {"2024-06-01": "2024-12-15", "2025-01-20": "2025-12-15"}),
    (["15", "दिसंबर", "2022", "को", "बैठक", "हुई", "।"], {"2024-06-01": "2022-12-15", "2025-01-20": "2022-12-15"}),
])
def test_a_dct_change_moves_yearless_results_only(words, expect):
    got = {published: find_dates(hand_doc(words), Context(published=published))[0].norm["start"]
           for published in expect}
    assert got == expect


def test_hand_month_list_keeps_only_spellings_dateparser_lacks():
    known = dateparser_month_names()
    hand = [fold(name) for names in load("months")["months"].values() for name in names]
    assert hand and not [name for name in hand if name in known]
