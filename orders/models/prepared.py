"""Prepared files: a file that takes too long to make inside a request (every payslip of a
payout run as a zip, a large export), made by a task on a worker while the page that asked
for it shows how far it has got, then offers it for download.

The file is private: it lives in the "private" storage (settings.STORAGES, when configured:
e.g. a private S3 bucket) or else under MEDIA_ROOT/private/, and is served only through the
view that checks the asker's right to it (orders.money.views.prepared), never from a media
address. At most one file of a kind and parameters is in the making per cooperative at a
time (a unique constraint), so pressing the button twice, or two coordinators pressing it,
starts the work once.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class PrivateMediaStorage(FileSystemStorage):
    """MEDIA_ROOT/private/: inside the media directory, so every app server and worker that
    shares media shares it too, but with no address: ``url()`` refuses (the web server must
    not serve /media/private/ either; see the README)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, Path(settings.MEDIA_ROOT) / "private")

    @cached_property
    def base_url(self):
        return None


def private_storage() -> Storage:
    """Where prepared files are kept: STORAGES["private"] when configured (e.g. a private
    S3 bucket), else PrivateMediaStorage."""
    if "private" in settings.STORAGES:
        return storages["private"]
    return PrivateMediaStorage()


class PreparedKind(models.TextChoices):
    PAYSLIPS_ZIP = "payslips_zip", _("All payslips of a payout run (zip)")
    PAYROLL_XLSX = "payroll_xlsx", _("Payroll file of a payout run (Excel)")


class PreparedStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


IN_FLIGHT = (PreparedStatus.QUEUED, PreparedStatus.RUNNING)


class PreparedFile(models.Model):
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cooperative = models.ForeignKey(
        "marketplace.Cooperative", on_delete=models.CASCADE, related_name="prepared_files"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PreparedKind.choices)
    # What the file is of, e.g. {"run_id": 7}, and the work's name made of kind and params
    # ('payslips_zip {"run_id": 7}'): the same name is the same work.
    params = models.JSONField(default=dict)
    key = models.CharField(max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=PreparedStatus.choices, default=PreparedStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to="prepared/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved on every step, so that work whose worker died shows as stale (no longer moving).
    touched_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "key"],
                condition=Q(status__in=IN_FLIGHT),
                name="prepared_file_once_in_flight",
            ),
            models.CheckConstraint(
                condition=Q(done__lte=F("total")), name="prepared_done_lte_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.params} ({self.status})"

    @property
    def in_flight(self) -> bool:
        return self.status in IN_FLIGHT
