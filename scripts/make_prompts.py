# SPDX-License-Identifier: Apache-2.0
"""Record the kiosk's spoken prompts (kiosk/assets/sounds/*.wav) with espeak-ng.

Each prompt is a two-tone chime followed by the sentence, 16-bit mono WAV at
espeak-ng's 22,050 Hz. The files are committed; run this again (Debian
package ``espeak-ng``) after changing a sentence::

    python3 scripts/make_prompts.py
"""

from __future__ import annotations

import io
import math
import shutil
import struct
import subprocess  # noqa: S404 - espeak-ng with fixed arguments
import wave
from pathlib import Path

SOUNDS = Path(__file__).resolve().parent.parent / "kiosk" / "assets" / "sounds"
RATE = 22_050
# (file stem, espeak-ng voice, words per minute, sentence)
PROMPTS = (
    ("take_card-zh_CN", "cmn", 150, "请取走您的社保卡。"),
    ("take_card-en", "en-gb", 150, "Please take your card."),
)


def chime() -> bytes:
    """Two soft tones (880 Hz then 660 Hz), faded in and out, then a pause."""
    frames = bytearray()
    for freq in (880.0, 660.0):
        count = int(RATE * 0.22)
        for n in range(count):
            fade = min(1.0, n / 400, (count - n) / 1500)
            value = 0.35 * fade * math.sin(2 * math.pi * freq * n / RATE)
            frames += struct.pack("<h", int(value * 32767))
    return bytes(frames) + bytes(2 * int(RATE * 0.25))


def speech(voice: str, speed: int, text: str) -> bytes:
    """espeak-ng's 16-bit mono frames for ``text``."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise SystemExit("espeak-ng is not installed (Debian package espeak-ng)")
    wav = subprocess.run(  # noqa: S603 - fixed program, our own sentences
        [espeak, "-v", voice, "-s", str(speed), "--stdout", text],
        check=True,
        capture_output=True,
    ).stdout
    with wave.open(io.BytesIO(wav)) as reader:
        if reader.getframerate() != RATE or reader.getsampwidth() != 2:
            raise SystemExit(f"espeak-ng gave an unexpected format for {voice}")
        return reader.readframes(reader.getnframes())


def main() -> None:
    SOUNDS.mkdir(parents=True, exist_ok=True)
    for stem, voice, speed, text in PROMPTS:
        path = SOUNDS / f"{stem}.wav"
        with wave.open(str(path), "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(RATE)
            writer.writeframes(chime() + speech(voice, speed, text))
        print(f"{path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
