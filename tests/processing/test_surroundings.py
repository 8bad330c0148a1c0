"""Hostile surroundings: the output folder, a second run, the environment, the options.

Each case is checked before any work where it can be, with one line that names the
path or the setting and the reason, and exit status 2; nothing already written is lost.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.processing import batch
from conftest import ROOT

TEXT = "हा गियांग प्रांत ने युन्नान प्रांत (चीन) के साथ 2024 में बैठक की।\n"


def corpus(folder: Path, n: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"doc{i}.txt").write_text(TEXT, encoding="utf-8")
    return folder


def unwritable_cases(tmp: Path) -> list[tuple[Path, str]]:
    a_file = tmp / "a-file"
    a_file.write_text("x", encoding="utf-8")
    cases = [(a_file, f"{a_file}: cannot write outputs there, it is not a folder"),
             (a_file / "sub", f"{a_file / 'sub'}: cannot write outputs there (Not a directory)")]
    locked = tmp / "read-only"
    locked.mkdir(mode=0o555)
    if os.geteuid() != 0:
        cases.append((locked, f"{locked}: cannot write outputs there (Permission denied)"))
    elif Path("/sys/kernel").is_dir():  # root writes anywhere but in the kernel's folders
        cases.append((Path("/sys/kernel"), "/sys/kernel: cannot write outputs there (Permission denied)"))
    return cases


def test_unwritable_out_is_one_line_before_any_work(tmp_path, capsys):
    docs = corpus(tmp_path / "corpus")
    empty_models = tmp_path / "no-models"
    empty_models.mkdir()
    for out, message in unwritable_cases(tmp_path):
        # the models folder is wrong too: the output folder is checked first, before any model is looked at
        assert main(["extract", str(docs), "--out", str(out), "--stanza-dir", str(empty_models)]) == 2
        assert capsys.readouterr().err == f"error: {message}\n"


def test_a_second_run_on_the_same_out_is_refused_and_takes_nothing_from_the_first(tmp_path, capsys):
    docs = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    out.mkdir()
    first_runs_temp = out / ".doc0.json.abc123.tmp"
    first_runs_temp.write_text('{"doc_id": "do', encoding="utf-8")
    with (out / ".extract.lock").open("a") as held:  # what a running extract holds
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main(["extract", str(docs), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (f"error: {out}: another extract run is writing there (it holds "
                                       f"{out / '.extract.lock'}); wait for it to finish or choose another --out\n")
    assert first_runs_temp.exists() and not (out / "doc0.json").exists()


def test_stale_temp_files_go_once_no_run_holds_the_lock(tagger, tmp_path):
    docs = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".doc0.json.abc123.tmp").write_text('{"doc_id": "do', encoding="utf-8")
    assert main(["extract", str(docs), "--out", str(out)]) == 0
    assert not list(out.glob(".*.tmp")) and json.loads((out / "doc0.json").read_text(encoding="utf-8"))["mentions"]


def test_stanza_resources_dir_without_models_is_an_error_naming_it(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "STANZA_RESOURCES_DIR": str(empty)}
    result = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(corpus(tmp_path / "c")),
                             "--out", str(tmp_path / "o")], capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode == 2
    looked = result.stderr.split("Looked in:\n")[1].split("Ways out:")[0]
    assert looked == f"  - $STANZA_RESOURCES_DIR: {empty}\n"
    assert not list((tmp_path / "o").glob("*.json"))


@pytest.mark.parametrize("workers", ["0", "-3"])
def test_workers_below_one_are_refused(workers, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["extract", "--workers", workers])
    assert exit_.value.code == 2
    assert f"argument --workers: must be at least 1, got {workers}" in capsys.readouterr().err


def test_outputs_get_the_umask_mode_like_errors_jsonl(tagger, tmp_path):
    docs = corpus(tmp_path / "corpus")
    (docs / "bad.txt").write_bytes(b"\xff")
    out = tmp_path / "out"
    assert main(["extract", str(docs), "--out", str(out)]) == 1
    umask = os.umask(0)
    os.umask(umask)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (out / "doc0.json", out / "errors.jsonl",
                                                              out / ".cache" / "index.json")}
    assert modes == dict.fromkeys(modes, 0o666 & ~umask)


LONG = "चीन के साथ बैठक हुई और सहयोग पर चर्चा हुई।\n" * 60


def test_a_long_document_moves_the_bar_window_by_window(tagger, tmp_path, capsys):
    docs = tmp_path / "corpus"
    docs.mkdir()
    (docs / "long.txt").write_text(LONG, encoding="utf-8")
    batch.extract_batch([docs], tmp_path / "out", progress=True, tagger=tagger, window=1000)
    states = re.findall(r"\| ([\d.]+)/1 \[", capsys.readouterr().err)
    assert any(0 < float(n) < 1 for n in states), states


def test_the_first_estimate_leaves_model_loading_out(tmp_path, capsys, monkeypatch):
    warm_up = batch._warm_up
    monkeypatch.setattr(batch, "_warm_up", lambda tagger: (warm_up(tagger), time.sleep(2.5)))  # slow loading
    summary = batch.extract_batch([corpus(tmp_path / "corpus")], tmp_path / "out", progress=True)
    shown = re.findall(r"\| 1/1 \[(\d\d):(\d\d)<", capsys.readouterr().err)
    assert shown and summary.load_s > 2.5
    minutes, seconds = map(int, shown[-1])
    assert 60 * minutes + seconds <= summary.elapsed_s - summary.load_s, (shown, summary)
