"""The JSON API's error shape for the joint-features gate."""

from django.http import HttpRequest
from django.test import RequestFactory

from closeknit.web.api.core import joint_unavailable
from closeknit.web.safety.access import JointFeaturesUnavailable, JointState


def test_the_gate_answers_409_with_a_neutral_message():
    request: HttpRequest = RequestFactory().get("/api/x")
    response = joint_unavailable(request, JointFeaturesUnavailable(JointState.UNAVAILABLE))
    assert response.status_code == 409
    assert (
        b'"code": "unavailable"' in response.content or b'"code":"unavailable"' in response.content
    )
    assert b"not available right now" in response.content
