"""The site's URLs, with one page that fails: a server error to see the 500 page."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from zizhu.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


urlpatterns = [path("broken/", broken), *urlpatterns]
