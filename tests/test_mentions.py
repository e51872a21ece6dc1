"""The mention detector: known people, their roles and unknown names in a piece."""

import unicodedata
from pathlib import Path

import pytest

from people.mentions import Ambiguity, KnownPerson, MentionIndex, Suggestion

SEED = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "seeds"
    / "berlinmorgen-usa-russland-gespraeche-riad.txt"
)

RUBIO, WALTZ, WITKOFF, LAWROW, PUTIN = 1, 2, 3, 4, 5
USCHAKOW, DMITRIJEW, SELENSKYJ, HEGSETH, TRUMP = 6, 7, 8, 9, 10

DEMO_PEOPLE = [
    KnownPerson(RUBIO, "Marco Rubio"),
    KnownPerson(WALTZ, "Mike Waltz", ("Michael Waltz",)),
    KnownPerson(WITKOFF, "Steve Witkoff", ("Steven Witkoff",)),
    KnownPerson(LAWROW, "Sergej Lawrow", ("Sergei Lavrov", "Lavrov")),
    KnownPerson(
        PUTIN, "Wladimir Putin", ("Vladimir Putin", "Wladimir Wladimirowitsch Putin")
    ),
    KnownPerson(USCHAKOW, "Juri Uschakow", ("Yuri Ushakov", "Jurij Uschakow")),
    KnownPerson(DMITRIJEW, "Kirill Dmitrijew", ("Kirill Dmitriev",)),
    KnownPerson(
        SELENSKYJ,
        "Wolodymyr Selenskyj",
        ("Volodymyr Zelensky", "Wolodymyr Selensky", "Selenski"),
    ),
    KnownPerson(HEGSETH, "Pete Hegseth"),
    KnownPerson(TRUMP, "Donald Trump", ("Donald J. Trump",)),
]
DEMO_INDEX = MentionIndex(DEMO_PEOPLE)

OLAF, ANNA = 11, 12
SCHOLZ_INDEX = MentionIndex(
    [KnownPerson(OLAF, "Olaf Scholz"), KnownPerson(ANNA, "Anna Scholz")]
)


def found(text, index=DEMO_INDEX):
    """(key, matched) for each mention, checking every offset on the way."""
    detection = index.detect(text)
    for mention in detection.mentions:
        assert text[mention.start : mention.end] == mention.matched
    return [(mention.key, mention.matched) for mention in detection.mentions]


def seed_text():
    if not SEED.exists():
        pytest.skip(f"seed piece not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


# --- The reference piece --------------------------------------------------------


def test_seed_finds_the_ten_people_with_the_roles_the_piece_gives_them():
    detection = DEMO_INDEX.detect(seed_text())

    assert list(detection.people().items()) == [
        (RUBIO, "US-Außenminister"),
        (WALTZ, "nationaler Sicherheitsberater"),
        (WITKOFF, "US-Sondergesandter"),
        (LAWROW, "Außenminister"),
        (PUTIN, ""),
        (USCHAKOW, "außenpolitischer Berater"),
        (DMITRIJEW, "Chef des staatlichen Investitionsfonds"),
        (SELENSKYJ, "Präsident"),
        (HEGSETH, "US-Verteidigungsminister"),
        (TRUMP, "Präsident"),
    ]
    assert detection.ambiguous == []
    assert detection.suggestions == []


def test_seed_reports_every_occurrence_in_text_order_with_exact_offsets():
    text = seed_text()
    detection = DEMO_INDEX.detect(text)

    assert [mention.matched for mention in detection.mentions] == [
        "Rubio",
        "Mike Waltz",
        "Steve Witkoff",
        "Sergej Lawrow",
        "Wladimir Putins",
        "Uschakow",
        "Kirill Dmitrijew",
        "Rubio",
        "Selenskyj",
        "Pete Hegseth",
        "Trump",
    ]
    starts = [mention.start for mention in detection.mentions]
    assert starts == sorted(starts)
    for mention in detection.mentions:
        assert text[mention.start : mention.end] == mention.matched


# --- Names, inflections, aliases --------------------------------------------------


def test_surname_alone_is_enough():
    assert found("Lawrow reiste ab.") == [(LAWROW, "Lawrow")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putins Berater", [(PUTIN, "Putins")]),
        ("Selenskyjs Amtszeit", [(SELENSKYJ, "Selenskyjs")]),
        ("Trumps Forderung", [(TRUMP, "Trumps")]),
        ("Wladimir Putins Berater", [(PUTIN, "Wladimir Putins")]),
        ("Trump's plan", [(TRUMP, "Trump's")]),
        ("Trump\u2019s plan", [(TRUMP, "Trump\u2019s")]),
        ("Lawrow' Reise", [(LAWROW, "Lawrow")]),
        ("Lavrovs Reise", [(LAWROW, "Lavrovs")]),
    ],
)
def test_genitive_forms_are_found(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lavrov said", [(LAWROW, "Lavrov")]),
        ("Zelensky said", [(SELENSKYJ, "Zelensky")]),
        ("Selenski sagte", [(SELENSKYJ, "Selenski")]),
        ("Sergei Lavrov said", [(LAWROW, "Sergei Lavrov")]),
        ("Vladimir Putin said", [(PUTIN, "Vladimir Putin")]),
        ("Wladimir Wladimirowitsch Putin", [(PUTIN, "Wladimir Wladimirowitsch Putin")]),
        ("Donald J. Trump sagte", [(TRUMP, "Donald J. Trump")]),
        ("PUTIN WARNT", [(PUTIN, "PUTIN")]),
    ],
)
def test_aliases_and_spellings_are_found(text, expected):
    assert found(text) == expected


