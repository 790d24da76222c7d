"""Error codes of the relationships context, shared by pages and the JSON API.

Each member carries the message a person reads and the HTTP status both faces use.
"""

from __future__ import annotations

from closeknit.web.common.errors import ActionError, ErrorCode


class RelationshipError(ErrorCode):
    INVITATION_NOT_FOUND = (
        404,
        "This invitation link is not valid. Check that you copied all of it, or ask for a new one.",
    )
    INVITATION_EXPIRED = (
        410,
        "This invitation has expired. Invitations last seven days: ask for a new link.",
    )
    INVITATION_USED = (410, "This invitation has already been used. Ask for a new link.")
    INVITATION_REVOKED = (
        410,
        "This invitation was withdrawn by the person who sent it. Ask them for a new link.",
    )
    ALREADY_MEMBER = (409, "You are already in this relationship.")
    OWN_INVITATION = (
        409,
        "This is your own invitation. Send the link to the other person so they can join.",
    )
    RELATIONSHIP_FULL = (409, "This relationship already has two people in it.")
    NOT_ALONE = (
        409,
        "The other person has already joined, so there is no one left to invite.",
    )
    UNKNOWN_KIND = (400, "Choose partners, friends or family.")


class RelationshipActionError(ActionError):
    error: RelationshipError
