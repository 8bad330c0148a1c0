"""`score`: the report files exist and hold the expected figures for a small hand-made set."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.evaluation.report import EXTRA_SECTIONS

from conftest import DATA

SET = json.loads((DATA / "scoring_report_set.json").read_text(encoding="utf-8"))
ALL_HEADLINE = ["ALL", "0.600", "0.500", "0.545", "0.800", "0.667", "0.727", "0.600", "0.500", "0.545"]


def write_set(root: Path) -> dict[str, Path]:
    """corpus/, gold/ and pred/ (shaped like `extract` output) for the documents of SET."""
    dirs = {name: root / name for name in ("corpus", "gold", "pred")}
    for folder in dirs.values():
        folder.mkdir(parents=True)
    for doc_id, doc in SET.items():
        raw = doc["text"].encode("utf-8")
        sha = hashlib.sha256(raw).hexdigest()
        (dirs["corpus"] / f"{doc_id}.txt").write_bytes(raw)
        if doc["gold"] is not None:
            gold = {"doc_id": doc_id, "text_sha256": sha, "mentions": doc["gold"]}
            (dirs["gold"] / f"{doc_id}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        if doc["pred"] is not None:
            pred = {"doc_id": doc_id, "text_sha256": sha, "sentences": [{"start": 0, "end": len(doc["text"]) - 1}],
                    "mentions": doc["pred"], "meta": {"pipeline_version": "test"}}
            (dirs["pred"] / f"{doc_id}.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    return dirs


def run_score(dirs: dict[str, Path], out: Path, *extra: str) -> int:
    return main(["score", "--gold", str(dirs["gold"]), "--pred", str(dirs["pred"]),
                 "--corpus", str(dirs["corpus"]), "--out", str(out), *extra])


@pytest.fixture
def report(tmp_path, capsys) -> tuple[Path, str]:
    out = tmp_path / "report"
    assert run_score(write_set(tmp_path / "set"), out) == 0
    return out, capsys.readouterr().out


def test_headline_is_printed(report):
    _, stdout = report
    lines = stdout.splitlines()
    assert lines[0] == "Corpus: 2 gold documents, 1 missing, 0 drifted (not scored), 1 unscored"
    assert lines[1].split() == ["type", "strict", "P", "strict", "R", "strict", "F1", "overlap", "P", "overlap",
                                "R", "overlap", "F1", "norm", "P", "norm", "R", "norm", "F1"]
    assert lines[6].split() == ALL_HEADLINE


def test_all_files_are_written(report):
    out, stdout = report
    names = ["summary.md", "report.html", "scores.csv", "documents.csv", "errors.csv"]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    assert stdout.splitlines()[-1] == "report: " + ", ".join(str(out / n) for n in names)


def test_summary_holds_the_figures(report):
    out, _ = report
    lines = (out / "summary.md").read_text(encoding="utf-8").splitlines()
    assert "| " + " | ".join(ALL_HEADLINE) + " |" in lines
    assert "| ALL | 4 | 1 | 2 | 0.800 | 0.667 | 0.727 |" in lines               # document level
    assert "| ALL | 6 | 5 | 3 | 2 | 3 |" in lines                               # counts
    assert "| a | scored | 5 | 5 | 0.600 | 0.800 | 0.600 | 0.800 |" in lines    # per document
    assert "| b | missing | 1 | 0 | 0.000 | 0.000 | 0.000 | 0.000 |" in lines
    assert "- Missing (gold, no prediction; all gold counted as FN): `b`" in lines
    assert "- Unscored (prediction, no gold; not counted): `c`" in lines
    assert "| ALL | 2 | 1 | 0 | 1 | 1 | 0 | 1 |" in lines                       # errors by kind
    text = "\n".join(lines)
    assert "**How to read this.**" in text and "denominator is 0 is reported as 0.0" in text
    assert "Seed articles" not in text


def test_csv_tables(report):
    out, _ = report
    scores = pd.read_csv(out / "scores.csv")
    row = scores.query("type == 'ALL' and mode == 'norm'").iloc[0]
    assert (row.section, row.tp, row.fp, row.fn) == ("corpus", 3, 2, 3)
    assert row.f1 == pytest.approx(6 / 11)
    assert len(scores) == 5 * 4
    documents = pd.read_csv(out / "documents.csv")
    assert len(documents) == 2 * 5 * 4
    b = documents.query("doc_id == 'b' and type == 'EVENT' and mode == 'strict'").iloc[0]
    assert (b.tp, b.fp, b.fn, b.recall) == (0, 0, 1, 0.0)


def test_error_list(report):
    out, _ = report
    errors = pd.read_csv(out / "errors.csv", keep_default_na=False)
    assert errors[["doc_id", "type", "error", "cause", "text", "rule"]].values.tolist() == [
        ["a", "PARTNER", "FN", "norm differs", "चीन", "partner.type_word"],
        ["a", "PARTNER", "FP", "norm differs", "चीन", "partner.type_word"],
        ["a", "AMOUNT", "SPAN", "boundary", "5 समझौते", "amount.bare_number"],
        ["a", "EVENT", "FN", "missed", "समझौते", ""],
        ["a", "EVENT", "FP", "spurious", "किए", "event.lemma"],
        ["b", "EVENT", "FN", "missed", "बैठक", ""],
    ]
    assert errors["sentence"].iloc[3] == "भारत और चीन ने 2024 में 5 ⟦समझौते⟧ किए।"
    assert errors["sentence"].iloc[5] == "दोनों पक्षों की ⟦बैठक⟧ हुई।"   # no prediction: from the corpus text
    assert json.loads(errors["pred_norm"].iloc[0]) == {"name": "China", "country": "CN", "level": "province"}
    assert json.loads(errors["gold_norm"].iloc[0])["level"] == "country"


def test_html_is_self_contained_with_charts_tables_and_errors(report):
    out, _ = report
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 5                       # four modes + F1 per document
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "<mark>बैठक</mark>" in page and "partner.type_word" in page
    assert "<td>0.727</td>" in page
    assert "denominator is 0 is reported as 0.0" in page


@pytest.mark.parametrize("key,title", list(EXTRA_SECTIONS.items()))
def test_extra_gold_set_is_its_own_section(tmp_path, capsys, key, title):
    dirs = write_set(tmp_path / "set")
    extra = write_set(tmp_path / key)
    out = tmp_path / "report"
    assert run_score(dirs, out, f"--{key}-gold", str(extra["gold"]), f"--{key}-pred", str(extra["pred"]),
                     f"--{key}-corpus", str(extra["corpus"])) == 0
    assert f"{title}: 2 gold documents, 1 missing, 0 drifted (not scored), 1 unscored" in capsys.readouterr().out
    assert f"## {title}" in (out / "summary.md").read_text(encoding="utf-8")
    assert title in (out / "report.html").read_text(encoding="utf-8")
    for name in ("scores.csv", "documents.csv", "errors.csv"):
        assert pd.read_csv(out / name)["section"].unique().tolist() == ["corpus", key]


def test_realdev_gold_needs_its_predictions(tmp_path, capsys):
    dirs = write_set(tmp_path / "set")
    assert run_score(dirs, tmp_path / "report", "--realdev-gold", str(dirs["gold"])) == 2
    assert capsys.readouterr().err == "error: --realdev-gold needs --realdev-pred\n"


def test_absent_seed_folder_is_skipped(tmp_path):
    dirs = write_set(tmp_path / "set")
    out = tmp_path / "report"
    assert run_score(dirs, out, "--seeds-gold", str(tmp_path / "none"), "--seeds-pred", str(tmp_path / "x")) == 0
    assert "Seed articles" not in (out / "summary.md").read_text(encoding="utf-8")


def test_missing_gold_folder_exits_2(tmp_path, capsys):
    assert main(["score", "--gold", str(tmp_path / "none"), "--pred", str(tmp_path), "--out", str(tmp_path / "r")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'none'}: no such gold folder\n"


def test_missing_pred_folder_exits_2(tmp_path, capsys):
    dirs = write_set(tmp_path / "set")
    missing = tmp_path / "no-pred"
    assert main(["score", "--gold", str(dirs["gold"]), "--pred", str(missing), "--out", str(tmp_path / "r")]) == 2
    assert capsys.readouterr().err == f"error: {missing}: no such predictions folder\n"
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("breakage, problem", [
    ({"text_sha256": "0" * 64}, "{gold}: text_sha256 000000000000… does not match {txt} (sha256 {sha}…)"),
    ({"offset": 1}, "{gold}: mention #0 'भारत': offsets 1-5 give 'ारत ', not the mention text"),
])
def test_gold_is_checked_before_scoring_and_named_with_its_mention(tmp_path, capsys, breakage, problem):
    dirs = write_set(tmp_path / "set")
    path = dirs["gold"] / "a.json"
    gold = json.loads(path.read_text(encoding="utf-8"))
    sha = gold["text_sha256"]
    gold["text_sha256"] = breakage.get("text_sha256", sha)
    gold["mentions"][0]["start"] += breakage.get("offset", 0)
    gold["mentions"][0]["end"] += breakage.get("offset", 0)
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    assert run_score(dirs, tmp_path / "r") == 2
    expected = problem.format(gold=path, txt=dirs["corpus"] / "a.txt", sha=sha[:12])
    assert capsys.readouterr().err == (f"error: {dirs['gold']}: the gold has 1 problem, nothing scored (fix them; "
                                       f"`python -m pipeline gold check` lists them too):\n  {expected}\n")
    assert not (tmp_path / "r").exists()
