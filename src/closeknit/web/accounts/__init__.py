"""Accounts: the custom User (e-mail login, display name, region, time zone), sign-up via
django-allauth, the settings page."""
