"""`extract` -> output files valid against the shipped schema -> `export` as JSONL and CSV."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.processing.export import flatten, load_schema, write_events_jsonl

from conftest import SEEDS

DOCS = {
    "alpha": ("लाओ काई प्रांत ने 2024 में युन्नान प्रांत (चीन) के साथ समझौते पर हस्ताक्षर किए।\n"
              "जापान ने 5 करोड़ रुपये की सहायता दी।\n"),
    "beta": "क्वांग नाम प्रांत में भारत के साथ सम्मेलन हुआ।\n",
}


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = load_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def assert_valid(name: str, instance: dict, where: str) -> None:
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, f"{where}: {[(list(e.absolute_path), e.message[:200]) for e in errors[:5]]}"


@pytest.fixture(scope="module")
def extracted(tagger, tmp_path_factory) -> Path:
    """`extract` over two tiny documents (one with a sidecar) into a fresh output folder."""
    corpus = tmp_path_factory.mktemp("corpus")
    for doc_id, text in DOCS.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (corpus / "alpha.meta.json").write_text(
        json.dumps({"published": "2024-06", "source": "https://example.invalid/alpha"}), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    assert main(["extract", str(corpus), "--out", str(out)]) == 0
    return out


def test_every_output_written_by_extract_is_valid(extracted):
    files = sorted(p for p in extracted.glob("*.json"))
    assert [p.stem for p in files] == ["alpha", "beta"]
    for path in files:
        record = json.loads(path.read_text(encoding="utf-8"))
        assert_valid("output", record, str(path))
        ids = [m["id"] for m in record["mentions"]]
        assert ids == [f"m{i}" for i in range(1, len(ids) + 1)]
        assert [e["id"] for e in record["events"]] == [f"e{i}" for i in range(1, len(record["events"]) + 1)]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="no seed articles")
def test_seed_outputs_are_valid(tagger, tmp_path):
    assert main(["extract", str(SEEDS), "--out", str(tmp_path)]) == 0
    for path in sorted(tmp_path.glob("*.json")):
        assert_valid("output", json.loads(path.read_text(encoding="utf-8")), str(path))


def test_schema_rejects_a_broken_frame(extracted):
    record = json.loads((extracted / "alpha.json").read_text(encoding="utf-8"))
    record["events"][0]["plover"] = "PARTY"
    assert not validator("output").is_valid(record)
    del record["events"]
    assert not validator("output").is_valid(record)


def test_export_events_jsonl(extracted, tmp_path):
    dest = tmp_path / "events.jsonl"
    assert main(["export", str(extracted), "--format", "jsonl", "--what", "events", "--out", str(dest)]) == 0
    lines = [json.loads(line) for line in dest.read_text(encoding="utf-8").splitlines()]
    frames = {d: json.loads((extracted / f"{d}.json").read_text(encoding="utf-8"))["events"] for d in DOCS}
    assert len(lines) == sum(map(len, frames.values())) > 0
    for line in lines:
        assert_valid("records", line, "events.jsonl")
        assert line["record_type"] == "event"
        assert line["provenance"]["output_file"] == f"{line['doc_id']}.json"
        assert line["provenance"]["pipeline_version"]
    alpha = [line for line in lines if line["doc_id"] == "alpha"]
    assert {line["source"] for line in alpha} == {"https://example.invalid/alpha"}
    assert {line["published"] for line in alpha} == {"2024-06"}
    assert [line["id"] for line in alpha] == [f["id"] for f in frames["alpha"]]
    beta = [line for line in lines if line["doc_id"] == "beta"]
    assert all(line["source"] is None for line in beta)
    aid = next(line for line in alpha if line["event_type"] == "AID")
    assert aid["plover"] == "AID" and [a["norm"]["value"] for a in aid["amounts"]] == [50_000_000]


def test_export_mentions_jsonl(extracted, tmp_path):
    dest = tmp_path / "mentions.jsonl"
    assert main(["export", str(extracted), "--what", "mentions", "--out", str(dest)]) == 0
    lines = [json.loads(line) for line in dest.read_text(encoding="utf-8").splitlines()]
    n = sum(len(json.loads((extracted / f"{d}.json").read_text(encoding="utf-8"))["mentions"]) for d in DOCS)
    assert len(lines) == n
    for line in lines:
        assert_valid("records", line, "mentions.jsonl")
        assert line["record_type"] == "mention"


def test_export_events_csv_is_flat(extracted, tmp_path):
    dest = tmp_path / "events.csv"
    assert main(["export", str(extracted), "--format", "csv", "--out", str(dest)]) == 0
    assert dest.read_bytes().startswith("\ufeff".encode())
    frame = pd.read_csv(dest, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for column in ("doc_id", "source", "event_type", "plover", "trigger.id", "trigger.text",
                   "date.norm.start", "date.norm.end", "subject.name", "sentence.text",
                   "provenance.output_file"):
        assert column in frame.columns, column
    agreement = frame[(frame["doc_id"] == "alpha") & (frame["event_type"] == "AGREEMENT")]
    assert len(agreement) == 2
    assert set(agreement["partners.norm.name"]) == {"Yunnan"}
    assert set(agreement["date.norm.start"]) == {"2024"}


def test_export_mentions_csv(extracted, tmp_path):
    dest = tmp_path / "mentions.csv"
    assert main(["export", str(extracted), "--format", "csv", "--what", "mentions", "--out", str(dest)]) == 0
    frame = pd.read_csv(dest, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert {"doc_id", "id", "type", "start", "end", "text", "norm.name", "norm.kind"} <= set(frame.columns)
    assert set(frame["doc_id"]) == set(DOCS)


def test_write_events_jsonl_beside_the_outputs(extracted, tmp_path):
    out = tmp_path / "copy"
    out.mkdir()
    for p in extracted.glob("*.json"):
        (out / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (out / "bench.json").write_text('{"docs": 2}', encoding="utf-8")  # not an output record
    path = write_events_jsonl(out)
    assert path == out / "events.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(x)["record_type"] == "event" for x in lines)
    # rewriting replaces the file, it does not append
    write_events_jsonl(out)
    assert path.read_text(encoding="utf-8").splitlines() == lines


def test_export_of_a_missing_folder_fails(tmp_path):
    assert main(["export", str(tmp_path / "nope"), "--out", str(tmp_path / "x.jsonl")]) == 2


def test_flatten_joins_lists_of_arguments():
    row = flatten({"doc_id": "d", "partners": [{"id": "m1", "norm": {"name": "Yunnan"}, "inherited": False},
                                               {"id": "m2", "norm": {"name": "Brest"}, "inherited": True}],
                   "date": None, "amounts": [], "trigger": {"id": "m3"}})
    assert row == {"doc_id": "d", "partners.id": "m1;m2", "partners.norm.name": "Yunnan;Brest",
                   "partners.inherited": "false;true", "date": None, "amounts": "", "trigger.id": "m3"}
