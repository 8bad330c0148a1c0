"""Finding, describing and fetching the Stanza Hindi models.

Nothing here downloads at run time: models are looked up on disk in a fixed
order, and when none is found the error names every way out.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

LANG = "hi"
PROCESSORS = ("tokenize", "pos", "lemma")
ENV_VAR = "STANZA_RESOURCES_DIR"
DEFAULT_HOME = Path.home() / "stanza_resources"
# The checkout's sibling folder ../shared/stanza_resources (models trained on UD Hindi PUD).
SHARED_DIR = Path(__file__).resolve().parents[3] / "shared" / "stanza_resources"


class ModelNotFoundError(RuntimeError):
    """No usable Stanza Hindi models in any of the places we look."""


@dataclass(frozen=True)
class ModelInfo:
    """Which models a run used, for the output's `meta` block."""

    dir: Path
    packages: dict[str, str]
    sha256: str

    def as_meta(self) -> dict:
        return {"dir": str(self.dir), "packages": self.packages, "sha256": self.sha256}


def _packages(resources_dir: Path) -> dict[str, str] | None:
    """Package per processor if `resources_dir` holds Hindi models for all of them."""
    res_file = resources_dir / "resources.json"
    if not res_file.is_file():
        return None
    try:
        resources = json.loads(res_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    default = resources.get(LANG, {}).get("default_processors", {})
    packages: dict[str, str] = {}
    for proc in PROCESSORS:
        pkg = default.get(proc)
        if isinstance(pkg, dict):  # newer resources.json nest the package name
            pkg = next(iter(pkg), None)
        if not isinstance(pkg, str) or not (resources_dir / LANG / proc / f"{pkg}.pt").is_file():
            return None
        packages[proc] = pkg
    return packages


def candidates(explicit: str | os.PathLike | None = None) -> list[tuple[str, Path]]:
    """The places searched, in order, each with how it was chosen."""
    places: list[tuple[str, Path]] = []
    if explicit:
        places.append(("--stanza-dir", Path(explicit)))
    if os.environ.get(ENV_VAR):
        places.append((f"${ENV_VAR}", Path(os.environ[ENV_VAR])))
    places.append(("Stanza default", DEFAULT_HOME))
    places.append(("../shared beside the checkout", SHARED_DIR))
    return places


def find_models(explicit: str | os.PathLike | None = None) -> ModelInfo:
    """First folder that holds all Hindi processors; an explicit folder (--stanza-dir, or else
    $STANZA_RESOURCES_DIR) must hold them: a setting that does not work is never silently
    replaced by another folder."""
    tried = []
    for how, place in candidates(explicit):
        packages = _packages(place)
        if packages:
            return ModelInfo(place.resolve(), packages, models_hash(place, packages))
        tried.append(f"  - {how}: {place}")
        if how in ("--stanza-dir", f"${ENV_VAR}"):
            break
    raise ModelNotFoundError(
        "No Stanza Hindi models (tokenize, pos, lemma) found. Looked in:\n"
        + "\n".join(tried)
        + "\nWays out:\n"
        f"  - pass --stanza-dir DIR, a Stanza resources folder with hi/{{tokenize,pos,lemma}}\n"
        f"  - set ${ENV_VAR}=DIR\n"
        "  - where the Stanza model hub is reachable: python -m pipeline models download\n"
        "  - put the project's shared/ folder (with stanza_resources/) beside the checkout\n"
        "  - build them from a UD Hindi treebank: python -m pipeline models train --treebank FILE --out DIR"
    )


def models_hash(resources_dir: Path, packages: dict[str, str]) -> str:
    """sha256 over the model files, so outputs say exactly which weights made them."""
    digest = hashlib.sha256()
    for proc in PROCESSORS:
        path = resources_dir / LANG / proc / f"{packages[proc]}.pt"
        digest.update(f"{proc}/{packages[proc]}\n".encode())
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def download(target: Path | None = None) -> Path:
    """Fetch the official Hindi models (needs the Stanza model hub, unreachable here)."""
    import stanza

    target = Path(target or os.environ.get(ENV_VAR) or DEFAULT_HOME)
    stanza.download(LANG, model_dir=str(target), processors=",".join(PROCESSORS))
    return target
