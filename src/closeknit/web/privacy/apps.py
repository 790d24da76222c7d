from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "closeknit.web.privacy"
    label = "privacy"
    verbose_name = "Privacy"
