"""Column-wise marker scoring: one Aho-Corasick pass over all messages, no loop per message.

The cue sums (steps 1 to 4) run in a compiled kernel
(:class:`closeknit.conversation._kernels.CueSearch`) that gives, bit for bit, what the polars
code here gives; that code stays the reference and scores whatever the kernel leaves.

How a message is scored
    1. Normalise: lower-case (the lexicon holds both apostrophes), emoji set apart by spaces, every
       run of other punctuation and whitespace -> one space, padded as ``"\\x02 " + text + " "``.
    2. Search every cue of every marker at once (polars ``str.extract_many``, overlapping).
    3. Negation: only in messages holding both a negation cue and a negatable cue, the match
       positions are found (``str.find_many``) and a cue is dropped when a negation cue starts
       before it with at most ``window`` words between them (``[negation]`` in the lexicon).
    4. Sum the weights of the remaining cues per message and marker (the *raw* sum; added
       up in hundredths, so exactly, whatever the order).
    5. One select turns raw sums into scores ``1 - exp(-raw)`` and adds the extras: a ``?``
       adds ``question_mark`` to ``question``; a media message adds ``media_bid`` to ``bid``;
       the three empathy scores are ``1 - exp(-raw * (empathy_base + context))`` where
       ``context`` is how much the answered message is a disclosure or painful news (the larger
       of its ``disclosure`` and internal negativity scores, 0 without context); a ``?`` in a
       reply adds ``question_exploration * context`` to ``empathy.exploration``.

A marker is *present* in a message when its score is at least :data:`PRESENT` (0.5).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from closeknit.conversation import kernels
from closeknit.conversation.markers.lexicon import NEGATION, START, Lexicon, load_lexicon

if TYPE_CHECKING:
    from closeknit.conversation._kernels import CueSearch

MARKERS: tuple[str, ...] = (
    "disclosure",
    "question",
    "appreciation",
    "affection",
    "laughter",
    "support",
    "bid",
    "criticism",
    "contempt",
    "defensiveness",
    "empathy.emotional_reaction",
    "empathy.interpretation",
    "empathy.exploration",
)
EMPATHY: tuple[str, ...] = MARKERS[-3:]
HARSH: tuple[str, ...] = ("criticism", "contempt", "defensiveness")
NEGATIVE = "_negative"
PRESENT = 0.5

SYMBOL_RUN = r"[\p{So}\p{Sk}\x{FE0F}\x{200D}]+"
"""A run of symbols (emoji among them), which normalisation sets apart by spaces."""
_KEEP = r"\p{L}\p{N}'’\p{So}\p{Sk}\x{FE0F}\x{200D}"
KEPT_CLASS = rf"[{_KEEP}]"
"""The characters normalisation keeps; runs of any other turn into one space."""
# Only punctuation runs and repeated spaces are rewritten: single spaces, by far the most
# common separator, are left alone, which makes this pass about twice as fast.
_SEPARATORS = rf" ?[^{_KEEP} ][^{_KEEP}]*| {{2,}}"


def normalize(text: pl.Expr) -> pl.Expr:
    """The searchable form of a message (see the module docstring, step 1)."""
    lowered = text.fill_null("").str.to_lowercase()
    spaced = lowered.str.replace_all(SYMBOL_RUN, " $0 ").str.replace_all(_SEPARATORS, " ")
    return pl.concat_str(pl.lit(f"{START} "), spaced, pl.lit(" "))


# The only ASCII characters SYMBOL_RUN matches (\p{Sk}); every other match is non-ASCII.
_ASCII_SYMBOLS = ["^", "`"]


def normalize_texts(texts: pl.Series) -> pl.Series:
    """:func:`normalize` of a Series (the same strings), cheaper on large inputs.

    Symbols are rare in chats (about one distinct text in nine), so the symbol pass runs
    only on the texts that can hold one: non-ASCII texts (more bytes than characters) and
    the few with an ASCII ``^`` or `````. The result is scattered back into place.
    """
    lowered = texts.fill_null("").str.to_lowercase()
    maybe = (
        (lowered.str.len_bytes() != lowered.str.len_chars())
        | lowered.str.contains_any(_ASCII_SYMBOLS)
    ).arg_true()
    spaced = lowered
    if maybe.len():
        spaced = lowered.clone()
        spaced.scatter(maybe, lowered.gather(maybe).str.replace_all(SYMBOL_RUN, " $0 "))
    return (
        spaced.to_frame("text")
        .select(
            pl.concat_str(
                pl.lit(f"{START} "), pl.col("text").str.replace_all(_SEPARATORS, " "), pl.lit(" ")
            )
        )
        .to_series()
        .alias(texts.name)
    )


def _positioned_hits(subset: pl.DataFrame, lex: Lexicon) -> pl.DataFrame:
    """Hits with positions for the few messages where negation may apply, negated ones removed.

    ``subset`` holds ``row`` (ascending) and ``norm``, the normalised text.
    """
    needles = list(lex.needles)
    is_negation = pl.col("marker") == NEGATION
    hits = (
        subset.lazy()
        .select(
            "row",
            pl.col("norm").str.extract_many(needles, overlapping=True).alias("needle"),
            pl.col("norm").str.find_many(needles, overlapping=True).alias("pos"),
        )
        .explode(["needle", "pos"])
        .drop_nulls("needle")
        .join(lex.table.lazy(), on="needle", how="inner")
        # At one position a cue sorts before a negation, so a cue that starts with its own
        # negation ("it's not my fault") is never negated by itself.
        .sort(["row", "pos", is_negation])
        .select(
            "row",
            "mid",
            "hundredths",
            "negatable",
            is_negation.alias("is_negation"),
            pl.col("pos").cast(pl.Int64),
            pl.when(is_negation)
            .then(pl.col("pos"))
            .forward_fill()
            .over("row")
            .fill_null(-1)
            .cast(pl.Int64)
            .alias("neg_pos"),
        )
        .collect()
    )
    # Words between a negation and a cue: the spaces in the bytes [neg_pos, pos) of the text
    # (find_many gives byte offsets), minus one. The texts laid end to end give each space
    # one offset, so two binary searches count them, however long the text.
    norms = subset["norm"]
    sizes = norms.str.len_bytes().cast(pl.Int64).to_numpy()
    starts = np.cumsum(sizes) - sizes
    joined = norms.str.join("").item() if norms.len() else ""
    spaces = np.flatnonzero(np.frombuffer(joined.encode("utf-8"), dtype=np.uint8) == 32)
    text_start = starts[np.searchsorted(subset["row"].to_numpy(), hits["row"].to_numpy())]
    pos = hits["pos"].to_numpy()
    neg_pos = hits["neg_pos"].to_numpy()
    words_between = (
        np.searchsorted(spaces, text_start + pos)
        - np.searchsorted(spaces, text_start + np.maximum(neg_pos, 0))
        - 1
    )
    negated = (
        hits["negatable"].to_numpy()
        & (neg_pos >= 0)
        & (neg_pos < pos)
        & (words_between <= lex.negation_window)
    )
    keep = ~negated & ~hits["is_negation"].to_numpy()
    return hits.filter(pl.Series(keep)).select("row", "mid", "hundredths")


CHUNK_MIN = 50_000


def _chunk_bounds(n: int) -> list[tuple[int, int]]:
    """Split n rows into one slice per polars thread (string kernels run one per slice)."""
    parts = max(1, min(pl.thread_pool_size(), n // CHUNK_MIN))
    step = -(-n // parts) if n else 0
    return [(start, min(step, n - start)) for start in range(0, n, step)] if n else [(0, 0)]


Distinct = tuple[pl.Series, np.ndarray]


def distinct_texts(texts: pl.Series) -> Distinct:
    """The distinct texts (nulls as "") and, for every input row, which one it holds.

    Returns ``(distinct, text_of)`` with ``texts[i] == distinct[text_of[i]]`` (int64) for
    every row ``i``. Scoring ``distinct`` and gathering the result through ``text_of``
    scores each repeated text once.
    """
    groups = (
        pl.DataFrame({"text": texts.cast(pl.String).fill_null("")})
        .with_row_index("row")
        .group_by("text")
        .agg(pl.col("row"))
    )
    rows = groups["row"].explode().to_numpy()
    text_of = np.empty(len(rows), dtype=np.int64)
    text_of[rows] = np.repeat(np.arange(groups.height), groups["row"].list.len().to_numpy())
    return groups["text"], text_of


def cue_sums(texts: pl.Series, distinct: Distinct | None = None) -> pl.DataFrame:
    """Raw cue-weight sums: one Float64 column per lexicon marker, one row per text.

    Includes the internal ``_negative`` column. Null texts count as empty. Each distinct
    text is scored once (chats repeat "ok" and "haha" endlessly) and the sums are spread
    back to every row holding it; pass ``distinct_texts(texts)`` if it is already known.
    """
    names = load_lexicon().names
    unique, text_of = distinct if distinct is not None else distinct_texts(texts)
    unique_sums = _distinct_cue_sums(unique)
    # Marker-major layout: each marker's column is one contiguous row of the array. One
    # gather through each row's distinct text writes every row in order.
    sums = np.take(unique_sums, text_of, axis=1)
    return pl.DataFrame({name: sums[i] for i, name in enumerate(names)})


def cue_sums_and_counts(texts: pl.Series) -> pl.DataFrame:
    """:func:`cue_sums` scoring every text as given (no de-duplication: for texts that are
    already distinct, such as the first result of :func:`distinct_texts`), with two more
    UInt32 columns read in the same pass: ``_question_marks`` and ``_spaces``, how many of
    each the text holds (a missing text scores as an empty one and holds none)."""
    texts = texts.cast(pl.String)
    counts = np.zeros((2, texts.len()), dtype=np.uint32)
    sums = _distinct_cue_sums(texts.fill_null(""), counts=counts)
    if _cue_search() is None:
        counts[0] = texts.str.count_matches("?", literal=True).fill_null(0).to_numpy()
        counts[1] = texts.str.count_matches(" ", literal=True).fill_null(0).to_numpy()
    frame = pl.DataFrame({name: sums[i] for i, name in enumerate(load_lexicon().names)})
    return frame.with_columns(
        pl.Series("_question_marks", counts[0], dtype=pl.UInt32),
        pl.Series("_spaces", counts[1], dtype=pl.UInt32),
    )


def _distinct_cue_sums(texts: pl.Series, counts: np.ndarray | None = None) -> np.ndarray:
    """:func:`cue_sums` as a (markers, n) array, without de-duplication.

    The compiled kernel scores the texts, doing exactly what :func:`_reference_cue_sums`
    does; the few it cannot describe exactly (see :mod:`closeknit.conversation.kernels`), or
    all of them in a source tree that was never built, take the reference path. With the
    kernel, ``counts`` (2, n) receives the texts' question marks and spaces.
    """
    search = _cue_search()
    if search is None:
        return _reference_cue_sums(texts)
    n = texts.len()
    sums = np.zeros((len(load_lexicon().names), n))
    done = np.zeros(n, dtype=np.uint8)
    search.cue_sums(texts, sums, done, counts)  # in hundredths, as the reference sums
    sums /= 100.0
    rest = np.flatnonzero(done == 0)
    if rest.size:
        sums[:, rest] = _reference_cue_sums(texts.gather(rest))
    return sums


def prepare_cue_search() -> None:
    """Build the compiled cue search ahead of its first use (it is kept per process)."""
    _cue_search()


@cache
def _cue_search() -> CueSearch | None:
    """The compiled cue search over the shipped lexicon (None without the kernels)."""
    if kernels.compiled is None:
        return None
    lex = load_lexicon()
    rows: dict[str, list[tuple[int, float, bool]]] = {}
    for needle, mid, hundredths, negatable in lex.table.select(
        "needle", "mid", "hundredths", "negatable"
    ).iter_rows():
        rows.setdefault(needle, []).append((mid, hundredths, negatable))
    search: CueSearch = kernels.compiled.CueSearch(
        list(lex.needles),
        [rows[n] for n in lex.needles],
        len(lex.names),
        lex.negation_window,
        kernels.classify,
    )
    return search


def _reference_cue_sums(texts: pl.Series) -> np.ndarray:
    """:func:`_distinct_cue_sums` in polars and numpy alone: the definition the kernel
    follows, and the path of the texts it leaves.

    Texts are cut into slices, one per polars thread; each slice is normalised
    (:func:`normalize_texts`, one thread per slice: its string kernels run on one core) and
    searched (``pl.collect_all``); the result does not depend on slicing.
    """
    lex = load_lexicon()
    names = lex.names
    n, k = texts.len(), len(names)
    bounds = _chunk_bounds(n)

    def normalized(start: int, length: int) -> pl.DataFrame:
        norm = normalize_texts(texts.slice(start, length)).alias("norm")
        return norm.to_frame().with_row_index("row", offset=start)

    with ThreadPoolExecutor(max_workers=len(bounds)) as pool:
        bases = list(pool.map(normalized, *zip(*bounds, strict=True)))
    needles = list(lex.needles)
    table = lex.table.lazy().select("needle", "mid", "hundredths")
    hits = pl.concat(
        pl.collect_all(
            [
                base.lazy()
                .select("row", pl.col("norm").str.extract_many(needles, overlapping=True))
                .explode("norm")
                .drop_nulls("norm")
                .join(table, left_on="norm", right_on="needle", how="inner")
                .select("row", "mid", "hundredths")
                for base in bases
            ]
        )
    )
    row = hits["row"].to_numpy()
    mid = hits["mid"].to_numpy()
    weight = hits["hundredths"].to_numpy()
    negatable_mid = np.array([spec.negatable for spec in lex.markers] + [False])
    is_negation = mid == k
    # Negation needs positions, which only the few messages holding both kinds of cue pay for.
    needs_check = (np.bincount(row[is_negation], minlength=n) > 0) & (
        np.bincount(row[negatable_mid[mid]], minlength=n) > 0
    )
    keep = ~is_negation & ~needs_check[row]
    row, mid, weight = row[keep], mid[keep], weight[keep]
    if needs_check.any():
        subset = pl.concat(bases).filter(pl.Series(needs_check))
        checked = _positioned_hits(subset, lex)
        row = np.concatenate([row, checked["row"].to_numpy()])
        mid = np.concatenate([mid, checked["mid"].to_numpy()])
        weight = np.concatenate([weight, checked["hundredths"].to_numpy()])
    # Sum weights per (message, marker) in one vectorised pass, in hundredths: whole
    # numbers add up exactly in any order, so the sums do not depend on the order of the
    # hits (which the joins do not keep) and match the kernel's bit for bit.
    flat = mid.astype(np.int64) * n + row.astype(np.int64)
    return np.bincount(flat, weights=weight, minlength=n * k).reshape(k, n) / 100.0


def saturate(raw: pl.Expr) -> pl.Expr:
    """A raw cue sum as a score in [0, 1]: ``1 - exp(-max(raw, 0))``."""
    return 1.0 - (-raw.clip(lower_bound=0.0)).exp()


def context_strength(raw_disclosure: pl.Expr, raw_negative: pl.Expr) -> pl.Expr:
    """How much an answered message invites empathy: the larger of its disclosure and
    negativity scores, in [0, 1]."""
    return pl.max_horizontal(saturate(raw_disclosure), saturate(raw_negative))


def score_exprs(
    *,
    has_question: pl.Expr,
    is_media: pl.Expr,
    context: pl.Expr,
    only: tuple[str, ...] = MARKERS,
) -> list[pl.Expr]:
    """Expressions turning raw columns (from :func:`cue_sums`) into the marker scores.

    ``context`` is the answered message's :func:`context_strength` (0 when there is none).
    All markers are built in this one list, meant for a single ``select``; ``only`` keeps
    some of them (in :data:`MARKERS` order). Only the :data:`EMPATHY` scores read
    ``context`` and only ``bid`` reads ``is_media``: every other score depends on the text
    alone, so it may be computed once per distinct text.
    """
    extras = load_lexicon().extras
    q = has_question.cast(pl.Float64)
    ctx = context.fill_null(0.0)
    raw: dict[str, pl.Expr] = {name: pl.col(name) for name in MARKERS}
    raw["question"] = pl.col("question") + extras["question_mark"] * q
    raw["bid"] = pl.col("bid") + extras["media_bid"] * is_media.cast(pl.Float64)
    for name in EMPATHY:
        raw[name] = pl.col(name) * (extras["empathy_base"] + ctx)
    raw["empathy.exploration"] = raw["empathy.exploration"] + (
        extras["question_exploration"] * q * ctx
    )
    return [
        saturate(expr).cast(pl.Float32).alias(name) for name, expr in raw.items() if name in only
    ]


def score_texts(texts: pl.Series, contexts: pl.Series | None = None) -> pl.DataFrame:
    """Score independent texts; ``contexts[i]`` (or null) is the message ``texts[i]`` answers.

    Returns one Float32 column per marker in :data:`MARKERS`, one row per text.
    """
    n = texts.len()
    texts = texts.cast(pl.String).fill_null("")
    if contexts is None:
        raw = cue_sums(texts)
        ctx_strength: pl.Series = pl.Series("ctx", [0.0] * n)
    else:
        if contexts.len() != n:
            raise ValueError("texts and contexts must have the same length")
        # One search over texts and contexts together.
        both = cue_sums(pl.concat([texts, contexts.cast(pl.String).fill_null("")]))
        raw = both.head(n)
        ctx_raw = both.tail(n)
        ctx_strength = ctx_raw.select(
            context_strength(pl.col("disclosure"), pl.col(NEGATIVE)).alias("ctx")
        ).to_series()
        ctx_strength = ctx_strength.zip_with(contexts.is_not_null(), pl.Series([0.0] * n))
    return raw.with_columns(texts.alias("__text"), ctx_strength.alias("__ctx")).select(
        score_exprs(
            has_question=pl.col("__text").str.contains("?", literal=True),
            is_media=pl.lit(False),
            context=pl.col("__ctx"),
        )
    )
