"""A demo chat analysis for ``make run``: twelve weeks of an invented WhatsApp chat between
Alex and Blair, analysed exactly as an upload would be and shared with Blair, so "Your
chats" has something to show. Warm and open at first, then shorter and more practical,
with a sharp exchange near the end. Every line is written for the demo."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from closeknit.web.chats.actions import check_analyse_export, do_set_shared

WEEKS = 12
SEED = 7
PRACTICAL = (
    "on my way",
    "at the shop, need anything?",
    "running 10 min late",
    "ok",
    "sounds good",
    "can you pick up bread?",
    "home soon",
    "did you pay the electricity bill?",
    "yes",
    "👍",
)
WARM = (
    "thank you for making dinner last night, it was lovely",
    "I love you ❤️",
    "haha you always make me laugh",
    "I miss you, can't wait to see you tonight",
    "you were so kind to my mum today, thank you",
    "that photo of us made my day 😂",
)
OPEN = (
    "I've been feeling a bit lonely at work lately",
    "honestly I'm nervous about the interview tomorrow",
    "I feel like I haven't been myself this week",
)
CARING = (
    "oh no, I'm sorry. do you want to talk about it tonight?",
    "that sounds really hard. how are you feeling now?",
    "I'm here for you, you'll do great",
)
SHARP = (
    "you never listen to me",
    "whatever, do what you want",
)


def demo_chat(today: datetime) -> str:
    """The invented export, ending yesterday (WhatsApp Android layout, day first)."""
    rng = random.Random(SEED)
    start = today - timedelta(weeks=WEEKS)
    lines = []
    for day in range(WEEKS * 7):
        week = day // 7
        warmth = 1.0 - 0.6 * week / (WEEKS - 1)  # warmer early on, cooler later
        when = start + timedelta(days=day, hours=8)
        for _ in range(rng.randint(6, 14)):
            when += timedelta(minutes=rng.randint(3, 90))
            who = rng.choice(("Alex", "Blair"))
            roll = rng.random()
            if roll < 0.25 * warmth:
                text = rng.choice(WARM)
            elif roll < 0.32 * warmth:
                text = rng.choice(OPEN)
                lines.append(f"{when:%d/%m/%Y, %H:%M} - {who}: {text}")
                when += timedelta(minutes=rng.randint(1, 20))
                who = "Blair" if who == "Alex" else "Alex"
                text = rng.choice(CARING)
            elif week == WEEKS - 2 and roll > 0.97:
                text = rng.choice(SHARP)
            else:
                text = rng.choice(PRACTICAL)
            lines.append(f"{when:%d/%m/%Y, %H:%M} - {who}: {text}")
    return "\n".join(lines) + "\n"


def seed_chats(cast: Any) -> None:
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    analysis = check_analyse_export(
        cast.alex_membership,
        demo_chat(today).encode("utf-8"),
        "WhatsApp Chat with Blair.txt",
        between=None,
        keep_examples=True,
        time_zone=getattr(cast.alex, "timezone", "") or "UTC",
    )
    do_set_shared(analysis, True)
