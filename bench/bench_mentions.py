"""Time the mention detector against a newsroom-sized list of known people.

Builds 10,000 synthetic people with 30,000 aliases (seeded, so every run sees the
same data), an ~800-word German piece (the BerlinMorgen seed plus generated
paragraphs naming some of them), then times building the index once and detecting
mentions many times. "cold" runs clear the module's word caches before every
detection, which is what a process sees for a piece full of new words.

Run from the repository root:

    .venv/bin/python bench/bench_mentions.py [--runs 200]
"""

import argparse
import platform
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from people import mentions  # noqa: E402
from people.mentions import KnownPerson, MentionIndex  # noqa: E402

SEED = (
    REPO.parent / "shared" / "seeds" / "berlinmorgen-usa-russland-gespraeche-riad.txt"
)

PEOPLE = 10_000
ALIASES = 30_000
TARGET_WORDS = 800

DEMO_PEOPLE = [
    KnownPerson(1, "Marco Rubio"),
    KnownPerson(2, "Mike Waltz", ("Michael Waltz",)),
    KnownPerson(3, "Steve Witkoff", ("Steven Witkoff",)),
    KnownPerson(4, "Sergej Lawrow", ("Sergei Lavrov", "Lavrov")),
    KnownPerson(
        5, "Wladimir Putin", ("Vladimir Putin", "Wladimir Wladimirowitsch Putin")
    ),
    KnownPerson(6, "Juri Uschakow", ("Yuri Ushakov", "Jurij Uschakow")),
    KnownPerson(7, "Kirill Dmitrijew", ("Kirill Dmitriev",)),
    KnownPerson(
        8,
        "Wolodymyr Selenskyj",
        ("Volodymyr Zelensky", "Wolodymyr Selensky", "Selenski"),
    ),
    KnownPerson(9, "Pete Hegseth"),
    KnownPerson(10, "Donald Trump", ("Donald J. Trump",)),
]


def words(text: str) -> list[str]:
    return text.split()


GIVEN_NAMES = words(
    """
    Anna Andreas Boris Christian Claudia Daniel Dmitri Elena Friedrich Georg Hanna
    Igor Irina Jan Julia Katarina Kirill Klaus Lena Lars Maria Markus Michail Natalia
    Nikolai Olga Oleg Paul Petra Robert Sabine Sergej Sophie Stefan Tatjana Thomas
    Ulrich Valentina Viktor Walter Wladimir Yuri Zofia
    """
)
SURNAME_STARTS = words(
    """
    Ber Kow Mal Nov Pet Sch Stein Wal Zim Hart Kra Lin Mor Ost Rad Sok Tar Vol Wei Zel
    Bog Dan Fed Gor Iwa Jak Kus Lis Mak Pop Rom Sid Tim Wol Bau Fis Hof Kel Lor Neu
    """
)
SURNAME_MIDDLES = words("a e i o u ar en in or ul an el")
SURNAME_ENDS = words("ow ski ko mann berg ich ew in er ung ak off enko itz ner")
TRANSLITERATIONS = (("w", "v"), ("j", "y"), ("sch", "sh"), ("ow", "ov"), ("ew", "ev"))
ROLES = words(
    """
    Außenminister Sprecher Botschafter Sondergesandter Präsident Berater Chef
    Verteidigungsministerin Abgeordnete Gouverneur
    """
)


def transliterated(name: str) -> str:
    for german, english in TRANSLITERATIONS:
        if german in name:
            return name.replace(german, english, 1)
    return name + "e"


