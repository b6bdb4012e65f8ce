from django.apps import AppConfig


class HardshipConfig(AppConfig):
    name = "zizhu.hardship"
    label = "hardship"
