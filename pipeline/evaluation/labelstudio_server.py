"""Running Label Studio for the project and talking to it through its HTTP API.

Label Studio is no dependency of the package: `make annotate` installs it in its own
virtualenv (`.venv-labelstudio/`), and this module starts that installation's
`label-studio` as a child process bound to 127.0.0.1, with sign-up closed and one
user whose password and API token are generated per installation and kept in a file
only its owner may read. Everything else goes through the documented REST API
(`Authorization: Token ...`): create a project, import tasks, export them.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

STARTUP_TIMEOUT_S = 600   # the first start runs the database migrations (about 2 minutes on 2 cores)


class LabelStudioError(RuntimeError):
    """Label Studio could not be started or refused a request; the message says which."""


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    token: str

    @classmethod
    def generate(cls) -> "Login":
        return cls("annotator@localhost.invalid", secrets.token_urlsafe(18), secrets.token_hex(20))


def load_or_create_login(path: Path) -> Login:
    """The installation's login: read from `path`, or generated and written there with
    owner-only permissions (0600) on first use. No password lives in the repository."""
    path = Path(path)
    if path.exists():
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        return Login(**json.loads(path.read_text(encoding="utf-8")))
    path.parent.mkdir(parents=True, exist_ok=True)
    login = Login.generate()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(asdict(login), out, indent=1)
    return login


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _exit_on_term(signum, frame) -> None:
    raise SystemExit(128 + signum)


class Server:
    """One `label-studio start` child process; a context manager that always stops it."""

    def __init__(self, ls_bin: Path, data_dir: Path, login: Login, port: int | None = None):
        self.ls_bin, self.data_dir, self.login = Path(ls_bin), Path(data_dir), login
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.data_dir / "server.log"
        self.process: subprocess.Popen | None = None

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "LABEL_STUDIO_USERNAME": self.login.email,
            "LABEL_STUDIO_PASSWORD": self.login.password,
            "LABEL_STUDIO_USER_TOKEN": self.login.token,
            "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            "LABEL_STUDIO_BASE_DATA_DIR": str(self.data_dir),
            "LABEL_STUDIO_COLLECT_ANALYTICS": "false",
        })
        return env

    def start(self) -> "Server":
        if not self.ls_bin.is_file():
            raise LabelStudioError(f"no Label Studio at {self.ls_bin}; `make annotate` installs it "
                                   "in its own virtualenv (.venv-labelstudio/)")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [str(self.ls_bin), "start", "--no-browser", "--internal-host", "127.0.0.1",
                   "--port", str(self.port), "--data-dir", str(self.data_dir), "--enable-legacy-api-token"]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, env=self._env(), stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT_S) -> None:
        """Until the API answers; a server that exits or stays silent is an error with its log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LabelStudioError(f"Label Studio exited with status {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/version", timeout=5) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(2)
        raise LabelStudioError(f"Label Studio did not answer on {self.url} within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """SIGTERM to the server's own process group, SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def __enter__(self) -> "Server":
        # The server runs in its own session, so a SIGTERM to this process (a CI time-out, a
        # `kill`) would orphan it: turn it into an exit that passes through __exit__.
        self._previous = signal.signal(signal.SIGTERM, _exit_on_term)
        return self.start()

    def __exit__(self, *exc) -> None:
        try:
            self.stop()
        finally:
            signal.signal(signal.SIGTERM, self._previous)


class Api:
    """The few REST calls the project needs, authenticated with the user's token."""

    def __init__(self, url: str, token: str):
        self.url, self.token = url.rstrip("/"), token

    def request(self, method: str, path: str, body=None, timeout: float = 300):
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method, headers={
            "Authorization": f"Token {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace")[:2000]
            raise LabelStudioError(f"{method} {path}: HTTP {err.code}: {detail}") from None

    def find_project(self, title: str) -> int | None:
        found = self.request("GET", f"/api/projects?title={urllib.request.quote(title)}&page_size=100")
        return next((p["id"] for p in found.get("results", []) if p.get("title") == title), None)

    def create_project(self, title: str, label_config: str) -> int:
        return self.request("POST", "/api/projects", {"title": title, "label_config": label_config})["id"]

    def import_tasks(self, project: int, tasks: list[dict]) -> dict:
        return self.request("POST", f"/api/projects/{project}/import", tasks)

    def export(self, project: int) -> list[dict]:
        """Every task with its annotations and predictions, in Label Studio's JSON format."""
        return self.request("GET", f"/api/projects/{project}/export?exportType=JSON&download_all_tasks=true")

    def predictions(self, project: int) -> dict[int, list[dict]]:
        """Prediction results by task id (the JSON export names predictions by id only)."""
        found = self.request("GET", f"/api/predictions?project={project}")
        return {p["task"]: p["result"] for p in found}
