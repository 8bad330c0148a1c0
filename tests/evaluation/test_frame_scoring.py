"""Frame-level scoring (pipeline/evaluation/frame_scoring.py `score_frames`) and its report section, exact numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.evaluation.frame_scoring import score_frames
from pipeline.evaluation.scoring import ScoringError

SHA = "0" * 64
JP = {"name": "Japan", "country": "JP", "level": "country"}
IN = {"name": "India", "country": "IN", "level": "country"}
Y2024 = {"start": "2024", "end": "2024"}
USD = {"kind": "money", "value": 100, "currency": "USD"}


def m(kind, start, end, norm):
    return {"type": kind, "start": start, "end": end, "text": "x" * (end - start), "norm": norm}


GOLD_MENTIONS = [
    m("PARTNER", 0, 5, JP), m("EVENT", 10, 14, {"event_type": "MEETING"}), m("DATE", 20, 24, Y2024),
    m("AMOUNT", 30, 35, USD), m("EVENT", 40, 44, {"event_type": "AID"}), m("PARTNER", 45, 50, IN),
]
GOLD_EVENTS = [
    {"event_type": "MEETING", "trigger": {"start": 10, "end": 14}, "partners": [{"start": 0, "end": 5}],
     "date": [{"start": 20, "end": 24}], "amounts": [{"start": 30, "end": 35}]},
    {"event_type": "AID", "trigger": {"start": 40, "end": 44}, "partners": [{"start": 45, "end": 50}],
     "date": [], "amounts": []},
]


def arg(mid, start, end, norm, inherited=False):
    return {"id": mid, "text": "x" * (end - start), "start": start, "end": end, "norm": norm, "inherited": inherited}


def frame(eid, event_type, trigger, partners=(), date=None, amounts=()):
    return {"id": eid, "event_type": event_type, "plover": "CONSULT",
            "trigger": {"id": "m9", "text": "x", "start": trigger[0], "end": trigger[1]},
            "partners": list(partners), "date": date, "amounts": list(amounts), "subject": None,
            "sentence": {"start": 0, "end": 70, "text": ""}}


PRED_EVENTS = [
    # same values, the partner at another occurrence: counts at norm level
    frame("e1", "MEETING", (10, 14), [arg("m1", 60, 65, JP)], arg("m2", 20, 24, Y2024), [arg("m3", 30, 35, USD)]),
    # trigger right, partner wrong
    frame("e2", "AID", (40, 44), [arg("m4", 0, 5, JP)]),
    # a trigger gold does not have, with a date
    frame("e3", "VISIT", (66, 70), date=arg("m5", 20, 24, Y2024)),
]


def write(folder: Path, doc_id: str, **fields) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    record = {"doc_id": doc_id, "text_sha256": SHA, **fields}
    (folder / f"{doc_id}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def dirs(tmp_path) -> tuple[Path, Path]:
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    write(gold, "a", mentions=GOLD_MENTIONS, events=GOLD_EVENTS)
    write(pred, "a", mentions=[], events=PRED_EVENTS)
    write(gold, "noframes", mentions=GOLD_MENTIONS)          # no `events`: not frame-scored
    write(pred, "noframes", mentions=[], events=PRED_EVENTS)
    return gold, pred


def counts(frames) -> dict[str, list[int]]:
    return {r.row: [r.tp, r.fp, r.fn] for r in frames.table().itertuples()}


def test_frame_and_role_counts(dirs):
    frames = score_frames(*dirs)
    assert frames.documents == ["a"]
    assert counts(frames) == {
        "frame": [1, 2, 1],      # e1 complete; e2 wrong partner, e3 spurious; gold AID frame missed
        "trigger": [2, 1, 0],
        "partners": [1, 1, 1],   # JP matches at norm level; AID frame: JP predicted, IN gold
        "date": [1, 1, 0],       # the spurious frame's date is an FP
        "amounts": [1, 0, 0],
    }
    row = frames.table().set_index("row").loc["frame"]
    assert (row.precision, row.recall) == pytest.approx((1 / 3, 1 / 2))


def test_gold_frames_without_prediction_are_all_missed(dirs, tmp_path):
    gold, _ = dirs
    frames = score_frames(gold, tmp_path / "nothing")
    assert counts(frames) == {"frame": [0, 0, 2], "trigger": [0, 0, 2], "partners": [0, 0, 2],
                              "date": [0, 0, 1], "amounts": [0, 0, 1]}


def test_no_gold_frames_no_documents(tmp_path):
    write(tmp_path / "gold", "a", mentions=GOLD_MENTIONS)
    frames = score_frames(tmp_path / "gold", tmp_path / "pred")
    assert frames.documents == [] and counts(frames)["frame"] == [0, 0, 0]


@pytest.mark.parametrize("event,message", [
    ({**GOLD_EVENTS[0], "trigger": {"start": 11, "end": 14}}, r"events\[0\]: trigger .* is not a gold EVENT mention"),
    ({**GOLD_EVENTS[0], "partners": [{"start": 20, "end": 24}]}, r"events\[0\]: partners .* is not a gold PARTNER"),
    ({**GOLD_EVENTS[0], "event_type": "AID"}, r"events\[0\]: event_type 'AID' differs from its trigger's"),
])
def test_bad_gold_frame_names_file_and_frame(tmp_path, event, message):
    write(tmp_path / "gold", "a", mentions=GOLD_MENTIONS, events=[event])
    with pytest.raises(ScoringError, match=r"a\.json: " + message):
        score_frames(tmp_path / "gold", tmp_path / "pred")


def test_report_has_a_frame_section(dirs, tmp_path, capsys):
    gold, pred = dirs
    out = tmp_path / "report"
    assert main(["score", "--gold", str(gold), "--pred", str(pred), "--out", str(out)]) == 0
    stdout = capsys.readouterr().out
    assert "Event frames (1 documents with gold frames):" in stdout
    summary = (out / "summary.md").read_text(encoding="utf-8").splitlines()
    assert "### Event frames (micro-averaged P/R/F1)" in summary
    assert "| frame | 1 | 2 | 1 | 0.333 | 0.500 | 0.400 |" in summary
    assert "| partners | 1 | 1 | 1 | 0.500 | 0.500 | 0.500 |" in summary
    assert "Event frames" in (out / "report.html").read_text(encoding="utf-8")
    frames = pd.read_csv(out / "frames.csv")
    assert frames.query("row == 'trigger'")[["section", "doc_id", "tp", "fp", "fn"]].values.tolist() == [
        ["corpus", "a", 2, 1, 0]]


def test_corpus_gold_frames_resolve(tmp_path):
    """Every gold file's frames point at gold mentions, one frame per EVENT mention."""
    from conftest import ROOT

    gold = ROOT / "gold"
    if not any(gold.glob("*.json")):
        pytest.skip("no gold files")
    frames = score_frames(gold, tmp_path)
    assert len(frames.documents) >= 10
    for doc_id in frames.documents:
        record = json.loads((gold / f"{doc_id}.json").read_text(encoding="utf-8"))
        events = sorted((m["start"], m["end"]) for m in record["mentions"] if m["type"] == "EVENT")
        assert sorted((e["trigger"]["start"], e["trigger"]["end"]) for e in record["events"]) == events, doc_id


def test_drifted_documents_are_not_frame_scored(dirs):
    gold, pred = dirs
    assert score_frames(gold, pred, skip=["a"]).documents == []
    record = json.loads((pred / "a.json").read_text(encoding="utf-8"))
    record["text_sha256"] = "1" * 64
    (pred / "a.json").write_text(json.dumps(record), encoding="utf-8")
    assert score_frames(gold, pred).documents == []
