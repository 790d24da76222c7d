from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("relationships-list")
    return render(request, "common/home.html")


@csrf_exempt
@require_POST
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Ends the session at once and leaves for a neutral site.

    Answered with a page that refreshes to the neutral site rather than a redirect: the
    CSP ``form-action 'self'`` would block a form's redirect to another origin. With
    JavaScript the browser has already left (``quick-exit.js``); this request, sent as a
    beacon, only ends the session.

    Exempt from CSRF on purpose: leaving must work even with a stale token (a session
    that ended in another tab), and the worst a forged request can do is log someone out.
    """
    logout(request)
    request.session.flush()
    response = render(request, "common/exit.html", {"quick_exit_url": settings.QUICK_EXIT_URL})
    response.headers["Refresh"] = f"0;url={settings.QUICK_EXIT_URL}"
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
