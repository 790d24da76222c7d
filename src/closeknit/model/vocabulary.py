"""The ids of the intimacy model, exactly as PRODUCT.md spells them.

These tuples are the contract between content (model, items, exercises), scoring and the
web app: every id used anywhere must appear here, and content tests check that it does.
"""

from __future__ import annotations

from typing import Final, Literal

COMPONENTS: Final = ("trust", "communication", "vulnerability", "empathy")
FORMS: Final = ("emotional", "intellectual", "experiential", "spiritual", "physical")
STRONG_SIGNS: Final = (
    "frequent_communication",
    "active_listening",
    "mutual_respect",
    "shared_vulnerability",
    "constructive_conflict",
    "continuous_growth",
    "shared_joy",
    "consistent_support",
    "comfortable_silence",
)
FADING_SIGNS: Final = (
    "sparse_sharing",
    "superficial_talk",
    "loneliness",
    "guardedness",
    "withdrawal",
    "misunderstanding",
)
CAUSES: Final = (
    "past_wounds",
    "stress_and_busyness",
    "emotional_unavailability",
    "unresolved_conflict",
    "communication_barriers",
)
PRACTICES: Final = (
    "be_open",
    "show_empathy",
    "be_patient",
    "talk_honestly",
    "listen_actively",
    "share_deeply",
    "quality_time",
    "show_kindness",
    "express_appreciation",
    "be_present",
    "ask_deep_questions",
    "check_in",
    "seek_counselling",
)
BENEFITS: Final = (
    "support",
    "communication_benefit",
    "satisfaction",
    "lower_stress",
    "wellbeing",
    "personal_growth",
)

# Exploratory dimensions are measured and shown but never enter a composite score.
EXPLORATORY: Final = frozenset({"comfortable_silence"})

ConceptKind = Literal[
    "component", "form", "strong_sign", "fading_sign", "cause", "practice", "benefit"
]

KIND_OF: Final[dict[str, ConceptKind]] = {
    **{i: "component" for i in COMPONENTS},
    **{i: "form" for i in FORMS},
    **{i: "strong_sign" for i in STRONG_SIGNS},
    **{i: "fading_sign" for i in FADING_SIGNS},
    **{i: "cause" for i in CAUSES},
    **{i: "practice" for i in PRACTICES},
    **{i: "benefit" for i in BENEFITS},
}

# Everything the Checkup scores (PRODUCT.md: components, forms, signs, obstacles).
SCORED_DIMENSIONS: Final = COMPONENTS + FORMS + STRONG_SIGNS + FADING_SIGNS + CAUSES

RELATIONSHIP_TYPES: Final = ("partner", "friend", "family")
RelationshipType = Literal["partner", "friend", "family"]
