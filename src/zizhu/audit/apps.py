from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zizhu.audit"
    label = "audit"
