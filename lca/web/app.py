"""The web application of ``lca serve``: Starlette routes, the safety middleware and the downloads.

Pages (French by default, ``?lang=en`` for English):

- ``GET /`` *Accueil*: drop a workbook (or choose it), method and study period; the empty template.
- ``POST /resultats``, ``/comparaison``, ``/telechargements``: the pages of one computation.
- ``POST /telecharger/{rapport.xlsx,graphiques.zip,resultats.json,resultats.csv}``: the files.

Nothing is kept between requests. The first page sends the workbook back inside its own form (a hidden
base64 field), so each later page or download is one more self-contained request that re-checks and
recomputes the file; the server holds no session, no cache and no file (docs/web.md).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import logging
import math
import re
import tempfile
import threading
import time
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, UploadFile
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lca.errors import LCAError
from lca.web.analysis import METHODS, Analysis, analyse, comparison_page, headline, results_page
from lca.web.texts import LANGUAGES, translate
from lca.web.upload import MAX_UPLOAD_BYTES, UploadError, display_name

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
#: Headers sent with every response.
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": (
        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
#: Downloads: URL name -> (media type, file suffix).
DOWNLOADS: dict[str, tuple[str, str]] = {
    "rapport.xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "rapport.xlsx"),
    "graphiques.zip": ("application/zip", "graphiques.zip"),
    "resultats.json": ("application/json", "resultats.json"),
    "resultats.csv": ("text/csv; charset=utf-8", "resultats.csv"),
}
PAGES = ("resultats", "comparaison", "telechargements")
#: Largest study period the form accepts. [years]
MAX_PERIOD = 200
# what the pages say when a request cannot be served (msgids of the catalogue)
CROSS_ORIGIN = (
    "This form was sent by another web site. For your data's safety, the page only accepts forms sent "
    "from itself: open the page again and drop your file there."
)
TOO_LARGE = (
    "The file is larger than {size} MB, the limit of this page. Remove unused sheets or images from the "
    "workbook, or start the page with a higher limit: lca serve --max-upload 50"
)
NOT_FOUND = "This page does not exist. Go back to the home page to drop a workbook."
INTERNAL_ERROR = (
    "The computation stopped on an unexpected error. Nothing was kept; please report the problem to the "
    "lca developers with the steps that led to it (not your file, unless you can share it)."
)
BAD_FORM = "The form could not be read. Go back to the home page and drop your workbook again."
NO_FILE = "No file was received. Choose or drop a project workbook (.xlsx, .ods or a ZIP of CSV sheets)."
BAD_METHOD = "Unknown method: choose EN 15978 or RE2020."
BAD_PERIOD = "The study period must be a number of years between 1 and {max}."
_FORM_OVERHEAD = 64 * 1024  # the form's other fields and multipart boundaries [bytes]
_DRAIN_FACTOR = 10  # bodies up to 10 times the limit are read (and dropped) before the 413 page
_DRAWING = threading.Lock()  # matplotlib's rcParams are global: one drawing at a time


class TooLarge(Exception):
    """The request body went over the upload limit."""


# ------------------------------------------------------------------------------------- middleware
class SafetyMiddleware:
    """Security headers on every response; 413 over the size limit; 403 for cross-origin POSTs.

    Parameters
    ----------
    max_body
        Largest request body read. [bytes]
    max_upload
        The upload limit the 413 page states. [bytes]
    """

    def __init__(self, app: ASGIApp, max_body: int, max_upload: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in _LOWER]
                headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        headers = Headers(scope=scope)
        lang = _lang_of(scope.get("query_string", b"").decode("latin-1"))
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and _cross_origin(headers):
            await error_page(403, translate(CROSS_ORIGIN, lang), lang)(scope, receive, send_with_headers)
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            if length.isdigit() and int(length) <= _DRAIN_FACTOR * self.max_body:
                await _drain(receive)  # a browser shows the 413 page only once it has sent the body
            await _too_large(lang, self.max_upload)(scope, receive, send_with_headers)
            return
        seen, finished = 0, False

        async def counted() -> Message:
            nonlocal seen, finished
            message = await receive()
            seen += len(message.get("body", b""))
            finished = message["type"] != "http.request" or not message.get("more_body", False)
            if seen > self.max_body:
                raise TooLarge
            return message

        try:
            await self.app(scope, counted, send_with_headers)
        except TooLarge:
            if not started:
                if not finished:  # reading past the last message would wait for the client to leave
                    await _drain(receive, (_DRAIN_FACTOR - 1) * self.max_body)
                await _too_large(lang, self.max_upload)(scope, receive, send_with_headers)


async def _drain(receive: Receive, budget: float = math.inf) -> None:
    """Read and drop the rest of a request body (at most ``budget`` bytes), keeping none of it."""
    read = 0
    while read <= budget:
        message = await receive()
        read += len(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


_LOWER = {k.lower() for k in SECURITY_HEADERS}


def _cross_origin(headers: Headers) -> bool:
    """True when a browser says the request comes from another site (or cannot say it does not).

    ``Sec-Fetch-Site`` is what browsers send for this; ``Origin`` and ``Referer`` are the fallbacks
    of older ones. Under ``Referrer-Policy: no-referrer`` a browser sends ``Origin: null`` even from
    the page's own forms, so ``null`` is only refused when ``Sec-Fetch-Site`` is missing too. A request
    without any of them does not come from a browser page, so no other site can have caused it.
    """
    host = headers.get("host", "")
    origin = headers.get("origin")
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return True
    if origin is not None and origin != "null" and urlsplit(origin).netloc != host:
        return True
    if site is None and origin == "null":
        return True
    referer = headers.get("referer")
    return site is None and origin is None and bool(referer) and urlsplit(referer).netloc != host


def _too_large(lang: str, limit: int) -> Response:
    message = translate(TOO_LARGE, lang, size=f"{limit / 2**20:g}")
    return error_page(413, message, lang)


# ------------------------------------------------------------------------------------- templates
_ENV = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(template: str, lang: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page in ``lang``; ``t(text)`` in the template translates."""
    html = _ENV.get_template(template).render(
        lang=lang,
        t=lambda text, **params: translate(text, lang, **params),
        other_lang="en" if lang == "fr" else "fr",
        **context,
    )
    return HTMLResponse(html, status_code=status)


