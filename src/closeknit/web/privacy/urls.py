from django.urls import path

from closeknit.web.privacy import views

urlpatterns = [
    path("account/data/", views.privacy_index, name="privacy-index"),
    path("account/data/export/", views.export_data, name="privacy-export"),
    path("account/delete/", views.delete_account, name="privacy-delete"),
]
