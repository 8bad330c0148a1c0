"""Stanza tagging and the Stanza -> spaCy `Doc` adapter.

Stanza splits sentences, tokenizes and gives UPOS and lemmas; every later
matcher runs on a spaCy `Doc` whose text is *exactly* the source text, so a
mention's token span gives its character offsets into the file.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import NORM
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.tagging.junk import blank_junk
from pipeline.tagging.models import LANG, PROCESSORS, ModelInfo, find_models
from pipeline.tagging.textnorm import ascii_digits, fold, fold_same_length

# Longest piece of text handed to Stanza at once: bounds memory on huge files.
MAX_CHUNK_CHARS = 20_000
# Lines handed to Stanza per call (its bulk processing).
BATCH_LINES = 64
SENT_END = frozenset("।?!॥")
# A "sentence" longer than this (a paragraph with no danda or line break) is cut at its last
# clause mark before the bound, else before the token that crosses it: every later stage
# (frames pair a sentence's triggers with its arguments) works on bounded pieces. Real news
# sentences stay well under it (the longest seen: ~750 characters).
MAX_SENTENCE_CHARS = 1_000
CLAUSE_MARKS = frozenset(",;:—–")
_SPLIT_AT = re.compile(r"(?<=[।?!॥])\s+")
_lock = threading.Lock()
# (text, upos, lemma, start, end, sentence start) of one Stanza token
Token = tuple[str, str, str, int, int, bool]


@lru_cache(maxsize=2)
def load_stanza(model_dir: str):
    """One Stanza pipeline per process and model folder (loading takes seconds)."""
    import stanza

    info = find_models(model_dir)
    return stanza.Pipeline(
        LANG,
        dir=str(info.dir),
        processors=",".join(PROCESSORS),
        download_method=None,
        logging_level="WARN",
        use_gpu=False,
        tokenize_batch_size=32,
        pos_batch_size=1000,
        lemma_batch_size=200,
    )


@lru_cache(maxsize=1)
def blank_nlp() -> spacy.language.Language:
    """The spaCy side: a blank Hindi pipeline whose vocab every Doc shares."""
    return spacy.blank(LANG)


class Tagger:
    """Text in, spaCy `Doc` out, with Stanza's sentences, UPOS and lemmas."""

    def __init__(self, stanza_dir: str | Path | None = None) -> None:
        self.models: ModelInfo = find_models(stanza_dir)
        self._stanza = load_stanza(str(self.models.dir))
        self.vocab: Vocab = blank_nlp().vocab

    def __call__(self, text: str) -> Doc:
        return self.to_doc(text, self.tag_many([text])[0])

    def tag_many(self, texts: list[str]) -> list[list[Token]]:
        """Stanza over several texts at once (their lines share its bulk calls): per text,
        (text, upos, lemma, start, end, sent_start) per token, the token text taken from the
        source text while Stanza sees `stanza_view` of it."""
        import stanza

        views = [stanza_view(t) for t in texts]
        pieces = [(i, s, e) for i, view in enumerate(views) for s, e in chunk_spans(view)]
        tokens: list[list[Token]] = [[] for _ in texts]
        for b in range(0, len(pieces), BATCH_LINES):
            batch = pieces[b : b + BATCH_LINES]
            with _lock:  # Stanza pipelines are not re-entrant
                docs = self._stanza.bulk_process([stanza.Document([], text=views[i][s:e]) for i, s, e in batch])
            for (i, offset, _), sdoc in zip(batch, docs):
                text, out = texts[i], tokens[i]
                for sent in sdoc.sentences:
                    first = True
                    for tok in sent.tokens:
                        start, end = offset + tok.start_char, offset + tok.end_char
                        lemma = "".join(w.lemma or w.text for w in tok.words)
                        out.append((text[start:end], tok.words[0].upos or "X", lemma, start, end, first))
                        first = False
        return tokens

    def to_doc(self, text: str, tokens: list[Token]) -> Doc:
        return build_doc(self.vocab, text, tokens)


