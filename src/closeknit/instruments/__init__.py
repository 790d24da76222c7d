"""Versioned item banks (Checkup, Pulse, safety screen) as data, with their loader."""

from closeknit.instruments.loader import (
    available_versions,
    describe_range,
    dump_sheet,
    load_instrument,
    load_instrument_from,
    load_sheet,
    parse_sheet,
)
from closeknit.instruments.types import (
    INSTRUMENT_IDS,
    SAFETY_CONCERNS,
    AnswerSheet,
    Instrument,
    InstrumentId,
    Item,
    ResponseScale,
    Section,
)

__all__ = [
    "INSTRUMENT_IDS",
    "SAFETY_CONCERNS",
    "AnswerSheet",
    "Instrument",
    "InstrumentId",
    "Item",
    "ResponseScale",
    "Section",
    "available_versions",
    "describe_range",
    "dump_sheet",
    "load_instrument",
    "load_instrument_from",
    "load_sheet",
    "parse_sheet",
]
