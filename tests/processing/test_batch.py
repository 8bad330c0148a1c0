"""`extract` on a folder: cache skips, re-processing on change, workers, progress and summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.processing.batch import extract_batch, process_batch
from pipeline.cli import main

DOCS = {
    "alpha": "भारत और वियतनाम ने 12 मार्च 2024 को हनोई में एक समझौते पर हस्ताक्षर किए।\n"
             "इस परियोजना के लिए 50 लाख डॉलर दिए जाएंगे।\n",
    "beta": "जापान के प्रतिनिधिमंडल ने दा नांग प्रांत का दौरा किया।\nदोनों पक्षों ने व्यापार पर चर्चा की।\n",
    "gamma": "कल बारिश हुई।\n",
}
SUMMARY = re.compile(r"^extract: (\d+) processed, (\d+) failed, (\d+) skipped, [\d.]+s \([\d.]+ docs/s\) -> ")


def make_corpus(folder: Path, names=("alpha", "beta")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.txt").write_text(DOCS[name], encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps({"published": "2024-03-13"}), encoding="utf-8")
    return folder


def extract(capsys, *args: str) -> tuple[int, tuple[int, int, int], str]:
    code = main(["extract", *args])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if SUMMARY.match(line)]
    assert len(lines) == 1, err
    processed, failed, skipped = (int(x) for x in SUMMARY.match(lines[0]).groups())
    counts = (processed, skipped, failed)
    return code, counts, err


def outputs(out: Path, drop_time: bool = True) -> dict[str, dict]:
    found = {}
    for path in sorted(out.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if drop_time:
            data["meta"].pop("time_s", None)
        found[path.name] = data
    return found


def test_rerun_skips_unchanged_documents(tmp_path, capsys, tagger):
    corpus, out = make_corpus(tmp_path / "in"), tmp_path / "out"
    code, counts, _ = extract(capsys, str(corpus), "--out", str(out), "--workers", "1")
    assert (code, counts) == (0, (2, 0, 0))
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.glob("*.json")}
    code, counts, _ = extract(capsys, str(corpus), "--out", str(out), "--workers", "1")
    assert (code, counts) == (0, (0, 2, 0))
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.glob("*.json")} == before
    assert (out / ".cache" / "index.json").exists()
    assert (out / "events.jsonl").exists()
    # --force ignores the cache
    _, counts, _ = extract(capsys, str(corpus), "--out", str(out), "--workers", "1", "--force")
    assert counts == (2, 0, 0)


def test_changed_text_meta_output_or_resources_reprocess(tmp_path, capsys, tagger, monkeypatch):
    corpus, out = make_corpus(tmp_path / "in"), tmp_path / "out"
    args = [str(corpus), "--out", str(out), "--workers", "1"]
    assert extract(capsys, *args)[1] == (2, 0, 0)
    sha = json.loads((out / "alpha.json").read_text(encoding="utf-8"))["text_sha256"]
    (corpus / "alpha.txt").write_text(DOCS["alpha"].replace("12 मार्च", "14 मार्च"), encoding="utf-8")
    assert extract(capsys, *args)[1] == (1, 1, 0)
    assert json.loads((out / "alpha.json").read_text(encoding="utf-8"))["text_sha256"] != sha
    (corpus / "beta.meta.json").write_text(json.dumps({"published": "2023-01-02"}), encoding="utf-8")
    assert extract(capsys, *args)[1] == (1, 1, 0)
    assert json.loads((out / "beta.json").read_text(encoding="utf-8"))["meta"]["published"] == "2023-01-02"
    # an output that went missing or was damaged is made again
    (out / "alpha.json").unlink()
    (out / "beta.json").write_text("{truncated", encoding="utf-8")
    assert extract(capsys, *args)[1] == (2, 0, 0)
    # a changed resource file changes the fingerprint: everything is re-processed
    import pipeline.resources

    monkeypatch.setattr(pipeline.resources, "fingerprint", lambda lang="hi": "changed")
    assert extract(capsys, *args)[1] == (2, 0, 0)
    assert extract(capsys, *args)[1] == (0, 2, 0)
    # so does a change to the package's code, even under the same version number
    import pipeline.processing.cache

    monkeypatch.setattr(pipeline.processing.cache, "code_fingerprint", lambda: "edited")
    assert extract(capsys, *args)[1] == (2, 0, 0)


def test_failed_document_reported_not_cached(tmp_path, capsys, tagger):
    corpus, out = make_corpus(tmp_path / "in"), tmp_path / "out"
    (corpus / "broken.txt").write_bytes(b"\xff\xfe bad bytes")
    args = [str(corpus), "--out", str(out), "--workers", "1"]
    code, counts, err = extract(capsys, *args)
    assert (code, counts) == (1, (2, 0, 1))
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(Path(e["file"]).name, e["stage"]) for e in errors] == [("broken.txt", "read")]
    assert "UTF-8" in errors[0]["error"] and "failed [read]" in err
    code, counts, _ = extract(capsys, *args)
    assert (code, counts) == (1, (0, 2, 1))


def test_quiet_without_terminal_one_summary_line(tmp_path, capsys, tagger):
    corpus, out = make_corpus(tmp_path / "in"), tmp_path / "out"
    code, counts, err = extract(capsys, str(corpus), "--out", str(out), "--workers", "1")
    assert code == 0
    # no progress bar when stderr is not a terminal: the summary is all there is
    assert [line for line in err.splitlines() if line.strip()] == [err.strip()]
    assert "%|" not in err and "doc/s" not in err


def test_batch_equals_single_document_process(tmp_path, tagger):
    from pipeline.processing.corpus import read_document
    from pipeline.nlp.record import process

    corpus = make_corpus(tmp_path / "in", ("alpha", "beta", "gamma"))
    paths = [str(p) for p in sorted(corpus.glob("*.txt"))]
    results = process_batch(tagger, paths)
    assert [r[1] for r in results] == ["alpha", "beta", "gamma"]
    for path, _, record, error, ntokens in results:
        assert error is None and ntokens > 0
        single = process(read_document(Path(path)), tagger)
        record["meta"].pop("time_s"), single["meta"].pop("time_s")
        assert record == single


def test_two_workers_same_outputs_as_one(tmp_path, monkeypatch):
    import pipeline.processing.batch

    monkeypatch.setattr(pipeline.processing.batch, "MIN_DOCS_PER_WORKER", 1)  # 3 tiny documents, 2 processes
    corpus = make_corpus(tmp_path / "in", ("alpha", "beta", "gamma"))
    one = extract_batch([corpus], tmp_path / "one", workers=1, progress=False)
    two = extract_batch([corpus], tmp_path / "two", workers=2, progress=False)
    assert (one.processed, two.processed, two.workers) == (3, 3, 2)
    assert one.tokens == two.tokens > 0
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")