def error_page(status: int, message: str, lang: str) -> HTMLResponse:
    """The page shown when a request cannot be served: what happened and what to do."""
    message = message[:1].upper() + message[1:]  # library messages start in lower case, for sentences
    return render("error.html", lang, status=status, status_code=status, message=message, page="error")


def _lang_of(query: str) -> str:
    found = re.search(r"(?:^|&)lang=([a-z]{2})(?:&|$)", query)
    return found.group(1) if found and found.group(1) in LANGUAGES else "fr"


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang", "fr")
    return lang if lang in LANGUAGES else "fr"


# ----------------------------------------------------------------------------------------- pages
async def home(request: Request) -> Response:
    lang = _lang(request)
    return render("home.html", lang, page="home", methods=METHODS, max_upload=request.app.state.max_upload)


async def template(request: Request) -> Response:
    """The empty project workbook of ``lca template``."""
    from lca.io.template import write_template

    lang = _lang(request)

    def build() -> bytes:
        with tempfile.TemporaryDirectory(prefix="lca-web-") as folder:
            path = Path(folder) / "modele.xlsx"
            write_template(path, lang=lang)
            return path.read_bytes()

    data = await run_in_threadpool(build)
    name = "modele_projet_acv.xlsx" if lang == "fr" else "lca_project_template.xlsx"
    return _attachment(data, DOWNLOADS["rapport.xlsx"][0], name)


async def back_home(request: Request) -> Response:
    """A page of results asked by GET (a bookmark, a reload): nothing is kept, start again."""
    return RedirectResponse(f"/?lang={_lang(request)}", status_code=303)


