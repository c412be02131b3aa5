"""pyttsx3 on its own thread: one engine per process, used only from that thread."""

from __future__ import annotations

import logging
import queue
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Preferred espeak-ng voices by language (Latin American Spanish for US clinics).
DEFAULT_VOICES = {"en": "en-us", "es": "es-419"}


@dataclass(frozen=True)
class Utterance:
    text: str
    language: str
    generation: int


class Synthesizer:
    """Turns text into WAV files on a worker thread; never blocks the caller."""

    def __init__(self, voices: dict[str, str] | None = None, rate_wpm: int = 170,
                 volume_percent: int = 90, folder: Path | None = None) -> None:
        self.voices = {**DEFAULT_VOICES, **(voices or {})}
        self.rate_wpm = rate_wpm
        self.volume_percent = volume_percent
        self.folder = folder or Path(tempfile.mkdtemp(prefix="clinicpay-speech-"))
        self._queue: queue.Queue[tuple[Utterance, Callable[[Utterance, Path], None]] | None] = \
            queue.Queue()
        self._engine: Any = None
        self._voice_ids: dict[str, str] = {}
        self._error = ""
        self._ready = threading.Event()
        self._counter = 0
        self._thread = threading.Thread(target=self._loop, name="speech-synth", daemon=True)
        self._thread.start()

    def submit(self, utterance: Utterance, done: Callable[[Utterance, Path], None]) -> None:
        self._queue.put((utterance, done))

    def wait_ready(self, timeout: float = 10) -> str:
        """"" when the engine works, else why not (for probe())."""
        if not self._ready.wait(timeout):
            return "the speech engine did not start in time"
        return self._error

    def voice_for(self, language: str) -> str:
        return self._voice_ids.get(language.split("-")[0], "")

    def _start_engine(self) -> None:
        try:
            import pyttsx3

            engine = pyttsx3.init()
            voices = engine.getProperty("voices")
            for language, wanted in self.voices.items():
                for voice in voices:
                    names = [str(n).lower() for n in getattr(voice, "languages", [])]
                    if wanted.lower() in names or str(voice.id).lower().endswith("/" + wanted):
                        self._voice_ids[language] = voice.id
                        break
            engine.setProperty("rate", self.rate_wpm)
            engine.setProperty("volume", self.volume_percent / 100)
            self._engine = engine
            missing = [lang for lang in self.voices if lang not in self._voice_ids]
            if missing:
                self._error = f"no voice for {', '.join(missing)}"
        except Exception as exc:  # no espeak-ng library, no driver: say why, stay silent
            self._error = f"speech engine unavailable: {exc.__class__.__name__}: {exc}"
            log.warning("%s", self._error)
        finally:
            self._ready.set()

    def _loop(self) -> None:
        self._start_engine()
        while True:
            item = self._queue.get()
            if item is None:
                return
            utterance, done = item
            if self._engine is None:
                continue
            try:
                path = self._synthesize(utterance)
            except Exception:
                log.exception("speech synthesis failed")
                continue
            done(utterance, path)

    def _synthesize(self, utterance: Utterance) -> Path:
        self._counter += 1
        path = self.folder / f"utterance-{self._counter % 8}.wav"  # a small ring of files
        voice = self.voice_for(utterance.language)
        if voice:
            self._engine.setProperty("voice", voice)
        self._engine.save_to_file(utterance.text, str(path))
        self._engine.runAndWait()
        return path

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)
