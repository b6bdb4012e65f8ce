from django.apps import AppConfig


class LoansConfig(AppConfig):
    name = "zizhu.loans"
    label = "loans"
