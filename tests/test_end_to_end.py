"""extract then score on a small corpus with hand-made gold: the report files and figures.

tests/data/e2e/corpus.json holds two short articles with their gold. The gold
marks `दुबई` in `दुबई अमीरात` as the city while the system reads the emirate
(province): one PARTNER norm error the report must show, everything else right.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluation.gold import check_gold

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((Path(__file__).parent / "data" / "e2e" / "corpus.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(tmp_path_factory, tagger):
    base = tmp_path_factory.mktemp("e2e")
    corpus, gold, out = base / "corpus", base / "gold", base / "out"
    corpus.mkdir()
    gold.mkdir()
    for doc_id, case in CASES.items():
        (corpus / f"{doc_id}.txt").write_text(case["text"], encoding="utf-8")
        (corpus / f"{doc_id}.meta.json").write_text(json.dumps(case["meta"]), encoding="utf-8")
        (gold / f"{doc_id}.json").write_text(json.dumps(case["gold"], ensure_ascii=False), encoding="utf-8")
    assert check_gold(gold, corpus) == []
    assert main(["extract", str(corpus), "--out", str(out)]) == 0
    assert main(["score", "--gold", str(gold), "--pred", str(out), "--corpus", str(corpus),
                 "--out", str(out / "report")]) == 0
    return out / "report"


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_report_files_exist(report):
    for name in ("summary.md", "report.html", "scores.csv", "documents.csv", "errors.csv"):
        assert (report / name).stat().st_size > 0


def test_expected_figures(report):
    scores = {(r["type"], r["mode"]): r for r in rows(report / "scores.csv") if r["section"] == "corpus"}
    partner_norm = scores[("PARTNER", "norm")]
    assert (partner_norm["tp"], partner_norm["fp"], partner_norm["fn"]) == ("2", "1", "1")
    assert float(partner_norm["f1"]) == pytest.approx(2 / 3, abs=1e-3)
    partner_overlap = scores[("PARTNER", "overlap")]
    assert (partner_overlap["tp"], partner_overlap["fp"], partner_overlap["fn"]) == ("3", "0", "0")
    for kind in ("DATE", "AMOUNT", "EVENT"):
        assert float(scores[(kind, "norm")]["f1"]) == 1.0, kind
    all_norm = scores[("ALL", "norm")]
    assert (all_norm["tp"], all_norm["fp"], all_norm["fn"]) == ("11", "1", "1")


def test_error_list_names_the_dubai_level(report):
    errors = [r for r in rows(report / "errors.csv") if r["section"] == "corpus" and r["error"] in ("FP", "FN")]
    assert {(r["error"], r["text"], r["cause"]) for r in errors} == {
        ("FN", "दुबई", "norm differs"), ("FP", "दुबई अमीरात", "norm differs")}
    fn = next(r for r in errors if r["error"] == "FN")
    assert json.loads(fn["gold_norm"])["level"] == "city" and json.loads(fn["pred_norm"])["level"] == "province"
    assert "दुबई" in fn["sentence"] and fn["rule"] == "partner.gazetteer"
    assert "PARTNER" in (report / "summary.md").read_text(encoding="utf-8")


def test_project_gold_passes_the_validator_and_covers_the_corpus():
    assert [str(p) for p in check_gold(ROOT / "gold", ROOT / "corpus")] == []
    texts = {p.stem for p in (ROOT / "corpus").glob("*.txt")}
    golds = {p.stem for p in (ROOT / "gold").glob("*.json")}
    assert texts == golds
