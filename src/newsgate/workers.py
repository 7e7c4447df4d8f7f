"""Work that gets ready before it is needed: a child process forked at start-up does the slow
part of a later stage (importing Great Expectations, loading the NLP model) while the parent
reads the corpus, then serves the one request the parent sends it.

Where ``fork`` is not available, or when asked not to fork, the same work runs in-process
when the request comes. Errors come back to the parent: a NewsgateError as itself (one line
for the user), anything else as a RuntimeError carrying the child's traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from newsgate.errors import NewsgateError


class Prewarmed:
    """``serve(request)`` in a child that ran ``warm()`` first, while the parent went on."""

    def __init__(
        self, name: str, warm: Callable[[], None], serve: Callable[[Any], Any], fork: bool = True, niceness: int = 0
    ) -> None:
        """``niceness``: how far below the parent the child runs (``os.nice``), for work that is
        needed late and should not take a core from work needed sooner."""
        self._name, self._warm, self._serve, self._niceness = name, warm, serve, niceness
        self._conn: Connection | None = None
        self._proc: Any = None
        self._answered = False
        if fork and "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self._conn, child = ctx.Pipe()
            self._proc = ctx.Process(target=self._child, args=(child,), daemon=True, name=f"newsgate-{name}")
            self._proc.start()
            child.close()

    def call(self, request: Any) -> Any:
        """The answer to ``request`` (the child is done afterwards: one request each)."""
        if self._proc is None:
            self._warm()
            return self._serve(request)
        assert self._conn is not None
        try:
            self._conn.send(request)
            status, payload = self._conn.recv()
            self._answered = True
        except (EOFError, OSError) as exc:
            raise RuntimeError(f"the {self._name} worker died ({exc})") from None
        finally:
            self.close()
        if status == "error":
            raise NewsgateError(payload)
        if status == "crash":
            raise RuntimeError(f"the {self._name} worker failed:\n{payload}")
        return payload

    def close(self) -> None:
        """Stop the child: it ends by itself once it has answered; unused, it is not waited for."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._proc is not None:
            if not self._answered:
                self._proc.terminate()  # still warming up, perhaps: its work is not wanted
            self._proc.join(timeout=5)
            if self._proc.is_alive():
                self._proc.kill()
            self._proc = None

    def _child(self, conn: Connection) -> None:
        try:
            if self._niceness:
                os.nice(self._niceness)
            self._warm()
            try:
                request = conn.recv()
            except EOFError:
                return  # the parent did not need it
            conn.send(("ok", self._serve(request)))
        except NewsgateError as exc:
            conn.send(("error", str(exc)))
        except BaseException:  # reported to the parent, which raises it
            conn.send(("crash", traceback.format_exc()))
        finally:
            conn.close()
