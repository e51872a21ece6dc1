"""Find known people, their roles and unknown names in German news text.

Text in, matches out: no models, no database. Callers build a `MentionIndex` once
from every known person and reuse it for each piece::

    lawrow = KnownPerson(key=1, name="Sergej Lawrow", aliases=("Lavrov",))
    detection = MentionIndex([lawrow]).detect(text)

How it works
------------
Every name and alias is cut into words and folded (case-folded, diacritics removed,
typographic hyphens and apostrophes made plain), then stored in one word trie. Each
trie node records whose *full* name ends there ("Sergej Lawrow") and whose *surname*
ends there ("Lawrow", "von der Leyen", or a one-word alias such as "Lavrov").
Detection tokenises the text once and walks the trie from each capitalised word,
keeping the longest match, so its cost grows with the length of the text, not with
the number of people. Only the last word of a match may carry a genitive ending
("Putins", "Trump's"); a name must be a whole word or the first part of a hyphenated
compound ("Trump-Regierung"), so "Trumpf" and "Walzer" never match. A line break
ends a name.

A bare surname is resolved in this order:

* a given name directly before it decides: "Melania Trump" is not Donald Trump (the
  name is offered as a suggestion instead), "Sergei Lawrow" is Sergej Lawrow
  (spellings one letter apart, v/w and y/j count as the same);
* if several known people share the surname, the one whose full name appears in the
  piece wins (the nearest one before the mention when both appear); otherwise the
  occurrence is reported as an `Ambiguity` and attributed to nobody.

Roles are read from the words the piece puts right before the name: a German role
noun, possibly a compound ("US-Außenminister", "Kreml-Sprecher"), with the
adjectives before it ("außenpolitischer Berater") and an optional genitive
complement ("Chef des staatlichen Investitionsfonds, Kirill Dmitrijew"). Failing
that, an apposition after the name is used ("Dmitri Peskow, Sprecher des Kremls,").
Roles are normalised towards the nominative: "-em" becomes "-er" (von nationalem
Sicherheitsberater -> "nationaler Sicherheitsberater", US-Sondergesandtem ->
"US-Sondergesandter"), "-en" on adjectives becomes "-e" (dem ehemaligen Präsidenten
-> "ehemalige Präsident"), genitive and weak endings on the noun are dropped. Leading
nationality adjectives ("der russische Chef ...") are left out: the country belongs
to the person, not to the role. The genitive complement is kept as written.

Suggestions are two to four capitalised words that match no known person and start
with a given name from a built-in list (or any known person's given name); after a
role noun, two capitalised words are enough ("Ministerpräsident Nikol Paschinjan").
German capitalises every noun, so this errs on the side of silence: a lone surname
after a role ("Präsident Macron") is not suggested.

Known limits: a surname that is also a common noun ("Koch", "Bach") matches as the
noun does; roles come only from the words next to the name, never from the rest of
the sentence; the role word lists and given names are built in and German-centred.

Offsets always point into the text as passed in. Internally the text is normalised
to NFC and invisible characters (soft hyphens, zero-width spaces and joiners) are
dropped, so "Se\u00adlenskyj" and decomposed umlauts still match; `Mention.matched`
is the original slice, `Suggestion.name` and roles are NFC.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

__all__ = ["Ambiguity", "Detection", "KnownPerson", "Mention", "MentionIndex"]


@dataclass(frozen=True)
class KnownPerson:
    key: Hashable
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    key: Hashable
    matched: str
    start: int
    end: int
    role: str = ""


@dataclass(frozen=True)
class Ambiguity:
    matched: str
    start: int
    end: int
    keys: tuple


@dataclass(frozen=True)
class Suggestion:
    name: str
    role: str = ""


@dataclass(frozen=True)
class Detection:
    mentions: list[Mention]
    ambiguous: list[Ambiguity]
    suggestions: list[Suggestion]

    def people(self) -> dict[Hashable, str]:
        """Each person mentioned, in order of first mention, with their first role."""
        roles: dict[Hashable, str] = {}
        for mention in self.mentions:
            if not roles.get(mention.key):
                roles[mention.key] = mention.role
        return roles


# --- Words ---------------------------------------------------------------------

# A word starts with a letter, may hold digits and stray combining marks, and may be
# joined by hyphens or apostrophes: "US-Außenminister", "O'Brien", "Trump's".
_WORD_PART = r"[^\W\d_][^\W_]*+(?:[\u0300-\u036f]+[^\W_]*+)*+"
_JOINER = r"['\u2019\-\u2010\u2011]"
_WORD_RE = re.compile(rf"{_WORD_PART}(?:{_JOINER}{_WORD_PART})*+")
_SPLIT_AT_WORDS_RE = re.compile(f"({_WORD_RE.pattern})")
_HYPHENS = "-\u2010\u2011"
_FOLD_PUNCTUATION = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2019": "'"})
# The Unicode blocks of combining diacritical marks, as (first, end) code points.
_COMBINING_MARK_BLOCKS = (
    (0x0300, 0x0370),
    (0x1AB0, 0x1B00),
    (0x1DC0, 0x1E00),
    (0x20D0, 0x2100),
    (0xFE20, 0xFE30),
)
_DROP_COMBINING_MARKS = dict.fromkeys(
    code for first, end in _COMBINING_MARK_BLOCKS for code in range(first, end)
)

_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")

_HORIZONTAL_SPACE = " \t\u00a0\u2007\u2009\u202f"
_SPACE_GAP_RE = re.compile(f"[{_HORIZONTAL_SPACE}]+")
_PERIOD_GAP_RE = re.compile(f"\\.[{_HORIZONTAL_SPACE}]+")
_COMMA_GAP_RE = re.compile(f"[{_HORIZONTAL_SPACE}]*,[{_HORIZONTAL_SPACE}]*")
_CLAUSE_END_RE = re.compile(f"[{_HORIZONTAL_SPACE}]*(?:[,.;:!?)\\]\u2013\u2014\\n]|$)")

# How two neighbouring words are separated: only spaces (they can belong to one
# name or role phrase), a comma (an apposition), a full stop (after an initial, as
# in "Donald J. Trump", it counts as a space), or anything else.
_OTHER, _SPACE, _COMMA, _PERIOD = 0, 1, 2, 3


@lru_cache(maxsize=1024)
def _gap_kind(gap: str) -> int:
    if _SPACE_GAP_RE.fullmatch(gap):
        return _SPACE
    if _COMMA_GAP_RE.fullmatch(gap):
        return _COMMA
    if _PERIOD_GAP_RE.fullmatch(gap):
        return _PERIOD
    return _OTHER


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    folded = word.casefold().translate(_FOLD_PUNCTUATION)
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFD", folded)
        folded = decomposed.translate(_DROP_COMBINING_MARKS)
    return folded


def _uninflected(key: str) -> tuple[str, ...]:
    """Forms a folded word could have before a genitive ending was added."""
    if key.endswith("'s"):
        return (key[:-2],)
    if key.endswith("s") and len(key) > 2:
        return (key[:-1],)
    return ()


def _prepare(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """NFC text without invisible characters, and where each character came from.

    Returns the cleaned text plus, when it differs from the input, the original start
    and end offset of each cleaned character. Characters are normalised one base
    character (with its combining marks) at a time so every output character maps
    back to a whole original cluster.
    """
    if unicodedata.is_normalized("NFC", text) and not _INVISIBLE_RE.search(text):
        return text, None, None
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cluster_start = 0
    for position in range(1, len(text) + 1):
        if position < len(text) and unicodedata.combining(text[position]):
            continue
        cluster = _INVISIBLE_RE.sub("", text[cluster_start:position])
        cluster = unicodedata.normalize("NFC", cluster)
        parts.append(cluster)
        starts.extend([cluster_start] * len(cluster))
        ends.extend([position] * len(cluster))
        cluster_start = position
    return "".join(parts), starts, ends


def _name_words(name: str) -> list[tuple[str, bool]]:
    """The folded words of a name, each with whether it is written in lower case."""
    clean = unicodedata.normalize("NFC", _INVISIBLE_RE.sub("", name))
    return [
        (_fold(match.group()), match.group()[0].islower())
        for match in _WORD_RE.finditer(clean)
    ]


def _skeleton(given_name: str) -> str:
    return given_name.replace("v", "w").replace("y", "j")


def _at_most_one_edit_apart(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    for index, (char_a, char_b) in enumerate(zip(a, b, strict=False)):
        if char_a != char_b:
            if len(a) == len(b):
                return a[index + 1 :] == b[index + 1 :]
            return a[index:] == b[index + 1 :]
    return True


def _same_given_name(word_key: str, known_given_names: frozenset[str]) -> bool:
    """Whether a given name in the text can be one of a person's given names.

    Transliterations differ by a letter (Sergej, Sergei, Sergey; Juri, Jurij), so
    names of four letters or more that are one edit apart count as the same.
    """
    word = _skeleton(word_key)
    for known in known_given_names:
        if word == known:
            return True
        if min(len(word), len(known)) >= 4 and _at_most_one_edit_apart(word, known):
            return True
    return False


# --- German vocabulary -----------------------------------------------------------

# Role nouns, matched at the end of a word so compounds count ("Außenminister",
# "Kreml-Sprecher"). Strong nouns take -s/-n endings, weak nouns -en; adjectival
# nouns ("Gesandter") decline like adjectives. Feminine -in is kept.
_STRONG_ROLE_NOUNS = """
    minister kanzler sprecher berater botschafter sekretär chef direktor leiter
    bürgermeister senator gouverneur kommissar premier könig kaiser scheich emir
    general admiral oberst kommandeur befehlshaber machthaber herrscher diktator
    inhaber führer richter anwalt ermittler trainer kapitän spieler manager ceo
    unternehmer gründer investor milliardär moderator kommentator autor redakteur
    reporter schriftsteller regisseur sänger musiker künstler historiker politiker
    papst kardinal bischof rabbiner imam vertreter unterhändler vermittler
    koordinator offizier republikaner expertin politologin