def test_a_given_name_spelled_another_way_still_names_the_person():
    assert found("Sergei Lawrow und Sergey Lawrow") == [
        (LAWROW, "Sergei Lawrow"),
        (LAWROW, "Sergey Lawrow"),
    ]


def test_name_as_first_part_of_a_compound():
    assert found("Die Trump-Regierung und Putin-Vertraute") == [
        (TRUMP, "Trump"),
        (PUTIN, "Putin"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ein Walzer in Wien.",
        "Das Unternehmen Trumpf aus Ditzingen.",
        "Der Putinismus als Ideologie.",
        "Ein Haus an der Rubiostraße.",
        "Die Lawrowsche Linie.",
        "that was his trump card",
        "Der Witkoffer ist kein Name.",
    ],
)
def test_words_that_merely_start_like_a_name_are_not_mentions(text):
    detection = DEMO_INDEX.detect(text)
    assert detection.mentions == []
    assert detection.ambiguous == []


def test_a_line_break_ends_a_name():
    assert found("Gespräch mit Donald\nTrump sagte") == [(TRUMP, "Trump")]


# --- Roles ------------------------------------------------------------------------


ROLES_BEFORE_NAMES = [
    ("US-Außenminister Rubio wurde begleitet", RUBIO, "US-Außenminister"),
    (
        "von nationalem Sicherheitsberater Mike Waltz",
        WALTZ,
        "nationaler Sicherheitsberater",
    ),
    ("und US-Sondergesandtem Steve Witkoff", WITKOFF, "US-Sondergesandter"),
    ("nahmen Außenminister Sergej Lawrow teil", LAWROW, "Außenminister"),
    (
        "Wladimir Putins außenpolitischer Berater Uschakow",
        USCHAKOW,
        "außenpolitischer Berater",
    ),
    ("Wladimir Putins außenpolitischer Berater Uschakow", PUTIN, ""),
    (
        "der russische Chef des staatlichen Investitionsfonds, Kirill Dmitrijew,",
        DMITRIJEW,
        "Chef des staatlichen Investitionsfonds",
    ),
    (
        "US-Verteidigungsminister Pete Hegseth erklärte",
        HEGSETH,
        "US-Verteidigungsminister",
    ),
    ("von Präsident Selenskyj infrage", SELENSKYJ, "Präsident"),
    ("Präsident Trump fordert", TRUMP, "Präsident"),
    ("betonte US-Außenminister Rubio, dass", RUBIO, "US-Außenminister"),
    ("sagte Kreml-Chef Putin", PUTIN, "Kreml-Chef"),
    ("mit dem ehemaligen US-Präsidenten Trump", TRUMP, "ehemalige US-Präsident"),
    ("der frühere Außenminister Lawrow", LAWROW, "frühere Außenminister"),
    ("den Außenministern Lawrow und Rubio", LAWROW, "Außenminister"),
    ("den Außenministern Lawrow und Rubio", RUBIO, ""),
    (
        "Präsident der Ukraine Wolodymyr Selenskyj",
        SELENSKYJ,
        "Präsident der Ukraine",
    ),
    ("US-Außenminister\u00a0Rubio", RUBIO, "US-Außenminister"),
]


