"""Stanza as a spaCy tokenizer: `hindi_coop_ie.StanzaTokenizer.v1`, the spacy-stanza pattern.

spacy-stanza pins an old Stanza; this is the same idea over `Tagger`: the tokenizer
turns a text into a Doc whose text is exactly the source text, with Stanza's
sentences, UPOS and lemmas. Its Docs share the vocab the rule matchers were built
with (`blank_nlp().vocab`), whichever pipeline they run in, so matcher labels
resolve on every Doc. The Stanza models are found as `python -m pipeline models
check` says; they are not copied by `nlp.to_disk`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from pipeline.tagging.tagger import Tagger

TOKENIZER = "hindi_coop_ie.StanzaTokenizer.v1"


class StanzaTokenizer(Tagger):
    """A `Tagger` with the tokenizer protocol spaCy expects (`__call__`, `pipe`, serialization)."""

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        """Docs of `texts`; the lines of `batch_size` texts share Stanza's bulk calls."""
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._pipe_batch(batch)
                batch = []
        yield from self._pipe_batch(batch)

    def _pipe_batch(self, texts: list[str]) -> Iterator[Doc]:
        for text, tokens in zip(texts, self.tag_many(texts)):
            yield self.to_doc(text, tokens)

    # Nothing to save: the models are found again on load (see `pipeline.tagging.models`).
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "StanzaTokenizer":
        return self

    def to_disk(self, path: str | Path, **kwargs) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, **kwargs) -> "StanzaTokenizer":
        return self


@registry.tokenizers(TOKENIZER)
def create_tokenizer(stanza_dir: str | None = None) -> Callable[[Language], StanzaTokenizer]:
    """`stanza_dir`: a Stanza resources folder; None looks where `models check` looks."""

    def make(nlp: Language) -> StanzaTokenizer:
        return StanzaTokenizer(stanza_dir)

    return make
