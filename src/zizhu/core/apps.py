from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zizhu.core"
    label = "core"
