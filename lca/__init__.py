"""lca — building life-cycle assessment (EN 15978 / EN 15804+A2 / RE2020) from spreadsheet inventories."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lca")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
