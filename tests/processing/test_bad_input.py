"""Messy input never stops the batch and never loses data.

Every case of tests/data/bad_input.json goes through the CLI in one folder
with good documents beside it: good ones are written, bad ones are reported
(file, stage, message) in errors.jsonl and the summary, and the exit status
says so.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.processing.corpus import find_inputs
from conftest import DATA, ROOT

CASES = json.loads((DATA / "bad_input.json").read_text(encoding="utf-8"))
GOOD = {
    "good-1": "हा गियांग प्रांत ने युन्नान प्रांत (चीन) के साथ 2024 में बैठक की।\n",
    "good-2": "केरल राज्य को जापान से 5 करोड़ रुपये की सहायता मिली।\n",
}


def _write(folder: Path, case: dict) -> Path:
    path = folder / case["file"]
    data = base64.b64decode(case["base64"]) if "base64" in case else case["text"].encode("utf-8")
    path.write_bytes(data)
    if "meta" in case:
        path.with_name(path.name[: -len(".txt")] + ".meta.json").write_text(case["meta"], encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def batch(tmp_path_factory, tagger):
    corpus = tmp_path_factory.mktemp("messy")
    out = tmp_path_factory.mktemp("messy_out")
    paths = {case["id"]: _write(corpus, case) for case in CASES}
    for doc_id, text in GOOD.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    status = main(["extract", str(corpus), "--out", str(out)])
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    return status, out, paths, errors


def test_exit_status_is_nonzero_when_any_document_failed(batch):
    status, *_ = batch
    assert status == 1


def test_good_documents_are_processed_beside_bad_ones(batch):
    _, out, _, _ = batch
    for doc_id in GOOD:
        record = json.loads((out / f"{doc_id}.json").read_text(encoding="utf-8"))
        assert {m["type"] for m in record["mentions"]} >= {"PARTNER", "EVENT"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_each_messy_case(batch, case):
    _, out, paths, errors = batch
    path = paths[case["id"]]
    reported = [e for e in errors if e["file"] == str(path)]
    if case["status"] == "failed":
        assert reported == [{**reported[0], "stage": case["stage"], "error": case["error"].format(path=path)}]
        return
    assert not reported
    record = json.loads((out / f"{path.name[:-4]}.json").read_text(encoding="utf-8"))
    text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    assert len(record["mentions"]) == case["mentions"], record["mentions"]
    for m in record["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    if "warning" in case:
        assert any(case["warning"] in w for w in record["meta"]["warnings"])


def test_summary_names_failures(tagger, tmp_path, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("भारत", encoding="utf-8")
    (corpus / "bad.txt").write_bytes(b"\xff\xfe")
    assert main(["extract", str(corpus), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "1 processed" in err and "1 failed" in err
    assert f"{corpus / 'bad.txt'}: not valid UTF-8 at byte offset 0" in err


def _errors(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


def test_link_out_of_the_input_folder_is_refused_and_the_rest_processed(tagger, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("भारत", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "link.txt").symlink_to(outside)
    (corpus / "good-1.txt").write_text(GOOD["good-1"], encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(corpus), "--out", str(out)]) == 1
    assert [(e["file"], e["stage"], e["error"]) for e in _errors(out)] == [
        (str(corpus / "link.txt"), "read", f"{corpus / 'link.txt'}: refused, it points outside the input folder {corpus}")]
    assert (out / "good-1.json").exists() and not (out / "link.json").exists()


def test_one_doc_id_in_two_folders_is_an_error_naming_both_files(tagger, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, text in ((first, GOOD["good-1"]), (second, GOOD["good-2"])):
        folder.mkdir()
        (folder / "same.txt").write_text(text, encoding="utf-8")
    (first / "good-1.txt").write_text(GOOD["good-1"], encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):  # the same answer on every run
        assert main(["extract", str(first), str(second), "--out", str(out)]) == 1
        one, two = first / "same.txt", second / "same.txt"
        assert [(e["file"], e["error"]) for e in _errors(out)] == [
            (str(one), f"{one}: doc id 'same' is also the name of {two}; neither is processed (rename one)"),
            (str(two), f"{two}: doc id 'same' is also the name of {one}; neither is processed (rename one)")]
        assert not (out / "same.json").exists() and (out / "good-1.json").exists()


def test_a_file_named_twice_is_one_input(tmp_path):
    (tmp_path / "x.txt").write_text("भारत", encoding="utf-8")
    found = find_inputs([tmp_path, tmp_path / "x.txt"])
    assert found.files == [tmp_path / "x.txt"] and found.refused == []


def test_interrupted_run_leaves_no_truncated_json_and_the_next_run_completes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentence = "हा गियांग प्रांत ने युन्नान प्रांत (चीन) के साथ 2024 में बैठक की और 5 करोड़ रुपये दिए। "
    for i in range(12):
        (corpus / f"doc{i:02d}.txt").write_text(sentence * (10 + i), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    previous = {"doc_id": "doc05", "mentions": [], "note": "previous good output"}
    (out / "doc05.json").write_text(json.dumps(previous), encoding="utf-8")
    cmd = [sys.executable, "-m", "pipeline", "extract", str(corpus), "--out", str(out)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not (out / "doc01.json").exists():
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGKILL)  # the whole group: workers die with the parent
    assert proc.wait() == -signal.SIGKILL
    written = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("doc*.json")}  # never truncated
    fresh = [name for name, record in written.items() if "note" not in record]
    assert "doc01.json" in fresh and len(fresh) < 12, f"the run was not interrupted mid-batch: {sorted(fresh)}"
    (out / ".doc03.json.x1y2z3.tmp").write_text('{"doc_id": "doc0', encoding="utf-8")  # as kill -9 mid-write leaves it
    rerun = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0
    processed, skipped = map(int, re.search(r"(\d+) processed, 0 failed, (\d+) skipped", rerun.stderr).groups())
    # what the killed run wrote is kept (the last output may have been renamed a moment before its record)
    assert processed + skipped == 12 and len(fresh) - 1 <= skipped <= len(fresh) and skipped >= 1
    for i in range(12):
        record = json.loads((out / f"doc{i:02d}.json").read_text(encoding="utf-8"))
        assert record["doc_id"] == f"doc{i:02d}" and record["mentions"]
    assert not list(out.glob(".*.tmp")) and not list(out.glob(".cache/.*.tmp"))


LONG_PARAGRAPH = (
    "बिन्ह दिन्ह प्रांत के प्रतिनिधिमंडल ने 3 से 5 मई 2024 तक दक्षिण कोरिया के ग्योंगगी प्रांत की यात्रा की।\n"
    "दोनों पक्षों ने कृषि सहयोग पर एक समझौता ज्ञापन पर हस्ताक्षर किए और कोरियाई पक्ष ने "
    "2 लाख अमेरिकी डॉलर की सहायता देने का वादा किया।\n\n"
)


@pytest.mark.parametrize("text, size, expected", [
    ("abc\ndef\nghi\n", 100, [(0, 12)]),                       # short: one window
    ("aaaa\nbbbb\ncccc\n", 10, [(0, 10), (10, 15)]),          # cut after the last line break that fits
    ("एक। दो। तीन। चार।", 9, [(0, 7), (7, 12), (12, 17)]),      # one long line: after a sentence end
])
def test_windows_tile_the_text_at_line_or_sentence_ends(text, size, expected):
    from pipeline.extraction.extract import windows

    assert windows(text, size) == expected


def test_long_article_goes_window_by_window_with_exact_offsets(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    copies = 24
    (corpus / "one.txt").write_text(LONG_PARAGRAPH, encoding="utf-8")
    (corpus / "long.txt").write_text(LONG_PARAGRAPH * copies, encoding="utf-8")
    for doc_id, text in GOOD.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(corpus), "--out", str(out), "--window-chars", "1000"]) == 0
    one = json.loads((out / "one.json").read_text(encoding="utf-8"))
    long = json.loads((out / "long.json").read_text(encoding="utf-8"))
    assert one["meta"]["windows"] == 1 and long["meta"]["windows"] >= 4
    assert long["meta"]["tokens"] == copies * one["meta"]["tokens"]
    # every copy gives the mentions of the single paragraph, shifted, with ids numbered through
    step = len(LONG_PARAGRAPH)
    expected = [{**m, "id": f"m{k * len(one['mentions']) + i + 1}", "start": m["start"] + k * step,
                 "end": m["end"] + k * step}
                for k in range(copies) for i, m in enumerate(one["mentions"])]
    assert long["mentions"] == expected
    assert len(long["sentences"]) == copies * len(one["sentences"])
    assert [e["id"] for e in long["events"]] == [f"e{i + 1}" for i in range(copies * len(one["events"]))]
    ids = {m["id"]: m for m in long["mentions"]}
    for frame in long["events"]:
        assert ids[frame["trigger"]["id"]]["start"] == frame["trigger"]["start"]
        for arg in frame["partners"] + frame["amounts"] + [frame["date"]] * bool(frame["date"]):
            assert ids[arg["id"]]["text"] == arg["text"] and ids[arg["id"]]["start"] == arg["start"]
    for doc_id in GOOD:
        assert (out / f"{doc_id}.json").exists()


def test_window_size_below_a_paragraph_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["extract", "--window-chars", "10"])
    assert "--window-chars: must be at least 1000 characters, got 10" in capsys.readouterr().err
