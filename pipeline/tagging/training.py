"""`python -m pipeline models train`: build a Stanza Hindi resources folder from a UD treebank.

The official Stanza Hindi models cannot be downloaded on offline machines. This is
the recipe that made ../shared/stanza_resources (see its README.md), as one
command, so the models can be rebuilt, checked, or trained on another treebank.
Training itself is Stanza's own code, run as subprocesses with one thread each.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.tagging.models import LANG, PROCESSORS

DEV_SHARE = 0.15
TOKENIZE_ARGS = ["--max_seqlen", "300"]
# One layer, batch 32, lower dropout: Stanza's defaults learn far too slowly on ~1k sentences.
TAGGER_ARGS = [
    "--no_pretrain", "--batch_size", "32", "--num_layers", "1", "--hidden_dim", "150",
    "--char_hidden_dim", "128", "--deep_biaff_hidden_dim", "128",
    "--composite_deep_biaff_hidden_dim", "50", "--dropout", "0.25", "--word_dropout", "0.1",
    "--fix_eval_interval",
]
LEMMA_ARGS = ["--hidden_dim", "100", "--batch_size", "100"]
# Stanza's dev evaluation intervals in the recipe (capped at the step count for short runs).
TOKENIZE_EVAL_STEPS = 200
TAGGER_EVAL_STEPS = 50
_ID = re.compile(r"\d+(?:[-.]\d+)?")
_PACKAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")

Log = Callable[[str], None]


class TreebankError(ValueError):
    """A treebank or dev file that is missing or not CoNLL-U (the message names it)."""


class TrainingError(RuntimeError):
    """A Stanza training stage failed; the message names its log."""


@dataclass(frozen=True)
class Steps:
    """How long each stage trains; the defaults are the README's recipe."""

    tokenize: int = 800
    pos: int = 600
    lemma_epochs: int = 8


RECIPE = Steps()
# --quick: enough to check the setup end to end; the models are useless.
QUICK = Steps(tokenize=20, pos=10, lemma_epochs=1)


