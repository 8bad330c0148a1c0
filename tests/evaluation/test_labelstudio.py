"""Label Studio tasks out and gold back in: offsets, norms, frames, rejections, config."""

from __future__ import annotations

import copy
import json
import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.evaluation.gold import check_gold, validator
from pipeline.evaluation.labelstudio import (
    NORM_FIELDS, LsText, TaskSources, build_tasks, labeling_config, task_for,
)
from pipeline.evaluation.labelstudio_gold import (
    PipelineNorms, convert_export, dump_gold, fields_norm, merged_norm, task_gold,
)
from pipeline.evaluation.labelstudio_server import load_or_create_login
from pipeline.processing.corpus import read_document

from conftest import DATA, ROOT, load_table


def as_export(tasks: list[dict]) -> list[dict]:
    """Tasks as Label Studio's JSON export gives them back: ids added, annotations with
    their bookkeeping fields, predictions named by id only."""
    exported = []
    for number, task in enumerate(tasks, 1):
        back = {"id": number, "data": task["data"], "meta": {}, "predictions": [],
                "annotations": [{"id": 100 + number, "completed_by": 1, "result": a["result"],
                                 "was_cancelled": False, "ground_truth": True, "lead_time": 0.0,
                                 "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}
                                for a in task.get("annotations", [])]}
        exported.append(json.loads(json.dumps(back)))
    return exported


def refuse(document, kind, start, end):
    raise AssertionError(f"no norm should be computed here: {document.doc_id} {kind} {start}-{end}")


def content(path_or_data) -> str:
    """JSON content with key order, whatever the file's layout."""
    data = json.loads(Path(path_or_data).read_text("utf-8")) if isinstance(path_or_data, Path) else path_or_data
    return json.dumps(data, ensure_ascii=False)


def test_project_gold_round_trips_identically(tmp_path):
    gold_dir, corpus = ROOT / "gold", ROOT / "corpus"
    documents = [read_document(corpus / f"{p.stem}.txt") for p in sorted(gold_dir.glob("*.json"))]
    tasks, warnings = build_tasks(documents, TaskSources(gold_dir=gold_dir, predict=False))
    assert warnings == []
    done = convert_export(as_export(tasks), corpus, tmp_path, refuse)
    assert done.rejected == [] and done.unlabelled == []
    assert sorted(p.name for p in done.written) == sorted(p.name for p in gold_dir.glob("*.json"))
    for path in done.written:
        assert content(path) == content(gold_dir / path.name), path.name
    with_frames = [p for p in done.written if "events" in json.loads(p.read_text("utf-8"))]
    assert len(with_frames) == sum("events" in json.loads(p.read_text("utf-8")) for p in gold_dir.glob("*.json"))


@pytest.fixture
def crlf_case(tmp_path) -> tuple[Path, dict]:
    """The made-up BOM + CRLF + emoji article in a corpus folder, with its gold."""
    case = json.loads((DATA / "labelstudio_document.json").read_text("utf-8"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / f"{case['doc_id']}.txt"
    path.write_bytes(case["text"].encode("utf-8"))
    (corpus / f"{case['doc_id']}.meta.json").write_text(json.dumps({"published": case["published"]}))
    text = read_document(path).text

    def span(surface: str, occurrence: int = 0) -> dict:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(surface, start + 1)
        return {"start": start, "end": start + len(surface), "text": surface}

    mentions = sorted(({"type": kind, **span(surface, n), "norm": norm} for kind, surface, n, norm in case["mentions"]),
                      key=lambda m: m["start"])
    events = [{"event_type": next(m["norm"]["event_type"] for m in mentions if m["text"] == trigger),
               "trigger": span(trigger),
               **{role: [{**span(s), **({"inherited": True} if inherited else {})} for s, inherited in roles.get(role, [])]
                  for role in ("partners", "date", "amounts")}}
              for trigger, roles in case["frames"]]
    gold = {"doc_id": case["doc_id"], "text_sha256": read_document(path).sha256, "mentions": mentions, "events": events}
    return corpus, gold


def test_crlf_bom_document_round_trips_with_label_studio_offsets(crlf_case, tmp_path):
    corpus, gold = crlf_case
    document = read_document(corpus / f"{gold['doc_id']}.txt")
    task = task_for(document, gold=gold)
    assert "\r" not in task["data"]["text"] and not task["data"]["text"].startswith("\ufeff")
    regions = {r["value"]["text"]: r["value"] for r in task["annotations"][0]["result"] if r["type"] == "labels"}
    for mention in gold["mentions"]:
        value = regions[mention["text"]]
        assert task["data"]["text"][value["start"]:value["end"]] == mention["text"]
    # after the blank line two CRs fewer; an emoji counts one, as in Python
    assert regions["5 लाख अमेरिकी डॉलर"]["start"] == next(m["start"] for m in gold["mentions"] if m["type"] == "AMOUNT") - 2
    assert regions["जापान"]["start"] == gold["mentions"][-1]["start"] - 2
    done = convert_export(as_export([task]), corpus, tmp_path / "gold", refuse)
    assert done.rejected == []
    assert content(done.written[0]) == content(gold)
    assert check_gold(tmp_path / "gold", corpus) == []


@given(st.lists(st.sampled_from(["a", "\r\n", "\r", "\n", "ह", "🙂", " "]), max_size=30))
def test_offsets_map_both_ways(pieces):
    source = "".join(pieces)
    ls = LsText(source)
    assert ls.text == source.replace("\r\n", "\n").replace("\r", "\n")
    for i in range(len(source) + 1):
        j = ls.to_ls(i)
        if j is None:  # between CR and LF: no Label Studio offset
            assert source[i - 1:i + 1] == "\r\n"
            continue
        assert ls.from_ls(j) == i
        assert ls.text[:j] == source[:i].replace("\r\n", "\n").replace("\r", "\n")


def _edit(result: list[dict], edit: dict) -> list[dict]:
    """Apply one table edit to an annotation result."""
    result = copy.deepcopy(result)
    if edit["op"] == "add":
        return result + [edit["item"]]
    hits = [r for r in result if r.get("id") == edit.get("id") and r.get("from_name") == edit.get("from_name")]
    if edit["op"] == "drop":
        return [r for r in result if r not in hits]
    if edit["op"] == "untick":
        return [r for r in result if r.get("from_name") != "frames"]
    for item in hits:  # "set": a key of value
        item["value"][edit["key"]] = edit["to"]
    return result


@pytest.mark.parametrize("case", load_table("labelstudio_rejections"), ids=lambda c: c["name"])
def test_rejected_regions_are_reported(case, crlf_case, tmp_path):
    corpus, gold = crlf_case
    task = task_for(read_document(corpus / f"{gold['doc_id']}.txt"), gold=gold)
    result = task["annotations"][0]["result"]
    for edit in case["edits"]:
        result = _edit(result, edit)
    task["annotations"][0]["result"] = result
    if "text" in case:
        task["data"]["text"] = case["text"]
    outcome = task_gold(as_export([task])[0], corpus, lambda *a: None)
    assert [str(r) for r in outcome.rejected] == [r.replace("{corpus}", str(corpus)) for r in case["rejected"]]
    if outcome.gold is not None:
        (tmp_path / "out").mkdir()
        (tmp_path / "out" / f"{gold['doc_id']}.json").write_text(dump_gold(outcome.gold), "utf-8")
        assert check_gold(tmp_path / "out", corpus) == []


@pytest.mark.parametrize("case", load_table("labelstudio_norms"), ids=lambda c: c["name"])
def test_norm_from_fields_and_computed(case):
    given_norm = fields_norm(case["type"], case["fields"])
    assert merged_norm(case["type"], given_norm, case.get("computed")) == case["norm"]


def test_empty_fields_take_the_pipelines_norm(tagger, tmp_path):
    """An annotator who only marks spans gets the pipeline's norms (the corpus gold and the
    pipeline agree on these articles)."""
    corpus, gold_dir = ROOT / "corpus", ROOT / "gold"
    gold = json.loads((gold_dir / "hagiang-yunnan-2024.json").read_text("utf-8"))
    gold.pop("events")
    gold["mentions"] = [m for m in gold["mentions"] if m["type"] in ("DATE", "AMOUNT")][:6]
    task = task_for(read_document(corpus / "hagiang-yunnan-2024.txt"), gold=gold)
    task["annotations"][0]["result"] = [r for r in task["annotations"][0]["result"] if r["type"] == "labels"]
    norms = PipelineNorms(tagger=tagger)
    outcome = task_gold(as_export([task])[0], corpus, norms)
    assert outcome.rejected == []
    assert outcome.gold["mentions"] == gold["mentions"]


def test_labeling_config_names_every_norm_field_and_schema_value():
    root = ET.fromstring(labeling_config())
    controls = {el.get("name"): el for el in root.iter() if el.get("name")}
    labels = [el.get("value") for el in controls["label"].iter("Label")]
    assert labels == list(NORM_FIELDS)
    defs = validator().schema["$defs"]
    enums = {"level": defs["partner_norm"]["properties"]["level"]["enum"],
             "kind": defs["amount_norm"]["properties"]["kind"]["enum"],
             "event_type": defs["event_norm"]["properties"]["event_type"]["enum"]}
    for kind, fields in NORM_FIELDS.items():
        for name, control_type, _ in fields:
            element = controls[name]
            assert element.tag.lower() == control_type and element.get("perRegion") == "true", name
            if name in enums:
                assert [c.get("value") for c in element.iter("Choice")] == enums[name]


def test_login_is_generated_once_and_owner_only(tmp_path):
    path = tmp_path / "state" / "login.json"
    first = load_or_create_login(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_or_create_login(path) == first
    assert first.password != load_or_create_login(tmp_path / "other.json").password
    assert first.password not in (ROOT / "Makefile").read_text() + labeling_config()


def test_a_file_made_from_another_text_is_not_used(crlf_case, tmp_path):
    corpus, gold = crlf_case
    gold_dir = tmp_path / "stale"
    gold_dir.mkdir()
    (gold_dir / f"{gold['doc_id']}.json").write_text(dump_gold({**gold, "text_sha256": "0" * 64}), "utf-8")
    document = read_document(corpus / f"{gold['doc_id']}.txt")
    tasks, warnings = build_tasks([document], TaskSources(gold_dir=gold_dir, predict=False))
    assert "annotations" not in tasks[0] and "predictions" not in tasks[0]
    assert warnings == [f"ls-crlf-bom: {gold_dir}/ls-crlf-bom.json was made from another text "
                        "(text_sha256 differs); not used"]


def test_to_labelstudio_cli_reads_a_folder_and_refuses_what_extract_refuses(tmp_path, capsys):
    from pipeline.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("भारत और जापान के बीच बैठक हुई।\n", encoding="utf-8")
    (docs / "b.txt").write_text("कोई विदेशी साझेदार नहीं।\n", encoding="utf-8")
    out = tmp_path / "tasks.json"
    assert main(["gold", "to-labelstudio", str(docs), "--no-predictions", "--out", str(out)]) == 0
    assert sorted(t["data"]["doc_id"] for t in json.loads(out.read_text(encoding="utf-8"))) == ["a", "b"]
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("दूसरा पाठ\n", encoding="utf-8")
    assert main(["gold", "to-labelstudio", str(docs), str(other), "--no-predictions", "--out", str(out)]) == 2
    assert "doc id 'a'" in capsys.readouterr().err
