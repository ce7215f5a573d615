"""A small generated corpus for the crash, concurrency and determinism tests: three outlets, one
JSONL file each, reporting the same events in their own words, each with its own repeated footer.

Deterministic (seeded); about 300 short articles, so that a load takes two batches of 256.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import List

OUTLETS = ("North Gazette", "South Courier", "East Herald")
FOOTERS = {
    "North Gazette": "Subscribe to the North Gazette newsletter for more local reporting every morning.",
    "South Courier": "The South Courier is an independent newspaper funded by its readers.",
    "East Herald": "Follow the East Herald on social media for breaking news and updates.",
}
THINGS = "schools bridges clinics libraries parks roads stations shelters".split()
VERBS = [("approved", "backed", "voted for"), ("rejected", "turned down", "voted against")]
PEOPLE = "Mayor Alma Reyes|Councillor Ben Ortiz|Governor Carla Singh|Director Dev Patel".split("|")
DAYS = "Monday Tuesday Wednesday Thursday Friday".split()
SYLLABLES = "ka lo mi ne ru ta vo shi dra ben tor lin mar sel qui fen gor pal".split()
TEMPLATES = [
    "The {place} council {verb} {count} {w12} {thing} for {cost} million on {day}.",
    "{person} said the {w0} {thing} in {place} would open by {year}.",
    "Residents of {w1} told {w2} that the {w3} plan would cut {w4} traffic.",
    "Opponents from {w5} and {w6} said the scheme would harm {w7} farms.",
    "The {w8} vote followed {w9} hearings on land near {w10} and {w11}.",
]


def invented_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def event_sentences(rng: random.Random, event: int) -> List[str]:
    """Four sentences about one event, in words of its own (invented names), so that events differ."""
    verb = rng.choice(VERBS)[0]
    slots = {f"w{n}": invented_word(rng) for n in range(13)}
    slots.update(
        place=invented_word(rng), thing=rng.choice(THINGS), verb=verb, count=3 + event % 9, cost=2 + event % 17,
        day=DAYS[event % len(DAYS)], person=rng.choice(PEOPLE), year=2020 + event % 6,
    )
    return [TEMPLATES[0].format(**slots)] + [t.format(**slots) for t in rng.sample(TEMPLATES[1:], 3)]


def reworded(sentence: str, rng: random.Random, outlet: int) -> str:
    """An outlet's version: a verb swapped, a word dropped, or a figure changed now and then."""
    for verbs in VERBS:
        if verbs[0] in sentence:
            sentence = sentence.replace(verbs[0], verbs[outlet % len(verbs)])
    words = sentence.split(" ")
    if outlet and len(words) > 8 and rng.random() < 0.5:
        del words[rng.randrange(2, len(words) - 2)]
    if outlet == 2 and rng.random() < 0.3:
        words = [str(int(w) + 1) if w.isdigit() and len(w) < 3 else w for w in words]
    return " ".join(words)


def write_corpus(folder: Path, events: int = 110) -> List[Path]:
    """One JSONL file per outlet in `folder` (returned in outlet order)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, outlet in enumerate(OUTLETS):
        rng = random.Random(f"{outlet}:{events}")
        rows = []
        for event in range(events):
            if number and rng.random() < 0.15:  # not every outlet covers every event
                continue
            sentences = [reworded(s, rng, number) for s in event_sentences(random.Random(event), event)]
            rng.shuffle(sentences)
            body = " ".join(sentences)
            text = f"Council news {event}\n\n{body}\n\n{FOOTERS[outlet]}"
            rows.append({"id": f"{number}-{event}", "outlet": outlet, "title": f"Council news {event}",
                         "published": f"2021-03-{1 + event % 28:02d}", "text": text})
        path = folder / f"{outlet.lower().replace(' ', '-')}.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        paths.append(path)
    return paths
