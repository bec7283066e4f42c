"""Payout runs at any time, and a coordinator's word on accounts in someone else's name.

A run's ``cutoff`` was a China date, one run per cooperative and date: a coordinator could
not pay what was inspected today, nor run twice in a day. It becomes the moment up to which
earnings are paid. An existing run's date becomes the last instant of that China day, the
moment it always meant (entries recorded before the midnight that ends it), so every run,
payslip and statement reads as before. Going back turns each moment into its China date
again; it refuses, saying why, when two runs of one cooperative fall on one day, which the
old rule cannot hold.

Payout details and payouts gain who confirmed, and when, that an account whose holder is not
the mother is right for her.
"""

import datetime
import zoneinfo

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _china():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def dates_to_moments(apps, schema_editor):
    PayoutRun = apps.get_model("orders", "PayoutRun")
    for run in PayoutRun.objects.only("pk", "cutoff").iterator():
        midnight_after = datetime.datetime.combine(
            run.cutoff + datetime.timedelta(days=1), datetime.time(), tzinfo=_china()
        )
        end_of_day = midnight_after - datetime.timedelta(microseconds=1)
        PayoutRun.objects.filter(pk=run.pk).update(cutoff_moment=end_of_day)


def moments_to_dates(apps, schema_editor):
    PayoutRun = apps.get_model("orders", "PayoutRun")
    seen = {}
    for run in PayoutRun.objects.only("pk", "cooperative_id", "cutoff_moment").iterator():
        day = run.cutoff_moment.astimezone(_china()).date()
        if seen.setdefault((run.cooperative_id, day), run.pk) != run.pk:
            raise RuntimeError(
                f"Payout runs {seen[(run.cooperative_id, day)]} and {run.pk} of cooperative "
                f"{run.cooperative_id} both pay up to {day}: the one-run-per-day rule this "
                "migration removed cannot hold them, so it cannot be reversed."
            )
        PayoutRun.objects.filter(pk=run.pk).update(cutoff=day)


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0010_ledger_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="payoutrun", name="one_run_per_cutoff"),
        # Nullable while the values move, so that each step can also be taken backwards.
        migrations.AlterField(
            model_name="payoutrun",
            name="cutoff",
            field=models.DateField(null=True, verbose_name="earnings up to"),
        ),
        migrations.AddField(
            model_name="payoutrun",
            name="cutoff_moment",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(dates_to_moments, moments_to_dates, elidable=False),
        migrations.RemoveField(model_name="payoutrun", name="cutoff"),
        migrations.RenameField(model_name="payoutrun", old_name="cutoff_moment", new_name="cutoff"),
        migrations.AlterField(
            model_name="payoutrun",
            name="cutoff",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="earnings recorded up to"
            ),
        ),
        migrations.AddField(
            model_name="payoutprofile",
            name="holder_confirmed_for",
            field=models.CharField(blank=True, max_length=130),
        ),
        migrations.AddField(
            model_name="payoutprofile",
            name="holder_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="other holder confirmed by",
            ),
        ),
        migrations.AddField(
            model_name="payoutprofile",
            name="holder_confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="other holder confirmed"),
        ),
        migrations.AddField(
            model_name="payout",
            name="holder_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="payout",
            name="holder_confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="other holder confirmed"),
        ),
    ]
