"""A synthetic German news archive for benchmarks: people, topics and pieces.

Everything is drawn from one `random.Random`, so a seed always gives the same
archive. The text is built from our own word lists and sentence templates: it reads
like German news copy at a glance (umlauts, compound nouns, quotes, people with
roles), which is what full-text search, slugs and page sizes need to be realistic.
"""

from dataclasses import dataclass, field


def words(text):
    return text.split()


def phrases(text):
    """Phrases separated by "|", possibly across lines."""
    return [" ".join(phrase.split()) for phrase in text.split("|")]


FIRST_NAMES = words(
    """
Anna Lena Marie Sophie Laura Julia Sarah Katharina Johanna Hannah Clara Charlotte
Emilia Greta Ida Jana Jasmin Jule Karin Lea Lisa Luise Martina Mia Nadine Nina Paula
Petra Ruth Sabine Sandra Silke Susanne Theresa Ulrike Ursula Vanessa Yvonne Zoë
Jürgen Jörg Björn Sören Günter Jürgen Uwe Andreas Alexander Bernd Christian Daniel
David Dirk Elias Erik Felix Florian Frank Friedrich Georg Hans Heinz Helmut Jan
Jonas Julian Karl Klaus Konstantin Lars Leon Lukas Malte Markus Martin Matthias
Maximilian Michael Moritz Niklas Olaf Oliver Paul Peter Philipp Rainer Ralf Robert
Sebastian Stefan Thomas Tim Tobias Torsten Ulf Volker Wolfgang Ayşe Emre Mehmet
Fatma Leyla Murat Olga Dmitri Irina Pawel Agnieszka Tomasz Ana Pedro Lucía Giulia
Marco Chiara Jean Amélie François Hélène Kofi Amara Yuki Chen Priya Arjun Nour Omar
Ingrid Mareike Wiebke Frauke Hauke Enno Gesa Ole Till Henrike Käthe Jörn Gunnar
"""
)

SURNAMES = words(
    """
Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer
Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann
Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler
Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung
Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz
Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher
Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf
Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer
Arnold Wolff Pfeiffer Yılmaz Kaya Demir Şahin Çelik Nowak Kowalski Wiśniewski Popescu
Rossi Russo Ferrari García Fernández López Dubois Lefèvre Okafor Mensah Tanaka Nguyen
Sharma Haddad Petrović Horváth Jansen Larsen Nilsson Andersson Korhonen Ivanova
Brückner Dörfler Fröhlich Gärtner Häusler Lücke Mößner Nöthen Plöger Rückert Sänger
Tröger Wöhler Zöllner Ebersbach Friesenhahn Grünewald Hüttenrauch Kleinschmidt
Lindemann Ostermann Rosenbaum Steinbrück Vollmer Wiedemann Zehetmair Achterberg
"""
)

ROLES = phrases(
    """
Bundeskanzlerin|Bundesministerin für Wirtschaft|Bundesminister der Finanzen
|Regierungssprecher|Ministerpräsidentin|Oberbürgermeister|Landrätin
|Fraktionsvorsitzender|Parteivorsitzende|Bundestagsabgeordneter|Staatssekretärin
|Gewerkschaftschefin|Verbandspräsident|Vorstandsvorsitzende|Ökonom|Historikerin
|Klimaforscher|Virologin|Richter am Bundesverfassungsgericht|Polizeipräsidentin
|Bürgerrechtler|Schriftstellerin|Intendant|Trainer|Kapitänin der Nationalelf
|Außenminister|Botschafterin|UN-Sondergesandter|Nato-Generalsekretär
|Sprecherin des Ministeriums|Betriebsratsvorsitzender|Schulleiterin|Stadträtin
"""
)

ORGANISATIONS = phrases(
    """
Bundesregierung|Bundestag|Bundesrat|Senat|Landesregierung|Stadtverwaltung
|IG Metall|Verdi|Deutscher Gewerkschaftsbund|Bundesverband der Industrie
|Bundesbank|Europäische Zentralbank|Europäische Kommission|Vereinte Nationen|Nato
|Max-Planck-Gesellschaft|Robert-Koch-Institut|Deutsches Institut für Wirtschaft
|Bundesverfassungsgericht|Deutscher Fußball-Bund|Deutsche Bahn|Stiftung Warentest
"""
)

COUNTRIES = phrases(
    """
Deutschland|Österreich|Schweiz|Frankreich|Polen|Italien|Spanien|Türkei|Ukraine
|Vereinigte Staaten|Russland|China|Japan|Indien|Brasilien|Nigeria|Ägypten|Dänemark
"""
)

PLACES = words(
    """
Berlin Hamburg München Köln Frankfurt Stuttgart Düsseldorf Leipzig Dresden Hannover
Nürnberg Bremen Essen Dortmund Münster Würzburg Göttingen Lübeck Rostock Erfurt
Brüssel Paris Warschau Wien Zürich Rom Madrid Kiew Washington Peking Neu-Delhi
Straßburg Genf Den_Haag Riad Ankara Kopenhagen Prag Budapest Lissabon
"""
)
PLACES = [place.replace("_", " ") for place in PLACES]

