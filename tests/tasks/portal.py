"""A portal installation driven from outside, as production runs it: ``manage.py`` commands and ``db_worker``
processes with their own environment. Shared by the mail and mail-out kill harnesses (``mail_kill.py``,
``mailout_kill.py``) and the tests that reuse them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ManagedPortal:
    """``manage.py`` and worker processes with ``settings`` (environment variables) over this environment."""

    def __init__(self, settings: dict[str, str]) -> None:
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "secaction.settings",
            "DEBUG": "1",
            "TASKS_IMMEDIATE": "0",
            # The periodic mail sweeper (started by migrate) stays out of the way unless a harness sweeps.
            "MAIL_SWEEP_SECONDS": "3600",
            "PYTHONPATH": str(ROOT / "src"),
            **settings,
        }
        self.processes: list[subprocess.Popen[bytes]] = []

    def manage(self, *args: str, timeout: int = 120, **env: str) -> str:
        """Run a management command; its stderr's end is in the error when it fails."""
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def python(self, code: str, **env: Any) -> str:
        return self.manage("shell", "--no-imports", "-c", code, **env)

    def spawn_worker(self, *queues_and_options: str) -> subprocess.Popen[bytes]:
        """Start ``db_worker`` with these arguments (after the fast-poll defaults); it is stopped by ``stop``."""
        args = ["db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.05", *queues_and_options]
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        """End every worker this harness started that is still running (a failed run must not leave any)."""
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()
