"""Journeys in a real browser: what officials do, click by click, with screenshots in test-artifacts/."""

from pathlib import Path

import pytest

from browser import journey, needs_chromium
from objectives.models import Decision, DecisionStatus, Target

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]
SAMPLE = (Path(__file__).parent / "import_corpus" / "2026_phuoc_an_table.txt").read_text(encoding="utf-8")


def test_it_imports_a_pasted_decision_into_a_matching_draft(live_server, personas, tree):
    with journey(live_server, "import") as j:
        j.login("editor")
        page = j.go("/decisions/import/")
        page.select_option("select[name=agency]", str(tree["commune"].pk))
        page.fill("textarea[name=text]", SAMPLE)
        j.shot("pasted")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        j.shot("after-read")
        page.wait_for_selector("#src-1")
        j.shot("preview")
        assert page.locator("#src-1").count() == 1
        page.click("main form button[type=submit]")
        page.wait_for_url("**/editor/")
        j.shot("draft")
        j.assert_no_console_errors()
    decision = Decision.objects.get()
    assert decision.status == DecisionStatus.DRAFT and decision.year == 2026
    assert decision.objectives.count() == 8 and decision.sections.count() == 2
    assert Target.objects.filter(objective__decision=decision).count() == 8
    assert decision.signer_name == "Lê Văn Minh"
