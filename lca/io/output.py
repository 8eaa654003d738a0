"""Write output files safely: never half a file, never a user's file by surprise.

Every file the command line writes (reports, CSV/JSON results, templates, factor tables, charts) goes
through :func:`atomic_output`: the content is written to a temporary file in the target's folder, then
renamed over the target in one step (``os.replace``), so an interrupted or failed write leaves the
previous file as it was and no partial file behind. Special files (``/dev/null``, a pipe) cannot be
replaced: the content is prepared in a private temporary folder, then copied to them. Operating-system
errors become an :class:`OutputError` that names the file.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lca.errors import LCAError


class OutputError(LCAError):
    """An output file or folder cannot be written where the user asked."""


def check_output(
    path: str | Path, *, overwrite: bool = True, inputs: tuple[str | Path, ...] = (), option: str = "-o"
) -> Path:
    """The target as a :class:`~pathlib.Path`, after the checks that need no writing.

    Parameters
    ----------
    path
        The file to write.
    overwrite
        False: an existing file is refused (``lca template`` without ``--force``).
    inputs
        Files read by the same command: writing over one of them is refused.
    option
        The option that gave ``path``, for the message.

    Raises
    ------
    OutputError
        ``path`` is a folder, an existing file when ``overwrite`` is False, or one of ``inputs``.
    """
    target = Path(path)
    if str(path).strip() == "":
        raise OutputError(f"{option} is empty; give the name of the file to write")
    if target.is_dir() or str(path).endswith(("/", os.sep)):
        raise OutputError(
            f"this is a folder; {option} needs a file name, for example {target / _example(option)}",
            file=str(target),
        )
    if target.exists() and not overwrite:
        raise OutputError(
            "the file already exists and is left unchanged; choose another name or add --force to replace it",
            file=str(target),
        )
    for source in inputs:
        try:
            same = target.exists() and Path(source).exists() and os.path.samefile(target, source)
        except OSError:
            same = False
        if same:
            raise OutputError(
                "this is the file being read; writing the output there would destroy it — choose "
                "another name",
                file=str(target),
            )
    return target


def _example(option: str) -> str:
    return {"template": "nouveau_projet.xlsx", "-o": "rapport.xlsx"}.get(option, "output.csv")


def _special(path: Path) -> bool:
    """True for an existing file that is not a regular file (a device such as /dev/null, a pipe)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _failure(path: Path, err: OSError) -> OutputError:
    reason = err.strerror or str(err)
    return OutputError(f"cannot write: {reason}; check the path, the free space and the permissions",
                       file=str(path))  # fmt: skip


@contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """A temporary path to write to; renamed to ``path`` when the block ends without error.

    The temporary file sits in the target's folder (created if missing) and keeps the target's name at
    its end (``.lca-3f9c…-rapport.xlsx``), so that writers choosing a format by suffix still do. On any
    error the temporary file is removed and the target is left as it was.

    Raises
    ------
    OutputError
        The folder cannot be created, or the file cannot be written or renamed (disk full, permissions).
    """
    target = Path(path)
    if _special(target):  # /dev/null, /dev/full, a pipe: cannot be replaced; written once, in one go
        staging = Path(tempfile.mkdtemp(prefix=".lca-"))
        try:
            yield staging / target.name
            with open(staging / target.name, "rb") as source, open(target, "wb") as sink:
                shutil.copyfileobj(source, sink)
        except OSError as err:
            raise _failure(target, err) from err
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise _failure(target, err) from err
    temporary = target.parent / f".lca-{secrets.token_hex(4)}-{target.name}"
    try:
        yield temporary
        os.replace(temporary, target)
    except OSError as err:
        raise _failure(target, err) from err
    finally:
        if temporary.exists() or temporary.is_symlink():
            temporary.unlink()


def write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; see :func:`atomic_output`."""
    return write_bytes(path, text.encode("utf-8"))


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; see :func:`atomic_output`."""
    target = Path(path)
    with atomic_output(target) as temporary, open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
    return target


def check_folder(path: str | Path, *, option: str = "--charts") -> Path:
    """The folder to write charts into; refused when it is an existing file.

    Raises
    ------
    OutputError
        ``path`` exists and is not a folder.
    """
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"this is a file; {option} needs a folder (it is created if missing), for example "
            f"{folder.parent / 'graphiques'}",
            file=str(folder),
        )
    return folder


@contextmanager
def atomic_folder(folder: str | Path) -> Iterator[Path]:
    """A temporary folder beside ``folder``; each file written there is moved into ``folder`` at the end.

    Each file arrives whole (one ``os.replace`` per file); files of ``folder`` that were not rewritten are
    kept. On error the temporary folder is removed and ``folder`` keeps its previous files.

    Raises
    ------
    OutputError
        The folder cannot be created or written.
    """
    target = check_folder(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".lca-", dir=target))
    except OSError as err:
        raise _failure(target, err) from err
    try:
        yield staging
        for item in sorted(staging.iterdir()):
            os.replace(item, target / item.name)
    except OSError as err:
        raise _failure(target, err) from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)
