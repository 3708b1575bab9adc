"""Evidence files of a progress report: at most so many per report, each checked by its content (not its name)
by reports.evidence.check_upload, which corrective action evidence uses too."""

from django.core.exceptions import ValidationError

from reports.evidence import ALLOWED_UPLOADS, check_upload  # noqa: F401 (re-exported by reports.services)

MAX_FILES_PER_REPORT = 20


def check_files(files, errors: dict[str, str]) -> list[tuple[object, str]]:
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_upload(upload)))
        except ValidationError as error:
            errors.setdefault("files", error.messages[0])
    return checked
