from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from articles.sitemaps import ArticleSitemap, NewsSitemap, SectionSitemap, TagSitemap
from newsroom.health import healthz
from people.sitemaps import PersonSitemap

admin.site.site_header = _("Newsroom – Redaktion")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Redaktion")

sitemaps = {
    "artikel": ArticleSitemap,
    "personen": PersonSitemap,
    "themen": TagSitemap,
    "ressorts": SectionSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt", content_type="text/plain; charset=utf-8"
        ),
        name="robots_txt",
    ),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="sitemap_news",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
    path("personen/", include("people.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
