from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "zizhu.sources"
    label = "sources"
