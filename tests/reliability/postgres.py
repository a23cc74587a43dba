"""A private PostgreSQL cluster for the reliability tests and bench/alarm_faults.py: its own data
directory, its own port on 127.0.0.1 and its own unix socket directory, so a test can restart it, or
kill it, in the middle of a fan-out without touching the machine's shared cluster (the one
DATABASE_URL names, which every other test and process on the machine uses).

It is tuned for throw-away data (fsync, synchronous_commit and full_page_writes off: a crash of the
machine loses it, a crash of PostgreSQL does not) and starts in a second or two. The binaries are
the newest installed PostgreSQL's (``PG_BIN`` to choose others). PostgreSQL refuses to run as root:
as root every command runs as the ``postgres`` user (``runuser -u postgres``), with the data
directory owned by it; as anyone else the commands run directly.

    pg = PrivatePostgres(tmp_path)
    pg.start()
    pg.create_database("app")
    url = pg.url("app")          # postgres://postgres@127.0.0.1:PORT/app
    down = pg.restart()          # seconds it did not answer
    pg.close()                   # stopped, and its directory removed
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from .harness import free_port


def _installed_bin() -> Path:
    """The newest installed PostgreSQL's binaries (Debian's layout: /usr/lib/postgresql/N/bin)."""
    versions = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()),
        key=lambda p: int(p.parent.name),
    )
    return versions[-1] if versions else Path("/usr/lib/postgresql/15/bin")


PG_BIN = Path(os.environ["PG_BIN"]) if os.environ.get("PG_BIN") else _installed_bin()
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "'128MB'",
    "logging_collector": "off",
    "log_min_messages": "warning",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PrivatePostgres:
    """One PostgreSQL cluster in ``directory / "data"``, listening only on 127.0.0.1 at a free port.

    As root, when the ``postgres`` user cannot reach ``directory`` (a 0700 temporary directory of
    root's, as pytest's are), the data directory is made in a temporary directory of its own and
    ``directory / "data"`` is a symlink to it; ``close`` removes both.
    """

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self._owner = pwd.getpwnam("postgres") if self.as_root else None
        self._own_dirs: list[Path] = []  # temporary directories of ours, removed by close()
        self._socket_dir: Path | None = None
        self.data = self.directory / "data"

    # --- running the binaries ------------------------------------------------------------------

    def _env(self, keep_auth: bool = False) -> dict:
        # No PG* variable of the caller's may send a command to another cluster (pg_dump of a source
        # keeps the caller's password settings: its URL names host, port and database).
        auth = ("PGPASSWORD", "PGPASSFILE", "PGSSLMODE", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG") or (keep_auth and k in auth)}
        env["LC_ALL"] = env.get("LC_ALL") or "C.UTF-8"
        return env

    def _command(self, *args: str) -> list[str]:
        binary = str(PG_BIN / args[0])
        if self.as_root:
            return ["runuser", "-u", "postgres", "--", binary, *args[1:]]
        return [binary, *args[1:]]

    def _run(self, *args: str, timeout: float = 60, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            self._command(*args),
            cwd="/",
            env=self._env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            start_new_session=True,  # a Ctrl-C in the terminal is the caller's to handle
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
            )
        return result

    def _mkdir_owned(self, path: Path) -> None:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self._owner is not None:
            os.chown(path, self._owner.pw_uid, self._owner.pw_gid)
        os.chmod(path, 0o700)

    def _postgres_reaches(self, path: Path) -> bool:
        if not self.as_root:
            return True
        command = ["runuser", "-u", "postgres", "--", "test", "-x", str(path)]
        return subprocess.run(command, cwd="/", capture_output=True).returncode == 0

    def _temporary_dir(self, prefix: str) -> Path:
        path = Path(tempfile.mkdtemp(prefix=prefix))
        self._own_dirs.append(path)
        if self._owner is not None:
            os.chown(path, self._owner.pw_uid, self._owner.pw_gid)
        return path

    # --- life cycle ----------------------------------------------------------------------------

    @property
    def initialised(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def _initialise(self) -> None:
        if self.data.is_symlink() or self.data.exists():
            if any(self.data.iterdir()):
                raise RuntimeError(f"{self.data} exists, is not empty and holds no cluster")
            self._mkdir_owned(self.data.resolve())  # an empty directory of the caller's: postgres's now
        elif self._postgres_reaches(self.directory):
            self._mkdir_owned(self.data)
        else:
            real = self._temporary_dir("samhandla-pgdata-") / "data"
            self._mkdir_owned(real)
            self.data.symlink_to(real, target_is_directory=True)
        self._run(
            "initdb",
            "-D",
            str(self.data.resolve()),
            "--auth=trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
            "--no-instructions",
        )
        with open(self.data / "postgresql.conf", "a") as fh:
            fh.write("\n# PrivatePostgres: the port and socket are written to private.conf at each start\n")
            for name, value in SETTINGS.items():
                fh.write(f"{name} = {value}\n")
            fh.write("include_if_exists = 'private.conf'\n")

    def _write_private_conf(self) -> None:
        # A short directory for the socket: its path must stay under the 107 bytes a socket may have.
        if self._socket_dir is None or not self._socket_dir.exists():
            self._socket_dir = self._temporary_dir("pgsock-")
        conf = self.data / "private.conf"
        conf.write_text(f"port = {self.port}\nunix_socket_directories = '{self._socket_dir}'\n")
        if self._owner is not None:
            os.chown(conf, self._owner.pw_uid, self._owner.pw_gid)

    def start(self) -> None:
        """Initialise the cluster if it is not yet, and start it; returns once it takes connections."""
        if not self.initialised:
            self._initialise()
        self._write_private_conf()
        if self.running:
            return
        self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(self.data.resolve()),
            "-l",
            str(self.data.resolve() / "server.log"),
            timeout=90,
        )
        self.wait_ready(30)

    def stop(self, mode: str = "fast") -> None:
        """``pg_ctl stop -m mode`` (smart, fast or immediate); nothing if it is not running."""
        if self.initialised and self.running:
            self._run(
                "pg_ctl", "stop", "-w", "-t", "60", "-m", mode, "-D", str(self.data.resolve()), timeout=90
            )

    def restart(self) -> float:
        """``pg_ctl restart -m fast``: every session is cut. Returns the seconds it was down, from the
        moment the stop began until a new connection is answered."""
        began = time.monotonic()
        self._run(
            "pg_ctl",
            "restart",
            "-w",
            "-t",
            "60",
            "-m",
            "fast",
            "-D",
            str(self.data.resolve()),
            "-l",
            str(self.data.resolve() / "server.log"),
            timeout=90,
        )
        self.wait_ready(30)
        return time.monotonic() - began

    def kill(self) -> None:
        """SIGKILL the postmaster and every process of it, as a crash would; ``start`` again recovers."""
        pid = self.pid
        if pid is None:
            return
        children = _children(pid)
        for each in [pid, *children]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(each, signal.SIGKILL)
        processes = [pid, *children]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_exists(p) for p in processes):
            time.sleep(0.05)
        if any(_alive(p) for p in processes):
            raise RuntimeError(f"private PostgreSQL (postmaster {pid}) survived SIGKILL")
        if _exists(pid):
            # Dead but not yet reaped: PostgreSQL would take the zombie for a running postmaster.
            (self.data / "postmaster.pid").unlink(missing_ok=True)

    def close(self) -> None:
        """Stop it (immediately: nothing here is worth a checkpoint) and remove its data directory
        (and ``directory`` itself when nothing else is left in it)."""
        try:
            if self.initialised and self.running:
                try:
                    self.stop("immediate")
                except (RuntimeError, subprocess.TimeoutExpired):
                    self.kill()
        finally:
            if self.data.is_symlink():
                self.data.unlink()
            shutil.rmtree(self.data, ignore_errors=True)
            for path in self._own_dirs:
                shutil.rmtree(path, ignore_errors=True)
            self._own_dirs.clear()
            with contextlib.suppress(OSError):
                self.directory.rmdir()  # only if empty: the rest of it is the caller's

    # --- state ---------------------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        try:
            first = (self.data / "postmaster.pid").read_text().split("\n", 1)[0]
        except (OSError, IndexError):
            return None
        return int(first) if first.strip().isdigit() else None

    @property
    def running(self) -> bool:
        pid = self.pid
        return pid is not None and _alive(pid)

    def ready(self) -> bool:
        """Does it take a connection now?"""
        try:
            import psycopg2
        except ImportError:  # pg_isready then (a process per call: slower, but the same answer)
            command = [str(PG_BIN / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port), "-t", "1"]
            return subprocess.run(command, env=self._env(), capture_output=True).returncode == 0
        try:
            psycopg2.connect(self.url("postgres"), connect_timeout=1).close()
            return True
        except psycopg2.OperationalError:
            return False

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self.ready():
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"private PostgreSQL on port {self.port} did not answer:\n{self.log_tail()}"
                )
            time.sleep(0.02)

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = (self.data / "server.log").read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    # --- databases -----------------------------------------------------------------------------

    def url(self, dbname: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def execute(self, sql: str, dbname: str = "postgres") -> None:
        """One statement outside a transaction (CREATE/DROP DATABASE)."""
        self._run("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(dbname), "-c", sql)

    def create_database(self, name: str, template: str | None = None) -> str:
        """CREATE DATABASE ``name`` (a copy of ``template`` if given, which no session may be
        connected to); returns its URL."""
        sql = f"CREATE DATABASE {_quote(name)}"
        if template:
            sql += f" TEMPLATE {_quote(template)}"
        self.execute(sql)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")

    def copy_from(self, source_url: str, dbname: str) -> str:
        """A new database ``dbname`` here with what ``source_url`` holds (pg_dump | psql); returns its
        URL. The source is only read."""
        self.create_database(dbname)
        dump_command = [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges", "-d", source_url]
        restore = self._command("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(dbname))
        env = self._env()
        with subprocess.Popen(
            dump_command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self._env(keep_auth=True),
            cwd="/",
            start_new_session=True,
        ) as dump:
            loaded = subprocess.run(
                restore,
                stdin=dump.stdout,
                capture_output=True,
                text=True,
                env=env,
                cwd="/",
                start_new_session=True,
            )
            dump.stdout.close()
            dump_errors = dump.stderr.read().decode(errors="replace")
            dump.wait()
        if dump.returncode != 0:
            raise RuntimeError(f"pg_dump of {source_url} failed ({dump.returncode}):\n{dump_errors}")
        if loaded.returncode != 0:
            raise RuntimeError(f"loading into {dbname} failed ({loaded.returncode}):\n{loaded.stderr}")
        return self.url(dbname)

    def __enter__(self) -> PrivatePostgres:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _exists(pid: int) -> bool:
    """A process with this pid exists, if only as a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes.
    with contextlib.suppress(OSError):
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    return True


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found