def _contained(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """A route whose unexpected errors are logged by their type only (a message or traceback could
    quote the workbook) and shown as a page saying that nothing was kept."""

    @functools.wraps(handler)
    async def contained(request: Request) -> Response:
        try:
            return await handler(request)
        except TooLarge:
            raise  # the middleware answers 413
        except Exception as err:
            log.error("internal error %s on %s", type(err).__name__, request.url.path)
            lang = _lang(request)
            return error_page(500, translate(INTERNAL_ERROR, lang), lang)

    return contained


@_contained
async def page(request: Request) -> Response:
    started = time.perf_counter()
    lang = _lang(request)
    name = request.url.path.strip("/")
    upload = await _upload(request)
    if isinstance(upload, Response):
        return upload
    data, form = upload
    if name == "comparaison":
        analysis, charts = await run_in_threadpool(_compare_with_charts, data, form, lang)
    else:
        analysis, charts = await run_in_threadpool(_analyse, data, form), []
    if isinstance(analysis, Response):
        return analysis
    context: dict[str, Any] = {
        "page": name,
        "carrier": {
            "data": base64.b64encode(data).decode("ascii"),
            "name": form["name"],
            "method": form["method"] or "",
            "period": form["period_text"],
        },
        "title": analysis.results.project.name,
        "indicator": headline(analysis.results),
    }
    if name == "resultats":
        context["view"] = results_page(analysis, lang)
    elif name == "comparaison":
        context["view"] = comparison_page(analysis, lang)
        context["charts"] = charts
    else:
        context["downloads"] = list(DOWNLOADS)
        context["counts"] = {
            "variants": len(analysis.results.variants),
            "issues": len(analysis.results.issues),
        }
    response = render(f"{name}.html", lang, **context)
    response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.0f}"
    return response


@_contained
async def download(request: Request) -> Response:
    lang = _lang(request)
    kind = request.path_params["kind"]
    if kind not in DOWNLOADS:
        return error_page(404, translate(NOT_FOUND, lang), lang)
    upload = await _upload(request)
    if isinstance(upload, Response):
        return upload
    data, form = upload
    made = await run_in_threadpool(_artefact, kind, data, form, lang)
    if isinstance(made, Response):
        return made
    content, project = made
    media, suffix = DOWNLOADS[kind]
    return _attachment(content, media, f"{_slug(project)}_{suffix}")


# ----------------------------------------------------------------------------------------- work
def _analyse(data: bytes, form: dict[str, Any]) -> Analysis | Response:
    try:
        return analyse(data, form["name"], method=form["method"], period=form["period"])
    except UploadError as err:
        return error_page(415, translate(err.message, form["lang"]), form["lang"])
    except LCAError as err:
        return error_page(422, err.message, form["lang"])
    except Exception as err:  # a bug must not leak content into a log or a page
        log.error("internal error %s while computing an upload", type(err).__name__)
        return error_page(500, translate(INTERNAL_ERROR, form["lang"]), form["lang"])


def _compare_with_charts(data: bytes, form: dict[str, Any], lang: str) -> tuple[Any, list]:
    from lca.web.charts import chart_name, inline_svgs

    analysis = _analyse(data, form)
    if isinstance(analysis, Response):
        return analysis, []
    try:
        with _DRAWING:
            svgs = inline_svgs(analysis.comparison, lang)
    except Exception as err:
        log.error("internal error %s while drawing the charts", type(err).__name__)
        return error_page(500, translate(INTERNAL_ERROR, lang), lang), []
    return analysis, [(stem, translate(chart_name(stem), lang), svg) for stem, svg in svgs]


def _artefact(kind: str, data: bytes, form: dict[str, Any], lang: str) -> tuple[bytes, str] | Response:
    analysis = _analyse(data, form)
    if isinstance(analysis, Response):
        return analysis
    results, comparison = analysis.results, analysis.comparison
    try:
        if kind == "resultats.json":
            content = (results.to_json(indent=2) + "\n").encode("utf-8")
        elif kind == "resultats.csv":
            from lca.io.safe import neutralise

            content = neutralise(results.data).to_csv(index=False).encode("utf-8")
        elif kind == "graphiques.zip":
            from lca.web.charts import charts_zip

            with _DRAWING:
                content = charts_zip(comparison, lang)
        else:
            from lca.report import write_report

            with _DRAWING, tempfile.TemporaryDirectory(prefix="lca-web-") as folder:
                path = write_report(results, Path(folder) / "rapport.xlsx", comparison=comparison, lang=lang)
                content = path.read_bytes()
    except LCAError as err:
        return error_page(422, err.message, lang)
    except Exception as err:
        log.error("internal error %s while writing %s", type(err).__name__, kind)
        return error_page(500, translate(INTERNAL_ERROR, lang), lang)
    return content, str(results.project.name or analysis.name)


