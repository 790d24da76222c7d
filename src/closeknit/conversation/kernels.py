"""The compiled kernels (``_kernels.pyx``), when this installation has them.

An installed package always has them (they are built with it); a source tree that was never
built does not, and then every text takes the polars/numpy reference path, which gives the
same results more slowly. :data:`AVAILABLE` says which is in use.

The kernels hold no Unicode rule of their own: :func:`classify` asks the reference's regular
expressions, in polars, what each character is.
"""

from __future__ import annotations

from types import ModuleType

import polars as pl

compiled: ModuleType | None
try:
    from closeknit.conversation import _kernels as compiled
except ImportError:  # pragma: no cover - an unbuilt source tree
    compiled = None

AVAILABLE = compiled is not None

# Capital sigma lower-cases to "ς" at the end of a word and to "σ" elsewhere: the only
# character whose lower case depends on its neighbours, so texts holding it go to the
# reference.
_CONTEXTUAL = frozenset({0x03A3})


def classify(code_points: list[int]) -> list[tuple[int, int]]:
    """What each code point is to the reference: ``(lower case, flags)`` per code point.

    ``lower case`` is the single code point polars lower-cases it to, or -1 when that is not
    one code point, depends on the neighbours, or the code point is a surrogate (which no
    polars text holds); ``flags`` combine the kernels' ``FLAG_*`` bits for the lower-cased
    character: a word character and a space for the emotion tokens' ``\\w`` and ``\\s``, a
    symbol and a kept character for marker normalisation, an apostrophe for the inner
    apostrophes of word tokens.
    """
    # Imported here: both modules import this one to reach the kernels.
    from closeknit.conversation.emotions import TOKEN_APOSTROPHES
    from closeknit.conversation.markers.scoring import KEPT_CLASS, SYMBOL_RUN

    assert compiled is not None
    valid = [cp for cp in code_points if not 0xD800 <= cp <= 0xDFFF]
    lowered = pl.Series("c", [chr(cp) for cp in valid], dtype=pl.String).str.to_lowercase()
    frame = lowered.to_frame().select(
        pl.col("c"),
        single=pl.col("c").str.len_chars() == 1,
        word=pl.col("c").str.contains(r"^\w$"),
        space=pl.col("c").str.contains(r"^\s$"),
        symbol=pl.col("c").str.contains(f"^(?:{SYMBOL_RUN})$"),
        kept=pl.col("c").str.contains(f"^{KEPT_CLASS}$"),
        apostrophe=pl.col("c").str.contains(f"^{TOKEN_APOSTROPHES}$"),
    )
    described: dict[int, tuple[int, int]] = {}
    bits = (
        ("word", compiled.FLAG_WORD),
        ("space", compiled.FLAG_SPACE),
        ("symbol", compiled.FLAG_SYMBOL),
        ("kept", compiled.FLAG_KEPT),
        ("apostrophe", compiled.FLAG_APOSTROPHE),
    )
    for cp, row in zip(valid, frame.iter_rows(named=True), strict=True):
        if not row["single"] or cp in _CONTEXTUAL:
            described[cp] = (-1, 0)
            continue
        flags = 0
        for name, bit in bits:
            if row[name]:
                flags |= bit
        described[cp] = (ord(row["c"]), flags)
    return [described.get(cp, (-1, 0)) for cp in code_points]
