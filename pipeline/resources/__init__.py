"""Language knowledge as data: JSON files in `pipeline/resources/<lang>/`, validated on load.

Each file `<lang>/<name>.json` is described by the JSON Schema (draft 2020-12)
`schemas/<name>.schema.json`, read by name when the file is first loaded, so `load(name)`
needs no other module imported; the pieces several schemas share (non-empty word lists,
ISO country codes, levels, event types) are `$defs` of `schemas/common.schema.json`,
resolved through a `referencing` registry. A malformed file is rejected with the file name
and the path of the offending entry.

A saved pipeline carries the `<lang>/` files (`export_to`, `use_saved`, `fingerprint`), not
the schemas: a schema describes what this package's code reads, so the running code's
schemas check whichever resource files it is given.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

LANG = "hi"
SCHEMA_BASE = "https://example.invalid/hindi-coop-ie/resources/"  # the `$id` prefix of every schema


class ResourceError(ValueError):
    """A resource file that is missing or malformed; names the file and the entry."""


@lru_cache(maxsize=None)
def schema(name: str) -> dict | None:
    """The schema of `<lang>/<name>.json` (the same for every language), or None when the
    package declares none."""
    path = resources.files("pipeline") / "resources" / "schemas" / f"{name}.schema.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _retrieve(uri: str) -> Resource:
    """The schema file a `$ref` names (`common.schema.json#/$defs/strings`), read by name."""
    name = uri.removeprefix(SCHEMA_BASE).removesuffix(".schema.json")
    found = schema(name) if uri.startswith(SCHEMA_BASE) else None
    if found is None:
        raise NoSuchResource(ref=uri)
    return Resource.from_contents(found)


@lru_cache(maxsize=None)
def _validator(name: str) -> jsonschema.Draft202012Validator | None:
    found = schema(name)
    return None if found is None else jsonschema.Draft202012Validator(found, registry=Registry(retrieve=_retrieve))


def _location(error: jsonschema.ValidationError) -> str:
    return "".join(f"[{p!r}]" if isinstance(p, str) else f"[{p}]" for p in error.absolute_path) or "(top level)"


def validate(name: str, data: Any, lang: str = LANG) -> Any:
    """Check `data` against `schemas/<name>.schema.json`, naming file and entry on failure."""
    validator = _validator(name)
    if validator is None:
        raise ResourceError(f"resources/{lang}/{name}.json: no schema declared for this file")
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        raise ResourceError(f"resources/{lang}/{name}.json: entry {_location(first)}: {first.message}")
    return data


_root: Traversable | None = None  # a saved pipeline's resources, when they are not the package's


def root() -> Traversable:
    """The folder holding `<lang>/<name>.json`: the package's, or the one `use_saved` chose."""
    return _root if _root is not None else resources.files("pipeline") / "resources"


@lru_cache(maxsize=None)
def load(name: str, lang: str = LANG) -> Any:
    """Read and validate `resources/<lang>/<name>.json` once per process."""
    path = root() / lang / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResourceError(f"resources/{lang}/{name}.json: file not found") from None
    except json.JSONDecodeError as err:
        raise ResourceError(f"resources/{lang}/{name}.json: not JSON: line {err.lineno} column {err.colno}: {err.msg}") from None
    return validate(name, data, lang)


def files_digest(folder: Traversable, suffix: str) -> str:
    """sha256 over the names and bytes of the files of `folder` ending in `suffix`, by name."""
    import hashlib

    digest = hashlib.sha256()
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(suffix):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return digest.hexdigest()


def fingerprint(lang: str = LANG) -> str:
    """Hash of every resource file, so caches know when language knowledge changed."""
    return files_digest(root() / lang, ".json")


def export_to(target: Path, lang: str = LANG) -> None:
    """Copy the resource files in use to `target/<lang>/` (a saved pipeline carries them)."""
    (target / lang).mkdir(parents=True, exist_ok=True)
    for entry in (root() / lang).iterdir():
        if entry.name.endswith(".json"):
            (target / lang / entry.name).write_bytes(entry.read_bytes())


def use_saved(folder: Path, lang: str = LANG) -> None:
    """Read resources from a saved pipeline's `folder` from now on. The same files as the ones
    in use change nothing; other files can only be used before any was read in this process
    (the rules keep what they built from them)."""
    global _root
    if files_digest(Path(folder) / lang, ".json") == fingerprint(lang):
        return
    if load.cache_info().currsize:
        raise ResourceError(f"{folder}: the saved pipeline's resources differ from the ones this "
                            "process already uses; load it in a fresh process")
    _root = Path(folder)