def read_conllu(path: Path, what: str = "treebank") -> list[str]:
    """Sentence blocks of a CoNLL-U file, checked enough that Stanza will not fail late on it."""
    if path.is_dir():
        raise TreebankError(f"{what} {path} is a folder, not a CoNLL-U file")
    if not path.is_file():
        raise TreebankError(f"{what} not found: {path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise TreebankError(f"{what} {path} is not a CoNLL-U file: it is not UTF-8 text") from None
    blocks: list[str] = []
    current: list[str] = []
    words = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 10 or not _ID.fullmatch(cols[0]):
            raise TreebankError(
                f"{what} {path} is not a CoNLL-U file: line {number} is neither a comment "
                f"nor a word line with 10 tab-separated columns"
            )
        if cols[0].isdigit():
            words += 1
            if cols[3] in ("", "_"):
                raise TreebankError(f"{what} {path}: line {number} has no UPOS; the tagger needs it on every word")
    if current:
        blocks.append("\n".join(current))
    if not words:
        raise TreebankError(f"{what} {path} is not a CoNLL-U file: it holds no word lines")
    return [b for b in blocks if any(not line.startswith("#") for line in b.splitlines())]


def split_dev(sentences: list[str], share: float = DEV_SHARE) -> tuple[list[str], list[str]]:
    """(train, dev) by whole documents, as ../shared/ud was split: walking the documents in
    order, an odd-numbered one (counting from 0) goes to dev while dev holds under `share`
    of the sentences seen so far. Without `# newdoc` marks each sentence is a document."""
    docs: list[list[str]] = []
    for sent in sentences:
        if not docs or sent.startswith("# newdoc") or "\n# newdoc" in sent:
            docs.append([])
        docs[-1].append(sent)
    if len(docs) == 1:
        docs = [[sent] for sent in sentences]
    train: list[str] = []
    dev: list[str] = []
    seen = 0
    for i, doc in enumerate(docs):
        seen += len(doc)
        (dev if i % 2 == 1 and len(dev) < share * seen else train).extend(doc)
    return train, dev


def _write_conllu(path: Path, sentences: list[str]) -> None:
    path.write_text("".join(s + "\n\n" for s in sentences), encoding="utf-8")


def _blank_xpos_feats(sentence: str) -> str:
    """XPOS and FEATS set to `_`: with many tags their deep-biaffine scorers dominate every
    training step on this CPU, and the pipeline only uses UPOS and lemmas."""
    lines = []
    for line in sentence.splitlines():
        cols = line.split("\t")
        if len(cols) == 10:
            cols[4] = cols[5] = "_"
        lines.append("\t".join(cols))
    return "\n".join(lines)


def _fmt(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class _Stage:
    """One Stanza training run, and how to read dev scores off its log."""

    name: str
    module: str
    args: list[str]
    model: Path  # where Stanza saves it
    unit: str  # "step" or "epoch"
    total: int
    every: int  # steps or epochs between dev evaluations
    evaluation: re.Pattern  # a dev evaluation line; each named group is a score
    scale: float = 100.0  # Stanza logs some scores as fractions

    def scores(self, line: str) -> dict[str, float] | None:
        m = self.evaluation.search(line)
        if not m:
            return None
        return {k.replace("_", " "): round(float(v) * self.scale, 2) for k, v in m.groupdict().items()}


def _stages(work: Path, short: str, steps: Steps) -> list[_Stage]:
    """The recipe's three Stanza commands on the data in `work`."""
    w = str(work)

    def common(name: str) -> list[str]:
        return ["--mode", "train", "--cpu", "--shorthand", short, "--save_dir", w, "--save_name", f"{name}.pt"]

    tok_eval = min(TOKENIZE_EVAL_STEPS, steps.tokenize)
    pos_eval = min(TAGGER_EVAL_STEPS, steps.pos)
    return [
        _Stage(
            "tokenize", "stanza.models.tokenizer",
            [*common("tokenize"), "--lang", LANG,
             "--txt_file", f"{w}/{short}.train.txt", "--label_file", f"{w}/{short}-ud-train.toklabels",
             "--mwt_json_file", f"{w}/{short}-ud-train-mwt.json",
             "--dev_txt_file", f"{w}/{short}.dev.txt", "--dev_label_file", f"{w}/{short}-ud-dev.toklabels",
             *TOKENIZE_ARGS, "--steps", str(steps.tokenize), "--eval_steps", str(tok_eval)],
            work / "tokenize.pt", "step", steps.tokenize, tok_eval,
            re.compile(r"token F1 = (?P<token_F1>[\d.]+), sentence F1 = (?P<sentence_F1>[\d.]+)"), 1.0,
        ),
        _Stage(
            "pos", "stanza.models.tagger",
            [*common("pos"), "--lang", LANG,
             "--train_file", f"{w}/{short}.train.pos.conllu", "--eval_file", f"{w}/{short}.dev.pos.conllu",
             *TAGGER_ARGS, "--max_steps", str(steps.pos), "--eval_interval", str(pos_eval)],
            work / "pos.pt", "step", steps.pos, pos_eval,
            re.compile(r"dev_score = (?P<UPOS>[\d.]+)"),  # XPOS and FEATS are blank: UPOS alone is scored
        ),
        _Stage(
            "lemma", "stanza.models.lemmatizer",
            [*common("lemma"),
             "--train_file", f"{w}/{short}.train.gold.conllu", "--eval_file", f"{w}/{short}.dev.gold.conllu",
             *LEMMA_ARGS, "--num_epoch", str(steps.lemma_epochs)],
            work / "lemma.pt", "epoch", steps.lemma_epochs, 1,
            re.compile(r"dev_score = (?P<lemma>[\d.]+)"),
        ),
    ]


def _run(stage: _Stage, work: Path, log: Log) -> dict[str, float]:
    """Run one stage with one thread (two on a shared 2-core machine made steps ~6x slower),
    echoing each dev evaluation; returns the scores of the model Stanza kept."""
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", stage.module, *stage.args]
    log_path = work / f"{stage.name}.log"
    tail: list[str] = []
    evaluations = 0
    last: dict[str, float] = {}
    kept: dict[str, float] = {}
    extra: dict[str, float] = {}
    start = time.monotonic()
    with log_path.open("w", encoding="utf-8") as fh:
        fh.write(" ".join(cmd) + "\n")
        with subprocess.Popen(cmd, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, encoding="utf-8", errors="replace") as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                fh.write(line)
                tail = [*tail[-14:], line.rstrip("\n")]
                if (scores := stage.scores(line)) is not None:
                    evaluations += 1
                    last = scores
                    done = min(evaluations * stage.every, stage.total)
                    log(f"  {stage.name}: {stage.unit} {done}/{stage.total}, dev {_describe(scores)}"
                        f"  ({_fmt(time.monotonic() - start)})")
                elif "new best" in line.lower():  # Stanza saved the model just evaluated
                    kept = last
                elif stage.name == "lemma" and (m := re.search(r"\bDev F1 = ([\d.]+)", line)):
                    extra["dictionary alone"] = float(m.group(1))  # scored before the seq2seq trains
    if proc.returncode != 0 or not stage.model.is_file():
        raise TrainingError(
            f"{stage.name} training failed (exit code {proc.returncode}); full log: {log_path}\n" + "\n".join(tail)
        )
    return {**kept, **extra}


def train(
    treebank: Path,
    out: Path,
    dev: Path | None = None,
    package: str = "pud",
    steps: Steps = Steps(),
    force: bool = False,
    keep_work: bool = False,
    log: Log = print,
) -> Path:
    """Train tokenize, pos and lemma on `treebank` and write a Stanza resources folder to `out`
    that `pipeline.tagging.models.find_models(out)` accepts. Models are copied in and resources.json
    written only after all three stages succeed; a failed run leaves its logs in out/_work."""
    treebank, out = Path(treebank), Path(out)
    if not _PACKAGE.fullmatch(package):  # it becomes a file name, hi/<processor>/<package>.pt
        raise ValueError(f"package name {package!r}: use letters, digits, '.' and '-' only")
    sentences = read_conllu(treebank)
    if dev is not None:
        train_sents, dev_sents = sentences, read_conllu(Path(dev), "dev file")
    else:
        train_sents, dev_sents = split_dev(sentences)
        if not train_sents or not dev_sents:
            raise TreebankError(f"treebank {treebank}: too few sentences ({len(sentences)}) to split off a dev set; pass --dev")
    if out.exists() and not force and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} exists and is not an empty folder; pass --force to replace the models in it")

    work = out / "_work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    short = f"{LANG}_{package}"
    for shard, sents in (("train", train_sents), ("dev", dev_sents)):
        _write_conllu(work / f"{short}.{shard}.gold.conllu", sents)
        _write_conllu(work / f"{short}.{shard}.pos.conllu", [_blank_xpos_feats(s) for s in sents])
    log(f"Training Stanza Hindi models (package {package}) from {treebank}: "
        f"{len(train_sents)} train, {len(dev_sents)} dev sentences "
        f"({'from ' + str(dev) if dev else 'dev split off by documents'})")

    started = time.monotonic()
    log("[1/3] tokenize: preparing character labels")
    _prepare_tokenizer_data(work, short, treebank)
    stages = _stages(work, short, steps)
    scores: dict[str, dict[str, float]] = {}
    seconds: dict[str, float] = {}
    for number, stage in enumerate(stages, start=1):
        t0 = time.monotonic()
        log(f"[{number}/3] {stage.name}: training {stage.total} {stage.unit}{'s' * (stage.total != 1)} "
            f"(elapsed {_fmt(t0 - started)})")
        scores[stage.name] = _run(stage, work, log)
        seconds[stage.name] = round(time.monotonic() - t0, 1)
        log(f"[{number}/3] {stage.name}: done in {_fmt(seconds[stage.name])}, dev {_describe(scores[stage.name])}")

    for stage in stages:
        target = out / LANG / stage.name / f"{package}.pt"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stage.model, target)
    _write_record(out, treebank, dev, package, len(train_sents), len(dev_sents), steps, stages, scores, seconds)
    _write_resources(out, package)
    if not keep_work:
        shutil.rmtree(work)
    log(f"Done in {_fmt(time.monotonic() - started)}: {out} (use it with --stanza-dir {out})")
    for name, s in scores.items():
        log(f"  {name:<9} dev {_describe(s)}")
    return out


