"""Fill the database with a synthetic archive for benchmarks (`make bench`)."""

import random
import time
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from articles import synthetic
from articles.models import Article, Byline, Mention, Section, Tag, TaggedArticle
from newsroom.progress import progress
from newsroom.richtext import render_markdown
from newsroom.slugs import german_slugify
from people.models import Person

MAX_PIECES = 1_000_000
BATCH_SIZE = 1000
BYLINES = (1, 3)
MENTIONS = (3, 15)
TAGS = (3, 8)
YEARS = 10
# Shares of all pieces; the rest is published.
DRAFT_SHARE = 0.04
REVIEW_SHARE = 0.01
SCHEDULED_SHARE = 0.01
DEFAULT_SECTIONS = [
    ("Politik", "politik"),
    ("Wirtschaft", "wirtschaft"),
    ("Kultur", "kultur"),
    ("Wissen", "wissen"),
    ("Sport", "sport"),
    ("Berlin", "berlin"),
    ("Meinung", "meinung"),
    ("Panorama", "panorama"),
]


class Command(BaseCommand):
    help = (
        "Erzeugt ein synthetisches Archiv für Lasttests: deutsche Texte mit 300–900 "
        "Wörtern, 1–3 Autor/innen, 3–15 erwähnte Personen und 3–8 Schlagwörter je "
        "Artikel, verteilt über zehn Jahre bis heute, mit Entwürfen und geplanten "
        "Artikeln. Derselbe --seed ergibt am selben Tag dasselbe Archiv. Vorhandene "
        "Ressorts werden genutzt (sonst angelegt), Personen und Schlagwörter gleichen "
        "Namens wiederverwendet. Ein nicht leeres Archiv braucht --append (ergänzen) "
        "oder --replace (alle Artikel vorher löschen). Alles oder nichts in einer "
        "Transaktion. Schreibt direkt in die Tabellen (bulk_create): ohne Versionen, "
        "Protokoll oder Personensuche, denn es sind Testdaten, keine Redaktionsarbeit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pieces", type=int, required=True, help="Artikel")
        parser.add_argument("--seed", type=int, default=1, help="Zufallsstartwert")
        parser.add_argument(
            "--people", type=int, default=5000, help="Personen (Standard 5000)"
        )
        parser.add_argument(
            "--tags", type=int, default=2000, help="Schlagwörter (Standard 2000)"
        )
        existing = parser.add_mutually_exclusive_group()
        existing.add_argument(
            "--append", action="store_true", help="zu vorhandenen Artikeln hinzufügen"
        )
        existing.add_argument(
            "--replace", action="store_true", help="vorhandene Artikel erst löschen"
        )

    def handle(self, *args, pieces, seed, people, tags, append, replace, **options):
        check_range("--pieces", pieces, 1, MAX_PIECES)
        check_range("--people", people, MENTIONS[1], synthetic.people_capacity())
        check_range("--tags", tags, TAGS[1], synthetic.topics_capacity())
        if Article.objects.exists() and not (append or replace):
            raise CommandError(
                "Es gibt schon Artikel. --append ergänzt sie, --replace löscht sie "
                "vorher; ohne eins von beiden ändert sich nichts."
            )
        started = time.monotonic()
        show_progress = options["verbosity"] >= 1
        with transaction.atomic():
            if replace:
                Article.objects.all().delete()
            generate(pieces, seed, people, tags, self.stderr if show_progress else None)
        self.stdout.write(
            f"{pieces} Artikel mit {people} Personen und {tags} Schlagwörtern "
            f"erzeugt in {time.monotonic() - started:.0f} s."
        )


def check_range(option, value, low, high):
    if not low <= value <= high:
        raise CommandError(
            f"{option} muss zwischen {low} und {high} liegen, nicht {value}."
        )


