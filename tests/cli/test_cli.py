"""The `extract` command end to end, and the error when no model can be found."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.tagging import models
from pipeline.cli import main
from conftest import ROOT


DOCS = {
    "vn-doc": ("हा गियांग प्रांत और युन्नान प्रांत (चीन)\n15 मार्च को दोनों पक्षों ने 2 मिलियन अमरीकी डालर के समझौते पर हस्ताक्षर किए।\n",
               {"published": "2024-04-02"}),
    "in_doc": ("\ufeffकेरल राज्य ने जापान के साथ 5 करोड़ रुपये की सहायता पर बैठक की।\r\nअगली बैठक 2025 में होगी।\r\n", None),
}


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for doc_id, (text, meta) in DOCS.items():
        (folder / f"{doc_id}.txt").write_bytes(text.encode("utf-8"))
        if meta:
            (folder / f"{doc_id}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def test_extract_two_documents(tagger, corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(corpus), "--out", str(out)]) == 0
    assert "2 processed, 0 failed" in capsys.readouterr().err
    for doc_id, (raw, _) in DOCS.items():
        record = json.loads((out / f"{doc_id}.json").read_text(encoding="utf-8"))
        text = raw.lstrip("\ufeff")
        assert record["doc_id"] == doc_id
        assert record["meta"]["models"]["packages"] == {"tokenize": "pud", "pos": "pud", "lemma": "pud"}
        assert len(record["meta"]["models"]["sha256"]) == 64
        assert record["meta"]["stanza_version"] and record["meta"]["pipeline_version"]
        for sent in record["sentences"]:
            assert text[sent["start"]:sent["end"]].strip() == text[sent["start"]:sent["end"]]
        for m in record["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    vn = json.loads((out / "vn-doc.json").read_text(encoding="utf-8"))
    by_type = {(m["type"], m["text"]): m["norm"] for m in vn["mentions"]}
    assert by_type[("DATE", "15 मार्च")] == {"start": "2024-03-15", "end": "2024-03-15"}
    assert by_type[("PARTNER", "युन्नान प्रांत (चीन)")]["country"] == "CN"
    assert by_type[("AMOUNT", "2 मिलियन अमरीकी डालर")] == {"kind": "money", "value": 2000000, "currency": "USD"}
    assert vn["meta"]["subject"]["name"] == "Ha Giang"
    kerala = json.loads((out / "in_doc.json").read_text(encoding="utf-8"))
    assert [s for s in kerala["sentences"]] == [{"start": 0, "end": 62}, {"start": 64, "end": 88}]
    assert ("PARTNER", "जापान") in {(m["type"], m["text"]) for m in kerala["mentions"]}


def test_missing_models_error_names_the_ways_out(tmp_path, monkeypatch):
    monkeypatch.delenv(models.ENV_VAR, raising=False)
    monkeypatch.setattr(models, "DEFAULT_HOME", tmp_path / "home")
    monkeypatch.setattr(models, "SHARED_DIR", tmp_path / "shared")
    with pytest.raises(models.ModelNotFoundError) as err:
        models.find_models()
    message = str(err.value)
    assert message.startswith("No Stanza Hindi models (tokenize, pos, lemma) found. Looked in:")
    for way_out in ("--stanza-dir", "$STANZA_RESOURCES_DIR", "python -m pipeline models download",
                    "python -m pipeline models train --treebank FILE --out DIR"):
        assert way_out in message


def test_cli_exits_2_with_the_error_when_an_explicit_model_dir_is_empty(tmp_path, corpus):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(corpus), "--out", str(tmp_path / "o"), "--stanza-dir", str(empty)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 2
    assert f"  - --stanza-dir: {empty}" in result.stderr
    assert "Ways out:" in result.stderr
    assert not list((tmp_path / "o").glob("*.json"))


def test_help_explains_commands():
    result = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    assert "errors.jsonl" in result.stdout and "--stanza-dir" in result.stdout
