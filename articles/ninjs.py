"""IPTC ninjs 2.2 ("News in JSON"): our pieces out, agencies' items in.

Export (`to_ninjs`) shows what readers see and nothing else. A live piece maps so:

| ninjs | Article |
| --- | --- |
| `uri` | the sender's uri of an imported piece, else `tag:HOST,DATE:artikel:ID` |
| `version`, `versioncreated` | the last update readers were shown (epoch seconds) |
| `firstcreated` / `contentcreated` | first published / created in the newsroom |
| `pubstatus` | `usable` |
| `language`, `slugline` | language, slug |
| `headlines` | `main`: headline; `seo`: SEO title |
| `descriptions` | `summary`: teaser; `seo`: SEO description |
| `bodies` | `main` as `text/plain` and `richtext` as `text/html`, sign-off last |
| `by` | the byline as the page shows it: "Lena Hoffmann (mit Agenturen)" |
| `people` | bylines (`rel` "author"), people mentioned (`rel` "mentions") |
| `subjects` | tags, with the tag page as `uri` |

Each person's `uri` is Wikidata (`https://www.wikidata.org/entity/Q…`) where known,
else their page on our site; `literal` is their slug here.

A piece readers cannot see is exported without content, as `withheld` (never live
yet: draft, in review, scheduled) or `canceled` (taken down after it was live).
ninjs has no slot for the role a piece gives a person mentioned ("US-Außenminister");
the importer finds it again in the text.

Import (`read_items`, `from_ninjs`, `store_items`) validates every item first and then
writes all of them in one transaction through `store_items`, the one write path of
the ninjs import. An item whose uri was imported before, or that we exported, updates
its piece. HTML bodies are sanitised with our allow-list (`newsroom.richtext`) and
turned into Markdown by markdownify; plain-text bodies become one paragraph per line.
Without a teaser the first paragraph serves. Authors come from `by` ("A (Rolle) und
B"), matched by Wikidata id (from `people` with `rel` "author") or name; unknown
authors are created, since a byline needs a Person. Other people listed are linked
when known and otherwise only suggested, like the names the mention detector finds.
"""

import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from jsonschema.validators import validator_for
from markdownify import MarkdownConverter
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from newsroom.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from newsroom.slugs import unique_slug
from people.models import Person

from .models import Article, Mention, StaleVersionError
from .plaintext import PlainTextPiece

TEASER_MAX_LENGTH = 600
URI_MAX_LENGTH = Article._meta.get_field("ninjs_uri").max_length
WIKIDATA_URI = re.compile(
    r"(?:https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/|wikidata:)(Q[1-9][0-9]*)"
)
# The uri `uri_of` gives a piece of ours: tag:HOST,CREATED:artikel:ID.
OWN_URI = re.compile(r"tag:[^,]+,\d{4}-\d{2}-\d{2}:artikel:([0-9]{1,18})")
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre|tr|figcaption)>|<br>")
SIGN_OFF = re.compile(r'<p class="sign-off">(.*?)</p>\s*\Z', re.DOTALL)
# Commas, "und", "and" and "&" separate the names in a byline, except inside a
# role in parentheses: "Lena Hoffmann (mit Agenturen, dpa) und Max Muster".
BYLINE_SEPARATOR = re.compile(r"\s*(?:,|\bund\b|\band\b|&)\s*(?![^()]*\))")
BYLINE_PREFIX = re.compile(r"^(?:von|by)\s+", re.IGNORECASE)
BYLINE_ROLE = re.compile(r"(.+?)\s*\((.*)\)")


class NinjsError(ValueError):
    """A file or item we cannot import; the message says which and why."""


# --- The schema ----------------------------------------------------------------


