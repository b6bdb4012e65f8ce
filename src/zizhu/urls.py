"""URL configuration: the web application (zizhu.web)."""

from django.urls import include, path

urlpatterns = [
    path("", include("zizhu.web.urls")),
]
