"""`daifa serve` restarts a dead task worker (issue #11, F4)."""

from __future__ import annotations

import subprocess
import sys
import time

from daifa.cli.serve import TaskWorkerSupervisor


def _sleeper():
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_a_killed_worker_is_started_again_and_stopped_with_the_server():
    supervisor = TaskWorkerSupervisor(_sleeper, interval=0.05, backoff=0.05).start()
    try:
        first = supervisor.process
        first.kill()  # as the OOM killer would
        deadline = time.monotonic() + 10
        while supervisor.process is first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert supervisor.process is not first and supervisor.restarts == 1
        assert supervisor.process.poll() is None
    finally:
        supervisor.stop()
    assert supervisor.process.poll() is not None
