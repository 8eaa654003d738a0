"""Tables and progress bars for the terminal, drawn with rich.

Tables fit the terminal's width (``COLUMNS``, else the terminal's size, else 80 columns when the output is
not a terminal): the caller says which columns matter most, the least important ones are left out (with
a translated note) when they cannot fit, long texts are shortened with an ellipsis and numbers never are.
Colour and progress bars appear only on a terminal, so files, pipes and tests get plain text.

rich is imported when a table or a bar is drawn, not with :mod:`lca`.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO, TypeVar

import pandas as pd

from lca.i18n import Message, current_lang, languages, render, translate

T = TypeVar("T")

#: Width used when the output is not a terminal and ``COLUMNS`` is not set.
DEFAULT_WIDTH = 80
#: A text column is never made narrower than this (characters, ellipsis included).
MIN_TEXT_WIDTH = 8


def is_terminal(stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (default stdout) is an interactive terminal."""
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def terminal_width(stream: TextIO | None = None) -> int:
    """Characters per line: ``COLUMNS`` if set to a number, else the terminal's width, else 80."""
    value = os.environ.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    if is_terminal(stream):
        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return DEFAULT_WIDTH


def wrap_text(text: str, width: int, indent: str = "", more: str = "  ") -> list[str]:
    """``text`` on lines of at most ``width`` characters, cut between words (a word longer than a line
    is cut); the first line starts with ``indent``, the next ones with ``more``. No-break spaces
    (``5\u00a0%``, ``«\u00a0nom\u00a0»``) hold their words together, and so do the words of a short quoted
    text (``'Durée de vie (ans)'``, up to :data:`MAX_WHOLE_QUOTE` characters): a user's header or name
    is never cut in two.

    >>> wrap_text("un deux trois", 9)
    ['un deux', '  trois']
    >>> wrap_text("column 'Durée de vie (ans)': bad", 24)
    ['column', "  'Durée de vie (ans)':", '  bad']
    """
    import textwrap

    held = _QUOTED.sub(
        lambda m: m.group(0).replace(" ", _HELD) if len(m.group(0)) <= MAX_WHOLE_QUOTE else m.group(0), text
    )
    lines = textwrap.wrap(held, width, initial_indent=indent, subsequent_indent=more, break_on_hyphens=False)
    return [line.replace(_HELD, " ") for line in lines] or [indent.rstrip()]


#: A quoted text at most this long (quotes included) is kept on one line by :func:`wrap_text`.
MAX_WHOLE_QUOTE = 32
#: A quoted text: English 'name' (an opening quote after no letter, a closing one before no letter, so
#: apostrophes are not quotes) or French « name ».
_QUOTED = re.compile(r"(?<!\w)'[^'\n]+'(?!\w)|«[^»\n]+»")
_HELD = "\x00"  # a space that textwrap does not break at (restored after wrapping)


def _cell(value: Any, lang: str) -> str:
    if isinstance(value, str):
        return value
    return render(value, lang)


