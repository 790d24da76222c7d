"""The real URLs plus one stand-in joint page, for testing the joint-features gate."""

from django.http import HttpResponse
from django.urls import include, path

from closeknit.web.relationships.decorators import member_view
from closeknit.web.safety.decorators import joint_features_required


@member_view
@joint_features_required
def joint_page(request, membership):
    return HttpResponse("JOINT FEATURE OPEN")


urlpatterns = [
    path("r/<uuid:relationship_id>/joint-test/", joint_page, name="joint-test"),
    path("", include("closeknit.web.urls")),
]
