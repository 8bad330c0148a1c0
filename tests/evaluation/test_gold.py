"""`gold check`: each broken gold file is rejected with an exact message naming file and mention."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluation.gold import check_gold, validator
from pipeline.extraction.mention import EVENT_TYPES, TYPES

from conftest import DATA, SEEDS, load_table

BASE = json.loads((DATA / "gold_base.json").read_text(encoding="utf-8"))


def _set(data: dict, dotted: str, value: object = None, delete: bool = False) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data[int(part)] if isinstance(data, list) else data[part]
    if delete:
        del data[last]
    elif isinstance(data, list):
        data[int(last)] = value
    else:
        data[last] = value


def write_case(tmp_path: Path, case: dict) -> tuple[Path, Path, Path, str]:
    """The base document and gold with the case's edits; returns gold dir, corpus dir, txt, sha256."""
    gold_dir, corpus_dir = tmp_path / "gold", tmp_path / "corpus"
    gold_dir.mkdir()
    corpus_dir.mkdir()
    raw = ("\ufeff" if case.get("bom") else "").encode() + BASE["text"].encode("utf-8")
    txt = corpus_dir / "doc.txt"
    if case.get("document", True):
        txt.write_bytes(raw)
    sha = hashlib.sha256(raw).hexdigest()
    gold = {"doc_id": "doc", "text_sha256": sha, "mentions": copy.deepcopy(BASE["mentions"])}
    for dotted in case.get("delete", []):
        _set(gold, dotted, delete=True)
    for dotted, value in case.get("set", {}).items():
        _set(gold, dotted, value)
    if "append" in case:
        gold["mentions"].append(case["append"])
    content = case.get("raw", json.dumps(gold, ensure_ascii=False))
    (gold_dir / case.get("file", "doc.json")).write_text(content, encoding="utf-8")
    return gold_dir, corpus_dir, txt, sha


@pytest.mark.parametrize("case", load_table("gold_cases"), ids=lambda c: c["name"])
def test_gold_file_problems_are_named_exactly(tmp_path, case):
    gold_dir, corpus_dir, txt, sha = write_case(tmp_path, case)
    file = gold_dir / case.get("file", "doc.json")
    expected = [e.format(file=file, txt=txt, sha12=sha[:12]) for e in case["expect"]]
    assert [str(p) for p in check_gold(gold_dir, corpus_dir)] == expected


def test_problem_carries_file_mention_index_and_text(tmp_path):
    gold_dir, corpus_dir, _, _ = write_case(tmp_path, {"set": {"mentions.3.norm.event_type": "PARTY"}})
    [problem] = check_gold(gold_dir, corpus_dir)
    assert (problem.file, problem.mention, problem.text) == (gold_dir / "doc.json", 3, "समझौता")


def test_every_file_is_checked_in_name_order(tmp_path):
    gold_dir, corpus_dir, _, _ = write_case(tmp_path, {"document": False})
    (gold_dir / "a.json").write_text("[]", encoding="utf-8")
    (gold_dir / "notes.txt").write_text("not a gold file", encoding="utf-8")
    assert [str(p) for p in check_gold(gold_dir, corpus_dir)] == [
        f"{gold_dir / 'a.json'}: [] is not a JSON object with doc_id, text_sha256 and mentions",
        f"{gold_dir / 'doc.json'}: no document {corpus_dir / 'doc.txt'}",
    ]


def test_missing_gold_folder(tmp_path):
    assert [str(p) for p in check_gold(tmp_path / "nope", tmp_path)] == [f"{tmp_path / 'nope'}: no such folder"]


def test_schema_enums_follow_the_mention_module():
    defs = validator().schema["$defs"]
    assert tuple(defs["mention"]["properties"]["type"]["enum"]) == TYPES
    assert tuple(defs["event_norm"]["properties"]["event_type"]["enum"]) == EVENT_TYPES


@pytest.mark.skipif(not (SEEDS / "gold").is_dir(), reason="seed articles not present")
def test_real_seed_gold_passes():
    assert check_gold(SEEDS / "gold", SEEDS) == []


def test_command_lists_problems_and_exits_1(tmp_path, capsys):
    gold_dir, corpus_dir, _, _ = write_case(tmp_path, {"set": {"mentions.1.norm.country": "XX"}})
    assert main(["gold", "check", "--gold", str(gold_dir), "--corpus", str(corpus_dir)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{gold_dir / 'doc.json'}: mention #1 'युन्नान प्रांत (चीन)': norm.country 'XX' is not an ISO 3166-1 "
        "alpha-2 code",
        "gold check: 1 files, 1 problems",
    ]


def test_command_exits_0_on_clean_gold(tmp_path, capsys):
    gold_dir, corpus_dir, _, _ = write_case(tmp_path, {})
    assert main(["gold", "check", "--gold", str(gold_dir), "--corpus", str(corpus_dir)]) == 0
    assert capsys.readouterr().out == "gold check: 1 files, 0 problems\n"
