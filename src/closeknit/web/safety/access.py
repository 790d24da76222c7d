"""Whether joint features are open in a relationship, without revealing why not.

Other apps call :func:`require_joint_features` (or use
``closeknit.web.safety.decorators.joint_features_required``) before showing anything joint:
a joint view, a comparison, a shared exercise. The answer depends on both members, but the
only reasons a person is told are about themself (take your own screen first) or neutral
(the other person has not joined yet). "Not available right now" covers every other case —
the other person has not taken their private screen, or someone's screen was positive — so
that nothing the other person sees reveals a screen result.
"""

from __future__ import annotations

from enum import Enum

from closeknit.web.common.rows import JoinedRows
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.models import SafetyScreen


class JointState(Enum):
    AVAILABLE = "available"
    NEEDS_OWN_SCREEN = "needs_own_screen"
    WAITING_FOR_OTHER_TO_JOIN = "waiting_for_other_to_join"
    UNAVAILABLE = "unavailable"


class JointFeaturesUnavailable(Exception):  # noqa: N818 - reads as the state it signals
    def __init__(self, state: JointState) -> None:
        super().__init__(state.value)
        self.state = state


# SafetyScreen.objects.filter(membership=…), prepared once (see common.rows)
_OWN_SCREEN = JoinedRows(SafetyScreen, equal=("membership",))
# … .only("id"): whether a member has a screen
_SCREEN_IDS = JoinedRows(SafetyScreen, equal=("membership",), only=())


def joint_state(membership: Membership) -> JointState:
    """The state as ``membership``'s person may know it (see module docstring)."""
    others = membership.active_others()
    # Who has taken their screen, the person and the others alike: only whether a row
    # exists, never its answers or result.
    screened = {m.pk for m in (membership, *others) if _SCREEN_IDS.fetch(m.pk)}
    if membership.pk not in screened:
        return JointState.NEEDS_OWN_SCREEN
    if not others:
        return JointState.WAITING_FOR_OTHER_TO_JOIN
    if not membership.joint_features_enabled:
        return JointState.UNAVAILABLE
    for other in others:
        if not other.joint_features_enabled or other.pk not in screened:
            return JointState.UNAVAILABLE
    return JointState.AVAILABLE


def joint_features_available(membership: Membership) -> bool:
    return joint_state(membership) is JointState.AVAILABLE


def require_joint_features(membership: Membership) -> None:
    """Returns if joint features are open for ``membership``; else raises
    :class:`JointFeaturesUnavailable` with the state the person may be told."""
    state = joint_state(membership)
    if state is not JointState.AVAILABLE:
        raise JointFeaturesUnavailable(state)


def get_own_screen(membership: Membership) -> SafetyScreen | None:
    """The member's own screen. Never call this with someone else's membership."""
    # One screen per membership at most (a one-to-one row); read on every report.
    return next(iter(_OWN_SCREEN.fetch(membership.pk)), None)
