"""A throwaway PostgreSQL server for tests of SQL sources and their secrets.

The server runs from Debian's postgresql package as the ``postgres`` user,
listens on loopback only, checks passwords (scram-sha-256), and is removed
when the tests end.
"""

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A running server: ``admin_url`` to set it up, ``url_for`` for a reader."""

    def __init__(self, folder: Path, port: int, admin_password: str):
        self.folder = folder
        self.port = port
        self.admin_url = (
            f"postgresql+psycopg://admin:{admin_password}@127.0.0.1:{port}/postgres"
        )

    def url_for(self, user: str, database: str) -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"


def start_server():
    """Start a server, or skip (fail on CI) when PostgreSQL is not installed."""
    binaries = _binaries()
    if binaries is None or os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is missing: .ci/run installs Debian's postgresql")
        pytest.skip("PostgreSQL server binaries are not installed")
    account = pwd.getpwnam("postgres")
    folder = Path(tempfile.mkdtemp(prefix="segkit-pg-"))
    os.chown(folder, account.pw_uid, account.pw_gid)
    admin_password = secrets.token_hex(8)
    password_file = folder / "admin-password"
    password_file.write_text(admin_password)
    os.chown(password_file, account.pw_uid, account.pw_gid)

    def as_postgres(*command):
        subprocess.run(
            [str(binaries / command[0]), *command[1:]],
            user="postgres",
            check=True,
            capture_output=True,
            cwd=folder,
        )

    port = _free_port()
    as_postgres(
        "initdb", "-D", str(folder / "data"), "-U", "admin",
        f"--pwfile={password_file}", "--auth=scram-sha-256",
    )  # fmt: skip
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    as_postgres(
        "pg_ctl", "-D", str(folder / "data"), "-o", options,
        "-l", str(folder / "log"), "-w", "start",
    )  # fmt: skip
    server = Server(folder, port, admin_password)

    def stop():
        as_postgres("pg_ctl", "-D", str(folder / "data"), "-m", "fast", "stop")
        shutil.rmtree(folder, ignore_errors=True)

    return server, stop
