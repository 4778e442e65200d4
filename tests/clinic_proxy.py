"""A relay between a workstation and the test's PostgreSQL server that a test breaks on cue.

What a clinic's network does on a bad day, on 127.0.0.1 and without stopping the session's
server (the other worker's tests use it):

- `cut()`: every connection through the relay ends and no new one gets through (a cable
  pulled, the server's machine gone); `restore()` lets connections through again;
- `cut_before(b"COMMIT")`: the next message naming it never reaches the server and the
  connection ends (the server rolls the transaction back);
- `drop_answer_to(b"COMMIT")`: the next message naming it reaches the server, which
  commits; its answer never reaches the workstation, and the connection ends. The one case
  a workstation cannot tell apart from the first, and the one idempotency keys are for.

The relay reads the protocol's message frames (it refuses TLS, so the frames are plain;
libpq's default `sslmode=prefer` then goes on without it). `tripped` is set once a cue
has done its work.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

from tests.clinic_server import free_port

_TLS_REQUESTS = {80877103, 80877104}  # SSLRequest, GSSENCRequest


def _read(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


class _Link:
    def __init__(self, client: socket.socket, server: socket.socket) -> None:
        self.client = client
        self.server = server
        self.dropping = False

    def close(self) -> None:
        for sock in (self.client, self.server):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()


class ClinicProxy:
    """Listens on 127.0.0.1:`port` and relays to the server on `target_port`."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.tripped = threading.Event()
        self._lock = threading.Lock()
        self._links: list[_Link] = []
        self._listener: socket.socket | None = None
        self._cue: tuple[str, bytes] | None = None
        self._after: bytes | None = None

    # --- life ----------------------------------------------------------------------------
    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=[listener], daemon=True).start()

    def cut(self) -> None:
        """Nothing gets through any more: open connections end, new ones are refused."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            links, self._links = self._links, []
        for link in links:
            link.close()

    def restore(self) -> None:
        if self._listener is None:
            self.start()

    stop = cut

    def url(self, database: str, user: str) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    # --- cues ----------------------------------------------------------------------------
    def cut_before(self, words: bytes, *, after: bytes | None = None) -> None:
        """`after`: only once a message naming it went through (the transaction to break)."""
        self.tripped.clear()
        self._after = after
        self._cue = ("cut", words)

    def drop_answer_to(self, words: bytes, *, after: bytes | None = None) -> None:
        self.tripped.clear()
        self._after = after
        self._cue = ("drop", words)

    # --- relaying ------------------------------------------------------------------------
    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            for sock in (client, server):  # frame by frame: no waiting for delayed ACKs
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            link = _Link(client, server)
            with self._lock:
                self._links.append(link)
            threading.Thread(target=self._upstream, args=[link], daemon=True).start()
            threading.Thread(target=self._downstream, args=[link], daemon=True).start()

    def _upstream(self, link: _Link) -> None:
        """Workstation to server: the start-up packet, then typed messages, cues checked."""
        try:
            while True:
                head = _read(link.client, 8)
                length, code = struct.unpack("!ii", head)
                if code in _TLS_REQUESTS:
                    link.client.sendall(b"N")
                    continue
                link.server.sendall(head + _read(link.client, length - 8))
                break
            while True:
                head = _read(link.client, 5)
                body = _read(link.client, struct.unpack("!i", head[1:])[0] - 4)
                cue = self._cue
                query = head[:1] in (b"Q", b"P")
                if cue is not None and query and self._after is not None:
                    if self._after in body:
                        self._after = None
                    cue = None
                if cue is not None and query and cue[1] in body:
                    self._cue = None
                    if cue[0] == "cut":
                        self.tripped.set()  # before the workstation can see the close
                        link.close()
                        return
                    link.dropping = True
                link.server.sendall(head + body)
        except (OSError, ConnectionError):
            link.close()

    def _downstream(self, link: _Link) -> None:
        """Server to workstation, frame by frame: a dropped answer ends at ReadyForQuery."""
        try:
            while True:
                head = _read(link.server, 5)
                body = _read(link.server, struct.unpack("!i", head[1:])[0] - 4)
                if not link.dropping:
                    link.client.sendall(head + body)
                elif head[:1] == b"Z":
                    self.tripped.set()  # before the workstation can see the close
                    link.close()
                    return
        except (OSError, ConnectionError):
            link.close()
