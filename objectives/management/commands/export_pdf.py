"""Print from the command line: one decision to a PDF (or .docx) file, or a whole batch of a subtree and year.

python manage.py export_pdf 12 -o qd-15.pdf [--appendix-only] [--no-images]
python manage.py export_pdf 12 -o qd-15.docx
python manage.py export_pdf --batch DNI --year 2026 [-o out-dir]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from agencies.models import Agency
from objectives.models import Decision, PrintBatch
from objectives.printing import decisions_for_print


class Command(BaseCommand):
    help = "Export a decision (and its appendix) to PDF or Word, or every issued decision of a subtree and year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("decision_id", nargs="?", type=int, help="Primary key of the decision.")
        parser.add_argument("-o", "--output", help="File to write (.pdf or .docx); with --batch, a folder.")
        parser.add_argument("--appendix-only", action="store_true", help="Only the appendix.")
        parser.add_argument("--no-images", action="store_true", help="Leave out signature and seal images.")
        parser.add_argument(
            "--batch", metavar="AGENCY_CODE", help="Export every issued decision of this agency's subtree."
        )
        parser.add_argument("--year", type=int, help="Year of the batch.")

    def handle(self, *args, **options) -> None:
        if options["batch"]:
            self._batch(options)
        else:
            self._single(options)

    def _single(self, options) -> None:
        from objectives.printing.docx import render_decision_docx
        from objectives.printing.pdf import render_decision_pdf

        if options["decision_id"] is None or not options["output"]:
            raise CommandError(_("Give a decision id and -o FILE, or --batch AGENCY_CODE --year YYYY."))
        try:
            decision = decisions_for_print().get(pk=options["decision_id"])
        except Decision.DoesNotExist:
            raise CommandError(_("There is no decision with id %(id)s.") % {"id": options["decision_id"]}) from None
        output = Path(options["output"])
        try:
            if output.suffix.lower() == ".docx":
                content = render_decision_docx(decision, appendix_only=options["appendix_only"])
            else:
                content = render_decision_pdf(
                    decision, appendix_only=options["appendix_only"], with_images=not options["no_images"]
                )
        except ValueError as error:
            raise CommandError(str(error)) from None
        output.write_bytes(content)
        self.stdout.write(
            self.style.SUCCESS(_("Wrote %(file)s (%(size)d KB).") % {"file": output, "size": len(content) // 1024})
        )

    def _batch(self, options) -> None:
        from objectives.printing.batch import run_batch

        if not options["year"]:
            raise CommandError(_("--batch needs --year YYYY."))
        try:
            agency = Agency.objects.get(code=options["batch"])
        except Agency.DoesNotExist:
            raise CommandError(_("There is no agency with code %(code)s.") % {"code": options["batch"]}) from None
        # Run here, in this process, rather than through the task queue: the operator sees the outcome.
        batch = PrintBatch.objects.create(agency=agency, year=options["year"])
        batch = run_batch(batch.pk)
        self.stdout.write(
            _("%(done)d of %(total)d decisions processed for %(agency)s, %(year)d.")
            % {"done": batch.done, "total": batch.total, "agency": agency.name, "year": batch.year}
        )
        if options["output"] and batch.pdf:
            folder = Path(options["output"])
            folder.mkdir(parents=True, exist_ok=True)
            for field in (batch.pdf, batch.zip):
                target = folder / Path(field.name).name
                with field.open("rb") as source:
                    target.write_bytes(source.read())
                self.stdout.write(_("Wrote %(file)s.") % {"file": target})
        elif batch.pdf:
            self.stdout.write(
                _("Files kept in storage: %(pdf)s, %(zip)s.") % {"pdf": batch.pdf.name, "zip": batch.zip.name}
            )
        for failure in batch.failures:
            self.stderr.write(self.style.ERROR(_("FAILED: %(document)s: %(reason)s") % failure))
        if batch.failures:
            raise CommandError(
                _("%(failed)d of %(total)d documents could not be printed (listed above).")
                % {"failed": len(batch.failures), "total": batch.total}
            )
        self.stdout.write(self.style.SUCCESS(_("All documents printed.")))