def stanza_view(text: str) -> str:
    """What Stanza sees: same length as `text`, web debris blanked, and the one-for-one
    spelling variants its small model splits or mis-tags folded (chandrabindu, Devanagari
    digits, `|` written for the danda, which must end a sentence)."""
    return fold_same_length(blank_junk(text))


def chunk_spans(text: str) -> Iterator[tuple[int, int]]:
    """Non-blank lines (a line break always ends a sentence), long ones cut after a danda."""
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        while end - start > MAX_CHUNK_CHARS:
            cut = cut_point(text, start, start + MAX_CHUNK_CHARS)
            yield start, cut
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            yield start, end


def cut_point(text: str, start: int, limit: int) -> int:
    """Last sentence end (else last space) before `limit`; never splits inside a token."""
    window = text[start:limit]
    ends = list(_SPLIT_AT.finditer(window))
    if ends:
        return start + ends[-1].start()
    space = window.rfind(" ")
    return start + space if space > 0 else limit


_DEVANAGARI_WORD = re.compile(r"^[\u0900-\u0963\u0971-\u097f]+$")
_LATIN_WORD = re.compile(r"^[A-Za-z]+$")
_CURRENCY_GLUED = re.compile(r"^([$₹€£¥₩₫])(\d.*)$")
_NUMBER_PART = re.compile(r"^[\d,.]+$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{2,3})+(\.\d+)?$")
_PUNCT_GLUED = re.compile(r"^(\d+(?=[-–]$)|.*[\u0900-\u0963\u0966-\u097f])([-–;:,.…!?।॥\"'”’()\[\]]+)$")


def _merge_numbers(tokens: list) -> list:
    """Adjacent pieces of one grouped number (`6`, `,`, `45,000`) become one NUM token."""
    out, i = [], 0
    while i < len(tokens):
        best = i
        j = i
        while (j + 1 < len(tokens) and tokens[j][4] == tokens[j + 1][3] and not tokens[j + 1][5]
               and _NUMBER_PART.match(tokens[j + 1][0])):
            j += 1
            if _GROUPED.match(ascii_digits("".join(t[0] for t in tokens[i:j + 1]))):
                best = j
        if best > i and _NUMBER_PART.match(tokens[i][0]):
            text = "".join(t[0] for t in tokens[i:best + 1])
            out.append((text, "NUM", text, tokens[i][3], tokens[best][4], tokens[i][5]))
            i = best + 1
        else:
            out.append(tokens[i])
            i += 1
    return out


def fix_tokens(tokens):
    """Undo the small model's tokenization slips the matchers cannot live with.

    - a word split with no space between its parts (`अर`+`ब`, `Novem`+`ber`) is one token again,
      and so is a grouped number (`6`+`,`+`45,000`);
    - punctuation glued to the word before it (`हाँ!`, `वार्ता...`, `उद्घाटन;`, `15-`), an opening
      bracket too (`27 जनवरी(एजेंसी)`: a dateline's source), is split off;
    - a currency symbol glued to its number (`$5`) is split off.
    """
    merged: list[tuple[str, str, str, int, int, bool]] = []
    for tok in _merge_numbers(list(tokens)):
        text, upos, lemma, start, end, first = tok
        if (merged and not first and merged[-1][4] == start
                and any(w.match(merged[-1][0]) and w.match(text) for w in (_DEVANAGARI_WORD, _LATIN_WORD))):
            p_text, p_upos, p_lemma, p_start, _, p_first = merged[-1]
            merged[-1] = (p_text + text, p_upos, p_text + text, p_start, end, p_first)
            continue
        merged.append(tok)
    for text, upos, lemma, start, end, first in merged:
        currency = _CURRENCY_GLUED.match(text)
        if currency:
            yield currency.group(1), "SYM", currency.group(1), start, start + 1, first
            yield currency.group(2), upos, lemma[1:] if lemma.startswith(currency.group(1)) else lemma, start + 1, end, False
        elif _PUNCT_GLUED.match(text):
            stem, punct = _PUNCT_GLUED.match(text).groups()
            cut = end - len(punct)
            lem = lemma[: -len(punct)] if lemma.endswith(punct) else lemma
            yield stem, upos, lem or stem, start, cut, first
            yield punct, "PUNCT", punct, cut, end, False
        else:
            yield text, upos, lemma, start, end, first


