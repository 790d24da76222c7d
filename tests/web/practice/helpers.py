"""Shared helpers for the practice and check-ins tests."""

from __future__ import annotations

CHECKIN_FORM = {
    "mood": "3",
    "closeness": "4",
    "loneliness": "2",
    "stress": "3",
    "minutes_together": "30",
    "shared_moment": "yes",
    "note": "",
}
CHECKIN_JSON = {"mood": 3, "closeness": 4, "loneliness": 2, "stress": 3}