def _describe(scores: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in scores.items()) or "not evaluated"


def _prepare_tokenizer_data(work: Path, short: str, treebank: Path) -> None:
    """Raw text and per-character labels with Stanza's own converters, as its
    prepare_tokenizer_treebank does (their chatter goes to a log, not the console)."""
    from stanza.utils.datasets import common

    log_path = work / "prepare.log"
    with log_path.open("w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
        try:
            common.convert_conllu_to_txt(str(work), short, shards=("train", "dev"))
            for shard in ("train", "dev"):
                common.prepare_tokenizer_dataset_labels(
                    f"{work}/{short}.{shard}.txt", f"{work}/{short}.{shard}.gold.conllu", str(work), short, shard
                )
        except Exception as err:  # Stanza's converters assert on text they cannot align
            raise TrainingError(
                f"could not make tokenizer labels from {treebank} ({type(err).__name__}: {err}); see {log_path}"
            ) from err


def _write_resources(out: Path, package: str) -> None:
    """resources.json as Stanza's Pipeline(dir=..., download_method=None) reads it."""
    resources = {
        LANG: {
            "lang_name": "Hindi",
            **{proc: {package: {}} for proc in PROCESSORS},
            "default_processors": {proc: package for proc in PROCESSORS},
            "packages": {"default": {proc: package for proc in PROCESSORS}},
        },
        "url": "local",
    }
    (out / "resources.json").write_text(json.dumps(resources, indent=2) + "\n", encoding="utf-8")


def _write_record(out: Path, treebank: Path, dev: Path | None, package: str, n_train: int, n_dev: int,
                  steps: Steps, stages: list[_Stage], scores: dict, seconds: dict) -> None:
    """training.json: what went in and what came out, so a folder says how it was made."""
    import stanza
    import torch

    record = {
        "package": package,
        "treebank": {"path": str(treebank.resolve()), "sha256": _sha256(treebank)},
        "dev": ({"path": str(Path(dev).resolve()), "sha256": _sha256(Path(dev))} if dev
                else f"split off the treebank by documents (~{DEV_SHARE:.0%})"),
        "sentences": {"train": n_train, "dev": n_dev},
        "steps": asdict(steps),
        "commands": {s.name: ["python", "-m", s.module, *s.args] for s in stages},
        "dev_scores": scores,
        "seconds": seconds,
        "versions": {"stanza": stanza.__version__, "torch": torch.__version__},
    }
    (out / "training.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
