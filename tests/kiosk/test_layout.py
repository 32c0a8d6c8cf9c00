# SPDX-License-Identifier: Apache-2.0
"""Every screen fits the display its theme is made for, with real data on it.

A full-screen kiosk cannot grow: a page whose minimum size is taller than the
panel is cut off at the bottom (the submit button first). So each screen,
filled by a real session on the embedded backend, with the top bar at its
tallest ("Finish and take my card" shown), must fit 1280 x 800 in the normal
theme and 1920 x 1080 in large text, in both languages.
"""

from __future__ import annotations

import pytest

from kiosk.i18n import Language
from kiosk.theme import choose_font
from kiosk.window import SPECS
from tests.kiosk.harness import resident_at
from tests.kiosk.test_session_end import visit_everything

PANEL = {False: (1280, 800), True: (1920, 1080)}


LOOKS = [(language, large) for language in Language for large in (False, True)]
IDS = [f"{lang.value}-{'large' if large else 'normal'}" for lang, large in LOOKS]
SLOTS = (5, 6, 7, 4)  # a resident per look: each files a transfer (one open per person)


@pytest.mark.parametrize(("language", "large"), LOOKS, ids=IDS)
def test_every_screen_fits_the_panel(
    qtbot, qapp, demo, tmp_path, language, large
) -> None:
    choose_font(qapp)
    with resident_at(
        qtbot, qapp, demo, tmp_path, look={"language": language, "large_text": large}
    ) as resident:
        resident.sign_in(demo.slot("active", SLOTS[LOOKS.index((language, large))]))
        visit_everything(resident)
        window, width, height = resident.kiosk.window, *PANEL[large]
        too_big = []
        window.finish_button.show()
        for name in SPECS:
            page = resident.screens.get(name)
            # the stack's minimum is its largest page's: measure the window
            # around the stack, then add each page alone
            chrome = window.minimumSizeHint() - window.stack.minimumSizeHint()
            need = chrome + page.minimumSizeHint().expandedTo(page.minimumSize())
            if need.width() > width or need.height() > height:
                too_big.append(f"{name} needs {need.width()} x {need.height()}")
        assert not too_big, f"panel {width} x {height}: {too_big}"
