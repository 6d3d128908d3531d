"""The built site served by the real nginx, with the server block the build generated.

    python scripts/local_nginx.py [site_dir] [port]

Builds nothing: build first with the address and folder nginx will use, e.g.

    NGINX_LISTEN=127.0.0.1:8080 NGINX_ROOT=$PWD/site NGINX_BROTLI=true mkdocs build

Everything nginx writes (pid, logs, temporary files) goes into a temporary folder, so no root
is needed; the main configuration is the smallest around `include site/_publish/nginx.conf`.
The brotli module is loaded when the server block uses it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main_config(server_block: Path, workdir: Path) -> str:
    """nginx.conf for a private instance: the generated block and nothing of /etc/nginx but
    its MIME types."""
    uses_brotli = any(
        line.strip().startswith("brotli_static")
        for line in server_block.read_text(encoding="utf-8").splitlines()
    )
    temp = {name: workdir / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    lines = [
        "daemon off;",
        "worker_processes 1;",
        f"pid {workdir / 'nginx.pid'};",
        f"error_log {workdir / 'error.log'} warn;",
        # As root nginx would run its workers as nobody, who cannot read a private temp folder.
        *(["user root;"] if os.geteuid() == 0 else []),
        *([f"load_module {BROTLI_MODULE};"] if uses_brotli else []),
        "events { worker_connections 256; }",
        "http {",
        "    include /etc/nginx/mime.types;",
        "    default_type application/octet-stream;",
        f"    access_log {workdir / 'access.log'};",
        *(f"    {name}_temp_path {path};" for name, path in temp.items()),
        f"    include {server_block};",
        "}",
    ]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def running_nginx(
    site: Path, port: int, server_block: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """nginx serving `site` (built for 127.0.0.1:`port`) until the block ends, with the
    server block the build generated unless another is given."""
    with tempfile.TemporaryDirectory(prefix="showcase-nginx-") as temp:
        workdir = Path(temp)
        config = workdir / "nginx.conf"
        block = server_block or site / "_publish" / "nginx.conf"
        config.write_text(main_config(block, workdir), encoding="utf-8")
        command = [NGINX, "-p", str(workdir), "-c", str(config), "-e", str(workdir / "error.log")]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_for_port(port, process)
            yield process
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"nginx stopped: {process.stderr.read().decode() if process.stderr else ''}"
            )
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port}")


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site").resolve()
    port = int(argv[1]) if len(argv) > 1 else 8080
    with running_nginx(site, port):
        print(f"http://127.0.0.1:{port}/  (Ctrl-C stops nginx)")
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
