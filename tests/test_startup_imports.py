"""Start-up stays light: loading the URL configuration (what every gunicorn worker does, and what the
master preloads) imports no PDF, Excel or Word library; they load on the first print or export."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("weasyprint", "openpyxl", "docx", "pypdf")

SCRIPT = f"""
import json, sys
import django
django.setup()
import qms_portal.urls
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))
"""


def _heavy_loaded(script: str) -> list[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "qms_portal.settings_test", "DEBUG": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_url_configuration_imports_no_pdf_excel_or_word_library():
    assert _heavy_loaded(SCRIPT) == []


def test_the_views_still_reach_them_on_first_use():
    """Counter-check: the lazy references do load the libraries when a view uses them."""
    script = SCRIPT.replace(
        "print(json.dumps",
        "from objectives.printing import views as pv\n"
        "from reports import views as rv\npv.stored_module.render_fresh\n"
        "import objectives.printing.pdf, objectives.printing.docx\nrv.excel.Sheet\nprint(json.dumps",
    )
    assert set(_heavy_loaded(script)) >= {"weasyprint", "openpyxl", "docx"}
