"""Import agencies from a CSV file, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agencies.services import AgencyImportError, agencies_import_csv


class Command(BaseCommand):
    help = "Import agencies from CSV (code,name,short_name,kind,parent_code,symbol,place,header_parent,header_own,dissolved_on)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}) from None
        try:
            result = agencies_import_csv(data=data)
        except AgencyImportError as exc:
            for line, reason in exc.errors:
                self.stderr.write(_("Line %(line)d: %(reason)s") % {"line": line, "reason": reason})
            raise CommandError(_("%(count)d bad row(s); nothing was imported.") % {"count": len(exc.errors)}) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported: %(created)d created, %(updated)d updated.")
                % {"created": result.created, "updated": result.updated}
            )
        )
