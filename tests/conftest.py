import pytest

from articles.models import Section

from .builders import make_person, make_user


@pytest.fixture
def section(db):
    return Section.objects.create(name="Politik", slug="politik")


@pytest.fixture
def editor(db):
    return make_user(group="Redaktion", username="editor")


@pytest.fixture
def reporter(db):
    user = make_user(group="Reporter", username="reporter")
    make_person(name="Rita Reporterin", user=user)
    return user


@pytest.fixture
def other_reporter(db):
    return make_user(group="Reporter", username="other")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
