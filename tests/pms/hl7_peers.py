"""Two independently written HL7 v2 MLLP receivers, run on 127.0.0.1 by the tests.

- :class:`PythonHl7Receiver`: python-hl7's asyncio MLLP server, which keeps the
  connection open between messages. It records by MSH-10 (a resend is
  acknowledged but not recorded twice, as a real receiver de-duplicates) and
  can be told to misbehave: drop the connection before or after processing,
  answer for another message, stay silent, or refuse a patient.
- :class:`Hl7apyReceiver`: hl7apy's threaded MLLP server, which closes the
  connection after every message, so every second send meets a closed socket.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import hl7
import hl7.mllp
from hl7apy.core import Message as ApyMessage
from hl7apy.mllp import AbstractHandler, MLLPServer
from hl7apy.parser import parse_message


class PythonHl7Receiver:
    def __init__(self) -> None:
        self.received: list[str] = []  # MSH-10 of every delivery, resends included
        self.recorded: dict[str, str] = {}  # MSH-10 -> the message, recorded once
        self.duplicates = 0  # deliveries of an MSH-10 already recorded (dropped)
        self.connections = 0
        self.refuse: dict[str, tuple[str, str]] = {}  # patient id -> (AE|AR, reason)
        self.script: list[str] = []  # next behaviours: drop_before, drop_after, wrong_id, silent
        self._loop = asyncio.new_event_loop()
        self._server: Any = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.port = 0

    def start(self) -> PythonHl7Receiver:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        self._server = future.result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _start(self) -> Any:
        return await hl7.mllp.start_hl7_server(self._client, host="127.0.0.1", port=0)

    async def _client(self, reader: Any, writer: Any) -> None:
        self.connections += 1
        try:
            while not reader.at_eof():
                message = await reader.readmessage()
                control = str(message.segment("MSH")(10))
                self.received.append(control)
                action = self.script.pop(0) if self.script else "ack"
                if action == "drop_before":
                    break
                patient = str(message.segment("PID")(3)).split("^")[0]
                code, reason = self.refuse.get(patient, ("AA", ""))
                if code == "AA" and control in self.recorded:
                    self.duplicates += 1
                elif code == "AA":
                    self.recorded[control] = str(message)
                if action == "drop_after":
                    break
                if action == "silent":
                    await asyncio.sleep(30)
                    break
                ack = message.create_ack(ack_code=code)
                text = str(ack)
                if action == "wrong_id":
                    text = text.replace(f"|{control}", "|SOMEONEELSE01")
                if reason:
                    text = text.rstrip("\r") + f"|{reason}\rERR|||207^Application internal " \
                           f"error^HL70357|E||||{reason}"
                writer.writemessage(hl7.parse(text))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    def stop(self) -> None:
        async def close() -> None:
            self._server.close()
            current = asyncio.current_task()
            pending = [t for t in asyncio.all_tasks() if t is not current]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


class _DftHandler(AbstractHandler):  # type: ignore[misc]
    def __init__(self, message: str, receiver: Hl7apyReceiver) -> None:
        super().__init__(message)
        self.receiver = receiver

    def reply(self) -> str:
        parsed = parse_message(self.incoming_message, find_groups=False)
        control = parsed.msh.msh_10.value
        with self.receiver.lock:
            self.receiver.received.append(control)
            self.receiver.parsed[control] = parsed
        ack = ApyMessage("ACK", version=parsed.msh.msh_12.value)
        ack.msh.msh_3 = parsed.msh.msh_5.value or "RECEIVER"
        ack.msh.msh_5 = parsed.msh.msh_3.value
        ack.msh.msh_9 = "ACK^P03^ACK"
        ack.msh.msh_10 = f"R{control[:19]}"
        ack.msa.msa_1 = "AA"
        ack.msa.msa_2 = control
        result: str = ack.to_mllp()
        return result


class Hl7apyReceiver:
    def __init__(self) -> None:
        self.received: list[str] = []
        self.parsed: dict[str, Any] = {}
        self.lock = threading.Lock()
        handlers = {"DFT^P03": (_DftHandler, self), "DFT^P03^DFT_P03": (_DftHandler, self)}
        self.server = MLLPServer("127.0.0.1", 0, handlers, timeout=5)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> Hl7apyReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(10)
