from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "zizhu.aid"
    label = "aid"