"""
_WEAK_ROLE_NOUNS = """
    präsident kandidat diplomat korrespondent journalist aktivist analyst ökonom
    oligarch prinz fürst soldat kommandant demokrat patriarch astronaut
"""
_ADJECTIVAL_ROLE_NOUNS = """
    gesandt beauftragt abgeordnet vorsitzend bevollmächtigt vertraut
"""


def _word_set(words: str) -> frozenset[str]:
    """Whitespace-separated words, folded like the words of a text."""
    return frozenset(_fold(word) for word in words.split())


# Each declension: its nouns, and the endings they take mapped to the ending of the
# nominative singular.
_ROLE_NOUN_DECLENSIONS = (
    (_STRONG_ROLE_NOUNS, {"": "", "in": "in", "s": "", "n": ""}),
    (_WEAK_ROLE_NOUNS, {"": "", "in": "in", "en": ""}),
    ("experte politologe stratege", {"": "", "n": ""}),
    (_ADJECTIVAL_ROLE_NOUNS, {"er": "er", "em": "er", "en": "e", "e": "e"}),
)
# Every declined form -> (its ending, the nominative ending that replaces it).
_ROLE_NOUN_FORMS = {
    noun + ending: (ending, nominative)
    for nouns, endings in _ROLE_NOUN_DECLENSIONS
    for noun in nouns.split()
    for ending, nominative in endings.items()
}
_ROLE_NOUN_FORM_ENDINGS = tuple(_ROLE_NOUN_FORMS)


@lru_cache(maxsize=8192)
def _role_noun(word: str) -> str | None:
    """The nominative form of a role noun, or None if the word is not one.

    Compounds count ("US-Außenminister", "Kreml-Sprecher"): the word only has to
    end in a declined role noun.
    """
    lowered = word.lower()
    if not word[0].isupper() or not lowered.endswith(_ROLE_NOUN_FORM_ENDINGS):
        return None
    for start in range(len(lowered)):
        form = _ROLE_NOUN_FORMS.get(lowered[start:])
        if form is not None:
            ending, nominative = form
            return word[: len(word) - len(ending)] + nominative
    return None


# Adjective endings, longest first, and the nominative ending that replaces each:
# "von nationalem Berater" -> "nationaler Berater", "dem neuen Chef" -> "neue Chef".
_ADJECTIVE_ENDINGS = {"em": "er", "en": "e", "er": "er", "es": "es", "e": "e"}
# Derivational endings that make a word an adjective; past-tense verbs ("betonte",
# "sagte") do not have them, which keeps "betonte US-Außenminister Rubio" clean.
_ADJECTIVE_SUFFIXES = (
    "isch", "ig", "lich", "al", "ell", "iv", "end", "bar", "sam", "haft", "los",
    "ös", "är", "ern",
)  # fmt: skip
_ADJECTIVE_STEMS = _word_set(
    """
    früher erst letzt neu alt oberst hoh groß jung designiert gewählt neugewählt
    abgewählt gestürzt entmachtet abgesetzt entlassen zurückgetreten inhaftiert
    verstorben ermordet selbsternannt ranghöchst
    """
)
_NATIONALITY_STEMS = _word_set(
    """
    russisch ukrainisch amerikanisch us-amerikanisch deutsch französisch britisch
    englisch chinesisch israelisch iranisch irakisch syrisch polnisch türkisch
    saudisch saudi-arabisch italienisch spanisch portugiesisch europäisch japanisch
    indisch pakistanisch kanadisch mexikanisch brasilianisch argentinisch australisch
    österreichisch schweizerisch belgisch niederländisch luxemburgisch dänisch
    schwedisch norwegisch finnisch estnisch lettisch litauisch ungarisch tschechisch
    slowakisch rumänisch bulgarisch griechisch serbisch kroatisch bosnisch albanisch
    georgisch armenisch aserbaidschanisch belarussisch weißrussisch moldauisch
    kasachisch afghanisch ägyptisch libanesisch jordanisch palästinensisch katarisch
    emiratisch nordkoreanisch südkoreanisch koreanisch taiwanisch vietnamesisch
    irisch schottisch walisisch kurdisch tschetschenisch sowjetisch
    """
)

_GENITIVE_ARTICLES = frozenset({"des", "der"})
_ARTICLES = frozenset({"der", "die", "das", "dem", "den", "des"})
_NAME_PARTICLES = _word_set(
    "von van de der den du da di del della la le zu ten ter bin ibn al el"
)

_BUILTIN_GIVEN_NAMES = _word_set(
    """
    Friedrich Olaf Annalena Angela Robert Christian Markus Boris Hubertus Karl Lars
    Nancy Saskia Sahra Alice Tino Frank Walter Wolfgang Gerhard Helmut Konrad Willy
    Norbert Hendrik Jens Julia Katarina Ricarda Omid Cem Svenja Hubert Armin Horst
    Peter Thomas Michael Andreas Stefan Steffen Martin Klaus Jürgen Dieter Bernd Uwe
    Manfred Ursula Claudia Bärbel Franziska Kevin Philipp Paul Lisa Anna Maria
    Sabine Heike Petra Susanne Katrin Anja Daniel Tobias Jan Tim Felix Max Lukas
    Jonas Leon Sebastian Alexander Johannes Matthias Florian Christoph Carsten
    Volker Joachim Heinz Günter Hans Werner Kurt Otto Rolf Ralf Dirk Jörg Holger
    Ulrich Georg Wilhelm Heinrich Hermann Ludwig Rainer Reinhard Gregor Dietmar
    Dietrich Theodor Hannelore Gesine Renate Manuela Malu Winfried Bodo Kai Nils Ole
    Sven Till Marie Sophie Emma Hanna Lena Laura Sarah Katharina Christine Monika
    Gabriele Birgit Karin Elke Ute Silke Agnes Marco Donald Joe Kamala Barack
    Hillary Bill George Mike Steve Steven Pete Antony Jake Lloyd Kristi Tulsi Elon
    Jeff Mark Rishi Keir Liz Theresa David Emmanuel Giorgia Pedro Kaja Charles
    William Xi Kim Narendra Recep Benjamin Ali Mohammed Mohammad Muhammad Abdel
    Bashar Ahmed Ahmad Viktor Andrzej Mette Ulf Kyriakos Justin Anthony Antonio Luiz
    Javier Jair Volodymyr Wolodymyr John James Richard Joseph Matthew Andrew Jared
    Ivanka Melania Eric Nikki Ron Chuck Mitch Sergio Matteo Marine Jordan Gabriel
    Wladimir Vladimir Sergej Sergei Sergey Dmitri Dmitrij Dmitry Dmytro Juri Jurij
    Yuri Kirill Alexej Alexei Michail Mikhail Nikolai Iwan Ivan Andrej Andrei Andriy
    Andrij Jewgeni Yevgeny Marija Anatoli Igor Oleg Pawel Pavel Walentina Valentina
    Elvira Ramsan Gennadi Waleri Valery Olena Julija Yulia Witali Vitali Mychajlo
    Mykhailo Oleksij Oleksii Oleksandr Denys Ruslan Petro Serhij Serhiy Kyrylo Iryna
    Natalija Taras Alexandra Anton Arseni Dmitrijewitsch Swetlana Tatjana
    """
)

# Capitalised words that often follow a name inside one clause ("dass Kanzler Merz
# Europa ...") and must never be taken for part of a name.
_NOT_NAME_WORDS = _word_set(
    """
    Europa Ukraine Russland USA Amerika Deutschland Frankreich China Israel Iran
    Moskau Kiew Kyjiw Washington Berlin Brüssel London Paris Peking Riad Gaza
    Regierung Kreml Bundestag Parlament Kongress Senat Partei Polizei Armee
    Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag Januar
    Februar März April Mai Juni Juli August September Oktober November Dezember
    """
)
# Endings of places and institutions named after people ("Georg-Büchner-Preis").
_PLACE_OR_ORGANISATION_ENDINGS = tuple(
    _word_set(
        """
        straße platz allee preis stiftung institut schule universität gymnasium
        kaserne brücke bahnhof flughafen kirche stadion zentrum gesellschaft verlag
        klinik museum theater
        """
    )
)
# Endings of abstract and collective nouns, never of a surname.
_COMMON_NOUN_ENDINGS = tuple(
    _word_set("ung heit keit schaft tion ismus ität tum nis land reich")
)


# --- The index -------------------------------------------------------------------


class _Node:
    __slots__ = ("children", "full", "surname", "lowercase_ok")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.full: list[Hashable] = []
        self.surname: list[Hashable] = []
        self.lowercase_ok = False


@dataclass(slots=True)
class _Candidate:
    """A stretch of text that names one of `keys`, before resolution."""

    first: int  # token indices, inclusive
    last: int
    start: int  # offsets into the cleaned text
    end: int
    keys: tuple
    full: bool


class MentionIndex:
    """All known names and aliases, folded into a trie once, ready for `detect`."""

    def __init__(self, people: Iterable[KnownPerson]) -> None:
        self._root = _Node()
        self._given_names_of: dict[Hashable, frozenset[str]] = {}
        given_names = set(_BUILTIN_GIVEN_NAMES)
        for person in people:
            own_given_names: set[str] = set()
            for name in (person.name, *person.aliases):
                own_given_names.update(self._add_name(person.key, name))
            given_names.update(own_given_names)
            self._given_names_of[person.key] = self._given_names_of.get(
                person.key, frozenset()
            ) | {_skeleton(given) for given in own_given_names}
        self._given_names = frozenset(given_names)

    def _add_name(self, key: Hashable, name: str) -> list[str]:
        """Index one spelling of a person's name; return its given names."""
        words = _name_words(name)
        if not words:
            return []
        if len(words) == 1:
            keys = self._insert(words).surname
            if key not in keys:
                keys.append(key)
            return []
        surname_from = len(words) - 1
        for index in range(1, len(words) - 1):
            if words[index][1]:  # "Ursula von der Leyen": surname "von der Leyen"
                surname_from = index
                break
        for keys in (
            self._insert(words).full,
            self._insert(words[surname_from:]).surname,
        ):
            if key not in keys:
                keys.append(key)
        # Initials ("Donald J. Trump") say too little to tell people apart.
        return [word for word, _ in words[:surname_from] if len(word) > 1]

    def _insert(self, words: list[tuple[str, bool]]) -> _Node:
        node = self._root
        for word, lowercase in words:
            child = node.children.get(word)
            if child is None:
                child = node.children[word] = _Node()
            child.lowercase_ok = child.lowercase_ok or lowercase
            node = child
        return node

    def detect(self, text: str) -> Detection:
        return _Scan(self, text).detection()


