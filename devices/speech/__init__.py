"""Speech: text to a WAV file with pyttsx3 (espeak-ng on Linux), played interruptibly.

pyttsx3's own playback cannot be interrupted on Linux (it shells out to
aplay and ``runAndWait`` blocks), so the engine only synthesises, to a WAV
file (tens of milliseconds), and a player plays it: Qt Multimedia in the
kiosk, aplay headless. A new utterance stops the one playing.
"""

from devices.speech.speaker import WavSpeaker
from devices.speech.transcript import TranscriptSpeaker

__all__ = ["TranscriptSpeaker", "WavSpeaker"]
