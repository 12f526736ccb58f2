"""The real server for the HTTP benchmarks: gunicorn on loopback, started and stopped."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_server(url: str, port: int, workers: int, threads: int = 1) -> subprocess.Popen:
    """gunicorn serving rowad.wsgi on 127.0.0.1:`port` with DATABASE_URL=`url`, once it
    answers /healthz."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "false", "ROWAD_LOG_LEVEL": "ERROR"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "rowad.wsgi", "-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "error"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status < 500:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)
