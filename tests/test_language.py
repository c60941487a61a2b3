"""Tests for lib.language: one short news sentence per listed language, unsure cases, any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.language import UNKNOWN, _word_lists, detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The minister said that the plan would be ready by the end of the year.", "en"),
        ("Le ministre a déclaré que le projet sera prêt à la fin de l'année.", "fr"),
        ("Der Minister sagte, dass der Plan bis zum Ende des Jahres fertig sein wird.", "de"),
        ("El ministro dijo que el plan estará listo a finales del año.", "es"),
        ("Il ministro ha detto che il piano sarà pronto entro la fine dell'anno.", "it"),
        ("De minister zei dat het plan aan het einde van het jaar klaar is.", "nl"),
        ("O ministro disse que o plano estará pronto no final do ano.", "pt"),
        ("Minister powiedział, że plan będzie gotowy do końca roku.", "pl"),
        ("Министр сказал, что план будет готов к концу года.", "ru"),
        ("Ministras sakė, kad planas bus parengtas iki metų pabaigos.", "lt"),
        ("We will not back down.", "en"),
    ],
)
def test_detects_listed_languages(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "12 345 678",
        "Absolutely.",
        "東京で会議が開かれた。",
        "Smith Jones Brown Taylor Wilson Davies Evans Thomas Johnson Roberts Walker Wright "
        "Robinson Thompson White Hughes Edwards Green Hall Wood Harris Lewis Martin Jackson Clarke "
        "of",
    ],
)
def test_unsure_is_unknown(text: str) -> None:
    assert detect_language(text) == UNKNOWN


def test_word_lists_are_data_files() -> None:
    assert {"en", "fr", "de", "es", "it", "nl", "pt", "pl", "ru", "lt"} <= set(_word_lists())


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_a_known_answer(text: str) -> None:
    assert detect_language(text) in {*_word_lists(), UNKNOWN}
