"""The serial link on a real pty against a hand-driven peer, and the TCP link on loopback."""

from __future__ import annotations

import os
import socket
import threading
import tty
from collections.abc import Iterator

import pytest

from devices.zvt.framing import ACK, NAK, EventKind, FrameDecoder, encode_frame
from devices.zvt.links import SerialLink, TcpLink
from devices.zvt.streams import (
    FdStream,
    LinkGarbled,
    LinkRefused,
    LinkTimeout,
    SerialStream,
    SocketStream,
)


class Peer:
    """The far end of a pty, driven byte by byte by the test."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.stream = FdStream(self.master)
        self.decoder = FrameDecoder()

    def frames(self, count: int, timeout: float = 2.0) -> list[bytes]:
        got: list[bytes] = []
        while len(got) < count:
            data = self.stream.read(4096, timeout)
            if not data:
                break
            got += [e.apdu for e in self.decoder.feed(data) if e.kind is EventKind.FRAME]
        return got

    def close(self) -> None:
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def peer() -> Iterator[Peer]:
    p = Peer()
    yield p
    p.close()


def _link(path: str) -> SerialLink:
    return SerialLink(SerialStream(path), inter_byte_timeout=0.2, ack_timeout=0.5)


def test_opening_a_pty_survives_the_missing_modem_lines(peer: Peer) -> None:
    stream = SerialStream(peer.path)
    assert stream.line_control is False  # DTR/RTS refused by the pty, and that is fine
    stream.close()


def test_nak_makes_the_sender_repeat_up_to_three_times(peer: Peer) -> None:
    link = _link(peer.path)

    def answer(naks: int) -> None:
        for _ in range(naks):
            peer.frames(1)
            peer.stream.write(bytes((NAK,)))
        peer.frames(1)
        peer.stream.write(bytes((ACK,)))

    helper = threading.Thread(target=answer, args=(3,))
    helper.start()
    link.send(b"\x06\x01\x00")
    helper.join()
    assert link.counters["resends"] == 3

    sent: list[bytes] = []

    def refuse_all() -> None:
        for _ in range(4):
            sent.extend(peer.frames(1))
            peer.stream.write(bytes((NAK,)))

    helper = threading.Thread(target=refuse_all)
    helper.start()
    with pytest.raises(LinkRefused, match="refused \\(NAK\\) 4 times"):
        link.send(b"\x06\x01\x00")
    helper.join()
    assert sent == [b"\x06\x01\x00"] * 4  # the first send and exactly three repeats
    link.close()


def test_no_ack_is_a_timeout(peer: Peer) -> None:
    link = _link(peer.path)
    with pytest.raises(LinkTimeout, match="no ACK"):
        link.send(b"\x05\x01\x03\x00\x00\x00")
    link.close()


def test_a_corrupted_frame_is_answered_with_nak_and_the_repeat_accepted(peer: Peer) -> None:
    link = _link(peer.path)
    good = encode_frame(b"\x04\xff\x01\x0a")
    peer.stream.write(good[:-1] + bytes((good[-1] ^ 0xFF,)))
    answers: list[bytes] = []

    def repeat_after_nak() -> None:
        answers.append(peer.stream.read(1, 2.0))
        peer.stream.write(good)
        answers.append(peer.stream.read(1, 2.0))

    helper = threading.Thread(target=repeat_after_nak)
    helper.start()
    assert link.recv(3.0) == b"\x04\xff\x01\x0a"
    helper.join()
    assert answers == [bytes((NAK,)), bytes((ACK,))]
    link.close()


def test_a_frame_that_stalls_is_dropped_with_nak(peer: Peer) -> None:
    link = _link(peer.path)
    peer.stream.write(encode_frame(b"\x80\x00\x00")[:4])  # then nothing
    with pytest.raises(LinkTimeout):
        link.recv(0.6)
    assert peer.stream.read(1, 1.0) == bytes((NAK,))
    link.close()


def test_tcp_link_carries_bare_apdus_split_anyhow() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    client = TcpLink(SocketStream.connect("127.0.0.1", port, 2.0), inter_byte_timeout=0.3)
    connection, _ = server.accept()
    long_apdu = b"\x06\xd3\xff\x2c\x01" + bytes(300)
    for piece in (b"\x80", b"\x00\x00\x04\xff", b"\x01\x0a" + long_apdu[:7], long_apdu[7:]):
        connection.sendall(piece)
    assert client.recv(2.0) == b"\x80\x00\x00"
    assert client.recv(2.0) == b"\x04\xff\x01\x0a"
    assert client.recv(2.0) == long_apdu
    client.send(b"\x80\x00\x00")
    assert connection.recv(10) == b"\x80\x00\x00"  # no frame, no ACK byte
    with pytest.raises(LinkTimeout):
        client.recv(0.2)
    connection.sendall(b"\x04\x0f\x10\x27")  # 16 data bytes announced, 1 sent, then nothing
    with pytest.raises(LinkGarbled, match="stopped after 4 bytes"):
        client.recv(2.0)
    client.close()
    connection.close()
    server.close()
