# SPDX-License-Identifier: Apache-2.0
"""Recorded prompts (kiosk/assets/sounds/*.wav) played by a child process.

QtMultimedia is not part of PySide6-Essentials, so a prompt is handed to the
configured player command (``aplay -q`` on a terminal with ALSA): it runs in a
child process, and a small daemon thread waits for it, so the GUI thread never
waits. A terminal without audio (no player configured, player missing, no
sound card) stays silent; the first failure is logged, later ones are not.
"""

from __future__ import annotations

import logging
import shlex
import subprocess  # noqa: S404 - a configured player with a fixed file argument
import threading
from pathlib import Path

from kiosk.theme import ASSETS

log = logging.getLogger(__name__)

SOUNDS = ASSETS / "sounds"


def prompt_path(name: str, language: str) -> Path:
    """The recording of prompt ``name`` in ``language`` (``take_card``, ``zh_CN``)."""
    return SOUNDS / f"{name}-{language}.wav"


class PromptPlayer:
    """Plays prompts with ``player`` (a command line; empty: no audio)."""

    def __init__(self, player: str) -> None:
        self.command = shlex.split(player)
        self._failed = False
        self._lock = threading.Lock()
        self.played: list[Path] = []  # what was handed to the player, in order

    @property
    def enabled(self) -> bool:
        """True while a player is configured and has not failed yet."""
        return bool(self.command) and not self._failed

    def play(self, name: str, language: str) -> None:
        """Start playing a prompt and return at once."""
        path = prompt_path(name, language)
        if not self.enabled:
            return
        if not path.is_file():
            self._give_up(f"prompt {path} is missing")
            return
        self.played.append(path)
        threading.Thread(
            target=self._run, args=(path,), name="prompt", daemon=True
        ).start()

    def _run(self, path: Path) -> None:
        try:
            done = subprocess.run(  # noqa: S603 - argv list, no shell
                [*self.command, str(path)],
                capture_output=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            self._give_up(f"{self.command[0]}: {exc}")
            return
        if done.returncode != 0:
            err = done.stderr.decode(errors="replace").strip().splitlines()
            self._give_up(
                f"{self.command[0]} exited with {done.returncode}: "
                + (err[-1] if err else "no message")
            )

    def _give_up(self, why: str) -> None:
        with self._lock:
            if self._failed:
                return
            self._failed = True
        log.warning("audio prompts off for this run: %s", why)