@cache
def schema_validator():
    """A validator for the ninjs schema, of the JSON Schema draft it declares."""
    path = settings.NINJS_SCHEMA
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise NinjsError(
            f"ninjs-Schema nicht gefunden: {path} (Einstellung NINJS_SCHEMA)"
        ) from None
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    # places[].geojson refers to geojson.org's schema. Nothing is fetched: we do not
    # import places, so any GeoJSON there is accepted unchecked.
    registry = Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json", DRAFT202012.create_resource({})
    )
    return validator_class(schema, registry=registry)


def schema_problems(item):
    """What makes `item` invalid ninjs, one line each; empty when it is valid."""
    errors = sorted(
        schema_validator().iter_errors(item), key=lambda error: error.json_path
    )
    return [f"{error.json_path}: {error.message[:200]}" for error in errors]


# --- Export --------------------------------------------------------------------


def stamp(moment):
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def absolute_url(path):
    return settings.SITE_URL + path


def uri_of(article):
    if article.ninjs_uri:
        return article.ninjs_uri
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{article.created_at:%Y-%m-%d}:artikel:{article.pk}"


def html_to_text(fragment):
    """Plain text of sanitised HTML: one paragraph per block, blank lines between."""
    text = html.unescape(nh3.clean(BLOCK_END.sub("\\g<0>\n", fragment), tags=set()))
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def byline_text(bylines):
    names = [
        f"{byline.person.name} ({byline.role})" if byline.role else byline.person.name
        for byline in bylines
    ]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} und {names[-1]}"


def person_entry(person, rel):
    if person.wikidata_id:
        uri = f"https://www.wikidata.org/entity/{person.wikidata_id}"
    else:
        uri = absolute_url(person.get_absolute_url())
    return {"name": person.name, "rel": rel, "uri": uri, "literal": person.slug}


def to_ninjs(article):
    """The ninjs item of `article` as readers see it.

    Reads bylines, mentions and tags as `Article.objects.for_page()` prefetches them.
    """
    if not article.is_live:
        first = article.first_published_at
        was_live = first is not None and first <= timezone.now()
        return {
            "uri": uri_of(article),
            "type": "text",
            "versioncreated": stamp(article.modified_at),
            "pubstatus": "canceled" if was_live else "withheld",
        }
    version_time = (
        article.updated_at if article.was_updated else article.first_published_at
    )
    bylines = list(article.bylines.all())
    body_html = article.body_html
    text = html_to_text(body_html)
    if article.sign_off:
        body_html += f'\n<p class="sign-off">{html.escape(article.sign_off)}</p>'
        text += f"\n\n{article.sign_off}"
    item = {
        "uri": uri_of(article),
        "type": "text",
        "version": str(int(version_time.timestamp())),
        "firstcreated": stamp(article.first_published_at),
        "versioncreated": stamp(version_time),
        "contentcreated": stamp(article.created_at),
        "pubstatus": "usable",
        "language": article.language,
        "slugline": article.slug,
        "headlines": [{"role": "main", "value": article.headline}],
        "descriptions": [
            {"role": "summary", "contenttype": "text/plain", "value": article.teaser}
        ],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/plain",
                "charcount": len(text),
                "wordcount": len(text.split()),
                "value": text,
            },
            {"role": "richtext", "contenttype": "text/html", "value": body_html},
        ],
        "by": byline_text(bylines),
        "people": [person_entry(byline.person, "author") for byline in bylines]
        + [
            person_entry(mention.person, "mentions")
            for mention in article.mentions.all()
        ],
        "subjects": [
            {"name": tag.name, "uri": absolute_url(tag.get_absolute_url())}
            for tag in article.tags.all()
        ],
    }
    if article.seo_title:
        item["headlines"].append({"role": "seo", "value": article.seo_title})
    if article.seo_description:
        item["descriptions"].append(
            {
                "role": "seo",
                "contenttype": "text/plain",
                "value": article.seo_description,
            }
        )
    return {key: value for key, value in item.items() if value not in ("", [])}


# --- Import: reading -------------------------------------------------------------


