"""Chats that are not in English are recognised, so the insights can say their signs read low."""

from __future__ import annotations

import polars as pl
import pytest

from closeknit.conversation.markers.language import ENGLISH_FROM, english_share, language_note

CHATS = {
    "english": [
        "ok",
        "on my way",
        "did you get the tickets?",
        "haha",
        "I miss you so much today",
        "what time is dinner",
        "thanks for listening last night, it really helped",
        "lol",
        "can't wait to see you",
        "👍",
        "sorry I was late",
        "love you",
        "the train is delayed again",
        "just got home",
    ],
    "spanish": [
        "ok",
        "ya voy",
        "¿compraste las entradas?",
        "jajaja",
        "te echo mucho de menos hoy",
        "a qué hora cenamos",
        "gracias por escucharme anoche, me ayudó mucho",
        "no puedo esperar a verte",
        "perdón por llegar tarde",
        "te quiero",
        "el tren va con retraso otra vez",
        "acabo de llegar a casa",
    ],
    "german": [
        "ok",
        "bin unterwegs",
        "hast du die Karten?",
        "haha",
        "ich vermisse dich heute so sehr",
        "wann gibt es Abendessen",
        "danke fürs Zuhören gestern, das hat mir echt geholfen",
        "ich freue mich so auf dich",
        "sorry, dass ich zu spät war",
        "hab dich lieb",
        "der Zug hat schon wieder Verspätung",
        "bin gerade nach Hause gekommen",
    ],
    "french": [
        "ok",
        "j'arrive",
        "tu as pris les billets ?",
        "mdr",
        "tu me manques tellement aujourd'hui",
        "on mange à quelle heure",
        "merci de m'avoir écouté hier soir, ça m'a fait du bien",
        "j'ai hâte de te voir",
        "désolé pour le retard",
        "je t'aime",
        "le train a encore du retard",
        "je viens de rentrer",
    ],
    "portuguese": [
        "ok",
        "tô indo",
        "você comprou os ingressos?",
        "kkkk",
        "tô com muita saudade hoje",
        "que horas é o jantar",
        "obrigada por me ouvir ontem, ajudou muito",
        "não vejo a hora de te ver",
        "desculpa o atraso",
        "te amo",
        "o trem atrasou de novo",
        "acabei de chegar em casa",
    ],
    "italian": [
        "ok",
        "sto arrivando",
        "hai preso i biglietti?",
        "ahahah",
        "mi manchi tanto oggi",
        "a che ora si cena",
        "grazie per avermi ascoltato ieri sera, mi ha aiutato molto",
        "non vedo l'ora di vederti",
        "scusa il ritardo",
        "ti amo",
        "il treno è di nuovo in ritardo",
        "sono appena tornato a casa",
    ],
}


def test_english_chats_read_as_english() -> None:
    share = english_share(pl.Series(CHATS["english"]))
    assert share is not None
    assert share >= 0.5
    assert language_note(pl.Series(CHATS["english"])) == ""


@pytest.mark.parametrize("language", ["spanish", "german", "french", "portuguese", "italian"])
def test_other_languages_do_not(language: str) -> None:
    texts = pl.Series(CHATS[language])
    share = english_share(texts)
    assert share is not None
    assert share <= 0.1 < ENGLISH_FROM
    assert "do not look English" in language_note(texts)


def test_words_inside_other_words_do_not_count() -> None:
    # "the" in "theatre", "and" in "andiamo", "you" in "youtube" are not English words here.
    assert english_share(pl.Series(["andiamo al theatre", "guarda youtube", "fortissimo"])) == 0.0


def test_curly_apostrophes_count_like_straight_ones() -> None:
    assert english_share(pl.Series(["I’m home", "don’t worry"])) == 1.0


def test_no_text_gives_no_share_and_no_note() -> None:
    empty = pl.Series("text", ["", "  ", None], dtype=pl.String)
    assert english_share(empty) is None
    assert language_note(empty) == ""
