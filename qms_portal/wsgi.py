"""WSGI entry point (gunicorn qms_portal.wsgi).

The URL configuration (every view module, the templates' tag libraries) is loaded here, at import, so
that gunicorn's `preload_app` (docs/deploy/gunicorn.conf.py) does that work once in the master and its
workers share the memory and answer their first request without loading anything. Heavy libraries
(WeasyPrint, openpyxl, python-docx) are not part of it: they load on first use (qms_portal/lazy.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms_portal.settings")
application = get_wsgi_application()


def _preload() -> None:
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view module
    connections.close_all()  # no database connection may be inherited by the forked workers


_preload()