TOPIC_STEMS = words(
    """
Energie Klima Verkehr Wohnungs Arbeits Gesundheits Bildungs Renten Steuer Haushalts
Außen Sicherheits Migrations Digital Agrar Umwelt Wirtschafts Finanz Industrie
Handels Kultur Medien Sport Wissenschafts Forschungs Justiz Polizei Verteidigungs
Europa Kommunal Landes Familien Jugend Sozial Pflege Kranken Schul Hochschul Bahn
Auto Luftfahrt Schifffahrt Hafen Wasser Wald Boden Lebensmittel Tier Verbraucher
Daten Cyber Grenz Flüchtlings Wahl Parteien Tarif Mieten Bau Stadt Dorf
"""
)

TOPIC_HEADS = words(
    """
politik reform krise gipfel streit markt wende gesetz debatte plan förderung
versorgung sicherheit forschung kosten preise zukunft wandel bündnis abkommen
kontrolle schutz verband bericht prognose konferenz strategie haushalt netz
gipfeltreffen ausschuss frage programm initiative projekt
wettbewerb dialog abgabe offensive gutachten
"""
)

NOUNS = words(
    """
Bundesregierung Regierung Opposition Koalition Kommission Verwaltung Gewerkschaft
Industrie Wirtschaft Forschung Polizei Justiz Bevölkerung Mehrheit Minderheit
Stadt Gemeinde Region Behörde Bundesländer Unternehmen Verbände Experten Kritiker
Befürworter Anwohner Beschäftigten Studierenden Schülerinnen Ärztinnen Landwirte
"""
)

OBJECTS = phrases(
    """
die Reform|den Haushalt|das Gesetz|die Förderung|den Ausbau der Netze|die Preise
|die Verhandlungen|den Kompromiss|neue Regeln|die Grenzwerte|den Zeitplan
|die Finanzierung|die Sanierung der Brücken|höhere Löhne|die Entlastung der Familien
|mehr Wohnungen|schnellere Verfahren|die Einigung|den Schutz der Wälder
|die Digitalisierung der Schulen|die Versorgung auf dem Land|einen Neuanfang
"""
)

VERBS = phrases(
    """
fordert|kritisiert|verteidigt|plant|prüft|begrüßt|lehnt ab|verschiebt|beschließt
|unterstützt|bezweifelt|kündigt an|verlangt|stoppt|beschleunigt
"""
)

ADVERBS = phrases(
    """
am Montag|am Dienstag|am Mittwoch|am Donnerstag|am Freitag|am Wochenende
|in dieser Woche|nach langem Streit|überraschend|erneut|vorerst|bislang
|nach Angaben aus Regierungskreisen|trotz heftiger Kritik|zum ersten Mal
"""
)

ADJECTIVES = words(
    """
wichtig schwierig umstritten überfällig teuer notwendig riskant mutig vorsichtig
größer kleiner schnell langsam deutlich spürbar gewöhnlich ungewöhnlich
"""
)

QUOTES = phrases(
    """
Wir müssen jetzt handeln, nicht erst in fünf Jahren|Das ist ein guter Tag für alle
Beteiligten|Niemand kann sich darüber freuen|Wir haben hart verhandelt und viel
erreicht|Die Menschen erwarten zu Recht Antworten|So kann es nicht weitergehen
|Ich halte das für einen großen Fehler|Es gibt keine einfache Lösung|Wir werden
genau hinschauen|Das Vertrauen ist beschädigt|Die Zahlen sprechen eine deutliche
Sprache|Wir stehen erst am Anfang
"""
)

SENTENCES = [
    "{noun} {verb} {adverb} {object}.",
    "Nach Angaben aus Kreisen von {org} {verb} {noun} {object}.",
    "In {place} stieß der Vorschlag {adverb} auf {adj_e} Widerspruch.",
    "Die Kosten für {object} seien {adj}, hieß es {adverb}.",
    "Schon im vergangenen Jahr hatte man bei {org} vor den Folgen gewarnt.",
    "Beobachter in {place} halten den Schritt für {adj}.",
    "{noun} wollen {object} bis zum Herbst vorlegen.",
    "Ob {object} gelingt, ist nach Einschätzung von Fachleuten offen.",
    "Über {object} wird seit Monaten gestritten, zuletzt {adverb}.",
    "Die Entscheidung fällt voraussichtlich im Frühjahr in {place}.",
    "„{quote}“, heißt es in einem Schreiben aus {place}.",
    "Für viele Menschen in {place} ändert sich dadurch zunächst wenig.",
    "Die Zahl der Betroffenen sei {adverb} {adj} gestiegen, sagte ein Sprecher.",
    "Kritiker werfen Vertretern von {org} vor, {object} zu verschleppen.",
    "Eine Umfrage zeigt, dass eine Mehrheit {object} für {adj} hält.",
]

