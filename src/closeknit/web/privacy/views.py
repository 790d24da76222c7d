from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from closeknit.web.privacy.actions import build_export, do_delete_account
from closeknit.web.privacy.forms import DeleteAccountForm


@login_required
@require_GET
def privacy_index(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/index.html")


@login_required
@require_GET
def export_data(request: HttpRequest) -> HttpResponse:
    payload = json.dumps(build_export(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="closeknit-export-{stamp}.json"'
    return response


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        do_delete_account(user)
        messages.success(request, "Your account and everything in it are deleted.")
        return redirect("home")
    return render(request, "privacy/delete.html", {"form": form})
