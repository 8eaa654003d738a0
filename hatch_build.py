"""Packaging hook: the shipped default factor tables in compact binary form, and the message catalogues
in compiled gettext form, inside the wheel.

At ``pip wheel .`` / ``python -m build``, hatchling runs this hook before it writes the wheel. It reads
each table of ``lca.factors.DEFAULT_TABLES`` with the package's own CSV reader (the source tree's
``lca``, on ``sys.path`` for the build only) and writes its binary form and the one of their stack
(:func:`lca.factors.prebuild_tables`) to a temporary folder, which the wheel gets as
``lca/datasets/factors/<table>.npz`` next to the CSV sources. At run time ``lca.factors`` reads them in a
few milliseconds when their key matches the CSV bytes and the reader's code, else it reads the CSV.

Each message catalogue ``lca/locale/<lang>/LC_MESSAGES/lca.po`` is compiled to ``lca.mo`` next to it
(:func:`lca.i18n.compiled.write_mo`, which records the hash of the ``.po`` bytes: a ``.mo`` that does not
match its ``.po`` is never read).

An editable install gets no binary form (the source tree's CSVs are read and cached, see
``lca.factors.cache_dir``). The build needs the runtime dependencies (numpy, pandas...):
``require-runtime-dependencies`` in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class FactorTablesHook(BuildHookInterface):  # type: ignore[type-arg]
    """Add the binary form of the default factor tables and the compiled catalogues to the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        self._folder = Path(tempfile.mkdtemp(prefix="lca-factors-"))
        sys.path.insert(0, self.root)
        try:
            import lca.factors

            here = Path(lca.factors.__file__).resolve()
            if not here.is_relative_to(Path(self.root).resolve()):  # another lca imported first
                raise RuntimeError(f"the build imported {here}, not the lca of {self.root}")
            written = lca.factors.prebuild_tables(self._folder)
            from lca.i18n.compiled import write_mo

            for po in sorted(Path(self.root, "lca", "locale").glob("*/LC_MESSAGES/lca.po")):
                lang = po.parent.parent.name
                mo = write_mo(po, self._folder / "locale" / f"{lang}.mo")
                build_data["force_include"][str(mo)] = f"lca/locale/{lang}/LC_MESSAGES/lca.mo"
        finally:
            sys.path.remove(self.root)
        for path in written:
            build_data["force_include"][str(path)] = f"lca/datasets/factors/{path.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
