"""The one Markdown renderer and sanitiser: Markdown in, safe HTML out.

markdown-it-py renders CommonMark (headings, quotes, links, lists, tables); raw HTML
in the source is kept only as far as nh3's allow-list permits, so a `<script>` or an
`onerror=` typed into a piece never reaches a reader.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "blockquote", "ul", "ol", "li",
    "strong", "em", "b", "i", "a", "code", "pre", "sup", "sub",
    "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "cite",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan"}}

_markdown = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable(
    "table"
)


def render_markdown(source):
    """Render Markdown `source` to sanitised HTML."""
    html = _markdown.render(source or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