class _Scan:
    """One detection run over one text."""

    def __init__(self, index: MentionIndex, text: str) -> None:
        self.index = index
        self.text = text
        self.clean, self.original_starts, self.original_ends = _prepare(text)
        # [gap, word, gap, word, ..., gap]: offsets come from the running lengths.
        parts = _SPLIT_AT_WORDS_RE.split(self.clean)
        offsets = list(accumulate(map(len, parts)))
        self.words = parts[1::2]
        self.starts = offsets[0:-1:2]
        self.ends = offsets[1::2]
        self.keys = [_fold(word) for word in self.words]
        self.capitalised = [word[0].isupper() for word in self.words]
        # gaps[i] separates word i from the word before it.
        self.gaps = [_gap_kind(gap) for gap in parts[0:-1:2]]
        if self.gaps:
            self.gaps[0] = _OTHER
        for index, kind in enumerate(self.gaps):
            if kind == _PERIOD:
                initial = self.words[index - 1]
                self.gaps[index] = (
                    _SPACE if len(initial) == 1 and initial.isupper() else _OTHER
                )
        self.covered = [False] * len(self.words)

    def _original_span(self, start: int, end: int) -> tuple[int, int]:
        if self.original_starts is None:
            return start, end
        return self.original_starts[start], self.original_ends[end - 1]

    # -- Finding names ------------------------------------------------------------

    def detection(self) -> Detection:
        candidates = self._find_candidates()
        mentions, ambiguous = self._resolve(candidates)
        return Detection(mentions, ambiguous, self._suggestions())

    def _find_candidates(self) -> list[_Candidate]:
        first_words = self.index._root.children
        # Most words start no name at all; pick out the few that might at C speed.
        possible_starts = [
            index
            for index, key in enumerate(self.keys)
            if key in first_words
            or (self.capitalised[index] and (key.endswith("s") or "-" in key))
        ]
        candidates: list[_Candidate] = []
        next_free = 0
        for index in possible_starts:
            if index < next_free:
                continue
            candidate = self._longest_match(index) or self._compound_match(index)
            if candidate is not None:
                candidate = self._with_given_names_before(candidate, candidates)
            if candidate is not None:
                candidates.append(candidate)
                next_free = candidate.last + 1
        return candidates

    def _longest_match(self, first: int) -> _Candidate | None:
        node = self.index._root
        best: tuple[int, int, _Node] | None = None
        position = first
        while position < len(self.words):
            if position > first and self.gaps[position] != _SPACE:
                break
            key = self.keys[position]
            capitalised = self.capitalised[position]
            child = node.children.get(key)
            if child is not None and (capitalised or child.lowercase_ok):
                if child.full or child.surname:
                    best = (position, self.ends[position], child)
                node = child
                position += 1
                continue
            if capitalised:
                for stem in _uninflected(key):
                    inflected = node.children.get(stem)
                    if inflected is not None and (inflected.full or inflected.surname):
                        best = (position, self.ends[position], inflected)
            break
        if best is None:
            return None
        last, end, found = best
        full = bool(found.full)
        keys = tuple(found.full if full else found.surname)
        return _Candidate(first, last, self.starts[first], end, keys, full)

    def _compound_match(self, index: int) -> _Candidate | None:
        """A name as the first part of a hyphenated compound: "Trump-Regierung"."""
        word = self.words[index]
        if not self.capitalised[index]:
            return None
        hyphen = next((i for i, char in enumerate(word) if char in _HYPHENS), None)
        if hyphen is None:
            return None
        node = self.index._root.children.get(_fold(word[:hyphen]))
        if node is None or not node.surname:
            return None
        start = self.starts[index]
        return _Candidate(
            index, index, start, start + hyphen, tuple(node.surname), False
        )

    def _with_given_names_before(
        self, candidate: _Candidate, found_so_far: list[_Candidate]
    ) -> _Candidate | None:
        """Let given names written before a bare surname decide who is meant.

        Returns the candidate widened to include the given names, the candidate
        unchanged, or None when the given names belong to nobody known by that
        surname ("Melania Trump" when only Donald Trump is known).
        """
        if candidate.full:
            return candidate
        earliest = found_so_far[-1].last + 1 if found_so_far else 0
        given: list[int] = []
        position = candidate.first - 1
        while (
            position >= earliest
            and len(given) < 3
            and self.gaps[position + 1] == _SPACE
            and self.capitalised[position]
            and (len(self.keys[position]) == 1 or self._is_given_name(position))
        ):
            given.insert(0, position)
            position -= 1
        if not given:
            return candidate
        spelled_out = [self.keys[i] for i in given if len(self.keys[i]) > 1]
        initials = [self.keys[i] for i in given if len(self.keys[i]) == 1]
        given_names_of = self.index._given_names_of
        if spelled_out:
            keys = tuple(
                key
                for key in candidate.keys
                if any(_same_given_name(w, given_names_of[key]) for w in spelled_out)
            )
            if not keys:
                return None
        else:
            keys = tuple(
                key
                for key in candidate.keys
                if any(known.startswith(initials[0]) for known in given_names_of[key])
            )
            if not keys:
                return candidate
        first = given[0]
        return _Candidate(
            first, candidate.last, self.starts[first], candidate.end, keys, True
        )

    def _is_given_name(self, index: int) -> bool:
        """Whether a word is a given name, hyphenated ones ("Anna-Lena") included."""
        given_names = self.index._given_names
        key = self.keys[index]
        return key in given_names or (
            "-" in key and all(part in given_names for part in key.split("-"))
        )

    def _resolve(
        self, candidates: list[_Candidate]
    ) -> tuple[list[Mention], list[Ambiguity]]:
        fully_named_at: dict[Hashable, list[int]] = {}
        for candidate in candidates:
            if candidate.full and len(candidate.keys) == 1:
                fully_named_at.setdefault(candidate.keys[0], []).append(candidate.first)
        for candidate in candidates:
            for position in range(candidate.first, candidate.last + 1):
                self.covered[position] = True

        mentions: list[Mention] = []
        ambiguous: list[Ambiguity] = []
        for candidate in candidates:
            keys = self._who(candidate, fully_named_at)
            start, end = self._original_span(candidate.start, candidate.end)
            matched = self.text[start:end]
            if len(keys) > 1:
                ambiguous.append(Ambiguity(matched, start, end, keys))
            else:
                role = self._role_before(candidate.first) or self._role_after(
                    candidate.last
                )
                mentions.append(Mention(keys[0], matched, start, end, role))
        return mentions, ambiguous

    def _who(
        self, candidate: _Candidate, fully_named_at: dict[Hashable, list[int]]
    ) -> tuple:
        """The key of the person meant, or several keys when it is unclear."""
        keys = candidate.keys
        if len(keys) == 1 or candidate.full:
            return keys  # several keys here: namesakes with the same full name
        named = tuple(key for key in keys if key in fully_named_at)
        if len(named) == 1:
            return named
        if not named:
            return keys
        latest_before = {
            key: max(
                (p for p in fully_named_at[key] if p < candidate.first), default=-1
            )
            for key in named
        }
        nearest = max(named, key=latest_before.__getitem__)
        return (nearest,) if latest_before[nearest] >= 0 else named

    # -- Roles --------------------------------------------------------------------

    def _role_noun_at(self, index: int) -> str | None:
        if self.covered[index]:
            return None
        return _role_noun(self.words[index])

    def _adjective_at(self, index: int) -> tuple[str, bool] | None:
        """The nominative form of an adjective, and whether it names a nationality."""
        word = self.words[index]
        if self.capitalised[index] or len(word) < 4:
            return None
        for ending in _ADJECTIVE_ENDINGS:
            if word.endswith(ending):
                stem = word[: -len(ending)]
                break
        else:
            return None
        folded = _fold(stem)
        if not (
            stem.lower().endswith(_ADJECTIVE_SUFFIXES) or folded in _ADJECTIVE_STEMS
        ):
            return None
        nationality = folded in _NATIONALITY_STEMS
        return stem + _ADJECTIVE_ENDINGS[ending], nationality

    def _with_adjectives_before(self, head: int, noun: str) -> str:
        adjectives: list[str] = []
        position = head - 1
        while (
            position >= 0 and self.gaps[position + 1] == _SPACE and len(adjectives) < 3
        ):
            adjective = self._adjective_at(position)
            if adjective is None or adjective[1]:
                break
            adjectives.insert(0, adjective[0])
            position -= 1
        return " ".join([*adjectives, noun])

    def _phrase(self, first: int, last: int) -> str:
        return " ".join(self.clean[self.starts[first] : self.ends[last]].split())

    def _role_before(self, first: int) -> str:
        """The role given right before a name: "US-Außenminister Rubio"."""
        if first == 0:
            return ""
        previous = first - 1
        if self.gaps[first] == _SPACE:
            noun = self._role_noun_at(previous)
            if noun:
                return self._with_adjectives_before(previous, noun)
        if self.gaps[first] in (_SPACE, _COMMA):
            head = self._genitive_complement_head(previous)
            if head is not None:
                noun = self._role_noun_at(head)
                complement = self._phrase(head + 1, previous)
                return f"{self._with_adjectives_before(head, noun)} {complement}"
        return ""

    def _genitive_complement_head(self, last: int) -> int | None:
        """The role noun governing a genitive ending at `last`, if there is one.

        "Chef des staatlichen Investitionsfonds" or "Außenminister Russlands".
        """
        if self.covered[last] or not self.capitalised[last] or self._role_noun_at(last):
            return None
        if (
            self.words[last].endswith("s")
            and last >= 1
            and self.gaps[last] == _SPACE
            and self._role_noun_at(last - 1)
        ):
            return last - 1
        position = last - 1
        while (
            position >= 0
            and self.gaps[position + 1] == _SPACE
            and self._adjective_at(position)
        ):
            position -= 1
        if (
            position >= 1
            and self.words[position] in _GENITIVE_ARTICLES
            and self.gaps[position + 1] == _SPACE
            and self.gaps[position] == _SPACE
            and self._role_noun_at(position - 1)
        ):
            return position - 1
        return None

    def _role_after(self, last: int) -> str:
        """The role in an apposition after a name: "Peskow, Sprecher des Kremls,"."""
        count = len(self.words)
        position = last + 1
        if position >= count or self.gaps[position] != _COMMA:
            return ""
        if self.words[position] in _ARTICLES:
            position += 1
            if position >= count or self.gaps[position] != _SPACE:
                return ""
        adjectives: list[str] = []
        while position < count and (adjective := self._adjective_at(position)):
            adjectives = [] if adjective[1] else [*adjectives, adjective[0]]
            position += 1
            if position >= count or self.gaps[position] != _SPACE:
                return ""
        noun = self._role_noun_at(position)
        if not noun:
            return ""
        role = " ".join([*adjectives, noun])
        complement_end = self._genitive_complement_end(position)
        if complement_end is not None:
            role = f"{role} {self._phrase(position + 1, complement_end)}"
            position = complement_end
        following = self.clean[self.ends[position] :]
        return role if _CLAUSE_END_RE.match(following) else ""

    def _genitive_complement_end(self, head: int) -> int | None:
        count = len(self.words)
        position = head + 1
        if position >= count or self.gaps[position] != _SPACE:
            return None
        if self.words[position] not in _GENITIVE_ARTICLES:
            word = self.words[position]
            if (
                self.capitalised[position]
                and word.endswith("s")
                and not self.covered[position]
            ):
                return position
            return None
        position += 1
        while (
            position < count
            and self.gaps[position] == _SPACE
            and self._adjective_at(position)
        ):
            position += 1
        if (
            position < count
            and self.gaps[position] == _SPACE
            and self.capitalised[position]
            and not self.covered[position]
        ):
            return position
        return None

    # -- Suggestions --------------------------------------------------------------

    def _suggestions(self) -> list[Suggestion]:
        roles: dict[str, str] = {}
        names: dict[str, str] = {}
        unclaimed = [
            index
            for index, capitalised in enumerate(self.capitalised)
            if capitalised and not self.covered[index]
        ]
        next_free = 0
        for index in unclaimed:
            found = self._unknown_name_at(index) if index >= next_free else None
            if found is None:
                continue
            name, role, last = found
            folded = _fold(name)
            names.setdefault(folded, name)
            if not roles.get(folded):
                roles[folded] = role
            next_free = last + 1
        return [Suggestion(names[folded], roles[folded]) for folded in names]

    def _unknown_name_at(self, first: int) -> tuple[str, str, int] | None:
        """An unknown name at capitalised, unclaimed word `first`: name, role, last."""
        starts_with_given_name = self._is_given_name(first)
        role = self._role_before(first)
        if not (starts_with_given_name or role) or not self._name_like(first):
            return None

        parts = [first]
        position = first + 1
        while position < len(self.words) and len(parts) < 4:
            if self.gaps[position] != _SPACE or self.covered[position]:
                break
            if self.capitalised[position] and self._name_like(position):
                parts.append(position)
                if self._is_saxon_genitive(position):
                    break
            elif self.keys[position] in _NAME_PARTICLES:
                parts.append(position)
            else:
                break
            position += 1
        while parts and not self.capitalised[parts[-1]]:
            parts.pop()
        if len(parts) < 2:
            return None
        if not starts_with_given_name and (
            len(parts) != 2
            or any(self.keys[part].endswith(_COMMON_NOUN_ENDINGS) for part in parts)
        ):
            return None

        last = parts[-1]
        name = self._phrase(first, last)
        if self._is_saxon_genitive(last):
            name = name[:-1]
        return name, role or self._role_after(last), last

    def _name_like(self, index: int) -> bool:
        word = self.words[index]
        key = self.keys[index]
        return not (
            (len(word) > 1 and word.isupper())
            or key in _NOT_NAME_WORDS
            or key.endswith(_PLACE_OR_ORGANISATION_ENDINGS)
            or _role_noun(word)
        )

    def _is_saxon_genitive(self, last: int) -> bool:
        """Whether the name ends in a genitive -s: "Emmanuel Macrons Reform"."""
        word = self.words[last]
        following = last + 1
        if (
            not word.endswith("s")
            or word.endswith("ss")
            or self.keys[last] in self.index._given_names
            or following >= len(self.words)
        ):
            return False
        if self.gaps[following] != _SPACE:
            return False
        return self.capitalised[following] or self._adjective_at(following) is not None
