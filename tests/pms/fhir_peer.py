"""Start, kill and restart the FHIR test server (tests/pms/fhir_server) on 127.0.0.1.

The server's state lives in its journal file, so a SIGKILLed server restarted
on the same port holds every write it acknowledged; its request log counts the
posting requests that reached it, across kills.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.pms.fhir_seed import clinic_resources, to_json

SERVER_DIR = Path(__file__).resolve().parent / "fhir_server"
NODE = SERVER_DIR / "node_modules" / ".bin" / "node"
CLIENT_ID = "kiosk-test"
CLIENT_SECRET = "test-client-secret-6b1f"  # a test server's credential
POSTING_SYSTEM = "urn:clinicpay:test:payment"


class FhirPeer:
    def __init__(self, folder: Path, seed_patients: int = 320, token_ttl_s: int = 3600,
                 tls: tuple[Path, Path] | None = None, auth: bool = True) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.seed = folder / "seed.json"
        if not self.seed.exists():
            self.seed.write_text(to_json(clinic_resources(patients=seed_patients)))
        self.journal = folder / "journal.ndjson"
        self.request_log = folder / "requests.ndjson"
        self.token_ttl_s = token_ttl_s
        self.tls = tls
        self.auth = auth
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/fhir/R4"

    @property
    def token_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/oauth2/token" if self.auth else ""

    def start(self, timeout_s: float = 60) -> FhirPeer:
        if not NODE.exists():
            raise RuntimeError(f"{NODE} is missing: run ./scripts/test once to install it")
        args = [str(NODE), str(SERVER_DIR / "server.mjs"), "--port", str(self.port),
                "--seed", str(self.seed), "--journal", str(self.journal),
                "--request-log", str(self.request_log), "--client-id", CLIENT_ID,
                "--client-secret", CLIENT_SECRET, "--token-ttl", str(self.token_ttl_s)]
        if self.tls:
            args += ["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
        if not self.auth:
            args.append("--no-auth")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        cwd=SERVER_DIR)
        deadline = time.monotonic() + timeout_s
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # blocks until listening (or exit)
        if not line or time.monotonic() > deadline:
            error = self.process.stderr.read().decode() if self.process.stderr else ""
            self.process.kill()
            raise RuntimeError(f"FHIR test server did not start: {error[-2000:]}")
        self.port = int(json.loads(line)["port"])
        return self

    def kill(self) -> None:
        """SIGKILL: no goodbye, no flush beyond what the journal already holds."""
        if self.process is not None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
            self._close_pipes()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
            self._close_pipes()
            self.process = None

    def _close_pipes(self) -> None:
        assert self.process is not None
        for pipe in (self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()

    # -- what tests inspect ---------------------------------------------------------
    def _client(self) -> httpx.Client:
        verify: Any = str(self.tls[0]) if self.tls else True
        return httpx.Client(base_url=f"{self.scheme}://127.0.0.1:{self.port}", verify=verify,
                            timeout=120)

    def counts(self, system: str = POSTING_SYSTEM) -> dict[str, dict[str, int]]:
        """Records held per identifier value, per resource type."""
        with self._client() as client:
            answer: dict[str, dict[str, int]] = client.get(
                "/_test/counts", params={"system": system}).json()
        return answer

    def fault(self, mode: str = "none", delay_ms: int = 0) -> None:
        with self._client() as client:
            client.post("/_test/fault", json={"mode": mode, "delayMs": delay_ms})

    def posting_requests(self) -> list[dict[str, Any]]:
        if not self.request_log.exists():
            return []
        lines = self.request_log.read_text().splitlines()
        return [json.loads(line) for line in lines if line.strip()]


@contextmanager
def running(folder: Path, **options: Any) -> Iterator[FhirPeer]:
    peer = FhirPeer(folder, **options).start()
    try:
        yield peer
    finally:
        peer.stop()
