"""Whether a chat is written in English, the language of the marker cues and of the emotion
classifier's training data.

The importers read exports in many languages, but the cues in ``lexicon.toml`` and the
GoEmotions classifier are English: on a chat in Spanish or German most markers read near
zero and the signs would describe silence that is not there. :func:`english_share` finds
such chats cheaply (a strided sample, one regex), so the insights can say so plainly.
"""

from __future__ import annotations

import polars as pl

# Frequent English words that are not also common words in the other languages WhatsApp
# exports come in (so not "no", "me", "a", "ok", "lol", "haha").
ENGLISH_WORDS = (
    "the", "and", "you", "that", "what", "this", "with", "have", "was", "are", "for", "not",
    "but", "just", "your", "how", "when", "about", "would", "there", "they", "because",
    "really", "think", "know", "want", "going", "feel", "it's", "i'm", "don't", "can't",
    "sorry", "thanks", "thank", "good", "love", "today", "tonight", "tomorrow", "now",
)  # fmt: skip
_PATTERN = (
    r"(?:^|[^\p{L}'’])(?:"
    + "|".join(w.replace("'", "['’]") for w in ENGLISH_WORDS)
    + r")(?:$|[^\p{L}'’])"
)
SAMPLE = 20_000
ENGLISH_FROM = 0.15
"""A chat reads as English when at least this share of its texts hold a common English word
(the English samples in the tests measure 0.5 and more, the Spanish, German, French,
Portuguese and Italian ones 0.1 at most)."""


def english_share(texts: pl.Series) -> float | None:
    """Share of the non-empty ``texts`` (a strided sample of at most :data:`SAMPLE`) that
    hold at least one of :data:`ENGLISH_WORDS`; ``None`` when there is no text."""
    sample = texts.gather_every(max(1, texts.len() // SAMPLE)).drop_nulls()
    sample = sample.filter(sample.str.strip_chars() != "").str.to_lowercase()
    if sample.len() == 0:
        return None
    holding = sample.str.contains(_PATTERN)
    return int(holding.sum()) / holding.len()


def language_note(texts: pl.Series) -> str:
    """A plain sentence when the texts do not look English, else ``""``."""
    share = english_share(texts)
    if share is None or share >= ENGLISH_FROM:
        return ""
    return (
        "most messages do not look English, but the markers read English wording and the "
        "emotions come from an English classifier, so most signs will read lower than the "
        "chat really is"
    )
