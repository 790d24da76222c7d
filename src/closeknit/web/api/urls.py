from django.urls import path

from closeknit.web.api.core import api

urlpatterns = [path("", api.urls)]
