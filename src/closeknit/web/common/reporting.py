"""Keeps sensitive values out of error reports and logs.

People type answers, notes and passwords into closeknit. Django's error pages and e-mailed
reports normally show POST data; :class:`SensitiveDataFilter` hides every POST value (an
allow-list, not a deny-list, so a new form field can never leak), and does so even with
DEBUG on. :class:`ScrubRequestFilter` strips the request object from log records so no
handler can format its body.
"""

from __future__ import annotations

import logging

from django.views.debug import SafeExceptionReporterFilter

# POST fields whose values are never personal and help when debugging.
SAFE_POST_FIELDS = frozenset({"action", "next", "step", "section"})


class SensitiveDataFilter(SafeExceptionReporterFilter):
    def is_active(self, request):  # type: ignore[no-untyped-def]
        return True

    def get_post_parameters(self, request):  # type: ignore[no-untyped-def]
        if request is None:
            return {}
        cleansed = request.POST.copy()
        for key in cleansed:
            if key not in SAFE_POST_FIELDS:
                cleansed[key] = self.cleansed_substitute
        return cleansed


class ScrubRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            # Keep method and path for context; drop the object that carries the body.
            request = record.request
            record.request = f"{getattr(request, 'method', '?')} {getattr(request, 'path', '?')}"
        return True
