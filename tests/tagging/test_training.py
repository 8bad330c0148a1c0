"""`models train`: a tiny real Stanza training run, the dev split, and errors that name the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.tagging.models import find_models
from pipeline.tagging.training import TreebankError, read_conllu, split_dev, train
from conftest import ROOT

UD = ROOT.parent / "shared" / "ud"


def _head(src: Path, n: int, dst: Path) -> Path:
    """The first `n` sentences of a CoNLL-U file."""
    dst.write_text("".join(s + "\n\n" for s in read_conllu(src)[:n]), encoding="utf-8")
    return dst


def test_cli_trains_a_folder_the_tagger_loads(tmp_path, capsys):
    treebank = _head(UD / "hi_pud.train.conllu", 40, tmp_path / "train.conllu")
    dev = _head(UD / "hi_pud.dev.conllu", 10, tmp_path / "dev.conllu")
    out = tmp_path / "models"
    code = main([
        "models", "train", "--treebank", str(treebank), "--dev", str(dev), "--out", str(out),
        "--package", "mini", "--tokenize-steps", "10", "--pos-steps", "5", "--lemma-epochs", "1",
    ])
    assert code == 0
    printed = capsys.readouterr().out
    for stage in ("[1/3] tokenize: done", "[2/3] pos: done", "[3/3] lemma: done", "dev UPOS"):
        assert stage in printed

    info = find_models(out)
    assert info.dir == out.resolve()
    assert info.packages == {"tokenize": "mini", "pos": "mini", "lemma": "mini"}
    assert not (out / "_work").exists()
    record = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert record["sentences"] == {"train": 40, "dev": 10}
    assert record["steps"] == {"tokenize": 10, "pos": 5, "lemma_epochs": 1}
    assert set(record["dev_scores"]) == {"tokenize", "pos", "lemma"}

    from pipeline.tagging.tagger import Tagger

    text = "भारत ने नेपाल को सहायता दी। बैठक दिल्ली में हुई।"
    doc = Tagger(out)(text)
    assert doc.text == text
    assert len(doc) >= 1 and all(token.pos_ for token in doc)  # a 5-step tagger: structure, not quality


def test_missing_treebank_is_named(tmp_path, capsys):
    missing = tmp_path / "nope.conllu"
    with pytest.raises(TreebankError) as err:
        train(missing, tmp_path / "out")
    assert str(err.value) == f"treebank not found: {missing}"
    assert main(["models", "train", "--treebank", str(missing), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == f"error: treebank not found: {missing}\n"
    assert not (tmp_path / "out").exists()


def test_text_that_is_not_conllu_is_named(tmp_path):
    plain = tmp_path / "news.txt"
    plain.write_text("भारत ने नेपाल को सहायता दी।\n", encoding="utf-8")
    with pytest.raises(TreebankError) as err:
        train(plain, tmp_path / "out")
    assert str(err.value) == (
        f"treebank {plain} is not a CoNLL-U file: line 1 is neither a comment "
        "nor a word line with 10 tab-separated columns"
    )


def test_a_non_empty_out_folder_needs_force(tmp_path):
    treebank = _head(UD / "hi_pud.train.conllu", 5, tmp_path / "train.conllu")
    out = tmp_path / "out"
    out.mkdir()
    (out / "resources.json").write_text("{}", encoding="utf-8")
    with pytest.raises(FileExistsError, match="--force"):
        train(treebank, out, dev=treebank)


def test_default_dev_split_reproduces_the_shared_split():
    """Without --dev, the treebank is split exactly as ../shared/ud's README says it was."""
    train_sents, dev_sents = split_dev(read_conllu(UD / "hi_pud-ud-test.conllu"))
    assert train_sents == read_conllu(UD / "hi_pud.train.conllu")
    assert dev_sents == read_conllu(UD / "hi_pud.dev.conllu")
    assert (len(train_sents), len(dev_sents)) == (850, 150)
