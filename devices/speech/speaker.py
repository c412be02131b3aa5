"""The Speaker port on a synthesiser and an interruptible player."""

from __future__ import annotations

import threading
from pathlib import Path

from devices.speech.players import Player
from devices.speech.synth import Synthesizer, Utterance
from kiosk.ports.health import Health


class WavSpeaker:
    name = "pyttsx3"

    def __init__(self, synthesizer: Synthesizer, player: Player) -> None:
        self.synthesizer = synthesizer
        self.player = player
        self._generation = 0
        self._lock = threading.Lock()

    def say(self, text: str, language: str, interrupt: bool = True) -> None:
        """Returns at once; a newer ``say`` with ``interrupt`` cuts this one off."""
        if not text.strip():
            return
        with self._lock:
            if interrupt:
                self._generation += 1
                self.player.stop()
            generation = self._generation
        self.synthesizer.submit(Utterance(text, language, generation), self._ready)

    def _ready(self, utterance: Utterance, path: Path) -> None:
        with self._lock:
            if utterance.generation != self._generation:
                return  # interrupted while it was being synthesised
        self.player.play(path)

    def stop(self) -> None:
        with self._lock:
            self._generation += 1
        self.player.stop()

    def probe(self) -> Health:
        problem = self.synthesizer.wait_ready()
        return Health.bad(problem) if problem else Health.good(
            "speech: " + ", ".join(f"{k}={v}" for k, v in self.synthesizer.voices.items()))

    def close(self) -> None:
        self.stop()
        self.synthesizer.close()
