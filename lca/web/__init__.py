"""The web page of ``lca serve``: drop a workbook, read the results, download the report (docs/web.md).

Needs the ``web`` extra (``pip install "lca[web]"``): Starlette, Jinja2, python-multipart, uvicorn.
"""

from lca.web.app import create_app

__all__ = ["create_app"]
