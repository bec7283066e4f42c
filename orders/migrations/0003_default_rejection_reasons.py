from django.db import migrations

# The default rejection reasons as they were when this migration was written (code, Chinese,
# English), frozen here so that the migration never changes with, or breaks on, app code
# that moves: later defaults reach new cooperatives through orders.production.reasons.
DEFAULT_REASONS = [
    ("loose-knot", "松结", "Loose knot"),
    ("wrong-colour", "颜色不对", "Wrong colour"),
    ("size-off", "尺寸不对", "Size off"),
    ("dirty", "有污渍", "Dirty"),
    ("frayed", "线头毛糙", "Frayed ends"),
    ("other", "其他", "Other"),
]


def forwards(apps, schema_editor):
    """Give every existing cooperative the default reasons it lacks (by code)."""
    cooperative = apps.get_model("marketplace", "Cooperative")
    reason = apps.get_model("orders", "RejectionReason")
    for pk in cooperative.objects.values_list("pk", flat=True):
        have = set(reason.objects.filter(cooperative_id=pk).values_list("code", flat=True))
        reason.objects.bulk_create(
            reason(cooperative_id=pk, code=code, name=name, name_en=name_en, sort_order=i)
            for i, (code, name, name_en) in enumerate(DEFAULT_REASONS)
            if code not in have
        )


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0005_production_progress"),
        ("orders", "0002_handovers_inspections_ledger"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
