"""Every page, rendered in Vietnamese (the default), shows no English placeholder and no ISO date: the
pages of the permission matrix, each as a persona that may open it, plus a history with status and
date changes."""

import re
from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse
from test_permission_matrix import rows, world  # noqa: F401 (the fixture)

ENGLISH = ["Select an option", "---------", "This field is required", "Submitted for review", "approved →"]
ISO_DATE = re.compile(r"\b(19|20)\d\d-[01]\d-[0-3]\d\b")
PREFERENCE = ["editor", "secretariat", "leader", "unit_head", "viewer", "outsider"]


class Visible(HTMLParser):
    """The text a user sees: text nodes and the values of visible form fields (not scripts, URLs, ids)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "input" and attrs.get("type") not in ("hidden",) and attrs.get("value"):
            self.parts.append(attrs["value"])
        if tag == "option" and attrs.get("value") is not None:
            pass

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = Visible()
    parser.feed(html)
    return " ".join(parser.parts)


def pages(w):
    for name, (method, kwargs, expected) in rows(w).items():
        if method != "get" or name.startswith(
            (
                "admin:",
                "print:batch-file",
                "print:image",
                "objectives:decision-scan",
                "reports:evidence",
                "print:decision-pdf",
                "print:appendix-pdf",
                "print:decision-docx",
                "inbox:open",
            )
        ):
            continue
        persona = next((p for p in PREFERENCE if expected.get(p) == 200), None)
        if persona is not None:
            yield name, persona, reverse(name, kwargs=kwargs)


def test_no_page_shows_english_placeholders_or_iso_dates(world, personas):  # noqa: F811
    from objectives import services

    # A history with a status change and a date of issue: the raw values must not show.
    issued = world["issued"]
    checked = 0
    extra = [
        ("history of an issued decision", "leader", reverse("objectives:decision-history", args=[issued.pk])),
        ("new decision", "editor", reverse("objectives:decision-new")),
        ("objective form", "editor", reverse("objectives:objective-new", args=[world["draft"].pk])),
    ]
    for name, persona, url in list(pages(world)) + extra:
        client = Client()
        client.force_login(personas[persona])
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text = visible_text(response.content.decode())
        for phrase in ENGLISH:
            assert phrase not in text, f"{name} ({url}) shows {phrase!r}"
        found = ISO_DATE.search(text)
        assert found is None, f"{name} ({url}) shows the ISO date {found.group(0)!r}"
        checked += 1
    assert checked >= 30
    assert services  # the services built the world above


def test_the_history_shows_statuses_and_dates_as_people_read_them(world, client_for):  # noqa: F811
    html = client_for("leader").get(reverse("objectives:decision-history", args=[world["issued"].pk])).content.decode()
    assert "06/01/2025" in html  # the date of issue
    assert "Đã phê duyệt" in html and "Đã ban hành" in html  # approved → issued, as labels
    assert "issued" not in visible_text(html)


def test_the_dashboard_picker_names_the_agency_of_the_heading(tree, personas, client_for):
    from reports_factories import commune_and_unit

    commune_and_unit(tree["commune"], tree["unit"], 2026)  # the province itself has no decision
    response = client_for("viewer").get(reverse("reports:dashboard-home"), {"year": 2026}, follow=True)
    html = response.content.decode()
    province = tree["province"]
    assert response.context["agency"] == province
    selected = re.search(r'<option value="(\d+)"[^>]*selected', html)
    assert selected and int(selected.group(1)) == province.pk
