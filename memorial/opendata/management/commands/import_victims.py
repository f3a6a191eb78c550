"""Import victims from a partner's CSV or JSON file; the rules are in docs/import.md."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from memorial.opendata.importing import FORMATS, ImportFileError, import_victims
from memorial.privacy.sealing import SealingUnavailable


class Command(BaseCommand):
    help = "Import victims from a partner's CSV or JSON file (idempotent; never loosens a record's policy)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .json file.")
        parser.add_argument("--format", dest="file_format", choices=FORMATS, help="When the extension does not say.")
        parser.add_argument("--encoding", default="utf-8", help="Of a CSV or JSON file, e.g. cp1256 (default utf-8).")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and count; write nothing.")
        parser.add_argument("--photos", help="A zip of the photos the file's photo_file column names.")
        parser.add_argument("--skip-invalid", action="store_true", help="Write the valid rows even if some are not.")
        parser.add_argument(
            "--draft",
            action="store_true",
            help=(
                "Create new records unpublished and leave earlier drafts unpublished. Updates to records already "
                "published still go live at once; the summary counts them."
            ),
        )

    def handle(self, *args, file, file_format, encoding, dry_run, skip_invalid, draft, photos, **options):
        try:
            result = import_victims(
                file,
                file_format=file_format,
                encoding=encoding,
                dry_run=dry_run,
                draft=draft,
                skip_invalid=skip_invalid,
                photos=photos,
                progress=self.show_progress if self.stdout.isatty() else None,
            )
        except (ImportFileError, SealingUnavailable) as error:
            raise CommandError(str(error)) from error
        for error in result.errors:
            self.stderr.write(error)
        counts = _(
            "Created: %(created)d, updated: %(updated)d, unchanged: %(unchanged)d, invalid: %(invalid)d, "
            "policies kept tighter: %(kept_tighter)d."
        ) % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "invalid": result.invalid,
            "kept_tighter": result.kept_tighter,
        }
        # What reaches the public at once, --draft or not: policies tightened and published records changed.
        public = _("Policies tightened: %(tightened)d, published records updated in place: %(updated_published)d.") % {
            "tightened": result.tightened,
            "updated_published": result.updated_published,
        }
        summary = f"{counts} {public}"
        if dry_run:
            summary = _("Dry run, nothing was written. %(summary)s") % {"summary": summary}
        self.stdout.write(summary)
        if result.invalid and not (result.written and result.valid):
            raise CommandError(
                ngettext(
                    "%(count)d row is invalid: nothing was written.",
                    "%(count)d rows are invalid: nothing was written.",
                    result.invalid,
                )
                % {"count": result.invalid}
            )

    def show_progress(self, phase, done, total):
        labels = {"check": _("checked"), "write": _("written"), "publish": _("published")}
        counted = f"{done}/{total}" if total is not None else f"{done}"
        line = _("%(phase)s %(count)s rows") % {"phase": labels[phase], "count": counted}
        # Plain text: stderr's default style on a terminal is the error colour.
        self.stderr.write(f"\r  {line}", style_func=str, ending="\n" if done == total else "")
        self.stderr.flush()
