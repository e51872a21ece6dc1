"""Link the first mention of each person in a piece's body to their person page.

This runs when the page is shown, not when the piece is saved: the people of a piece
are saved after the piece itself (admin inlines, importers), and a person's slug may
change later, so a link baked in at save time would go stale. The page already holds
the people (`for_page()` prefetches them), so linking costs no query; the result is
cached under a hash of everything it depends on, so each version is linked once.

Names are found by the newsroom's one mention detector (`people.mentions`), which
knows surnames, aliases and German inflections ("Putins"). Only text outside links
and headings is linked; a name is never split across two elements.
"""

import hashlib
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.core.cache import cache
from django.utils.safestring import mark_safe

from newsroom.page_cache import CACHE_DOWN
from people.mentions import KnownPerson, MentionIndex

UNLINKABLE_TAGS = {"a", "h2", "h3", "h4"}
CACHE_SECONDS = 60 * 60 * 24


@dataclass
class TextNode:
    text: str
    linkable: bool


class _BodyParser(HTMLParser):
    """Split sanitised HTML into markup (kept verbatim) and text nodes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.open_unlinkable = 0

    def handle_starttag(self, tag, attrs):
        self.parts.append(self.get_starttag_text())
        if tag in UNLINKABLE_TAGS:
            self.open_unlinkable += 1

    def handle_startendtag(self, tag, attrs):
        self.parts.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.parts.append(f"</{tag}>")
        if tag in UNLINKABLE_TAGS and self.open_unlinkable:
            self.open_unlinkable -= 1

    def handle_data(self, data):
        self.parts.append(TextNode(data, linkable=not self.open_unlinkable))


def link_first_mentions(html, people):
    """Return `html` with the first mention of each of `people` linked, as safe HTML."""
    if not people or not html:
        return mark_safe(html)
    fingerprint = repr(
        (html, [(p.pk, p.name, p.alias_list, p.get_absolute_url()) for p in people])
    )
    key = "mention-links:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    try:
        linked = cache.get_or_set(
            key, lambda: _link(html, people), timeout=CACHE_SECONDS
        )
    except CACHE_DOWN:
        linked = _link(html, people)
    return mark_safe(linked)


def _link(html, people):
    parser = _BodyParser()
    parser.feed(html)
    parser.close()
    nodes = [part for part in parser.parts if isinstance(part, TextNode)]

    # One text for the detector, so surnames resolve against full names elsewhere
    # in the piece; a line break between nodes keeps a name inside one node.
    starts, offset = [], 0
    for node in nodes:
        starts.append(offset)
        offset += len(node.text) + 1
    text = "\n".join(node.text for node in nodes)

    index = MentionIndex(
        [KnownPerson(p.pk, p.name, tuple(p.alias_list)) for p in people]
    )
    urls = {p.pk: p.get_absolute_url() for p in people}
    links = {}  # node index -> [(start, end, url)]
    linked = set()
    for mention in index.detect(text).mentions:
        if mention.key in linked:
            continue
        number = _node_at(starts, mention.start)
        if not nodes[number].linkable:
            continue
        start = mention.start - starts[number]
        links.setdefault(number, []).append(
            (start, start + len(mention.matched), urls[mention.key])
        )
        linked.add(mention.key)

    output, number = [], 0
    for part in parser.parts:
        if isinstance(part, TextNode):
            output.append(_render_text(part.text, links.get(number, [])))
            number += 1
        else:
            output.append(part)
    return "".join(output)


def _node_at(starts, position):
    number = 0
    while number + 1 < len(starts) and starts[number + 1] <= position:
        number += 1
    return number


def _render_text(text, links):
    output, cursor = [], 0
    for start, end, url in sorted(links):
        output.append(escape(text[cursor:start], quote=False))
        output.append(
            f'<a href="{escape(url)}">{escape(text[start:end], quote=False)}</a>'
        )
        cursor = end
    output.append(escape(text[cursor:], quote=False))
    return "".join(output)
