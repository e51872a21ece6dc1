from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Artikel")

    def ready(self):
        from newsroom import page_cache

        from .models import (
            Article,
            Byline,
            Correction,
            Mention,
            Section,
            Tag,
            TaggedArticle,
        )

        page_cache.register(
            Article, Byline, Correction, Mention, Section, Tag, TaggedArticle
        )