@dataclass
class NinjsItem:
    """What we take from one ninjs item, checked and ready to store."""

    uri: str
    piece: PlainTextPiece | None  # None: a notice to take the piece down
    language: str
    usable: bool = True
    slugline: str = ""
    seo_title: str = ""
    seo_description: str = ""
    first_created: datetime | None = None
    version_created: datetime | None = None
    # (name, role, Wikidata id) of each author, in byline order.
    bylines: list[tuple[str, str, str]] = field(default_factory=list)
    # (name, Wikidata id) of each other person the item lists.
    people: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def read_items(data, source):
    """The items of a ninjs file (one object or a list), each valid against the schema.

    Returns (label, item) pairs; labels name the file, the item's place and its uri.
    Raises NinjsError for invalid JSON or any schema error.
    """
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise NinjsError(
            f"{source}: kein gültiges UTF-8 (Byte {error.start})"
        ) from None
    except json.JSONDecodeError as error:
        raise NinjsError(
            f"{source}: kein gültiges JSON ({error.msg}, "
            f"Zeile {error.lineno}, Spalte {error.colno})"
        ) from None
    except RecursionError:
        raise NinjsError(f"{source}: JSON zu tief verschachtelt") from None
    items = parsed if isinstance(parsed, list) else [parsed]
    if not items:
        raise NinjsError(f"{source}: die Liste enthält keine Einträge")
    labelled = []
    for number, item in enumerate(items, start=1):
        uri = item.get("uri") if isinstance(item, dict) else None
        label = f"{source}, Eintrag {number}" + (
            f" (uri {uri})" if isinstance(uri, str) else ""
        )
        problems = schema_problems(item)
        if problems:
            raise NinjsError(
                f"{label}: kein gültiges ninjs 2.2: {'; '.join(problems[:3])}"
            )
        labelled.append((label, item))
    return labelled


def by_role(entries, role):
    """The value of the entry with `role`, else of the first one not meant for SEO."""
    for entry in entries:
        if entry.get("role") == role:
            return entry["value"].strip()
    for entry in entries:
        if entry.get("role") != "seo":
            return entry["value"].strip()
    return ""


def parse_time(item, name):
    value = item.get(name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise NinjsError(f"{name}: „{value}“ ist keine Zeit nach RFC 3339") from None
    return moment.replace(tzinfo=UTC) if timezone.is_naive(moment) else moment


def wikidata_id(uri):
    match = WIKIDATA_URI.fullmatch(uri or "")
    return match.group(1) if match else ""


class _MarkdownConverter(MarkdownConverter):
    def escape(self, text, parent_tags):
        # Text that looked like a tag ("a &lt;b&gt; c") must stay text: our
        # Markdown allows inline HTML.
        return super().escape(text, parent_tags).replace("<", "&lt;")


def clean_html(fragment):
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes={"p": {"sign-off"}},
        url_schemes={"http", "https", "mailto"},
    )


def text_to_html(text):
    return "".join(
        f"<p>{html.escape(line.strip())}</p>"
        for line in text.splitlines()
        if line.strip()
    )


def body_of(bodies):
    """(Markdown body, sign-off, plain text) of the item's richest body.

    An HTML body (any content type naming html) is preferred; a plain-text body
    becomes one paragraph per line.
    """
    rich = [body for body in bodies if "html" in body.get("contenttype", "").lower()]
    if rich:
        cleaned = clean_html(rich[0]["value"])
    else:
        cleaned = text_to_html(by_role(bodies, "main"))
    sign_off = ""
    match = SIGN_OFF.search(cleaned)
    if match:
        sign_off = html_to_text(match.group(1))
        cleaned = cleaned[: match.start()]
    markdown = _MarkdownConverter(heading_style="ATX", bullets="-").convert(cleaned)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return markdown, sign_off, html_to_text(cleaned)


