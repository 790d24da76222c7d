"""The closeknit web app: a Django project with one app per context.

Settings come only from environment variables (:mod:`closeknit.web.environment`); run it
with ``closeknit manage ...`` or ``make run``.
"""
