"""Shared fixtures: a small agency tree and the personas every permission test walks through.

province DNI ── commune PA (editor, secretariat, leader) ── unit PKT (unit head)
             └─ dissolved district NT
province other ── commune X (outsider is an editor there)
viewer is a viewer of the whole province DNI.
"""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from agencies import services as agency_services
from agencies.models import AgencyKind, Role


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Vietnamese). The language middleware activates the
    request's language in the thread that serves it, and the test client serves in the test's thread, so a
    request made in English by one test would otherwise leave English active for the tests after it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the issued decision's page keeps its document keyed by the
    decision's id and row version, and a rolled-back test can leave both to the next one (SQLite reuses ids)."""
    from django.core.cache import cache

    cache.clear()
    yield


PERSONAS = ["anonymous", "outsider", "editor", "unit_head", "secretariat", "leader", "viewer"]


@pytest.fixture
def tree(db):
    s = agency_services
    province = s.agency_create(
        code="DNI",
        name="Ủy ban nhân dân tỉnh Đồng Nai",
        kind=AgencyKind.PROVINCE_COMMITTEE,
        symbol="UBND",
        place="Đồng Nai",
        header_own="ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
        head_name="Võ Tấn Đức",
    )
    commune = s.agency_create(
        code="PA",
        name="Ủy ban nhân dân xã Phước An",
        short_name="UBND xã Phước An",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        parent=province,
        symbol="UBND",
        place="Phước An",
        header_own="ỦY BAN NHÂN DÂN XÃ PHƯỚC AN",
        head_name="Lê Văn Minh",
    )
    unit = s.agency_create(
        code="PA-PKT",
        name="Phòng Kinh tế xã Phước An",
        kind=AgencyKind.UNIT,
        parent=commune,
        symbol="PKT",
        place="Phước An",
        header_parent="UBND XÃ PHƯỚC AN",
        header_own="PHÒNG KINH TẾ",
        head_name="Trần Văn Trưởng",
    )
    district = s.agency_create(
        code="NT",
        name="Ủy ban nhân dân huyện Nhơn Trạch",
        kind=AgencyKind.DISTRICT_COMMITTEE,
        parent=province,
        symbol="UBND",
        place="Nhơn Trạch",
        header_own="ỦY BAN NHÂN DÂN HUYỆN NHƠN TRẠCH",
        head_name="Lương Hữu Ích",
    )
    s.agency_dissolve(agency=district, dissolved_on=date(2025, 7, 1), split_into=[commune])
    other = s.agency_create(
        code="KG",
        name="Ủy ban nhân dân tỉnh Kiên Giang",
        kind=AgencyKind.PROVINCE_COMMITTEE,
        symbol="UBND",
        place="Kiên Giang",
        header_own="ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG",
        head_name="Nguyễn Văn Kiên",
    )
    other_commune = s.agency_create(
        code="KG-X",
        name="Ủy ban nhân dân xã Giồng Riềng",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        parent=other,
        symbol="UBND",
        place="Giồng Riềng",
        header_own="ỦY BAN NHÂN DÂN XÃ GIỒNG RIỀNG",
        head_name="Võ Tùng",
    )
    return {
        "province": province,
        "commune": commune,
        "unit": unit,
        "district": district,
        "other": other,
        "other_commune": other_commune,
    }


@pytest.fixture
def personas(tree, django_user_model):
    def make(username, role=None, agency=None):
        user = agency_services.user_create(
            username=username,
            password="secret-pass-123",
            email=f"{username}@example.invalid",
            first_name="Người",
            last_name=username,
        )
        if role:
            agency_services.membership_add(user=user, agency=agency, role=role)
        return user

    return {
        "anonymous": None,
        "outsider": make("outsider", Role.EDITOR, tree["other_commune"]),
        "editor": make("editor", Role.EDITOR, tree["commune"]),
        "unit_head": make("unit_head", Role.UNIT_HEAD, tree["unit"]),
        "secretariat": make("secretariat", Role.SECRETARIAT, tree["commune"]),
        "leader": make("leader", Role.LEADER, tree["commune"]),
        "viewer": make("viewer", Role.VIEWER, tree["province"]),
    }


@pytest.fixture
def client_for(personas):
    """client_for("editor") -> a test client logged in as that persona (anonymous: not logged in)."""

    def make(persona: str) -> Client:
        client = Client()
        if personas[persona] is not None:
            client.force_login(personas[persona])
        return client

    return make


def fresh(user):
    """The same user without the per-request membership cache, as the next request would see it."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def complete_history(db):
    """After the test: every tracked record matches its latest history row (qms_portal.audit.history_gaps), so
    a service that writes without leaving history fails the test that exercises it."""
    yield
    from qms_portal import audit

    assert [gap for model in audit.tracked_models() for gap in audit.history_gaps(model)] == []


@pytest.fixture
def reminder_mail_only(monkeypatch):
    """Only reminder e-mails reach the outbox: the reports these fixtures submit and accept also notify people
    (reports/inbox, tested in test_notifications.py), and open corrective actions whose own reminders
    the same command sends (tested in test_corrective_action_reminders.py)."""
    from types import SimpleNamespace

    from reports.inbox import services as inbox_services
    from reports.management.commands import send_reminders

    monkeypatch.setattr(inbox_services, "_enqueue", lambda ids: None)
    nothing = SimpleNamespace(sent=[], already=0, failed=0, no_recipient=[])
    monkeypatch.setattr(send_reminders, "action_reminders_send_due", lambda today=None: nothing)
