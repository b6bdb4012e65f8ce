"""URL configuration: the web pages arrive with the web application issue."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
