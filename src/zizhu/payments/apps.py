from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "zizhu.payments"
    label = "payments"
