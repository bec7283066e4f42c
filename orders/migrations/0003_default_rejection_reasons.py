from django.db import migrations


def forwards(apps, schema_editor):
    from orders.production.reasons import reasons_ensure_defaults

    cooperative = apps.get_model("marketplace", "Cooperative")
    reason = apps.get_model("orders", "RejectionReason")
    for pk in cooperative.objects.values_list("pk", flat=True):
        reasons_ensure_defaults(pk, reason_model=reason)


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0005_production_progress"),
        ("orders", "0002_handovers_inspections_ledger"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
