"""Reads what a rendered page says about itself: meta tags, canonical link, JSON-LD."""

import json
from html.parser import HTMLParser


class Head(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.meta = {}
        self.links = {}
        self.json_ld_texts = []
        self._in_json_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs["content"])
        elif tag == "link":
            self.links.setdefault(attrs.get("rel"), []).append(attrs.get("href"))
        elif tag == "script":
            self._in_json_ld = attrs.get("type") == "application/ld+json"
            if self._in_json_ld:
                self.json_ld_texts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld_texts[-1] += data

    @property
    def json_ld(self):
        return [json.loads(text) for text in self.json_ld_texts]

    def json_ld_of_type(self, type_name):
        (block,) = [data for data in self.json_ld if data["@type"] == type_name]
        return block

    def one(self, key):
        (value,) = self.meta[key]
        return value

    @property
    def canonical(self):
        (href,) = self.links["canonical"]
        return href


def head_of(response):
    assert response.status_code == 200
    return Head(response.text)
