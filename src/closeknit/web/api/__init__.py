"""The JSON API (Django Ninja) at ``/api/``; OpenAPI document at ``/api/openapi.json``.

One router module per context (``relationships.py``, ...), added to :data:`api` in
``core.py``. Same access rules as the pages: objects load through the apps' ``access.py``,
forbidden and absent both answer 404; errors carry the context's error-code Enum.
"""
