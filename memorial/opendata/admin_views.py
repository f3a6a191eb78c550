"""Admin screens of an import: upload, the dry run's report, confirmation, progress and result.

They only show and hand over: the rules are importing's (the same as `manage.py import_victims`), the job's
life is tasks'. A running job's screen reloads itself every few seconds (a meta refresh, no script needed).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from memorial.opendata import tasks
from memorial.opendata.forms import ImportForm
from memorial.opendata.models import ImportJob

PERMISSION = "opendata.import_victims"
# The report shows this many problems; the full list is a download.
SHOWN_ERRORS = 1000
REFRESH_SECONDS = 2


class ImportScreen(WagtailAdminTemplateMixin, View):
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Import victims")

    def render(self, **context):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context))


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class ImportView(ImportScreen):
    template_name = "opendata/admin/import.html"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        return self.render(form=ImportForm(), jobs=ImportJob.objects.select_related("created_by")[:20])

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form=form, jobs=ImportJob.objects.select_related("created_by")[:20])
        data = form.cleaned_data
        job = tasks.start(
            user=request.user,
            language=get_language(),
            name=data["file"].name[:255],
            upload=data["file"],
            file_format=data["file_format"],
            encoding=data["encoding"],
            photos=data["photos"],
            skip_invalid=data["skip_invalid"],
            draft=data["draft"],
        )
        return redirect("opendata_import:job", job.pk)


class JobScreen(ImportScreen):
    def dispatch(self, request, pk, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        self.job = get_object_or_404(ImportJob, pk=pk)
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_subtitle(self):
        return self.job.name

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("opendata_import:index"), "label": self.get_page_title()},
            {"url": "", "label": self.job.name},
        ]


@method_decorator(never_cache, name="dispatch")
class JobView(JobScreen):
    template_name = "opendata/admin/job.html"

    def get(self, request, pk):
        job = self.job
        return self.render(
            job=job,
            refresh=REFRESH_SECONDS if job.running else None,
            errors=job.errors[:SHOWN_ERRORS],
            hidden_errors=max(0, len(job.errors) - SHOWN_ERRORS),
        )


@method_decorator(never_cache, name="dispatch")
class ReportView(JobScreen):
    """Every problem the job found, one a line, as plain text."""

    def get(self, request, pk):
        lines = [self.job.file_error, *self.job.errors] if self.job.file_error else self.job.errors
        response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{self.job.pk}-report.txt"'
        return response


@method_decorator(never_cache, name="dispatch")
class ConfirmView(JobScreen):
    def post(self, request, pk):
        if tasks.confirm(self.job):
            messages.success(request, _("The import has started."))
        else:
            messages.error(request, _("This file cannot be imported (any more); upload it again."))
        return redirect("opendata_import:job", self.job.pk)


@method_decorator(never_cache, name="dispatch")
class CancelView(JobScreen):
    def post(self, request, pk):
        if tasks.cancel(self.job):
            messages.success(request, _("The file was deleted without importing it."))
        return redirect("opendata_import:index")
