"""Import Great Expectations in a child process while the parent extracts.

``import great_expectations`` costs about three seconds, as much as extracting a small
corpus. On a machine with two cores the gate forks a child at start-up that imports GX,
then waits for the fact tables and runs the suites; the parent extracts meanwhile. Where
``fork`` is not available the suites run in-process as usual.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pandas as pd

from newsgate.errors import NewsgateError


class SuiteRunner:
    """Runs :func:`newsgate.validation.gx.run_suites`, in a pre-warmed child when it can."""

    def __init__(self, parallel: bool = True) -> None:
        self._conn: Connection | None = None
        self._proc: Any = None
        if parallel and "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self._conn, child = ctx.Pipe()
            self._proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="newsgate-gx")
            self._proc.start()
            child.close()

    def run(self, folder: Path, tables: Mapping[str, pd.DataFrame], data_docs_dir: Path | None = None) -> list[Any]:
        if self._conn is None:
            from newsgate.validation.gx import run_suites

            return run_suites(folder, tables, data_docs_dir)
        try:
            self._conn.send((folder, dict(tables), data_docs_dir))
            status, payload = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise RuntimeError(f"the Great Expectations worker died ({exc})") from None
        finally:
            self.close()
        if status == "error":
            raise NewsgateError(payload)
        if status == "crash":
            raise RuntimeError(f"the Great Expectations worker failed:\n{payload}")
        return list(payload)

    def close(self) -> None:
        """Stop the child (a gate that ends early never leaves it waiting)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._proc is not None:
            self._proc.join(timeout=5)
            if self._proc.is_alive():
                self._proc.terminate()
            self._proc = None


def _serve(conn: Connection) -> None:
    """The child: import GX now (the slow part), then run what the parent sends."""
    try:
        import great_expectations  # noqa: F401

        from newsgate.validation import expectations  # noqa: F401  (registers the custom expectations)
        from newsgate.validation.gx import run_suites

        try:
            folder, tables, docs = conn.recv()
        except EOFError:
            return  # the parent ended early
        conn.send(("ok", run_suites(folder, tables, docs)))
    except NewsgateError as exc:
        conn.send(("error", str(exc)))
    except BaseException:  # reported to the parent, which raises it
        conn.send(("crash", traceback.format_exc()))
    finally:
        conn.close()
