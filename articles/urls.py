from django.urls import path

from . import views
from .correction_feed import CorrectionsFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("suche/", views.search, name="search"),
    path("themen/<slug:slug>/", views.tag_detail, name="tag"),
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
    # Last: a section's slug may be any word the patterns above do not claim
    # (Section.RESERVED_SLUGS keeps editors from taking one of those). The
    # newsroom's own pages (/impressum/) live here too: a page and a section never
    # share a slug (each refuses the other's), so the view looks for a section and,
    # finding none, for a page; a section page costs no extra query.
    path("<slug:slug>/", views.section_detail, name="section"),
]
