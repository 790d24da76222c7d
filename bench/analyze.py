"""Benchmark: closeknit's chat analysis against whatstk + VADER on one big WhatsApp export.

    .venv/bin/python bench/analyze.py [--messages 1000000] [--vader-subset 100000]

1. Generates (once; cached by size and seed) a deterministic two-person WhatsApp Android
   export in ``bench/out/`` (gitignored): about two years of short lines, questions, emoji,
   laughter, multi-line messages, media placeholders, disclosures and a few harsh lines.
2. Runs each stage in a fresh subprocess and prints messages/s and peak memory (the stage's
   peak RSS, read by a tiny wrapper process with ``getrusage(RUSAGE_CHILDREN)``):
   closeknit parsing; closeknit full analysis (parse + all markers + emotions + dynamics +
   weekly insights); whatstk parsing (``WhatsAppChat.from_source``, with ``max_size=None``
   because whatstk refuses files over 50 MB by default); whatstk + VADER ``polarity_scores``
   per message.
   VADER is slow, so it scores a deterministic subset (every k-th message) and its time is
   extrapolated to the whole file; the output says so.
3. Prints the speed-up of the full closeknit analysis over whatstk + VADER.

It prints and never asserts: targets are ≥ 250,000 messages/s for the full analysis on two
cores, peak memory ≤ 1.5 GB, and ≥ 20x the whatstk + VADER pipeline. The load average is
printed too because the machine may be shared, and so is each stage's CPU time (all threads,
``time.process_time``), which a busy machine disturbs far less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
SEED = 20240603
PEOPLE = ("Alex Morgan", "Blair")

# Pools the generator mixes; combinations keep most lines distinct, as in real chats.
OPENERS = ["", "", "", "hey ", "ok ", "so ", "omg ", "btw ", "lol ", "wait ", "yeah ", "hmm "]
SMALL = [
    "ok",
    "okay",
    "yes",
    "no",
    "sure",
    "k",
    "yep",
    "nope",
    "on my way",
    "see you soon",
    "good night",
    "morning",
    "sounds good",
    "cool",
    "nice",
    "done",
    "at the shop",
    "5 min",
    "almost there",
    "just got home",
    "call you later",
    "np",
    "thx",
    "👍",
    "😂",
    "❤️",
    "haha",
    "hahaha",
    "lol",
    "🙂",
    "same",
    "true",
    "got it",
    "perfect",
    "maybe",
    "not sure",
]
STATEMENTS = [
    "I went to the {place} after work",
    "the {thing} is broken again",
    "traffic was terrible",
    "I bought {food} for dinner",
    "my mum called about the {event}",
    "we should book the {event}",
    "I'm at {place} with {friend}",
    "the meeting ran late",
    "I left the {thing} in the car",
    "{friend} says hi",
    "finished the report finally",
    "watching {show} tonight",
    "the cat knocked over the {thing}",
    "it's raining here",
    "I'll pick up {food}",
    "train is delayed {n} minutes",
    "I'm cooking {food}",
    "got the tickets for {event}",
]
QUESTIONS = [
    "what time are you home?",
    "did you eat?",
    "want to watch {show} tonight?",
    "can you grab {food}?",
    "how was your day?",
    "where are the keys?",
    "are you free {day}?",
    "what do you think about {event}?",
    "did {friend} call you?",
    "should we get {food}?",
    "how did the {event} go?",
    "do you need anything from {place}?",
]
WARM = [
    "love you",
    "miss you ❤️",
    "thank you so much for {event}",
    "you did a great job today",
    "I'm so proud of you",
    "can't wait to see you",
    "you're the best",
    "thinking of you 😘",
    "thanks babe",
    "that was so sweet of you",
    "hahaha you're hilarious 😂",
    "lmao 🤣",
    "look at this 😂",
    "guess what happened at {place}",
    "I'm here for you",
    "you've got this 💪",
]
DISCLOSURES = [
    "I've been feeling really anxious about {event}",
    "I feel so lonely when you're away",
    "honestly I'm scared I'm not good enough at work",
    "I'm struggling a bit lately",
    "I cried after the call with {friend}",
    "I'm not upset, just tired",
    "I feel happy with us",
    "it really hurt me when {friend} said that",
    "I'm so stressed about {event}",
    "I miss how we used to talk every night",
]
EMPATHIC = [
    "oh no, I'm so sorry",
    "that sounds really hard",
    "what happened?",
    "are you ok?",
    "that must have been awful",
    "I can imagine how that felt",
    "do you want to talk about it?",
    "sending you a big hug 🫂",
]
HARSH = [
    "you always forget",
    "you never listen to me",
    "whatever 🙄",
    "it's not my fault",
    "why can't you just text back",
    "grow up",
    "that's not what I said",
    "you're so selfish",
]
FILL = {
    "place": ["the gym", "Tesco", "the park", "work", "the station", "Anna's", "the cafe"],
    "thing": ["dishwasher", "bike", "umbrella", "laptop", "charger", "heater"],
    "food": ["pizza", "sushi", "pasta", "curry", "tacos", "bread", "salad"],
    "event": ["the interview", "the wedding", "Sunday", "the trip", "the exam", "the party"],
    "friend": ["Sam", "Jo", "your sister", "Mike", "Priya", "Tom"],
    "show": ["the new series", "a film", "the match", "that documentary"],
    "day": ["tomorrow", "on Friday", "this weekend", "tonight"],
    "n": ["5", "10", "20", "15"],
}
# Extra detail appended to many lines so that, as in real chats, longer messages rarely repeat
# while short ones ("ok", "haha") often do.
WORDS = [
    "apple",
    "river",
    "window",
    "garden",
    "coffee",
    "monday",
    "paper",
    "music",
    "bread",
    "summer",
    "yellow",
    "ticket",
    "doctor",
    "kitchen",
    "winter",
    "market",
    "letter",
    "pocket",
    "island",
    "planet",
    "silver",
    "basket",
    "candle",
    "forest",
    "bottle",
    "rabbit",
    "button",
    "dinner",
    "friday",
    "camera",
    "pillow",
    "sister",
    "brother",
    "office",
    "lesson",
    "travel",
    "holiday",
    "weekend",
    "morning",
    "evening",
    "parking",
    "battery",
    "laundry",
    "package",
    "delivery",
    "neighbour",
    "birthday",
]
DETAILS = [
    " at {h}:{mm}",
    " around {h}",
    " with the {w}",
    " and the {w} {w}",
    " near the {w}",
    " because of the {w}",
    " for {k} minutes",
    " about the {w} and the {w}",
    " ({k})",
]
KINDS = [  # (pool, weight)
    (SMALL, 34),
    (STATEMENTS, 22),
    (QUESTIONS, 14),
    (WARM, 12),
    (DISCLOSURES, 4),
    (EMPATHIC, 3),
    (HARSH, 1.2),
    (None, 6.8),  # None: media placeholder
]


def _fill(template: str, rng: random.Random) -> str:
    out = template
    while "{" in out:
        start = out.index("{")
        end = out.index("}", start)
        key = out[start + 1 : end]
        out = out[:start] + rng.choice(FILL[key]) + out[end + 1 :]
    return out


def generate(path: Path, n: int) -> None:
    """Write a deterministic n-message Android-format export to ``path``."""
    rng = random.Random(SEED)
    pools = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    start = datetime(2023, 1, 2, 7, 0)
    span = timedelta(days=730).total_seconds()
    # Timestamps: sorted uniform instants, squeezed into waking hours by construction below.
    step = span / n
    t = start.timestamp()
    lines: list[str] = []
    sender = 0
    for i in range(n):
        t += rng.expovariate(1 / step)
        when = datetime.fromtimestamp(t)
        if when.hour < 7:  # people sleep: push night messages to the morning
            when = when.replace(hour=7 + when.hour)
        if rng.random() < 0.45:
            sender = 1 - sender
        pool = rng.choices(pools, weights)[0]
        if pool is None:
            text = "<Media omitted>"
        else:
            text = _fill(rng.choice(pool), rng)
            if pool is SMALL or pool is STATEMENTS:
                text = rng.choice(OPENERS) + text
            if pool is not SMALL and rng.random() < 0.85:
                detail = rng.choice(DETAILS)
                while "{" in detail:
                    detail = (
                        detail.replace("{h}", str(rng.randint(1, 12)), 1)
                        .replace("{mm}", f"{rng.randint(0, 59):02d}", 1)
                        .replace("{k}", str(rng.randint(2, 90)), 1)
                        .replace("{w}", rng.choice(WORDS), 1)
                    )
                text += detail
            if rng.random() < 0.3:
                text += f" {rng.choice(SMALL)}"
            if rng.random() < 0.02:
                text += "\n" + _fill(rng.choice(STATEMENTS), rng)
        lines.append(f"{when:%d/%m/%Y, %H:%M} - {PEOPLE[sender]}: {text}\n")
        if i == 0:
            lines.insert(
                0,
                f"{when:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted. "
                "No one outside of this chat, not even WhatsApp, can read or listen to them.\n",
            )
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    tmp.replace(path)


# ------------------------------------------------------------------------------- stages
def stage(name: str, path: Path, vader_subset: int) -> dict[str, float]:
    """Run one stage in this (fresh) process; return its figures."""
    t0 = time.perf_counter()
    if name == "closeknit-parse":
        from closeknit.conversation.importers import load_conversation

        t0, c0 = time.perf_counter(), time.process_time()
        conv = load_conversation(path)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        texts = conv.messages.filter(conv.messages["kind"] == "text")["text"]
        return {
            "seconds": seconds,
            "cpu_seconds": cpu,
            "messages": len(conv),
            "distinct_text_share": texts.n_unique() / max(texts.len(), 1),
        }
    if name == "closeknit-full":
        from closeknit.conversation import kernels
        from closeknit.conversation.importers import load_conversation
        from closeknit.conversation.insights import analyze_conversation

        t0, c0 = time.perf_counter(), time.process_time()
        conv = load_conversation(path)
        t1, c1 = time.perf_counter(), time.process_time()
        insights = analyze_conversation(conv, emotions=True)
        t2, c2 = time.perf_counter(), time.process_time()
        return {
            "seconds": t2 - t0,
            "parse_seconds": t1 - t0,
            "analysis_seconds": t2 - t1,
            "cpu_seconds": c2 - c0,
            "parse_cpu_seconds": c1 - c0,
            "analysis_cpu_seconds": c2 - c1,
            "messages": len(conv),
            "emotions": float(insights.emotions_available),
            "kernels": float(kernels.AVAILABLE),
        }
    if name == "whatstk-parse":
        from whatstk import WhatsAppChat

        t0, c0 = time.perf_counter(), time.process_time()
        chat = WhatsAppChat.from_source(filepath=str(path), max_size=None)
        return {
            "seconds": time.perf_counter() - t0,
            "cpu_seconds": time.process_time() - c0,
            "messages": len(chat.df),
        }
    if name == "whatstk-vader":
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
        from whatstk import WhatsAppChat

        t0, c0 = time.perf_counter(), time.process_time()
        chat = WhatsAppChat.from_source(filepath=str(path), max_size=None)
        t1, c1 = time.perf_counter(), time.process_time()
        analyzer = SentimentIntensityAnalyzer()
        texts = chat.df["message"].astype(str).tolist()
        every = max(1, len(texts) // vader_subset) if vader_subset else 1
        subset = texts[::every]
        t2, c2 = time.perf_counter(), time.process_time()
        for text in subset:  # the peer's own per-message API
            analyzer.polarity_scores(text)
        t3, c3 = time.perf_counter(), time.process_time()
        scale = len(texts) / max(len(subset), 1)
        return {
            "seconds": (t1 - t0) + (t3 - t2) * scale,
            "cpu_seconds": (c1 - c0) + (c3 - c2) * scale,
            "parse_seconds": t1 - t0,
            "vader_seconds_measured": t3 - t2,
            "vader_messages_measured": len(subset),
            "vader_scale": scale,
            "messages": len(texts),
        }
    raise SystemExit(f"unknown stage {name}")


def measure(name: str, path: Path, vader_subset: int) -> dict[str, float]:
    """Wrapper process: run the stage in a child and add that child's peak RSS."""
    started = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            __file__,
            "--run-stage",
            name,
            str(path),
            "--vader-subset",
            str(vader_subset),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        return {"error": 1.0, "stderr": proc.stderr[-2000:]}  # type: ignore[dict-item]
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    # ru_maxrss is in KiB on Linux; this wrapper has waited for exactly one child.
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result["wall_with_startup"] = wall
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--vader-subset", type=int, default=100_000)
    parser.add_argument(
        "--stages", default="closeknit-parse,closeknit-full,whatstk-parse,whatstk-vader"
    )
    parser.add_argument("--run-stage", nargs=2, metavar=("STAGE", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=2, metavar=("STAGE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_stage:
        print(json.dumps(stage(args.run_stage[0], Path(args.run_stage[1]), args.vader_subset)))
        return
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]), args.vader_subset)))
        return

    OUT.mkdir(exist_ok=True)
    path = OUT / f"whatsapp_android_{args.messages}_{SEED}.txt"
    if not path.exists():
        t0 = time.perf_counter()
        generate(path, args.messages)
        print(
            f"generated {path.name} ({path.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - t0:.1f} s"
        )
    print(f"file: {path} ({path.stat().st_size / 1e6:.0f} MB, {args.messages:,} messages)")
    print(
        f"cpus: {os.cpu_count()}  load average before: "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    results: dict[str, dict[str, float]] = {}
    for name in args.stages.split(","):
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--measure",
                name,
                str(path),
                "--vader-subset",
                str(args.vader_subset),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        res = (
            json.loads(proc.stdout.strip().splitlines()[-1])
            if proc.stdout.strip()
            else {"error": 1.0, "stderr": proc.stderr[-2000:]}
        )
        results[name] = res
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        if "error" in res:
            print(f"{name:<16} FAILED: {res.get('stderr', '')}")
            continue
        rate = res["messages"] / res["seconds"]
        line = (
            f"{name:<16} {res['seconds']:8.2f} s  {rate:12,.0f} messages/s  "
            f"peak {res['peak_rss_mb']:7.0f} MB  (load {load})  CPU {res['cpu_seconds']:.2f} s"
        )
        print(line)
        if name == "closeknit-parse":
            print(
                f"{'':<16} {res['distinct_text_share']:.0%} of the text messages are distinct "
                "(each distinct text is scored once)"
            )
        if name == "closeknit-full":
            print(
                f"{'':<16} parse {res['parse_seconds']:.2f} s + analysis "
                f"{res['analysis_seconds']:.2f} s (CPU {res['parse_cpu_seconds']:.2f} + "
                f"{res['analysis_cpu_seconds']:.2f} s, all threads); emotions "
                f"{'included' if res.get('emotions') else 'NOT available (classifier missing)'}; "
                f"{'compiled kernels' if res.get('kernels') else 'NO compiled kernels (reference path only)'}"
            )
        if name == "whatstk-vader":
            print(
                f"{'':<16} whatstk parse {res['parse_seconds']:.2f} s + VADER measured on a "
                f"deterministic subset of {int(res['vader_messages_measured']):,} messages "
                f"(every {res['vader_scale']:.0f}th) in {res['vader_seconds_measured']:.2f} s, "
                f"extrapolated x{res['vader_scale']:.1f} to all messages"
            )
    full, peer = results.get("closeknit-full", {}), results.get("whatstk-vader", {})
    if "seconds" in full and "seconds" in peer:
        print(
            f"speed-up of closeknit full analysis over whatstk + VADER: "
            f"{peer['seconds'] / full['seconds']:.1f}x  (target >= 20x); in CPU time "
            f"{peer['cpu_seconds'] / full['cpu_seconds']:.1f}x (less sensitive to a busy machine)"
        )
    if "seconds" in full:
        rate = full["messages"] / full["seconds"]
        print(
            f"targets: full analysis {rate:,.0f} msg/s (>= 250,000), "
            f"peak {full['peak_rss_mb']:.0f} MB (<= 1536 MB)"
        )
    print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
