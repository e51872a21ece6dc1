from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Personen")

    def ready(self):
        from newsroom import page_cache

        from .models import Person

        page_cache.register(Person)
