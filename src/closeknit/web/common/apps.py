from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "closeknit.web.common"
    label = "common"
    verbose_name = "closeknit (shared)"
