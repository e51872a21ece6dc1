import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()

from newsroom.page_cache import PageCacheApplication  # noqa: E402 (needs settings)

application = PageCacheApplication(django_application)
