"""PDF output with WeasyPrint: a reusable base (template + context -> PDF bytes, with the shared print
stylesheet and the shipped fonts) and one small function per document kind.

Other apps print through `render_html_pdf("reports/print/year_end.html", context)`: their template extends
"print/base.html" and gets the A4 page, margins, page numbers and fonts of every printed document.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

# WeasyPrint logs every layout step at INFO (some on import); a 100-decision batch would flood the log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

from objectives.models import Decision  # noqa: E402
from objectives.printing.layout import build_layout, with_content  # noqa: E402

STATIC_DIR = Path(settings.BASE_DIR) / "static"
PRINT_CSS = STATIC_DIR / "print" / "print.css"
FONT_DIR = STATIC_DIR / "fonts" / "liberation-serif"


class LocalOnlyFetcher(URLFetcher):
    """Fetch only data: URIs and files under static/: a printout never reaches the network."""

    def fetch(self, url: str, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_relative_to(STATIC_DIR.resolve()):
                return super().fetch(url, headers)
        raise ValueError(f"Refused to fetch {url!r}: printed documents use local files only.")


class _Toolkit(threading.local):
    """Font configuration and parsed stylesheets, built once per thread: loading the fonts is the
    slowest part of a small render, and WeasyPrint objects are not shared between threads."""

    def __init__(self) -> None:
        self.font_config: FontConfiguration | None = None
        self.fetcher: LocalOnlyFetcher | None = None
        self.stylesheets: dict[str, CSS] = {}

    def stylesheet(self, path: Path) -> CSS:
        if self.font_config is None:
            self.font_config = FontConfiguration()
            self.fetcher = LocalOnlyFetcher(allowed_protocols={"file", "data"})
        key = str(path)
        if key not in self.stylesheets:
            self.stylesheets[key] = CSS(filename=key, font_config=self.font_config, url_fetcher=self.fetcher)
        return self.stylesheets[key]


_toolkit = _Toolkit()


def html_to_pdf(html: str, *, stylesheets: Sequence[Path] = ()) -> bytes:
    """Lay out an HTML string with the shared print stylesheet (plus `stylesheets`) and return the PDF."""
    sheets = [_toolkit.stylesheet(PRINT_CSS)] + [_toolkit.stylesheet(Path(s)) for s in stylesheets]
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_toolkit.fetcher)
    return document.write_pdf(stylesheets=sheets, font_config=_toolkit.font_config)


def render_html_pdf(template: str, context: dict, *, stylesheets: Sequence[Path] = (), language: str = "vi") -> bytes:
    """Render `template` with `context` in `language` (Vietnamese by default) and return PDF bytes.

    The template should extend "print/base.html". Extra stylesheets are absolute paths under static/."""
    with translation.override(language):
        html = render_to_string(template, context)
    return html_to_pdf(html, stylesheets=stylesheets)


def decision_html(decision: Decision, *, appendix_only: bool = False, with_images: bool = True) -> str:
    """The HTML that `render_decision_pdf` lays out (built in the process that reads the database; the layout
    itself, `html_to_pdf`, may run in another process: see objectives.printing.render_pool)."""
    decision = with_content(decision)
    with translation.override("vi"):  # target phrases are gettext; a document is Vietnamese whatever the UI
        layout = build_layout(decision, with_images=with_images)
        if appendix_only and not layout.has_appendix:
            raise ValueError("This decision has its objectives in Điều 1 and no appendix.")
        return render_to_string("print/decision.html", {"doc": layout, "appendix_only": appendix_only})


def render_decision_pdf(decision: Decision, *, appendix_only: bool = False, with_images: bool = True) -> bytes:
    """The decision and its appendix (or the appendix alone) as Nghị định 30/2020/NĐ-CP lays them out.

    Drafts carry a "DỰ THẢO" mark and blanks for number and date; issued decisions print clean, with the
    signature and seal images when uploaded (unless `with_images` is False). The same decision and code give
    the same bytes (no time or random id is written; an issued decision's metadata dates are its issue date),
    which is what lets objectives.printing.stored serve a stored copy."""
    return html_to_pdf(decision_html(decision, appendix_only=appendix_only, with_images=with_images))