HEADLINES = [
    "{noun} {verb} {object}",
    "Streit um {object} in {place}",
    "{topic}: {noun} {verb} {object}",
    "Was {object} für {place} bedeutet",
    "{place} ringt um {object}",
    "„{quote}“",
    "Neue Zahlen zur {topic}",
]

SUBHEADINGS = [
    "Wie es weitergeht",
    "Kritik aus {place}",
    "Die Zahlen",
    "Was Fachleute sagen",
    "Reaktionen",
    "Ein Blick zurück",
    "Offene Fragen",
]

PERSON_SENTENCES = [
    "{name}, {role}, sagte dazu: „{quote}.“",
    "Auch {name} ({role}) äußerte sich {adverb}.",
    "„{quote}“, sagte {name} in {place}.",
    "{name} verwies auf die Lage in {place}.",
    "Nach Ansicht von {name} ist {object} {adj}.",
]


@dataclass
class SyntheticPerson:
    name: str
    description: str
    organisation: str
    country: str


@dataclass
class SyntheticPiece:
    headline: str
    teaser: str
    body: str
    word_count: int
    mentions: list = field(default_factory=list)  # (person index, offset in body)


def people_capacity():
    return len(set(FIRST_NAMES)) * len(set(SURNAMES))


def topics_capacity():
    return len(set(TOPIC_STEMS)) * len(set(TOPIC_HEADS)) + len(set(PLACES))


def make_people(rng, count):
    """`count` people with distinct names."""
    first_names, surnames = sorted(set(FIRST_NAMES)), sorted(set(SURNAMES))
    combinations = rng.sample(range(len(first_names) * len(surnames)), count)
    return [
        SyntheticPerson(
            name=f"{first_names[number % len(first_names)]} "
            f"{surnames[number // len(first_names)]}",
            description=rng.choice(ROLES),
            organisation=rng.choice(ORGANISATIONS),
            country=rng.choice(COUNTRIES),
        )
        for number in combinations
    ]


def make_topics(rng, count):
    """`count` distinct topic names: places and compounds ("Energiepolitik")."""
    places = sorted(set(PLACES))
    compounds = [
        stem + head
        for stem in sorted(set(TOPIC_STEMS))
        for head in sorted(set(TOPIC_HEADS))
    ]
    return rng.sample(places + compounds, count)


class PieceWriter:
    """Writes pieces from a fixed pool of paragraphs plus sentences naming people."""

    POOL_SIZE = 3000

    def __init__(self, rng, people, topics):
        self.rng = rng
        self.people = people
        self.topics = topics
        self.paragraphs = [self._paragraph() for _ in range(self.POOL_SIZE)]

    def _fill(self, template, **extra):
        choice = self.rng.choice
        adjective = choice(ADJECTIVES)
        values = {
            "noun": choice(NOUNS),
            "verb": choice(VERBS),
            "adverb": choice(ADVERBS),
            "object": choice(OBJECTS),
            "org": choice(ORGANISATIONS),
            "place": choice(PLACES),
            "adj": adjective,
            "adj_e": adjective + "en",
            "quote": choice(QUOTES),
            "topic": choice(self.topics),
        }
        values.update(extra)
        text = template.format(**values)
        return text[0].upper() + text[1:]

    def _paragraph(self):
        count = self.rng.randint(3, 6)
        text = " ".join(self._fill(self.rng.choice(SENTENCES)) for _ in range(count))
        return text, len(text.split())

    def piece(self, mentioned, min_words=300, max_words=900):
        """A piece naming the people at indexes `mentioned` (each once)."""
        rng = self.rng
        headline = self._fill(rng.choice(HEADLINES))
        teaser = " ".join(self._fill(rng.choice(SENTENCES)) for _ in range(2))
        people_sentences = [
            self._fill(
                rng.choice(PERSON_SENTENCES),
                name=self.people[index].name,
                role=self.people[index].description,
            )
            for index in mentioned
        ]
        target = rng.randint(min_words, max_words)
        blocks, words = [], 0
        people_text = " ".join(people_sentences)
        words += len(people_text.split())
        while words < target:
            text, length = rng.choice(self.paragraphs)
            if words + length > max_words:
                break
            if blocks and rng.random() < 0.15:
                heading = self._fill(rng.choice(SUBHEADINGS))
                if words + length + len(heading.split()) <= max_words:
                    blocks.append(f"## {heading}")
                    words += len(heading.split())
            blocks.append(text)
            words += length
        # The people are named after the opening paragraph, as in a real report.
        blocks.insert(min(1, len(blocks)), people_text)
        body = "\n\n".join(blocks)
        mentions, offset = [], body.index(people_text)
        for index, sentence in zip(mentioned, people_sentences, strict=True):
            name = self.people[index].name
            mentions.append((index, offset + sentence.index(name)))
            offset += len(sentence) + 1
        return SyntheticPiece(headline, teaser, body, words, mentions)