def shorten(text, limit):
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def parse_byline(by):
    """(name, role) pairs of a byline: "Von A (mit Agenturen) und B"."""
    bylines = []
    for part in BYLINE_SEPARATOR.split(BYLINE_PREFIX.sub("", by.strip())):
        match = BYLINE_ROLE.fullmatch(part)
        name, role = (match.group(1), match.group(2)) if match else (part, "")
        if name.strip():
            bylines.append((name.strip(), role.strip()))
    return bylines


def check_length(what, value, limit):
    if len(value) > limit:
        raise NinjsError(f"{what} „{value[:40]}…“ ist länger als {limit} Zeichen")


def from_ninjs(item):
    """Read one schema-valid ninjs item. Raises NinjsError for what we cannot store."""
    uri = item["uri"]
    check_length("uri", uri, URI_MAX_LENGTH)
    usable = item.get("pubstatus", "usable") == "usable"
    if not (usable or item.get("headlines") or item.get("bodies")):
        # A notice without content, as export_ninjs writes for a piece readers can
        # no longer see: the piece is to be taken down.
        return NinjsItem(uri=uri, piece=None, language="", usable=False)
    headlines = item.get("headlines", [])
    headline = by_role(headlines, "main") or item.get("title", "").strip()
    if not headline:
        raise NinjsError("keine Überschrift (headlines)")
    if not item.get("bodies"):
        raise NinjsError("kein Text (bodies)")
    body, sign_off, text = body_of(item["bodies"])
    if not body:
        raise NinjsError("der Text (bodies) ist leer")
    descriptions = item.get("descriptions", [])
    teaser = by_role(descriptions, "summary") or shorten(
        text.split("\n\n")[0], TEASER_MAX_LENGTH
    )

    language = item.get("language", settings.LANGUAGE_CODE).split("-")[0].lower()
    if language not in dict(settings.LANGUAGES):
        codes = ", ".join(dict(settings.LANGUAGES))
        raise NinjsError(f"Sprache „{language}“ wird nicht unterstützt ({codes})")

    authors, people = {}, []
    for person in item.get("people", []):
        name = person.get("name", "").strip()
        if not name:
            continue
        check_length("Name", name, Person._meta.get_field("name").max_length)
        if person.get("rel") == "author":
            authors[name] = wikidata_id(person.get("uri"))
        else:
            people.append((name, wikidata_id(person.get("uri"))))
    named = parse_byline(item["by"]) if item.get("by") else [(n, "") for n in authors]
    bylines = {}
    for name, role in named:
        check_length("Name", name, Person._meta.get_field("name").max_length)
        check_length("Zusatz", role, 100)
        bylines.setdefault(name, (name, role, authors.get(name, "")))

    tags = {}
    for subject in item.get("subjects", []):
        name = (subject.get("name") or subject.get("literal") or "").strip()
        if name:
            check_length("Schlagwort", name, 100)
            tags.setdefault(name.casefold(), name)

    return NinjsItem(
        uri=uri,
        piece=PlainTextPiece(
            headline=headline, teaser=teaser, body=body, sign_off=sign_off
        ),
        language=language,
        usable=usable,
        slugline=item.get("slugline", ""),
        seo_title=by_role([h for h in headlines if h.get("role") == "seo"], "seo"),
        seo_description=by_role(
            [d for d in descriptions if d.get("role") == "seo"], "seo"
        ),
        first_created=parse_time(item, "firstcreated"),
        version_created=parse_time(item, "versioncreated"),
        bylines=list(bylines.values()),
        people=people,
        tags=list(tags.values()),
    )


# --- Import: writing -------------------------------------------------------------


@dataclass
class StoredItem:
    article: Article | None
    created: bool = False
    new_authors: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


def known_person(name, wikidata):
    """The Person with this Wikidata id, else the one with this name, else None."""
    condition = models.Q(name__iexact=name)
    if wikidata:
        condition |= models.Q(wikidata_id=wikidata)
    matches = list(Person.objects.filter(condition)[:10])
    by_wikidata = [
        person for person in matches if wikidata and person.wikidata_id == wikidata
    ]
    return (by_wikidata or matches or [None])[0]


