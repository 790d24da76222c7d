from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from closeknit.web.accounts.actions import do_update_settings
from closeknit.web.accounts.forms import ApiTokenForm, SettingsForm
from closeknit.web.accounts.models import ApiToken
from closeknit.web.accounts.tokens import do_create_api_token

_NEW_TOKEN_KEY = "closeknit.new_api_token"  # noqa: S105 - a session key, not a secret


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        do_update_settings(request.user, **form.cleaned_data)
        messages.success(request, "Your settings are saved.")
        return redirect("accounts-settings")
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form,
            "token_form": ApiTokenForm(),
            "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
            "new_token": request.session.pop(_NEW_TOKEN_KEY, None),
        },
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        _, token = do_create_api_token(request.user, form.cleaned_data["name"])
        # Shown once on the next page, then gone: only its hash is stored.
        request.session[_NEW_TOKEN_KEY] = token
    return redirect("accounts-settings")


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    token.delete()
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("accounts-settings")