@pytest.mark.parametrize(("text", "key", "role"), ROLES_BEFORE_NAMES)
def test_role_given_right_before_the_name(text, key, role):
    assert DEMO_INDEX.detect(text).people()[key] == role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Lawrow, Außenminister Russlands, sagte", "Außenminister Russlands"),
        (
            "Kirill Dmitrijew, Chef des staatlichen Investitionsfonds, sagte",
            "Chef des staatlichen Investitionsfonds",
        ),
        ("Putin, der russische Präsident.", "Präsident"),
    ],
)
def test_role_from_an_apposition_after_the_name(text, role):
    assert DEMO_INDEX.detect(text).mentions[0].role == role


def test_a_role_before_another_name_is_not_taken_for_an_apposition():
    detection = DEMO_INDEX.detect("Rubio, Außenminister Lawrow und Waltz")
    assert [(m.key, m.role) for m in detection.mentions] == [
        (RUBIO, ""),
        (LAWROW, "Außenminister"),
        (WALTZ, ""),
    ]


def test_no_role_when_the_text_gives_none():
    detection = DEMO_INDEX.detect("Am Montag traf Putin in Riad ein.")
    assert detection.mentions[0].role == ""


def test_people_keeps_first_mention_order_and_first_non_empty_role():
    detection = DEMO_INDEX.detect("Trump und Putin. Später sagte Präsident Trump")
    assert list(detection.people().items()) == [(TRUMP, "Präsident"), (PUTIN, "")]


# --- Shared surnames --------------------------------------------------------------


def test_bare_shared_surname_is_ambiguous_and_proposes_nobody():
    detection = SCHOLZ_INDEX.detect("Scholz sagte, man werde reden.")

    assert detection.mentions == []
    assert detection.ambiguous == [Ambiguity("Scholz", 0, 6, (OLAF, ANNA))]
    assert detection.suggestions == []


def test_full_name_elsewhere_resolves_the_bare_surname():
    text = "Olaf Scholz traf Macron. Scholz sagte danach wenig."
    assert found(text, SCHOLZ_INDEX) == [(OLAF, "Olaf Scholz"), (OLAF, "Scholz")]
    assert SCHOLZ_INDEX.detect(text).ambiguous == []


def test_full_name_later_in_the_piece_resolves_a_surname_in_the_headline():
    text = "Scholz warnt\nBundeskanzler Olaf Scholz hat gewarnt."
    assert found(text, SCHOLZ_INDEX) == [(OLAF, "Scholz"), (OLAF, "Olaf Scholz")]


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("Anna Scholz und Olaf Scholz kamen. Scholz sagte", OLAF),
        ("Olaf Scholz und Anna Scholz kamen. Scholz sagte", ANNA),
    ],
)
def test_with_both_full_names_the_nearest_one_before_wins(text, meant):
    assert found(text, SCHOLZ_INDEX)[-1] == (meant, "Scholz")


def test_with_both_full_names_only_after_it_a_bare_surname_stays_ambiguous():
    text = "Scholz sagte es. Olaf Scholz und Anna Scholz nickten."
    detection = SCHOLZ_INDEX.detect(text)
    assert detection.ambiguous == [Ambiguity("Scholz", 0, 6, (OLAF, ANNA))]
    assert [m.key for m in detection.mentions] == [OLAF, ANNA]


def test_a_different_given_name_is_a_different_person():
    detection = DEMO_INDEX.detect("Melania Trump und Christoph Waltz kamen.")

    assert detection.mentions == []
    assert detection.suggestions == [
        Suggestion("Melania Trump"),
        Suggestion("Christoph Waltz"),
    ]


# --- Suggestions ------------------------------------------------------------------