def generate(count, seed, people_count, tag_count, progress_stream=None):
    rng = random.Random(seed)
    people = synthetic.make_people(rng, people_count)
    topics = synthetic.make_topics(rng, tag_count)
    person_ids = store_people(people)
    tag_ids = store_tags(topics)
    sections = store_sections()
    writer = synthetic.PieceWriter(rng, people, topics)
    authors = range(max(3, people_count // 50))
    states = sorted(
        (piece_state(rng, start_of_today()) for _ in range(count)),
        key=lambda state: (state[1] is None, state[1]),
    )
    number = Article.objects.count()
    batches = range(0, count, BATCH_SIZE)
    if progress_stream is not None:
        batches = progress(batches, len(batches), progress_stream)
    for start in batches:
        rows = []
        for status, publish_at in states[start : start + BATCH_SIZE]:
            number += 1
            mentioned = rng.sample(range(people_count), rng.randint(*MENTIONS))
            piece = writer.piece(mentioned)
            article = Article(
                headline=piece.headline,
                slug=f"{german_slugify(piece.headline, max_length=180)}-{number}",
                teaser=piece.teaser,
                body=piece.body,
                body_html=render_markdown(piece.body),
                section_id=rng.choice(sections),
                status=status,
                publish_at=publish_at,
                first_published_at=(
                    publish_at if status == Article.Status.PUBLISHED else None
                ),
            )
            bylines = rng.sample(authors, rng.randint(*BYLINES))
            tagged = rng.sample(range(tag_count), rng.randint(*TAGS))
            rows.append((article, piece, bylines, tagged))
        store_pieces(rows, person_ids, tag_ids, people)
        # With DEBUG on, Django keeps every query; these carry megabytes of text.
        reset_queries()


def start_of_today():
    now = timezone.localtime()
    return datetime(now.year, now.month, now.day, tzinfo=now.tzinfo)


def piece_state(rng, today):
    """(status, publish_at): published over the last ten years, a few not yet."""
    draw = rng.random()
    if draw < DRAFT_SHARE:
        return Article.Status.DRAFT, None
    if draw < DRAFT_SHARE + REVIEW_SHARE:
        return Article.Status.REVIEW, None
    if draw < DRAFT_SHARE + REVIEW_SHARE + SCHEDULED_SHARE:
        return Article.Status.PUBLISHED, today + timedelta(
            days=1, seconds=rng.randrange(30 * 24 * 3600)
        )
    return Article.Status.PUBLISHED, today - timedelta(
        seconds=rng.randrange(1, YEARS * 365 * 24 * 3600)
    )


def store_people(people):
    """The database ids of `people`, creating those not there yet (matched by slug)."""
    slugs = [german_slugify(person.name, max_length=200) for person in people]
    existing = dict(Person.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    Person.objects.bulk_create(
        (
            Person(slug=slug, **vars(person))
            for slug, person in zip(slugs, people, strict=True)
            if slug not in existing
        ),
        batch_size=BATCH_SIZE,
    )
    ids = dict(Person.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    return [ids[slug] for slug in slugs]


def store_tags(names):
    """The database ids of the tags `names`, creating missing ones."""

    def existing():
        rows = Tag.objects.annotate(lower=Lower("name")).filter(
            lower__in=[name.lower() for name in names]
        )
        return dict(rows.values_list("lower", "pk"))

    found = existing()
    taken = set(Tag.objects.values_list("slug", flat=True))
    new_tags = []
    for name in names:
        if name.lower() not in found:
            slug = german_slugify(name, max_length=90)
            while slug in taken:
                slug += "-thema"
            taken.add(slug)
            new_tags.append(Tag(name=name, slug=slug))
    Tag.objects.bulk_create(new_tags, batch_size=BATCH_SIZE)
    ids = existing()
    return [ids[name.lower()] for name in names]


def store_sections():
    if not Section.objects.exists():
        Section.objects.bulk_create(
            Section(name=name, slug=slug, position=position)
            for position, (name, slug) in enumerate(DEFAULT_SECTIONS)
        )
    return list(Section.objects.order_by("pk").values_list("pk", flat=True))


def store_pieces(rows, person_ids, tag_ids, people):
    articles = [article for article, *_ in rows]
    taken = set(
        Article.objects.filter(
            slug__in=[article.slug for article in articles]
        ).values_list("slug", flat=True)
    )
    for article in articles:
        if article.slug in taken:
            article.slug += "-neu"
    Article.objects.bulk_create(articles)
    bylines, mentions, tagged_items = [], [], []
    for article, piece, authors, tags in rows:
        bylines.extend(
            Byline(article=article, person_id=person_ids[author], position=position)
            for position, author in enumerate(authors)
        )
        # Detection offsets count from the start of headline, teaser and body.
        body_start = len(piece.headline) + len(piece.teaser) + 4
        mentions.extend(
            Mention(
                article=article,
                person_id=person_ids[index],
                role=people[index].description,
                matched_text=people[index].name,
                position=body_start + offset,
            )
            for index, offset in piece.mentions
        )
        tagged_items.extend(
            TaggedArticle(content_object=article, tag_id=tag_ids[tag]) for tag in tags
        )
    Byline.objects.bulk_create(bylines)
    Mention.objects.bulk_create(mentions)
    TaggedArticle.objects.bulk_create(tagged_items)
