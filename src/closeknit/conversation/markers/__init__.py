"""Per-message markers of closeness and of harsh patterns, scored column-wise.

Each marker is a score in [0, 1] from the cues in ``lexicon.toml`` (data, not code); see
:mod:`closeknit.conversation.markers.scoring` for how cues become scores and how negation
and the answered message's context are handled.
"""

from closeknit.conversation.markers.lexicon import Lexicon, MarkerSpec, load_lexicon
from closeknit.conversation.markers.scoring import (
    EMPATHY,
    HARSH,
    MARKERS,
    NEGATIVE,
    PRESENT,
    Distinct,
    context_strength,
    cue_sums,
    cue_sums_and_counts,
    distinct_texts,
    normalize,
    normalize_texts,
    prepare_cue_search,
    saturate,
    score_exprs,
    score_texts,
)

__all__ = [
    "EMPATHY",
    "HARSH",
    "MARKERS",
    "NEGATIVE",
    "PRESENT",
    "Distinct",
    "Lexicon",
    "MarkerSpec",
    "context_strength",
    "cue_sums",
    "cue_sums_and_counts",
    "distinct_texts",
    "load_lexicon",
    "normalize",
    "normalize_texts",
    "prepare_cue_search",
    "saturate",
    "score_exprs",
    "score_texts",
]
