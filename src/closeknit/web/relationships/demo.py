"""The demo relationship ``make run`` creates: Alex and Blair, partners, e-mails verified,
both past their private safety check. Other apps add their part through
:data:`closeknit.web.common.registry.demo_seeders`."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from closeknit.web.accounts.models import User
from closeknit.web.common.registry import DemoCast, demo_seeders
from closeknit.web.relationships.actions import do_create_relationship
from closeknit.web.relationships.models import Membership


@dataclass(frozen=True)
class DemoPerson:
    email: str
    password: str
    display_name: str


ALEX = DemoPerson("alex@example.com", "closeknit-demo-alex", "Alex")
BLAIR = DemoPerson("blair@example.com", "closeknit-demo-blair", "Blair")


def demo_exists() -> bool:
    return User.objects.filter(email=ALEX.email).exists()


def _person(p: DemoPerson) -> User:
    user = User.objects.create_user(p.email, p.password, display_name=p.display_name)
    EmailAddress.objects.create(user=user, email=p.email, verified=True, primary=True)
    return user


def _pass_safety_screen(membership: Membership) -> None:
    """Answers the safety check with whichever end of the scale screens negative."""
    from closeknit.instruments import load_instrument
    from closeknit.web.safety.actions import do_record_screen, score_screen

    instrument = load_instrument("safety")
    for pick in (lambda s: s.minimum, lambda s: s.maximum):
        answers = {item.id: pick(item.scale) for item in instrument.items}
        result = score_screen(membership, answers)
        if not result["positive"]:
            do_record_screen(membership, result["version"], answers, result)
            return
    raise RuntimeError("no demo answer sheet screens negative; check the safety rules")


@transaction.atomic
def do_seed_demo() -> DemoCast:
    alex, blair = _person(ALEX), _person(BLAIR)
    alex_membership = do_create_relationship(alex, "partner")
    relationship = alex_membership.relationship
    blair_membership = Membership.objects.create(user=blair, relationship=relationship)
    for membership in (alex_membership, blair_membership):
        _pass_safety_screen(membership)
    cast = DemoCast(alex, blair, relationship, alex_membership, blair_membership)
    for seed in demo_seeders:
        seed(cast)
    return cast