def test_unknown_names_are_suggested_with_their_roles():
    text = (
        "Bundeskanzler Friedrich Merz sprach mit Kreml-Sprecher Dmitri Peskow. "
        "Friedrich Merz' Reise und Merz' Pläne."
    )
    assert DEMO_INDEX.detect(text).suggestions == [
        Suggestion("Friedrich Merz", "Bundeskanzler"),
        Suggestion("Dmitri Peskow", "Kreml-Sprecher"),
    ]


def test_a_suggestion_takes_the_role_from_a_later_apposition():
    text = "Dmitri Peskow schwieg. Dmitri Peskow, Sprecher des Kremls, sagte dann"
    assert DEMO_INDEX.detect(text).suggestions == [
        Suggestion("Dmitri Peskow", "Sprecher des Kremls")
    ]


def test_a_role_noun_is_enough_to_suggest_an_unfamiliar_given_name():
    detection = DEMO_INDEX.detect("Ministerpräsident Nikol Paschinjan sagte")
    assert detection.suggestions == [
        Suggestion("Nikol Paschinjan", "Ministerpräsident")
    ]


def test_a_genitive_name_is_suggested_without_its_ending():
    detection = DEMO_INDEX.detect("Emmanuel Macrons Reform und Klaus Iohannis sagte")
    assert detection.suggestions == [
        Suggestion("Emmanuel Macron"),
        Suggestion("Klaus Iohannis"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Treffen in Riad: Neue Gespräche zwischen den USA und Russland",
        "Ukraine bleibt Streitpunkt",
        "dass Kanzler Merz Europa stärken will",
        "Zentrale Konflikte bleiben bestehen",
        "Die NATO-Mitgliedschaft der Ukraine lehnt Moskau ab.",
        "Auf Außenministerebene wurde verhandelt.",
        "am Georg-Büchner-Preis Verleihung",
    ],
)
def test_places_organisations_and_nouns_are_not_suggested(text):
    assert DEMO_INDEX.detect(text).suggestions == []


# --- Odd input --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n", "123 456", "—…!?"])
def test_text_without_names_finds_nothing(text):
    detection = DEMO_INDEX.detect(text)
    assert detection.mentions == []
    assert detection.ambiguous == []
    assert detection.suggestions == []
    assert detection.people() == {}


def test_decomposed_umlauts_match_and_offsets_point_into_the_original():
    text = unicodedata.normalize(
        "NFD", "Präsident Selenskyjs Büro, Außenminister Lawrow"
    )
    assert text != unicodedata.normalize("NFC", text)

    detection = DEMO_INDEX.detect(text)

    assert [(m.key, m.matched, m.role) for m in detection.mentions] == [
        (SELENSKYJ, "Selenskyjs", "Präsident"),
        (LAWROW, "Lawrow", "Außenminister"),
    ]
    for mention in detection.mentions:
        assert text[mention.start : mention.end] == mention.matched


def test_invisible_characters_inside_a_name_are_ignored():
    text = "Präsident Se\u00adlens\u200bkyj und Wladimir\u00a0Putin"
    detection = DEMO_INDEX.detect(text)

    assert [(m.key, m.matched, m.role) for m in detection.mentions] == [
        (SELENSKYJ, "Se\u00adlens\u200bkyj", "Präsident"),
        (PUTIN, "Wladimir\u00a0Putin", ""),
    ]


def test_a_stray_combining_mark_does_not_hide_a_name():
    text = "Lawrow\u0301s Reise"
    assert found(text) == [(LAWROW, "Lawrow\u0301s")]


def test_suggestions_are_returned_in_nfc():
    text = unicodedata.normalize("NFD", "Bundeskanzler Jürgen Müller")
    assert DEMO_INDEX.detect(text).suggestions == [
        Suggestion("Jürgen Müller", "Bundeskanzler")
    ]


def test_index_tolerates_names_without_letters_and_duplicate_people():
    index = MentionIndex(
        [
            KnownPerson(1, "", ("—",)),
            KnownPerson(2, "Marco Rubio"),
            KnownPerson(2, "Marco Rubio", ("Marco Antonio Rubio",)),
        ]
    )
    assert found("Rubio und Marco Antonio Rubio", index) == [
        (2, "Rubio"),
        (2, "Marco Antonio Rubio"),
    ]
