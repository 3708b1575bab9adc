"""Logging filters: a refused request (400, 403, 404, ...) is one line in the log, not a traceback."""

import logging


class OneLineClientErrors(logging.Filter):
    """Drop the traceback from records about client errors: a 403 or 404 is the app working as designed, and
    tracebacks for them bury the real errors. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if (isinstance(status, int) and 400 <= status < 500) or record.name.startswith("django.security"):
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