GAP = "_GAP"  # tag of tokens that are not article text (blanked debris, unknown gaps)


def build_doc(vocab: Vocab, text: str, tokens) -> Doc:
    """A spaCy Doc whose text equals `text`: gaps become trailing spaces or gap tokens
    (SPACE for whitespace, tag `_GAP` for debris the tagger did not see)."""
    words: list[str] = []
    spaces: list[bool] = []
    pos: list[str] = []
    tags: list[str] = []
    lemmas: list[str] = []
    starts: list[bool] = []
    cursor = 0
    force_start = True  # a new line or a sentence-final mark starts a sentence

    def add_gap(gap: str) -> None:
        if not gap:
            return
        if words and not spaces[-1] and gap[0] == " ":
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
            pos.append("SPACE" if gap.isspace() else "X")
            tags.append("_SP" if gap.isspace() else GAP)
            lemmas.append(gap)
            starts.append(len(words) == 1 or "\n" in gap)

    for tok_text, upos, lemma, start, end, first in fix_tokens(tokens):
        gap = text[cursor:start]
        if "\n" in gap:
            force_start = True
        add_gap(gap)
        words.append(text[start:end])
        spaces.append(False)
        pos.append(upos)
        tags.append(upos)
        lemmas.append(lemma)
        starts.append(first or force_start or len(words) == 1)
        force_start = fold(tok_text) in SENT_END
        cursor = end
    add_gap(text[cursor:])
    bound_sentences(words, spaces, starts)
    assert "".join(w + " " * s for w, s in zip(words, spaces)) == text, "Stanza tokens do not tile the source text"
    doc = Doc(vocab, words=words, spaces=spaces, pos=pos, tags=tags, lemmas=lemmas, sent_starts=starts)
    add = vocab.strings.add  # the folded NORM of every token, set as one array (no Token objects)
    doc.from_array([NORM], numpy.array([add(fold(w)) for w in words], dtype="uint64").reshape(-1, 1))
    _TEXTS[doc] = text
    return doc


_TEXTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per Doc (known from the start for a Doc this tagger built):
    several rules and the output read it, and spaCy joins every token on each call. A Doc's
    text never changes (retokenizing keeps it), so it is safe to keep while the Doc lives."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def bound_sentences(words: list[str], spaces: list[bool], starts: list[bool],
                    limit: int = MAX_SENTENCE_CHARS) -> None:
    """Mark extra sentence starts so no sentence runs past `limit` characters (a single token
    longer than that stays whole): after the last clause mark that fits, else at the token
    that would cross the bound."""
    offsets, at = [], 0
    for word, space in zip(words, spaces):
        offsets.append(at)
        at += len(word) + space
    begin, after_clause = 0, None
    for i, word in enumerate(words):
        if starts[i]:
            begin, after_clause = offsets[i], None
        elif offsets[i] + len(word) - begin > limit:
            cut = after_clause if after_clause is not None else i
            starts[cut] = True
            begin = offsets[cut]
            after_clause = next((j + 1 for j in range(i - 1, cut - 1, -1) if words[j] in CLAUSE_MARKS), None)
        if word in CLAUSE_MARKS and i + 1 < len(words):
            after_clause = i + 1


def word_count(doc: Doc) -> int:
    """Tokens of article text (not whitespace, not blanked debris)."""
    return sum(1 for t in doc if not t.is_space and t.tag_ != GAP)


def sentence_offsets(doc: Doc) -> list[dict[str, int]]:
    """Sentence spans for the output, trimmed of surrounding whitespace."""
    out = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space and t.tag_ != GAP]
        if toks:
            out.append({"start": toks[0].idx, "end": toks[-1].idx + len(toks[-1])})
    return out
