"""Error codes of counsellor mode. Messages never say why joint features are closed."""

from __future__ import annotations

from closeknit.web.common.errors import ActionError, ErrorCode


class CounselError(ErrorCode):
    UNAVAILABLE = (409, "Counsellor mode is not available for this relationship at the moment.")
    ALREADY_OPEN = (409, "There is already a counsellor for this relationship, or one proposed.")
    BAD_EMAIL = (400, "Enter the counsellor's e-mail address, like name@example.org.")
    NOT_YOURS_TO_AGREE = (409, "The other person agrees to a proposal; you made this one.")
    NOT_PROPOSED = (409, "There is no proposal waiting for your answer.")
    INVITATION_UNUSABLE = (
        404,
        "This invitation link is not valid: it may have expired, been used or been withdrawn.",
    )
    MEMBER_CANNOT_COUNSEL = (409, "A member of this relationship cannot also be its counsellor.")


class CounselActionError(ActionError):
    error: CounselError
