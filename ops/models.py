from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """One periodic job's run for one period. The unique pair is what makes a job run at most
    once per period however many schedulers race for it: the one whose INSERT wins enqueues
    the job, the others get an IntegrityError and skip (ops.scheduler)."""

    job = models.CharField(_("job"), max_length=200)
    period_start = models.DateTimeField(_("period start"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "period_start"], name="ops_run_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.period_start:%Y-%m-%d %H:%M:%S}"


class Heartbeat(models.Model):
    """When a worker last ran the heartbeat task (ops.tasks); /readyz reads its age."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    beat_at = models.DateTimeField(_("beat at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
