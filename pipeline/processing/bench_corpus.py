"""The bench corpus: N distinct articles recombined from a folder, and one long article."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

from pipeline.processing.corpus import meta_path_for

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

_NUMBER = re.compile(r"\d+")


def _sources(folder: Path) -> list[tuple[list[str], dict]]:
    files = sorted(Path(folder).glob("*.txt"))
    if len(files) < 5 and SEEDS.is_dir():
        files += sorted(SEEDS.glob("*.txt"))
    out = []
    for path in files:
        paragraphs = [p for p in path.read_text(encoding="utf-8-sig").split("\n") if p.strip()]
        try:
            meta = json.loads(meta_path_for(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        if paragraphs:
            out.append((paragraphs, meta if isinstance(meta, dict) else {}))
    if not out:
        raise SystemExit(f"bench: no .txt articles in {folder}")
    return out


def _vary_number(rng: random.Random, m: re.Match) -> str:
    digits = m.group(0)
    if len(digits) == 4 and digits[:2] in ("19", "20"):
        return digits  # a year: kept, dates stay plausible
    if len(digits) == 1:
        return str(rng.randint(1, 9))
    return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))


def make_corpus(source: Path, dest: Path, n: int, seed: int = 7) -> list[Path]:
    """`n` articles in `dest`: a source article's title, its other paragraphs shuffled with
    one paragraph of another article in place of one of its own, numbers varied."""
    sources = _sources(source)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    seen: set[str] = set()
    paths = []
    for i in range(n):
        rng = random.Random(seed * 100_003 + i)
        paragraphs, meta = sources[i % len(sources)]
        while True:
            title, body = paragraphs[0], list(paragraphs[1:])
            other = sources[rng.randrange(len(sources))][0]
            if body and len(other) > 1:
                body[rng.randrange(len(body))] = other[rng.randrange(1, len(other))]
            rng.shuffle(body)
            text = "\n\n".join([title, *body]) + "\n"
            text = _NUMBER.sub(lambda m: _vary_number(rng, m), text)
            if text not in seen:
                break
        seen.add(text)
        path = dest / f"bench-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        side = {"published": meta["published"]} if "published" in meta else {}
        (dest / f"bench-{i:05d}.meta.json").write_text(json.dumps(side), encoding="utf-8")
        paths.append(path)
    return paths


def subset(paths: list[Path], dest: Path, n: int) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for path in paths[:n]:
        shutil.copy2(path, dest / path.name)
        meta = meta_path_for(path)
        if meta.exists():
            shutil.copy2(meta, dest / meta.name)
    return dest


def make_big_article(paths: list[Path], dest: Path, megabytes: float) -> Path:
    """One article of `megabytes` MB (UTF-8): the bench articles one after another, as a long
    dossier or a digest page would run."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    target = int(megabytes * 1_000_000)
    path = dest / "big-article.txt"
    texts = [source.read_text(encoding="utf-8").strip() + "\n\n" for source in paths]
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        while size < target:
            for text in texts:
                fh.write(text)
                size += len(text.encode("utf-8"))
                if size >= target:
                    break
    shutil.copy2(meta_path_for(paths[0]), meta_path_for(path))
    return path
