"""Evidence files chosen before a save that failed are kept for the next try: a browser cannot fill a
file input again, so the files are stored under pending/ and listed in the session per report; the form
offers them ticked, the next successful save attaches the ticked ones, and both then go away."""

import uuid

from django.core.files.storage import default_storage

SESSION_KEY = "pending_evidence"
MAX_KEPT = 20


def _all(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def kept(request, key: str) -> list[dict]:
    """[{id, name, size}] kept for this report (agency/year/period)."""
    return [{k: v for k, v in item.items() if k != "path"} for item in _all(request).get(key, [])]


def opened(request, key: str, ids) -> list:
    """The kept files the user left ticked, opened for reading under their original names."""
    wanted = set(ids)
    files = []
    for item in _all(request).get(key, []):
        if item["id"] in wanted and default_storage.exists(item["path"]):
            handle = default_storage.open(item["path"], "rb")
            handle.name = item["name"]
            files.append(handle)
    return files


def keep(request, key: str, uploads, *, still=()) -> None:
    """After a failed save: store the new (already checked) uploads, keep the ticked earlier ones, drop
    the rest."""
    wanted = set(still)
    current = _all(request)
    items = []
    for item in current.get(key, []):
        if item["id"] in wanted:
            items.append(item)
        else:
            default_storage.delete(item["path"])
    for upload in uploads:
        if len(items) >= MAX_KEPT:
            break
        upload.seek(0)
        path = default_storage.save(f"pending/{uuid.uuid4().hex}", upload)
        items.append({"id": uuid.uuid4().hex, "name": upload.name, "size": upload.size, "path": path})
    current[key] = items
    request.session[SESSION_KEY] = current


def clear(request, key: str) -> None:
    """After a successful save: the kept files were copied into the report's evidence; remove them."""
    current = _all(request)
    for item in current.pop(key, []):
        default_storage.delete(item["path"])
    request.session[SESSION_KEY] = current
