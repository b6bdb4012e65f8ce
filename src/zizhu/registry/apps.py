from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "zizhu.registry"
    label = "registry"
