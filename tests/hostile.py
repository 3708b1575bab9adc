"""Tools for the hostile-input crawl: parse the forms and links of a page, and build request bodies holding
values a browser would never send (raw bytes, so that invalid UTF-8 and lone surrogates reach the server)."""

import random
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote_from_bytes, urljoin, urlsplit

# name -> the raw bytes sent. Every class the issue lists: NUL bytes, 100 KB strings, invalid UTF-8 and a lone
# surrogate (as its WTF-8 bytes), NaN/Infinity, negative and huge numbers, tags, wrong types.
HOSTILE: dict[str, bytes] = {
    "nul": b"a\x00b",
    "only-nul": b"\x00",
    "100kb": b"x" * 100_000,
    "invalid-utf8": b"\xff\xfe\xfa",
    "lone-surrogate": b"\xed\xa0\x80",
    "nan": b"NaN",
    "infinity": b"Infinity",
    "minus-infinity": b"-Infinity",
    "negative": b"-1",
    "huge": b"9" * 40,
    "exponent": b"1e400",
    "tag": b"<script>alert(1)</script>",
    "wrong-type": b"[]",
    "date-garbage": b"2026-13-45",
    "empty": b"",
    "rtl-override": "\u202e\U0001f600".encode(),
    "superscript-digit": "²".encode(),  # str.isdigit() says yes, int() says no
}


@dataclass
class Form:
    action: str
    method: str
    multipart: bool
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        seen: dict[str, None] = {}
        for name, _ in self.fields:
            seen.setdefault(name)
        for name in self.files:
            seen.setdefault(name)
        return list(seen)


class _PageParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.links: set[str] = set()
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []
        self._button_added = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.add(urljoin(self.page_url, a["href"]))
        elif tag == "form":
            self._form = Form(
                action=urljoin(self.page_url, a.get("action") or self.page_url),
                method=(a.get("method") or "get").lower(),
                multipart="multipart" in a.get("enctype", ""),
            )
            self._button_added = False
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                self._form.files.append(a["name"])
            elif kind in {"checkbox", "radio"}:
                if "checked" in a or kind == "radio" and a["name"] not in self._form.names:
                    self._form.fields.append((a["name"], a.get("value", "on")))
            elif kind in {"submit", "image", "button", "reset"}:
                if not self._button_added:
                    self._form.fields.append((a["name"], a.get("value", "")))
                    self._button_added = True
            else:
                self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("type", "submit") == "submit":
            if not self._button_added:
                self._form.fields.append((a["name"], a.get("value", "")))
                self._button_added = True
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = a["name"], None, False
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form.fields.append((self._select, self._select_first))
            self._select = None


class _OptionParser(_PageParser):
    """The page parser, plus <option> handling (kept apart so the main parser stays readable)."""

    def handle_starttag(self, tag, attrs):
        if tag == "option" and self._select is not None and self._form is not None:
            a = {k: (v or "") for k, v in attrs}
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                self._form.fields.append((self._select, value))
                self._select_chosen = True
            return
        super().handle_starttag(tag, attrs)


def parse_page(html: str, page_url: str) -> tuple[list[Form], set[str]]:
    """The page's forms and the query parameter names of its same-site links, per path."""
    parser = _OptionParser(page_url)
    parser.feed(html)
    return parser.forms, parser.links


def same_site_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.netloc not in {"", "testserver"} or not parts.path.startswith("/"):
        return None
    return parts.path


def link_params(links: set[str]) -> dict[str, set[str]]:
    """path -> the query parameter names seen on links to it."""
    params: dict[str, set[str]] = {}
    for link in links:
        path = same_site_path(link)
        if path is None:
            continue
        for name, _ in parse_qsl(urlsplit(link).query, keep_blank_values=True):
            params.setdefault(path, set()).add(name)
    return params


def urlencode_bytes(pairs: list[tuple[str, bytes | str]]) -> bytes:
    return b"&".join(
        quote_from_bytes(name.encode()).encode() + b"=" + quote_from_bytes(value if isinstance(value, bytes) else value.encode()).encode()
        for name, value in pairs
    )


BOUNDARY = "hostileBoundary7MA4YWxkTrZu0gW"


def multipart_bytes(pairs: list[tuple[str, bytes | str]], files: list[tuple[str, str, bytes]]) -> bytes:
    out = []
    for name, value in pairs:
        out.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.append((value if isinstance(value, bytes) else value.encode()) + b"\r\n")
    for name, filename, content in files:
        out.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        out.append(content + b"\r\n")
    out.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(out)


Pairs = list[tuple[str, bytes | str]]
Files = list[tuple[str, str, bytes]]
HTML_IN_PDF = b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>"


def variants(form: Form, rng: random.Random) -> list[tuple[str, Pairs, Files]]:
    """(label, fields, files) to send: each field once with a hostile value drawn from a seeded rotation (so
    every class of value is used across the fields of a page), then every field missing, then every field
    twice. A file field gets the hostile value as its content, or a PDF header followed by HTML."""
    kinds = list(HOSTILE)
    offset = rng.randrange(len(kinds))
    base_files = [(name, "scan.pdf", HTML_IN_PDF) for name in form.files]
    out: list[tuple[str, Pairs, Files]] = []
    for index, name in enumerate(form.names):
        kind = kinds[(offset + index) % len(kinds)]
        if name in form.files:
            files = [(n, "x.pdf", HOSTILE[kind]) if n == name else (n, f, c) for n, f, c in base_files]
            out.append((f"{name}(file)={kind}", list(form.fields), files))
        else:
            out.append((f"{name}={kind}", [(n, HOSTILE[kind] if n == name else v) for n, v in form.fields], base_files))
    out.append(("all-missing", [], []))
    doubled: Pairs = []
    for name, value in form.fields:
        doubled += [(name, value), (name, HOSTILE[kinds[rng.randrange(len(kinds))]])]
    out.append(("all-duplicated", doubled, base_files + base_files))
    return out
