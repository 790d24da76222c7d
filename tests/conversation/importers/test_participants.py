"""Exactly two people: group chats and one-person chats are refused unless --between is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from closeknit.conversation.importers import load_conversation
from closeknit.errors import ChatImportError

FIXTURES = Path(__file__).parent / "fixtures"
GROUP = FIXTURES / "whatsapp_group.txt"


def test_a_group_chat_is_refused_with_its_participants_listed() -> None:
    with pytest.raises(ChatImportError) as caught:
        load_conversation(GROUP)
    message = str(caught.value)
    assert "found 3 participants ('Mara Lind', 'Jonas Berg', 'Ida Sund')" in message
    assert "--between" in message
    assert "whatsapp_group.txt" in message


def test_between_keeps_only_the_two_named_people_and_system_messages() -> None:
    conversation = load_conversation(GROUP, between=("Jonas Berg", "Mara Lind"))
    assert conversation.participants == ("Jonas Berg", "Mara Lind")
    senders = set(conversation.messages["sender"].to_list())
    assert senders == {"Jonas Berg", "Mara Lind", ""}
    assert "Me too" not in conversation.messages["text"].to_list()


def test_a_name_not_in_the_chat_is_refused_with_close_matches() -> None:
    with pytest.raises(
        ChatImportError, match=r"expected 'Mara Lindt' among.*did you mean 'Mara Lind'"
    ):
        load_conversation(GROUP, between=("Mara Lindt", "Ida Sund"))


def test_a_name_differing_only_in_case_is_suggested() -> None:
    with pytest.raises(ChatImportError, match=r"did you mean 'Ida Sund'"):
        load_conversation(GROUP, between=("Mara Lind", "ida sund"))


def test_the_same_name_twice_is_refused() -> None:
    with pytest.raises(ChatImportError, match=r"two different names"):
        load_conversation(GROUP, between=("Mara Lind", "Mara Lind"))


def test_a_one_person_chat_is_refused() -> None:
    with pytest.raises(ChatImportError, match=r"only 'Mara Lind' sent messages"):
        load_conversation(FIXTURES / "whatsapp_one_person.txt")


def test_between_also_narrows_a_two_person_chat_without_changing_it() -> None:
    path = FIXTURES / "whatsapp_android_24h.txt"
    plain = load_conversation(path)
    named = load_conversation(path, between=("Mara Lind", "Jonas Berg"))
    assert named.messages.equals(plain.messages)
