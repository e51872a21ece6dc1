from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Seiten der Redaktion")

    def ready(self):
        from newsroom import page_cache

        from .models import Page

        page_cache.register(Page)