def render_table(
    frame: pd.DataFrame,
    *,
    priority: Sequence[Any] | None = None,
    width: int | None = None,
    title: str | Message | None = None,
    numeric: Sequence[Any] | None = None,
    index: bool = True,
    color: bool | None = None,
    lang: str | None = None,
    wrap: Sequence[Any] = (),
) -> str:
    """``frame`` as a text table at most ``width`` characters wide.

    Parameters
    ----------
    frame
        The table; cells should already be text formatted with :mod:`lca.i18n.numbers` (other values
        are rendered with :func:`lca.i18n.render`). Column names and the index are shown as they are.
    priority
        Columns from most to least important: they are shown in this order, and dropped from the end
        when the table cannot fit. Default: the frame's order.
    width
        Characters per line (default :func:`terminal_width`).
    title
        Shown above the table.
    numeric
        Columns that hold numbers: right-aligned and never shortened. Default: columns whose name
        is not text-like, guessed from the frame's dtypes and from cells that look like numbers.
    index
        Show the index as the first column (never dropped).
    color
        Colour and bold headers; default only when stdout is a terminal.
    lang
        Language of the note on left-out columns (default :func:`lca.i18n.current_lang`).
    wrap
        Text columns never shortened with an ellipsis (a verdict): when narrow, their cells wrap
        between words on several lines.

    Returns
    -------
    str
        The table, lines separated by ``\\n``, ending with a newline.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table

    lang = lang or current_lang()
    width = terminal_width() if width is None else max(20, int(width))
    color = is_terminal() if color is None else color
    order = list(frame.columns) if priority is None else [c for c in priority if c in frame.columns]
    order += [c for c in frame.columns if c not in order] if priority is None else []
    cells = {c: [_cell(v, lang) for v in frame[c]] for c in order}
    numbers = (
        set(numeric) if numeric is not None else {c for c in order if _looks_numeric(frame[c], cells[c])}
    )
    index_cells = [_cell(v, lang) for v in frame.index] if index else []
    index_name = "" if frame.index.name is None else str(frame.index.name)
    if None in order:
        raise ValueError("a column named None cannot be shown")

    # widths: numbers keep their full width; texts (and the index) shrink to MIN_TEXT_WIDTH, then the
    # least important columns go; the space left is shared among texts in order of importance.
    columns = ([None] if index else []) + order
    wrapped = set(wrap)
    texts = {None: index_cells, **cells}
    heads = {None: index_name, **{c: str(c) for c in order}}

    def desired(c: Any) -> int:
        longest_word = max((len(w) for w in heads[c].split()), default=0)
        return max([len(s) for s in texts[c]] + [longest_word, 1])

    def narrowest(c: Any) -> int:
        if c in numbers:
            return desired(c)
        if c in wrapped:  # the longest word of a cell, which cannot be cut
            return max([len(w) for s in texts[c] for w in s.split()] + [min(desired(c), MIN_TEXT_WIDTH)])
        return min(desired(c), MIN_TEXT_WIDTH)

    def overhead(n: int) -> int:  # padding and separators of n columns (no outer edge)
        return 3 * n - 3

    while len(columns) > (1 if index else 0) and (
        sum(narrowest(c) for c in columns) + overhead(len(columns)) > width
    ):
        columns.pop()
    kept = [c for c in columns if c is not None or not index]
    dropped = len(order) - len(kept)
    widths = {c: narrowest(c) for c in columns}
    spare = width - sum(widths.values()) - overhead(len(columns))
    for cap in (3 * MIN_TEXT_WIDTH, None):  # first every text up to a fair width, then in order
        for c in columns:
            target = desired(c) if cap is None else min(desired(c), cap)
            extra = max(0, min(spare, target - widths[c]))
            widths[c] += extra
            spare -= extra

    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold" if color else "")
    for c in columns:
        head = Text(heads[c], no_wrap=False, overflow="fold")
        if c in numbers:
            table.add_column(head, justify="right", no_wrap=True, overflow="fold", width=widths[c])
        elif c in wrapped:
            table.add_column(head, no_wrap=False, overflow="fold", width=widths[c])
        else:
            table.add_column(head, no_wrap=True, overflow="ellipsis", width=widths[c])
    for i in range(len(frame)):
        row = [index_cells[i]] if index else []
        table.add_row(*row, *(cells[c][i] for c in kept))

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="auto" if color else None,
        no_color=not color,
        highlight=False,
        markup=False,  # "[kg CO2e]" in a title or a cell is text, not a style tag
        emoji=False,
        legacy_windows=False,
    )
    if title is not None:  # wrapped between words, never cut
        console.print(Text(render(title, lang), overflow="fold"), crop=True)
    console.print(table, crop=True)
    if dropped:
        note = Message(
            "{n} column not shown (the terminal is too narrow)",
            plural="{n} columns not shown (the terminal is too narrow)",
            n=dropped,
        )
        console.print(note.render(lang), overflow="ellipsis", crop=True)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _looks_numeric(series: pd.Series, cells: list[str]) -> bool:
    """Numbers, or texts made of digits, separators and signs (``−1 234,5``, ``12 %``, ``n.d.``)."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return True
    missing = {translate("n/a", lang) for lang in languages()}
    allowed = set("0123456789 ,.%+-\u2212\u202f\u00a0")
    texts = [s for s in cells if s and s not in missing]
    return bool(texts) and all(set(s) <= allowed and any(ch.isdigit() for ch in s) for s in texts)


def progress(
    items: Iterable[T],
    description: str | Message | None = None,
    *,
    total: int | None = None,
    stream: TextIO | None = None,
    lang: str | None = None,
) -> Iterator[T]:
    """``items``, with a progress bar on ``stream`` (default stderr) when it is a terminal; silent
    otherwise (files, pipes, tests, CI logs).

    >>> list(progress(range(3)))  # not a terminal: no output
    [0, 1, 2]
    """
    stream = sys.stderr if stream is None else stream
    if not is_terminal(stream):
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    text = render(description if description is not None else Message("Computing"), lang or current_lang())
    console = Console(file=stream)
    yield from track(items, description=text, total=total, console=console, transient=True)


@contextlib.contextmanager
def progress_callback(
    total: int,
    description: str | Message | None = None,
    *,
    stream: TextIO | None = None,
    lang: str | None = None,
) -> Iterator[Callable[[int], None] | None]:
    """A callback ``f(done)`` drawing a progress bar of ``total`` steps on ``stream`` (default stderr)
    when it is a terminal, for code that reports its progress itself (``lca.montecarlo.uncertainty``);
    None otherwise (files, pipes, tests, CI logs). The bar is removed when the block ends.
    """
    stream = sys.stderr if stream is None else stream
    if not is_terminal(stream):
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    text = render(description if description is not None else Message("Computing"), lang or current_lang())
    with Progress(console=Console(file=stream), transient=True) as bar:
        task = bar.add_task(text, total=total)
        yield lambda done: bar.update(task, completed=done)
