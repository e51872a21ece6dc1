from django.urls import path
from django.utils.feedgenerator import Atom1Feed

from . import feeds, views
from .correction_feed import CorrectionsFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("suche/", views.search, name="search"),
    path("feed/", feeds.ArticleFeed(), name="feed"),
    path("feed/atom/", feeds.ArticleFeed(Atom1Feed), name="feed_atom"),
    path("themen/<slug:slug>/", views.tag_detail, name="tag"),
    path("themen/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path(
        "themen/<slug:slug>/feed/atom/", feeds.TagFeed(Atom1Feed), name="tag_feed_atom"
    ),
    path("korrekturen/", views.corrections, name="corrections"),
    path("korrekturen/feed/", CorrectionsFeed(), name="corrections_feed"),
    path("vorschau/<str:token>/", views.preview, name="preview"),
    path("archiv/<int:year>/", views.archive, name="archive_year"),
    path("archiv/<int:year>/<int:month>/", views.archive, name="archive_month"),
    path(
        "archiv/<int:year>/<int:month>/<int:day>/",
        views.archive,
        name="archive_day",
    ),
    path(
        "<slug:section>/<int:year>/<int:month>/<int:day>/<slug:slug>/",
        views.article_detail,
        name="detail",
    ),
    path("<slug:slug>/feed/", feeds.SectionFeed(), name="section_feed"),
    path(
        "<slug:slug>/feed/atom/",
        feeds.SectionFeed(Atom1Feed),
        name="section_feed_atom",
    ),
    # Last: a section's slug may be any word the patterns above do not claim
    # (Section.RESERVED_SLUGS keeps editors from taking one of those). The
    # newsroom's own pages (/impressum/) live here too: a page and a section never
    # share a slug (each refuses the other's), so the view looks for a section and,
    # finding none, for a page; a section page costs no extra query.
    path("<slug:slug>/", views.section_detail, name="section"),
]
