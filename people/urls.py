from django.urls import path
from django.utils.feedgenerator import Atom1Feed

from . import views
from .feeds import PersonFeed

app_name = "people"

urlpatterns = [
    path("<slug:slug>/", views.person_detail, name="detail"),
    path("<slug:slug>/feed/", PersonFeed(), name="feed"),
    path("<slug:slug>/feed/atom/", PersonFeed(Atom1Feed), name="feed_atom"),
]
