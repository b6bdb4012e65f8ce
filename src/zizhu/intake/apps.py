from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "zizhu.intake"
    label = "intake"
