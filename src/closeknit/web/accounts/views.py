from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from closeknit.web.accounts.actions import do_update_settings
from closeknit.web.accounts.forms import SettingsForm


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        do_update_settings(request.user, **form.cleaned_data)
        messages.success(request, "Your settings are saved.")
        return redirect("accounts-settings")
    return render(request, "accounts/settings.html", {"form": form})
