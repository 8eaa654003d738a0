"""The ``lca serve`` command: the web page (needs ``pip install "lca[web]"``; docs/web.md)."""

from __future__ import annotations

import argparse
import sys

from lca.cli_common import EXIT_INPUT, EXIT_OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``serve`` subcommand, its help in the current language."""
    from lca.i18n import translate as _

    serve = sub.add_parser("serve", help=_("the web page: drop a workbook, read the results, get the report"))
    serve.add_argument(
        "--host", default="127.0.0.1", help=_("address to listen on (default: this computer only)")
    )
    serve.add_argument("--port", type=int, default=8000, help=_("port (default: {port})", port=8000))
    serve.add_argument("--open", action="store_true", help=_("open the page in the web browser"))
    serve.add_argument(
        "--max-upload",
        type=float,
        default=20,
        metavar="MB",
        help=_("largest workbook accepted (default: {size} MB)", size=20),
    )
    serve.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))


def _serve(args: argparse.Namespace) -> int:
    """Run the web page until Ctrl+C (lca.web; docs/web.md)."""
    from lca.i18n import Message, translate

    def error(message: Message) -> int:
        print(translate("lca: error: {message}", message=message), file=sys.stderr)
        return EXIT_INPUT

    try:
        import uvicorn

        from lca.web.app import create_app
    except ImportError as err:
        return error(
            Message(
                'the web page needs its extra: pip install "lca[web]" ({module} missing)',
                module=str(err.name),
            )
        )
    if not 0 < args.max_upload <= 1024:
        return error(Message("--max-upload must be between 0 and {size} MB", size=1024))
    local = args.host in ("127.0.0.1", "localhost", "::1") or args.host.startswith("127.")
    if not local:
        warning = Message(
            "listening on {host}: anyone who can reach this computer on the network can use the page and "
            "send it files. Use the default --host 127.0.0.1 to keep it to this computer.",
            host=args.host,
        )
        print(translate("lca: warning: {message}", message=warning), file=sys.stderr)
    hosts = ["127.0.0.1", "localhost", "[::1]", args.host] if local else None
    app = create_app(max_upload=int(args.max_upload * 2**20), hosts=hosts)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{shown}:{args.port}/"
    print(translate("lca: the page is at {url} (Ctrl+C stops it)", url=url), file=sys.stderr)
    if args.open:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, [url]).start()
    uvicorn.run(
        app, host=args.host, port=args.port, log_level="debug" if args.debug else "info", server_header=False
    )
    return EXIT_OK
