from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zizhu.web"
    label = "web"
    verbose_name = "网页"
