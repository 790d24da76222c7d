from django.apps import AppConfig


class LearnConfig(AppConfig):
    name = "closeknit.web.learn"
    label = "learn"
    verbose_name = "Learn"
