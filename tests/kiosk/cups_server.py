# SPDX-License-Identifier: Apache-2.0
"""A private CUPS scheduler with one test queue, for the printing tests.

Starts ``cupsd`` on its own socket and configuration in a temporary folder
(the machine's CUPS, if any, is left alone) with one queue, ``ssc-test``,
whose backend keeps each job's document in ``out/`` instead of sending it to
paper. The kiosk reaches it through ``CUPS_SERVER``, exactly as it reaches a
real print server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SYSTEM_BIN = Path("/usr/lib/cups")
SBIN_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
QUEUE = "ssc-test"

BACKEND = """#!/bin/sh
# CUPS backend for tests: keeps each job's document in the folder of its URI.
if [ $# -eq 0 ]; then
  echo 'direct ssc-capture "Unknown" "ssc-kiosk test capture"'
  exit 0
fi
out="${DEVICE_URI#ssc-capture:}/job-$1"
if [ -n "$6" ]; then cat "$6" >"$out.part"; else cat >"$out.part"; fi
printf '%s' "$3" >"$out.title"
mv "$out.part" "$out.done"
"""

CUPSD_CONF = """Listen {socket}
LogLevel info
Browsing Off
WebInterface No
DefaultAuthType None
MaxJobs 50
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

FILES_CONF = """ServerRoot {root}
ServerBin {root}/bin
RequestRoot {root}/spool
TempDir {root}/spool
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
DataDir /usr/share/cups
{user}
"""


@dataclass(frozen=True, kw_only=True)
class CupsQueue:
    """The running scheduler: its socket, the queue's name and its jobs' folder."""

    socket: str
    name: str
    out: Path
    root: Path
    pid: int  # the scheduler's process

    def documents(self) -> list[Path]:
        """Each finished job's document, oldest first."""
        return sorted(self.out.glob("job-*.done"), key=lambda p: p.stat().st_mtime)

    def wait_for_documents(self, count: int, timeout: float = 20.0) -> list[Path]:
        """Wait until ``count`` jobs reached the backend."""
        deadline = time.monotonic() + timeout
        while len(self.documents()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.documents()

    def title(self, document: Path) -> str:
        """The job name the client gave ``document``."""
        return document.with_suffix(".title").read_text()

    def log(self) -> str:
        """The scheduler's error log (for assertion messages)."""
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace") if path.exists() else ""


def cupsd_path() -> str | None:
    """The scheduler binary, if CUPS (Debian cups-daemon) is installed."""
    return shutil.which("cupsd", path=SBIN_PATH) if SYSTEM_BIN.is_dir() else None


def _layout(root: Path, as_root: bool) -> Path:
    for sub in ("spool", "cache", "state", "log", "ppd", "out", "bin/backend"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for sub in ("filter", "daemon", "notifier", "cgi-bin", "monitor"):
        if (SYSTEM_BIN / sub).exists():
            (root / "bin" / sub).symlink_to(SYSTEM_BIN / sub)
    backend = root / "bin" / "backend" / "ssc-capture"
    backend.write_text(BACKEND)
    # cupsd runs backends that only root may change (0700: as root)
    backend.chmod(0o700 if as_root else 0o755)
    for path in (root, root / "bin", root / "bin" / "backend"):
        path.chmod(0o755)
    (root / "out").chmod(0o1777)  # the backend may run as the lp user
    return backend


@contextmanager
def private_cups(cupsd: str) -> Iterator[CupsQueue]:
    """Start a private cupsd with the ``ssc-test`` queue; stop it afterwards."""
    root = Path(tempfile.mkdtemp(prefix="ssc-cups-"))
    as_root = os.geteuid() == 0
    _layout(root, as_root)
    socket = str(root / "cups.sock")
    (root / "cupsd.conf").write_text(CUPSD_CONF.format(socket=socket))
    (root / "cups-files.conf").write_text(
        FILES_CONF.format(root=root, user="User lp\nGroup lp" if as_root else "")
    )
    env = {**os.environ, "CUPS_SERVER": socket}
    conf, files = root / "cupsd.conf", root / "cups-files.conf"
    daemon = subprocess.Popen(  # -f: stays in the foreground, our child
        [cupsd, "-f", "-c", str(conf), "-s", str(files)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    queue = CupsQueue(
        socket=socket, name=QUEUE, out=root / "out", root=root, pid=daemon.pid
    )
    try:
        _add_queue(queue, env, daemon)
        yield queue
    finally:
        daemon.terminate()
        try:
            daemon.wait(10)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        shutil.rmtree(root, ignore_errors=True)


def _add_queue(queue: CupsQueue, env: dict[str, str], daemon: subprocess.Popen) -> None:
    lpadmin = shutil.which("lpadmin", path=SBIN_PATH) or "lpadmin"
    deadline = time.monotonic() + 15
    while True:
        done = subprocess.run(
            [
                lpadmin,
                "-p",
                queue.name,
                "-E",
                "-v",
                f"ssc-capture:{queue.out}",
                "-m",
                "raw",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0:
            return
        if daemon.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(
                f"private cupsd did not take the queue: {done.stderr}\n{queue.log()}"
            )
        time.sleep(0.1)
