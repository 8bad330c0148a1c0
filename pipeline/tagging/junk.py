"""Web debris (`[विज्ञापन_2]`, `स्रोत`, `टिप्पणी (0)`, HTML tags) hidden from the tagger.

Blanking keeps every offset: the debris becomes spaces in the text Stanza
sees, so it yields no sentence and no mention, while the output still indexes
the original file.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.resources import ResourceError, load


def _compile(kind: str, patterns: list[str]) -> list[re.Pattern]:
    compiled = []
    for i, pattern in enumerate(patterns):
        try:
            compiled.append(re.compile(pattern, re.MULTILINE))
        except re.error as err:
            raise ResourceError(f"resources/hi/junk.json: entry [{kind!r}][{i}]: not a regular expression ({err})") from None
    return compiled


@lru_cache(maxsize=1)
def patterns() -> tuple[list[re.Pattern], list[re.Pattern]]:
    data = load("junk")
    return _compile("lines", data["lines"]), _compile("inline", data["inline"])


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def blank_junk(text: str) -> str:
    """`text` with debris replaced by spaces (same length, same line breaks)."""
    lines, inline = patterns()
    out = []
    for line in text.split("\n"):
        body = line.rstrip("\r")
        if any(p.match(body.strip()) for p in lines):
            out.append(" " * len(line))
            continue
        for p in inline:
            line = p.sub(_blank, line)
        out.append(line)
    return "\n".join(out)
