"""Read a decision from a .txt or .docx file: print what was understood, or save it as a draft."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.permissions import SYSTEM
from objectives.importer import messages as msg
from objectives.importer import service as importing


class Command(BaseCommand):
    help = "Parse a decision (.txt/.docx); --json prints the structure, --save stores it as a draft of --agency."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--agency", help="code of the agency the decision belongs to (needed with --save)")
        parser.add_argument("--save", action="store_true", help="save as a draft decision")
        parser.add_argument("--json", action="store_true", help="print the parsed structure as JSON")
        parser.add_argument(
            "--allow-empty",
            action="store_true",
            help="with --save, save the draft even when no objective was found (add them by hand)",
        )

    def handle(self, *args, path: Path, agency: str | None, save: bool, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror}) from None
        try:
            source = importing.read_upload(SimpleUploadedFile(path.name, data))
            result = importing.parse(source.text)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        parsed = result.to_dict()
        if options["json"]:
            self.stdout.write(_dumps(parsed))
        else:
            self._summary(parsed)
        empty = not parsed["objectives"]
        if empty and not (save and options["allow_empty"]):
            # never a silent zero: a decision without objectives measures nothing
            raise CommandError(
                msg.render(msg.NO_OBJECTIVES_HELP)
                + " "
                + _("To save the draft anyway and add the objectives by hand, run again with --save --allow-empty.")
            )
        if save:
            if not agency:
                raise CommandError(_("--save needs --agency CODE."))
            target = Agency.objects.filter(code=agency).first()
            if target is None:
                raise CommandError(_("No agency has the code %(code)s.") % {"code": agency})
            if not parsed.get("year"):
                raise CommandError(_("The year of the objectives could not be read; nothing was saved."))
            try:
                decision = importing.import_decision(
                    agency=target,
                    user=SYSTEM,
                    year=parsed["year"],
                    note=importing.import_note(parsed),
                    data=importing.build_data(parsed, agency=target, reference=result.appendix_reference),
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stderr.write(_("Saved as draft decision #%(pk)d.") % {"pk": decision.pk})

    def _summary(self, parsed: dict) -> None:
        write = self.stdout.write
        write(
            f"{parsed.get('number') or '—'}/{parsed.get('symbol') or '—'} · {parsed.get('place') or '—'} · {parsed.get('date') or '—'}"
        )
        write(parsed.get("summary") or "")
        for objective in parsed["objectives"]:
            targets = "; ".join(_target_text(t) for t in objective["targets"])
            write(f"  {objective['number']}. {objective['content'][:80]}  [{targets}]")
        for warning in parsed["warnings"]:
            write(_("Warning: %(text)s") % {"text": warning})
        for line in parsed["unparsed"]:
            write(_("Not understood: %(line)s") % {"line": line})


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _target_text(target: dict) -> str:
    value = f"{target['value']}-{target['upper']}" if target["comparator"] == "between" else target["value"]
    return " ".join(str(part) for part in (target["comparator"], value, target["unit"]) if part is not None)
