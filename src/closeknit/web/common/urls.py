from django.urls import path

from closeknit.web.common import views

urlpatterns = [
    path("", views.home, name="home"),
    path("exit/", views.quick_exit, name="common-exit"),
    path("healthz", views.healthz, name="common-healthz"),
]