async def _upload(request: Request) -> tuple[bytes, dict[str, Any]] | Response:
    """The uploaded bytes (a file, or the base64 copy a results page sends back) and the options."""
    lang = _lang(request)
    limit = request.app.state.max_upload
    try:
        form = await request.form(max_files=1, max_fields=16, max_part_size=_b64_size(limit) + 1024)
    except TooLarge:
        raise
    except Exception:  # python-multipart's parse errors: not a form this page sent
        return error_page(400, translate(BAD_FORM, lang), lang)
    try:
        file, carried = form.get("classeur"), form.get("donnees")
        if isinstance(file, UploadFile) and file.filename:
            data = await file.read(limit + 1)
            name = display_name(file.filename)
        elif isinstance(carried, str) and carried:
            if len(carried) > _b64_size(limit):
                return _too_large(lang, limit)
            try:
                data = base64.b64decode(carried, validate=True)
            except (binascii.Error, ValueError):
                return error_page(400, translate(BAD_FORM, lang), lang)
            name = display_name(form.get("nom"))
        else:
            return error_page(400, translate(NO_FILE, lang), lang)
        if len(data) > limit:
            return _too_large(lang, limit)
        options = _options(form, lang)
        if isinstance(options, Response):
            return options
        options["name"] = name
        return data, options
    finally:
        await form.close()


def _options(form: Any, lang: str) -> dict[str, Any] | Response:
    method = str(form.get("methode") or "").strip()
    if method and method not in METHODS:
        return error_page(400, translate(BAD_METHOD, lang), lang)
    text = str(form.get("periode") or "").strip()
    period = None
    if text:
        try:
            period = float(text.replace(",", "."))
        except ValueError:
            period = math.nan
        if not math.isfinite(period) or not 1 <= period <= MAX_PERIOD:
            return error_page(400, translate(BAD_PERIOD, lang, max=str(MAX_PERIOD)), lang)
    return {"method": method or None, "period": period, "period_text": text, "lang": lang}


def _b64_size(limit: int) -> int:
    return 4 * math.ceil(limit / 3)


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")[:60] or "projet"


def _attachment(data: bytes, media: str, filename: str) -> Response:
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


# ------------------------------------------------------------------------------------------ app
@contextlib.asynccontextmanager
async def _warm(app: Starlette) -> AsyncIterator[None]:
    """Load the shipped factor tables and the RE2020 rules once at start, not on the first upload."""

    def load() -> None:
        from lca.factors import default_factors
        from lca.methods import re2020  # noqa: F401

        default_factors()

    await run_in_threadpool(load)
    yield


def create_app(*, max_upload: int = MAX_UPLOAD_BYTES, hosts: Sequence[str] | None = None) -> Starlette:
    """The web application.

    Parameters
    ----------
    max_upload
        Largest workbook accepted; larger ones get 413. [bytes]
    hosts
        Host names the page answers to (a defence against DNS rebinding when it listens on the loopback
        address); None answers to any.
    """
    routes = [
        Route("/", home),
        Route("/modele.xlsx", template),
        *(Route(f"/{name}", page, methods=["POST"]) for name in PAGES),
        *(Route(f"/{name}", back_home, methods=["GET"]) for name in PAGES),
        Route("/telecharger/{kind}", download, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(SafetyMiddleware, max_body=_b64_size(max_upload) + _FORM_OVERHEAD, max_upload=max_upload)
    ]
    if hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)))
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={404: _not_found, 405: _not_allowed},
        lifespan=_warm,
    )
    app.state.max_upload = max_upload
    return app


async def _not_found(request: Request, exc: Exception) -> Response:
    lang = _lang(request)
    return error_page(404, translate(NOT_FOUND, lang), lang)


async def _not_allowed(request: Request, exc: Exception) -> Response:
    lang = _lang(request)
    return error_page(405, translate(NOT_FOUND, lang), lang)
