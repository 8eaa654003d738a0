"""The ``lca`` command: parse arguments, call the library, print, exit with a code.

Exit codes: 0 computed without error-level issues; 3 computed but some lines were rejected (or,
with ``--strict``, some warnings were raised); 2 unusable input or arguments.

The parser is :mod:`lca.cli_parser`, the shared steps :mod:`lca.cli_common`, the commands
:mod:`lca.cli_commands`, :mod:`lca.cli_uncertainty` and :mod:`lca.cli_serve`; this module chooses the
language, dispatches and turns the project's errors into a message and exit code 2. The names below
stay importable from ``lca.cli``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from lca.cli_commands import _compare, _comparison_table, _factors, _run, _search_table, _template, _validate
from lca.cli_common import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_REJECTED,
    _help_lang,
    _imported,
    _load,
    _outputs,
    _print_import_issues,
    _print_issues,
    _promote,
    _speak,
    _variant_names,
    _version,
    _workbook_lang,
    _written,
)
from lca.cli_parser import (
    COMMAND_PARSERS,
    EXAMPLES,
    LANG_HELP,
    OPTION_HELP,
    _every_command,
    _localise,
    _parser,
    _years,
)
from lca.cli_serve import _serve
from lca.errors import LCAError

# the names tests and scripts import from lca.cli (the public entry point is ``main``)
__all__ = [
    "COMMANDS", "EXAMPLES", "EXIT_INPUT", "EXIT_OK", "EXIT_REJECTED", "LANG_HELP", "OPTION_HELP", "main",
    "_comparison_table", "_every_command", "_imported", "_load", "_localise", "_outputs", "_parser",
    "_print_import_issues", "_print_issues", "_promote", "_search_table", "_variant_names", "_version",
    "_workbook_lang", "_written", "_years",
]  # fmt: skip

#: The function of each command (``factors`` has its own subcommands, :func:`lca.cli_commands._factors`).
COMMANDS = {
    "run": _run,
    "compare": _compare,
    "report": _compare,
    "validate": _validate,
    "serve": _serve,
    "template": _template,
    "factors": _factors,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lca`` console script."""
    given = list(sys.argv[1:] if argv is None else argv)
    _help_lang(given)
    only = given[0] if given and given[0] in COMMAND_PARSERS else None  # the other commands' help: not read
    args = _parser(only).parse_args(given)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(message)s")
    try:
        _speak(args)
        if args.command == "uncertainty":
            from lca.cli_uncertainty import run as _uncertainty

            return _uncertainty(args)
        return COMMANDS[args.command](args)
    except LCAError as err:  # only the project's errors: the library turns every other one into one
        if args.debug:
            raise
        from lca.i18n import translate

        print(translate("lca: error: {message}", message=err.render()), file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
