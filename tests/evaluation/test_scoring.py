"""The scorer's arithmetic on hand-made gold/prediction pairs, with exact numbers."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.extraction.mention import Mention
from pipeline.evaluation.scoring import ScoringError, match, score, with_prf

from conftest import load_table

SHA = "0" * 64


def mention(spec: list, **extra: object) -> dict:
    """["TYPE", start, end, norm] -> a mention dict (text is a placeholder: the scorer reads offsets)."""
    kind, start, end, norm = spec
    return {"type": kind, "start": start, "end": end, "text": "x" * (end - start), "norm": norm, **extra}


def write(folder: Path, doc_id: str, mentions: list[dict], **fields: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    record = {"doc_id": doc_id, "text_sha256": SHA, "mentions": mentions, **fields}
    (folder / f"{doc_id}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def counts_of(scores, doc_id: str | None = None) -> dict[str, list[int]]:
    """{"TYPE mode": [tp, fp, fn]} over all documents, or of one."""
    table = scores.table() if doc_id is None else scores.per_document().query("doc_id == @doc_id")
    return {f"{r.type} {r.mode}": [r.tp, r.fp, r.fn] for r in table.itertuples()}


@pytest.mark.parametrize("case", load_table("scoring_cases"), ids=lambda c: c["name"])
def test_counts(tmp_path, case):
    write(tmp_path / "gold", "doc", [mention(m) for m in case["gold"]])
    write(tmp_path / "pred", "doc", [mention(m, id=f"m{i}", score=0.9, rule="r")
                                     for i, m in enumerate(case["pred"])], sentences=[])
    got = counts_of(score(tmp_path / "gold", tmp_path / "pred"))
    assert {key: got[key] for key in case["expect"]} == case["expect"]


def test_micro_average_sums_counts_over_documents_before_dividing(tmp_path):
    dates = [["DATE", i * 10, i * 10 + 4, {"start": "2024", "end": "2024"}] for i in range(3)]
    write(tmp_path / "gold", "a", [mention(m) for m in dates])
    write(tmp_path / "pred", "a", [mention(m) for m in dates])
    write(tmp_path / "gold", "b", [mention(dates[0])])
    write(tmp_path / "pred", "b", [mention(dates[1])])
    scores = score(tmp_path / "gold", tmp_path / "pred")
    row = scores.table().query("type == 'DATE' and mode == 'strict'").iloc[0]
    # micro: TP 3, FP 1, FN 1 -> 0.75 (the mean of the documents' F1 would be 0.5)
    assert (row.tp, row.fp, row.fn, row.precision, row.recall, row.f1) == (3, 1, 1, 0.75, 0.75, 0.75)
    docs = scores.per_document().query("type == 'ALL' and mode == 'strict'")
    assert docs[["doc_id", "f1"]].values.tolist() == [["a", 1.0], ["b", 0.0]]


def test_missing_prediction_counts_all_gold_as_false_negatives(tmp_path):
    write(tmp_path / "gold", "a", [mention(["EVENT", 0, 4, {"event_type": "MEETING"}])])
    write(tmp_path / "gold", "b", [mention(["EVENT", 0, 4, {"event_type": "MEETING"}]),
                                   mention(["DATE", 5, 9, {"start": "2024", "end": "2024"}])])
    write(tmp_path / "pred", "a", [mention(["EVENT", 0, 4, {"event_type": "MEETING"}])])
    scores = score(tmp_path / "gold", tmp_path / "pred")
    assert scores.missing == ["b"] and scores.unscored == []
    assert counts_of(scores, "b")["ALL norm"] == [0, 0, 2]
    assert counts_of(scores)["ALL norm"] == [1, 0, 2]
    assert counts_of(scores)["ALL document"] == [1, 0, 2]  # a's MEETING found; b's MEETING and 2024 not


def test_only_prediction_files_are_read(tmp_path):
    write(tmp_path / "gold", "a", [mention(["EVENT", 0, 4, {"event_type": "MEETING"}])])
    pred = tmp_path / "pred"
    write(pred, "a", [mention(["EVENT", 0, 4, {"event_type": "MEETING"}])])
    write(pred, "c", [mention(["EVENT", 0, 4, {"event_type": "MEETING"}])])   # no gold: unscored
    (pred / "bench.json").write_text(json.dumps({"docs": 3, "seconds": 1.5}), encoding="utf-8")
    (pred / "errors.jsonl").write_text('{"file": "x"}\n', encoding="utf-8")
    (pred / "broken.json").write_text("{", encoding="utf-8")
    write(pred / "report", "a", [mention(["EVENT", 0, 4, {"event_type": "VISIT"}])])  # a subfolder
    scores = score(tmp_path / "gold", pred)
    assert scores.documents == ["a"] and scores.unscored == ["c"] and scores.missing == []
    assert scores.warnings == [f"{pred / 'broken.json'}: skipped, not readable JSON"]
    assert counts_of(scores)["ALL norm"] == [1, 0, 0]


def test_zero_denominators_give_zero():
    frame = with_prf(pd.DataFrame({"tp": [0, 0, 0, 2], "fp": [0, 3, 0, 2], "fn": [0, 0, 4, 0]}))
    assert frame[["precision", "recall", "f1"]].values.tolist() == [
        [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.5, 1.0, 2 / 3],
    ]


def _m(start: int, end: int) -> Mention:
    return Mention("EVENT", start, end, "", {"event_type": "MEETING"})


@pytest.mark.parametrize("gold, pred, pairs", [
    ([(0, 4), (4, 8)], [(2, 6)], [(0, 0)]),                   # equal overlaps: the earlier gold
    ([(5, 10)], [(0, 12), (5, 10)], [(0, 1)]),                # the exact span before a containing one
    ([(0, 10), (12, 20)], [(8, 16)], [(1, 0)]),               # the larger overlap
    ([(0, 10), (12, 20)], [(8, 16), (0, 9)], [(0, 1), (1, 0)]),  # both paired, one-to-one
    ([(0, 4)], [(0, 4), (0, 4)], [(0, 0)]),                   # a duplicate prediction stays unpaired
])
def test_matching_is_greedy_one_to_one(gold, pred, pairs):
    accept = lambda g, p: g.overlaps(p)  # noqa: E731
    assert match([_m(*g) for g in gold], [_m(*p) for p in pred], accept) == pairs


def test_error_rows_say_why_in_text_order(tmp_path):
    text = "पहली बैठक हुई। फिर चीन के साथ समझौता और दौरा हुआ।\n"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "doc.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()

    def on(words: str, kind: str, norm: dict, **extra: object) -> dict:
        start = text.index(words)
        return {"type": kind, "start": start, "end": start + len(words), "text": words, "norm": norm, **extra}

    china = {"name": "China", "country": "CN", "level": "country"}
    gold = [on("बैठक", "EVENT", {"event_type": "MEETING"}), on("चीन", "PARTNER", china),
            on("समझौता", "EVENT", {"event_type": "AGREEMENT"}), on("दौरा", "EVENT", {"event_type": "VISIT"})]
    pred = [on("चीन के", "PARTNER", china, rule="partner.gazetteer"),
            on("समझौता", "EVENT", {"event_type": "AID"}, rule="event.lemma"),
            on("दौरा", "EVENT", {"event_type": "VISIT"}, rule="event.lemma"),
            on("दौरा", "EVENT", {"event_type": "VISIT"}, rule="event.copy"),
            on("हुआ", "EVENT", {"event_type": "MEETING"}, rule="event.verb")]
    sentences = [{"start": 0, "end": text.index("।") + 1}, {"start": text.index("फिर"), "end": len(text) - 1}]
    write(tmp_path / "gold", "doc", gold, text_sha256=sha)
    write(tmp_path / "pred", "doc", pred, text_sha256=sha, sentences=sentences)
    errors = score(tmp_path / "gold", tmp_path / "pred", corpus).errors

    def marked(words: str, sentence: str = "फिर चीन के साथ समझौता और दौरा हुआ।") -> str:
        return sentence.replace(words, f"⟦{words}⟧", 1)

    def at(words: str) -> str:
        return f"{words} [{text.index(words)}-{text.index(words) + len(words)}]"

    agreement, aid, visit = '{"event_type": "AGREEMENT"}', '{"event_type": "AID"}', '{"event_type": "VISIT"}'
    china_json = json.dumps(china)
    assert errors.drop(columns=["doc_id", "start", "end"]).values.tolist() == [
        ["EVENT", "FN", "missed", "बैठक", "", marked("बैठक", "पहली बैठक हुई।"), "", '{"event_type": "MEETING"}', ""],
        ["PARTNER", "SPAN", "boundary", "चीन", at("चीन के"), marked("चीन"), "partner.gazetteer", china_json, china_json],
        ["EVENT", "FN", "norm differs", "समझौता", at("समझौता"), marked("समझौता"), "event.lemma", agreement, aid],
        ["EVENT", "FP", "norm differs", "समझौता", at("समझौता"), marked("समझौता"), "event.lemma", agreement, aid],
        ["EVENT", "FP", "duplicate", "दौरा", at("दौरा"), marked("दौरा"), "event.copy", visit, visit],
        ["EVENT", "FP", "spurious", "हुआ", "", marked("हुआ"), "event.verb", "", '{"event_type": "MEETING"}'],
    ]


def test_sentences_come_from_the_corpus_text_without_a_prediction(tmp_path):
    text = "पहली बैठक हुई। फिर दौरा हुआ।"
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "doc.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    start = text.index("दौरा")
    write(tmp_path / "gold", "doc", [{"type": "EVENT", "start": start, "end": start + 4, "text": "दौरा",
                                      "norm": {"event_type": "VISIT"}}], text_sha256=sha)
    scores = score(tmp_path / "gold", tmp_path / "pred", tmp_path / "corpus")
    assert scores.missing == ["doc"]
    assert scores.errors["sentence"].tolist() == ["फिर ⟦दौरा⟧ हुआ।"]


def test_prediction_from_another_text_is_never_scored(tmp_path):
    write(tmp_path / "gold", "doc", [{"type": "EVENT", "start": 0, "end": 4, "text": "दौरा",
                                      "norm": {"event_type": "VISIT"}}])
    write(tmp_path / "pred", "doc", [], text_sha256="1" * 64)
    scores = score(tmp_path / "gold", tmp_path / "pred")
    assert scores.warnings == ["doc: prediction made from a different text than the gold (sha256 differs); not scored"]
    assert scores.drifted == ["doc"] and scores.missing == []
    assert scores.counts.empty


def test_gold_whose_document_changed_is_never_scored(tmp_path):
    text = "फिर दौरा हुआ।"
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "doc.txt").write_text(text + " नया वाक्य।", encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    write(tmp_path / "gold", "doc", [{"type": "EVENT", "start": 4, "end": 8, "text": "दौरा",
                                      "norm": {"event_type": "VISIT"}}], text_sha256=sha)
    write(tmp_path / "pred", "doc", [], text_sha256=sha)
    scores = score(tmp_path / "gold", tmp_path / "pred", tmp_path / "corpus")
    assert scores.drifted == ["doc"] and scores.counts.empty
    assert scores.warnings == [f"{tmp_path / 'corpus' / 'doc.txt'}: differs from the gold's text_sha256; doc not scored "
                               "(re-annotate it, or check it with `python -m pipeline gold check`)"]


def test_missing_gold_folder_is_an_error(tmp_path):
    with pytest.raises(ScoringError, match="no such gold folder"):
        score(tmp_path / "nope", tmp_path)
