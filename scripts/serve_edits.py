"""Edit-to-page times of several edits in one `mkdocs serve --dirty` server.

`build.py bench`'s serve step times one edit per server, polling every 0.2 s. This starts one
server on a project (a kept bench project, say: `build.py bench --keep DIR`), edits the summaries
of N published workers one after another, and prints for each the seconds from saving the file
until the page serves the new text, polling every 0.02 s. With --spy it records the server with
py-spy (raw format) while the edits run, for profiling the rebuild.

    python scripts/serve_edits.py DIR/n20000/plugin --edits 6 [--spy out.txt]

The edits stay in the project's files (a bench corpus is generated anew each run).
"""

from __future__ import annotations

import argparse
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench import CHILD_ENV, edit_case_summary, free_port, poll, published_workers, stop_server

POLL_INTERVAL = 0.02  # seconds: finer than the bench's 0.2, for sub-second edits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--pause", type=float, default=2.5, help="seconds between edits")
    parser.add_argument("--spy", type=Path, help="record the server with py-spy into this file")
    parser.add_argument("--log", type=Path, default=Path("serve-edits.log"))
    args = parser.parse_args()

    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload"]
    with open(args.log, "wb") as log:
        server = subprocess.Popen(
            [*command, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=args.project,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=CHILD_ENV,
            start_new_session=True,
        )
    workers = published_workers(args.project)[: args.edits + 1]
    base = f"http://127.0.0.1:{port}/workers/"
    try:
        first = poll(
            base + f"{workers[0]}/", lambda html: "<html" in html, 3600, server, POLL_INTERVAL
        )
        print(f"first page {first:.1f} s" if first else "page never served", flush=True)
        time.sleep(3)
        spy = None
        if args.spy:
            spy = subprocess.Popen(
                ["py-spy", "record", "--pid", str(server.pid), "--rate", "250", "--threads"]
                + ["--format", "raw", "-o", str(args.spy)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(2)
        for worker in workers[1:]:
            path = args.project / "content/workers" / f"{worker}.md"
            marker = f"编辑{secrets.token_hex(4)}"
            saved = time.perf_counter()
            edit_case_summary(path, marker)
            shown = poll(
                base + f"{worker}/", lambda html: marker in html, 60, server, POLL_INTERVAL
            )
            took = f"{time.perf_counter() - saved:.2f} s" if shown is not None else "never shown"
            print(f"{worker}: edit shown after {took}", flush=True)
            time.sleep(args.pause)
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait()
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
