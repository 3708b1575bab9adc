"""Two-factor log-in: who must pass it, enrolment with a server-drawn QR code, codes, recovery codes,
remembered browsers, throttling of wrong codes, and demo mode."""

import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.accounts import services as account_services
from agencies.accounts.twofactor import REMEMBER_COOKIE
from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import DecisionStatus

PRODUCTION_ROLES = ["leader", "secretariat", "admin"]


@pytest.fixture
def production(settings):
    settings.TWO_FACTOR_ROLES = PRODUCTION_ROLES
    settings.TWO_FACTOR_REMEMBER_DAYS = 30
    return settings


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's app shows (steps_ahead=1: the next one, since a code is accepted only once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = account_services.totp_enrolment_start(user=user)
    codes = account_services.totp_enrolment_confirm(user=user, device=device, token=code_for(device))
    device.refresh_from_db()
    return device, codes


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def submitted(tree):
    decision = services.decision_build(user=SYSTEM, agency=tree["commune"], year=2026, data={
        "objectives": [{"content": "Hồ sơ đúng hạn", "targets": [{"comparator": ">=", "value": "95", "unit": "percent"}]}],
    })
    services.decision_submit(user=SYSTEM, decision=decision)
    return decision


def test_it_stops_a_leader_from_approving_without_the_second_factor_in_production(production, personas, submitted):
    device, _codes = enrolled(personas["leader"])
    client = logged_in(personas["leader"])
    approve = reverse("objectives:decision-step", args=[submitted.pk, "approve"])
    response = client.post(approve)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two-factor-verify")
    submitted.refresh_from_db()
    assert submitted.status == DecisionStatus.SUBMITTED
    # The detail page (a GET) sends the leader to the code page, and back afterwards.
    detail = reverse("objectives:decision-detail", args=[submitted.pk])
    response = client.get(detail)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two-factor-verify") + "?next=")
    response = client.post(reverse("accounts:two-factor-verify"), {"code": code_for(device, 1), "next": detail})
    assert response.status_code == 302 and response["Location"] == detail
    client.post(approve)
    submitted.refresh_from_db()
    assert submitted.status == DecisionStatus.APPROVED


def test_it_makes_a_leader_without_an_authenticator_enrol_first(production, personas):
    response = logged_in(personas["leader"]).get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two-factor-setup"))


@pytest.mark.parametrize("persona, asked", [("secretariat", True), ("leader", True), ("editor", False), ("viewer", False)])
def test_it_asks_the_second_factor_by_role(production, personas, persona, asked):
    response = logged_in(personas[persona]).get(reverse("objectives:decision-list"))
    assert (response.status_code == 302) is asked


