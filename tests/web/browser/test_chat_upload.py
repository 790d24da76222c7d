"""A chat export through a real browser: Alex picks the file, keeps examples and shares the
figures; Blair sees the figures and never the examples. Every request stays on the app."""

from __future__ import annotations

import pytest

from web.browser.conftest import log_in
from web.chats.test_chats import CHAT, SECRET
from web.conftest import make_person, pass_screen

pytestmark = pytest.mark.browser


def test_alex_analyses_a_chat_and_shares_only_the_figures(open_browser_page, tmp_path):
    from closeknit.web.chats.models import ChatAnalysis
    from closeknit.web.relationships.actions import do_create_relationship
    from closeknit.web.relationships.models import Membership

    alex_user, blair_user = make_person("alex"), make_person("blair")
    alex_membership = do_create_relationship(alex_user, "partner")
    blair_membership = Membership.objects.create(
        user=blair_user, relationship=alex_membership.relationship
    )
    pass_screen(alex_membership)
    pass_screen(blair_membership)
    export = tmp_path / "WhatsApp Chat with Blair.txt"
    export.write_text(CHAT, encoding="utf-8")

    alex, _ = open_browser_page()
    log_in(alex, "alex@example.com")
    alex.goto(f"/r/{alex_membership.relationship_id}/")
    alex.get_by_role("link", name="What your chats show").click()
    alex.get_by_label("Chat export").set_input_files(export)
    alex.get_by_label("Keep up to three example messages for each sign").check()
    alex.get_by_role("button", name="Analyse").click()
    assert "The chat is analysed" in alex.content()
    assert "Frequent communication" in alex.content()
    assert SECRET in alex.content()  # the examples Alex chose to keep
    alex.get_by_role("button", name="Share the figures with Blair").click()
    detail = alex.url

    analysis = ChatAnalysis.objects.get()
    assert analysis.shared
    assert SECRET not in str(analysis.insights)

    blair, _ = open_browser_page()
    log_in(blair, "blair@example.com")
    blair.goto(f"/r/{alex_membership.relationship_id}/chats/")
    blair.get_by_role("link", name="4 Mar 2024 – 12 Mar 2024").click()
    assert blair.url == detail
    assert "Shared with you by Alex" in blair.content()
    assert "Frequent communication" in blair.content()
    assert SECRET not in blair.content()
    assert blair.get_by_role("button", name="Delete this analysis").count() == 0