def store_items(labelled_items, *, section, publish=False):
    """Write checked items, all or nothing: the one write path of the ninjs import.

    An item whose uri we have seen before updates that piece (its section and slug
    stay); any other becomes a new piece in `section`. Pieces are drafts unless
    `publish` is set and the item is `usable`; a withheld or canceled notice without
    content takes its piece down. Authors matched by Wikidata id or
    name are linked, unknown authors created. Raises NinjsError (nothing written)
    when a piece does not fit our fields.
    """
    index = Person.objects.mention_index()
    stored = []
    with transaction.atomic():
        for label, item in labelled_items:
            try:
                stored.append(_store(item, section, publish, index))
            except ValidationError as error:
                raise NinjsError(f"{label}: {describe(error)}") from None
            except StaleVersionError:
                raise NinjsError(
                    f"{label}: Der Artikel wurde während des Imports geändert; "
                    "bitte noch einmal importieren."
                ) from None
    return stored


def describe(error):
    """A model ValidationError in one line, each message with its field's label."""
    if not hasattr(error, "error_dict"):
        return "; ".join(error.messages)
    return "; ".join(
        f"{Article._meta.get_field(name).verbose_name}: {message}"
        if name != NON_FIELD_ERRORS
        else message
        for name, messages in error.message_dict.items()
        for message in messages
    )


def piece_with_uri(uri):
    """The piece imported under `uri`, or our own piece that was exported with it."""
    piece = Article.objects.filter(ninjs_uri=uri).first()
    own = OWN_URI.fullmatch(uri)
    if piece is None and own:
        piece = Article.objects.filter(pk=own.group(1), ninjs_uri=None).first()
        if piece is not None and uri_of(piece) != uri:
            piece = None
    return piece


def _store(item, section, publish, index):
    existing = piece_with_uri(item.uri)
    if item.piece is None:
        if existing is not None and existing.status != Article.Status.DRAFT:
            existing.unpublish(source="import_ninjs")
        return StoredItem(article=existing)
    bylines, new_authors = [], []
    for name, role, wikidata in item.bylines:
        person = known_person(name, wikidata)
        if person is None:
            person = Person.objects.create(name=name)
            new_authors.append(name)
        bylines.append((person, role))
    fields = {
        "ninjs_uri": item.uri,
        "language": item.language,
        "seo_title": item.seo_title,
        "seo_description": item.seo_description,
        "status": Article.Status.DRAFT,
    }
    if existing is None and item.slugline:
        fields["slug"] = unique_slug(Article.objects.all(), item.slugline, 200)
    if publish and item.usable:
        published = (
            item.first_created
            or item.version_created
            or (existing and existing.publish_at)
            or timezone.now()
        )
        fields["status"] = Article.Status.PUBLISHED
        fields["publish_at"] = published
        if item.version_created and item.version_created > published:
            fields["updated_at"] = item.version_created
    article, detection = Article.objects.create_from_piece(
        item.piece,
        article=existing,
        section=existing.section if existing else section,
        mention_index=index,
        bylines=bylines,
        tags=item.tags,
        source="import_ninjs",
        **fields,
    )

    # People the item lists but the text does not name in a way we recognise.
    skip = set(article.mentions.values_list("person_id", flat=True))
    skip.update(article.dismissed_mentions.values_list("person_id", flat=True))
    unknown = []
    for name, wikidata in item.people:
        person = known_person(name, wikidata)
        if person is None:
            unknown.append(name)
        elif person.pk not in skip:
            Mention.objects.create(article=article, person=person, confirmed=False)
            skip.add(person.pk)
    return StoredItem(
        article=article,
        created=existing is None,
        new_authors=new_authors,
        people=list(
            article.mentions.order_by("pk").values_list("person__name", flat=True)
        ),
        suggestions=list(
            dict.fromkeys([s.name for s in detection.suggestions] + unknown)
        ),
    )
