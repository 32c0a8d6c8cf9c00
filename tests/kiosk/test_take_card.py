# SPDX-License-Identifier: Apache-2.0
"""The end of a session as a terminal does it: take the card, then welcome."""

from __future__ import annotations

import logging
import wave

from PySide6.QtCore import QCoreApplication

from kiosk.flow import State
from kiosk.i18n import Language
from kiosk.theme import Theme
from tests.kiosk.harness import resident_at


def recorder(folder) -> str:
    """A player command that keeps what it was given to play (a real child
    process running with the WAV path, as ``aplay`` would)."""
    return f"sh -c 'cp \"$0\" {folder}/played-$$.wav'"


def test_finish_asks_for_the_card_then_resets_the_look(
    qtbot, qapp, demo, tmp_path
) -> None:
    heard = tmp_path / "heard"
    heard.mkdir()
    with resident_at(
        qtbot, qapp, demo, tmp_path, audio_player=recorder(heard)
    ) as resident:
        kiosk, welcome = resident.kiosk, resident.screens.welcome
        assert not welcome.large_button.isChecked()
        resident.click(welcome.language_button)
        resident.click(welcome.large_button)
        assert kiosk.translations.language is Language.EN
        assert kiosk.theme is Theme.LARGE
        assert welcome.large_button.isChecked()
        assert welcome.large_button.text() == "Large text: on"
        resident.sign_in(demo.slot("active", 9))
        resident.click(kiosk.window.finish_button)
        resident.wait_state(State.TAKE_CARD)
        take = resident.screens.take_card
        assert kiosk.window.stack.currentWidget() is take
        assert take.title.text() == "Please take your social security card"
        assert take.animation.running
        # the English prompt went to the player (a child process)
        resident.wait_until(lambda: any(heard.iterdir()))
        [played] = heard.iterdir()
        with wave.open(str(played)) as recording:
            assert recording.getnframes() / recording.getframerate() > 1.0
        assert kiosk.controller.prompts.played[-1].name == "take_card-en.wav"
        resident.take_card()
        # the next resident meets the configured language and theme
        assert kiosk.translations.language is Language.ZH_CN
        assert kiosk.theme is Theme.NORMAL
        assert not welcome.large_button.isChecked()
        assert welcome.large_button.text() == "大字模式：关"
        assert welcome.prompt.text() == "请插入您的社会保障卡"
        assert not take.animation.running


def test_card_left_behind_is_logged_and_said_again(
    qtbot, qapp, demo, tmp_path, caplog
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.controller")
    with resident_at(qtbot, qapp, demo, tmp_path, card_left_s=1) as resident:
        controller = resident.kiosk.controller
        left = []
        controller.card_left_behind.connect(left.append)
        resident.sign_in(demo.slot("active", 10))
        resident.click(resident.kiosk.window.finish_button)
        resident.wait_state(State.TAKE_CARD)
        resident.wait_until(lambda: left != [], timeout=3000)
        assert controller.cards_left == left and left[0].waited_s == 1
        take = resident.screens.take_card
        assert take.left_behind and "仍在" in take.warning.text()
        assert "card left in the reader" in caplog.text
        resident.take_card()
        assert not take.warning.text()


def test_no_sound_card_is_logged_once(qtbot, qapp, demo, tmp_path, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="kiosk.sound")
    with resident_at(qtbot, qapp, demo, tmp_path, audio_player="false") as resident:
        prompts = resident.kiosk.controller.prompts
        for _ in range(2):
            resident.sign_in(demo.slot("active", 11))
            resident.click(resident.kiosk.window.finish_button)
            resident.wait_until(lambda: not prompts.enabled, timeout=5000)
            resident.take_card()
        warnings = [r for r in caplog.records if r.name == "kiosk.sound"]
        assert len(warnings) == 1 and "audio prompts off" in warnings[0].message


def test_a_card_taken_while_the_kiosk_closes_leaves_no_translator(
    qtbot, qapp, demo, tmp_path
) -> None:
    english = "Please insert your social security card"
    with resident_at(qtbot, qapp, demo, tmp_path) as resident:
        resident.click(resident.screens.welcome.language_button)
        assert resident.kiosk.translations.language is Language.EN
        resident.sign_in(demo.slot("active", 12))
        # leaving the block takes the card out, then closes the kiosk
    for _ in range(5):
        qapp.processEvents()
    # the welcome screen did not come back to restore zh_CN into a closed kiosk
    assert QCoreApplication.translate("WelcomeScreen", english) == english
