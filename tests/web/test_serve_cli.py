"""``lca serve`` as a subprocess: where it listens, what it warns about, what it refuses."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

pytest.importorskip("uvicorn", reason="the web extra is not installed (pip install 'lca[web]')")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, timeout: float = 90) -> urllib.request.addinfourl:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except urllib.error.HTTPError:
            raise
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"lca serve did not answer: {process.communicate()[1]}")
            time.sleep(0.3)


def test_listening_beyond_this_computer_warns_and_answers_any_host_name():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "lca.cli", "serve", "--host", "0.0.0.0", "--port", str(port), "--lang", "en"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with _wait(f"http://127.0.0.1:{port}/", process) as response:
            assert response.status == 200
            assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
            assert response.headers.get("Server") is None  # no server banner
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert "lca: warning: listening on 0.0.0.0: anyone who can reach this computer" in err


def test_the_default_listens_on_this_computer_only_and_refuses_other_host_names():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "lca.cli", "serve", "--port", str(port), "--lang", "en"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with _wait(f"http://127.0.0.1:{port}/", process) as response:
            assert response.status == 200
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": "evil.example"})
        with pytest.raises(urllib.error.HTTPError, match="400"):
            urllib.request.urlopen(request, timeout=10)
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert f"the page is at http://127.0.0.1:{port}/" in err
    assert "warning" not in err


@pytest.mark.parametrize("value", ["0", "-1", "5000"])
def test_a_bad_upload_limit_is_refused(value):
    done = subprocess.run(
        [sys.executable, "-m", "lca.cli", "serve", "--max-upload", value, "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--max-upload must be between 0 and 1024 MB" in done.stderr