def synthetic_people(rng: random.Random) -> list[KnownPerson]:
    people = list(DEMO_PEOPLE)
    aliases_left = ALIASES - sum(len(person.aliases) for person in DEMO_PEOPLE)
    synthetic_count = PEOPLE - len(people)
    for number in range(synthetic_count):
        given = rng.choice(GIVEN_NAMES)
        surname = (
            rng.choice(SURNAME_STARTS).capitalize()
            + rng.choice(SURNAME_MIDDLES)
            + rng.choice(SURNAME_ENDS)
        )
        candidates = [
            f"{transliterated(given)} {surname}",
            f"{given} {rng.choice('ABCDEFGHIKLMNOPRSTW')}. {surname}",
            f"{given} {transliterated(surname)}",
            transliterated(surname),
        ]
        people_still_to_come = synthetic_count - number
        count = -(-aliases_left // people_still_to_come)  # share out evenly, round up
        aliases = tuple(candidates[:count])
        aliases_left -= len(aliases)
        people.append(KnownPerson(len(people) + 1, f"{given} {surname}", aliases))
    return people


def piece(rng: random.Random, people: list[KnownPerson]) -> str:
    paragraphs = [SEED.read_text(encoding="utf-8")] if SEED.exists() else []
    unknown = ["Bundeskanzler Friedrich Merz", "Kreml-Sprecher Dmitri Peskow"]
    while sum(len(p.split()) for p in paragraphs) < TARGET_WORDS:
        person = rng.choice(people[len(DEMO_PEOPLE) :])
        surname = person.name.split()[-1]
        paragraphs.append(
            f"Am Rande des Treffens sprach {rng.choice(ROLES)} {person.name} mit "
            f"Journalisten. {surname} sagte, die Gespräche seien schwierig gewesen, "
            f"doch {surname}s Delegation wolle weiter verhandeln. "
            f"Auch {rng.choice(unknown)} äußerte sich, ebenso Präsident Trump."
        )
    return "\n".join(paragraphs)


def milliseconds(samples_ns: list[int]) -> dict[str, float]:
    ordered = sorted(samples_ns)
    p99 = ordered[max(0, -(-len(ordered) * 99 // 100) - 1)]
    return {
        "median": statistics.median(ordered) / 1e6,
        "p99": p99 / 1e6,
        "mean": statistics.fmean(ordered) / 1e6,
        "min": ordered[0] / 1e6,
    }


def time_detection(index: MentionIndex, text: str, runs: int, cold: bool) -> dict:
    for _ in range(10):
        index.detect(text)
    samples = []
    for _ in range(runs):
        if cold:
            mentions._fold.cache_clear()
            mentions._role_noun.cache_clear()
            mentions._gap_kind.cache_clear()
        started = time.perf_counter_ns()
        index.detect(text)
        samples.append(time.perf_counter_ns() - started)
    return milliseconds(samples)


def traced_build(people: list[KnownPerson]) -> tuple[MentionIndex, int]:
    """Build the index again under tracemalloc: the index and the bytes it holds."""
    tracemalloc.start()
    index = MentionIndex(people)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return index, held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20250218)
    arguments = parser.parse_args()

    rng = random.Random(arguments.seed)
    people = synthetic_people(rng)
    text = piece(rng, people)

    started = time.perf_counter()
    index = MentionIndex(people)
    build_seconds = time.perf_counter() - started

    detection = index.detect(text)
    print(f"Python {platform.python_version()} on {platform.machine()}")
    print(
        f"people: {len(people):,}, aliases: {sum(len(p.aliases) for p in people):,}, "
        f"piece: {len(text.split())} words, {len(text):,} characters"
    )
    print(
        f"found: {len(detection.mentions)} mentions of {len(detection.people())} "
        f"people, {len(detection.ambiguous)} ambiguous, "
        f"{len(detection.suggestions)} suggestions"
    )
    print(f"index build: {build_seconds * 1000:.0f} ms (once)")
    for cold in (False, True):
        figures = time_detection(index, text, arguments.runs, cold)
        label = "cold caches" if cold else "warm caches"
        print(
            f"detect, {label}, {arguments.runs} runs: "
            + ", ".join(f"{name} {value:.2f} ms" for name, value in figures.items())
        )

    del index
    _, index_bytes = traced_build(people)
    print(f"index memory: {index_bytes / 2**20:.0f} MiB (tracemalloc, after build)")


if __name__ == "__main__":
    main()