def test_it_asks_administrators_for_the_second_factor_in_the_admin(production, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", "secret-pass-123")
    response = logged_in(root).get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two-factor-setup"))


def test_it_asks_nothing_in_demo_mode_and_says_so_on_the_login_page(settings, personas, submitted):
    settings.TWO_FACTOR_ROLES = []
    client = logged_in(personas["leader"])
    client.post(reverse("objectives:decision-step", args=[submitted.pk, "approve"]))
    submitted.refresh_from_db()
    assert submitted.status == DecisionStatus.APPROVED
    html = Client().get(reverse("login")).content.decode()
    assert 'id="two-factor-off"' in html and "Chế độ demo" in html


def test_it_enrols_with_a_qr_code_drawn_by_the_server(production, personas):
    leader = personas["leader"]
    client = logged_in(leader)
    page = client.get(reverse("accounts:two-factor-setup")).content.decode()
    assert 'src="/accounts/two-factor/qr.svg"' in page and "<script" not in page.split("<main", 1)[1].split("</main>")[0]
    qr = client.get(reverse("accounts:two-factor-qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content and "no-store" in qr["Cache-Control"]
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    response = client.post(reverse("accounts:two-factor-setup"), {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert "không đúng" in response.content.decode()
    response = client.post(reverse("accounts:two-factor-setup"), {"code": code_for(device)})
    html = response.content.decode()
    codes = list(StaticToken.objects.filter(device__user=leader).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in html for code in codes)
    assert TOTPDevice.objects.get(user=leader).confirmed
    assert client.get(reverse("home")).status_code == 200  # verified by the enrolment itself
    assert client.get(reverse("accounts:two-factor-qr")).status_code == 404  # the secret is never shown again


def test_it_accepts_a_recovery_code_once(production, personas):
    leader = personas["leader"]
    _device, codes = enrolled(leader)
    first = logged_in(leader)
    response = first.post(reverse("accounts:two-factor-verify"), {"code": codes[0].upper()})
    assert response.status_code == 302 and first.get(reverse("home")).status_code == 200
    second = logged_in(leader)
    response = second.post(reverse("accounts:two-factor-verify"), {"code": codes[0]})
    assert response.status_code == 200 and "không đúng" in response.content.decode()
    assert StaticToken.objects.filter(device__user=leader).count() == 9


def test_it_remembers_a_browser_until_the_password_changes(production, personas):
    leader = personas["leader"]
    device, _codes = enrolled(leader)
    client = logged_in(leader)
    client.post(reverse("accounts:two-factor-verify"), {"code": code_for(device, 1), "remember": "on"})
    cookie = client.cookies[REMEMBER_COOKIE]
    assert int(cookie["max-age"]) == 30 * 86400 and cookie["httponly"]
    again = logged_in(leader)
    again.cookies[REMEMBER_COOKIE] = cookie.value
    assert again.get(reverse("home")).status_code == 200
    other = logged_in(personas["secretariat"])  # someone else's browser cookie does not help
    other.cookies[REMEMBER_COOKIE] = cookie.value
    assert other.get(reverse("home")).status_code == 302
    leader.set_password("a-new-passphrase-2026")
    leader.save()
    after = logged_in(leader)
    after.cookies[REMEMBER_COOKIE] = cookie.value
    assert after.get(reverse("home")).status_code == 302


def test_it_locks_out_after_repeated_wrong_codes(production, personas, settings):
    leader = personas["leader"]
    device, _codes = enrolled(leader)
    client = logged_in(leader)
    right = code_for(device, 1)
    wrong = "000000" if right != "000000" else "111111"
    statuses = [client.post(reverse("accounts:two-factor-verify"), {"code": wrong}).status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1) and statuses[-1] == 429
    response = client.post(reverse("accounts:two-factor-verify"), {"code": right})
    assert response.status_code == 429
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_it_makes_new_recovery_codes_that_replace_the_old_ones(production, personas):
    leader = personas["leader"]
    device, old = enrolled(leader)
    client = logged_in(leader)
    client.post(reverse("accounts:two-factor-verify"), {"code": code_for(device, 1)})
    html = client.post(reverse("accounts:two-factor-setup"), {"action": "recovery-codes"}).content.decode()
    new = list(StaticToken.objects.filter(device__user=leader).values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(old) and all(code in html for code in new)


def test_it_mails_the_reset_link_for_a_known_address_only(client, personas):
    client.post(reverse("password_reset"), {"email": "nobody@example.invalid"})
    assert len(mail.outbox) == 0
    response = client.post(reverse("password_reset"), {"email": "leader@example.invalid"})
    assert response.status_code == 302 and len(mail.outbox) == 1 and mail.outbox[0].to == ["leader@example.invalid"]


def test_it_limits_password_resets_per_address_and_per_client(client, personas, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 5
    url = reverse("password_reset")
    statuses = [client.post(url, {"email": "editor@example.invalid"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429] and len(mail.outbox) == 3
    response = client.post(url, {"email": "editor@example.invalid"})
    assert "Quá nhiều yêu cầu đặt lại mật khẩu" in response.content.decode()
    # Another address from the same client: allowed until the client's own limit (5 requests counted so far: 4+1).
    from_elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    assert from_elsewhere.post(url, {"email": "leader@example.invalid"}).status_code == 302
    assert client.post(url, {"email": "leader@example.invalid"}).status_code == 429


@pytest.fixture
def queued_tasks(settings):
    """Tasks are queued (DummyBackend), not run, as with the real worker."""
    from asgiref.local import Local
    from django.tasks import task_backends

    def reload():
        task_backends.__dict__.pop("settings", None)
        task_backends._connections = Local(task_backends.thread_critical)

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    reload()
    yield task_backends["default"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    reload()


def test_it_answers_a_reset_without_looking_the_address_up(client, personas, queued_tasks):
    """The same queries (throttle bookkeeping only) whether or not the address is known; the lookup and the
    mail happen in the worker."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    shapes = []
    for email in ("leader@example.invalid", "unknown@example.invalid"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.post(reverse("password_reset"), {"email": email}).status_code == 302
        shapes.append([(q["sql"].split(" ")[0], "auth_user" in q["sql"]) for q in ctx.captured_queries])
    assert shapes[0] == shapes[1]
    assert not any(user_table for shape in shapes for _verb, user_table in shape)
    assert len(mail.outbox) == 0
    assert [r.kwargs["email"] for r in queued_tasks.results] == ["leader@example.invalid", "unknown@example.invalid"]


def test_it_rejects_a_tampered_remember_cookie(production, personas):
    device, _codes = enrolled(personas["leader"])
    client = logged_in(personas["leader"])
    client.cookies[REMEMBER_COOKIE] = f"{personas['leader'].pk}:{device.persistent_id}:forged"
    assert client.get(reverse("home")).status_code == 302


def test_it_never_stores_authenticated_pages(client_for, submitted):
    editor = client_for("editor")
    for url in (reverse("home"), reverse("objectives:decision-list"), reverse("print:decision-docx", args=[submitted.pk])):
        response = editor.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], url
    assert "no-store" not in Client().get(reverse("password_reset")).get("Cache-Control", "")
