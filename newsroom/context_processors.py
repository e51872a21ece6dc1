from django.conf import settings


def publication(request):
    return {"publication_name": settings.PUBLICATION_NAME}
