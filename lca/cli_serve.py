"""The ``lca serve`` command: the web page (needs ``pip install "lca[web]"``; docs/web.md)."""

from __future__ import annotations

import argparse
import sys

from lca.cli_common import EXIT_INPUT, EXIT_OK


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The ``serve`` subcommand: the web page (needs ``pip install "lca[web]"``)."""
    serve = sub.add_parser("serve", help="the web page: drop a workbook, read the results, get the report")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: this computer only)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the page in the web browser")
    serve.add_argument(
        "--max-upload",
        type=float,
        default=20,
        metavar="MB",
        help="largest workbook accepted (default: 20 MB)",
    )
    serve.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")


def _serve(args: argparse.Namespace) -> int:
    """Run the web page until Ctrl+C (lca.web; docs/web.md)."""
    try:
        import uvicorn

        from lca.web.app import create_app
    except ImportError as err:
        print(
            f'lca: error: the web page needs its extra: pip install "lca[web]" ({err.name} missing)',
            file=sys.stderr,
        )
        return EXIT_INPUT
    if not 0 < args.max_upload <= 1024:
        print("lca: error: --max-upload must be between 0 and 1024 MB", file=sys.stderr)
        return EXIT_INPUT
    local = args.host in ("127.0.0.1", "localhost", "::1") or args.host.startswith("127.")
    if not local:
        print(
            f"lca: warning: listening on {args.host}: anyone who can reach this computer on the network can "
            "use the page and send it files. Use the default --host 127.0.0.1 to keep it to this computer.",
            file=sys.stderr,
        )
    hosts = ["127.0.0.1", "localhost", "[::1]", args.host] if local else None
    app = create_app(max_upload=int(args.max_upload * 2**20), hosts=hosts)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{shown}:{args.port}/"
    print(f"lca: the page is at {url} (Ctrl+C stops it)", file=sys.stderr)
    if args.open:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, [url]).start()
    uvicorn.run(
        app, host=args.host, port=args.port, log_level="debug" if args.debug else "info", server_header=False
    )
    return EXIT_OK
