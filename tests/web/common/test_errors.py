"""Every context's error codes share one shape: a 4xx status and a message to read."""

from __future__ import annotations

import pytest

from closeknit.web.checkins.errors import CheckinsActionError, CheckinsError
from closeknit.web.checkups.errors import CheckupActionError, CheckupError
from closeknit.web.common.errors import ActionError, ErrorCode
from closeknit.web.practice.errors import PracticeActionError, PracticeError
from closeknit.web.relationships.errors import RelationshipActionError, RelationshipError

CONTEXTS = [
    (CheckinsError, CheckinsActionError),
    (CheckupError, CheckupActionError),
    (PracticeError, PracticeActionError),
    (RelationshipError, RelationshipActionError),
]


@pytest.mark.parametrize(("codes", "_"), CONTEXTS)
def test_every_code_is_a_client_error_with_a_sentence_to_read(codes, _):
    assert issubclass(codes, ErrorCode)
    for member in codes:
        assert 400 <= member.status < 500, member
        assert member.message.endswith("."), member
        assert member.code == member.name.lower()


@pytest.mark.parametrize(("codes", "error"), CONTEXTS)
def test_an_action_error_carries_its_code_and_says_its_message(codes, error):
    member = next(iter(codes))
    raised = error(member, "section-2")
    assert isinstance(raised, ActionError)
    assert raised.error is member
    assert raised.detail == "section-2"
    assert str(raised) == member.message
