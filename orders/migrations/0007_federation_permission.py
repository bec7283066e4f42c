"""The women's federation's read-only overview: a permission on production orders (no table
of its own) and the group "妇联 / Women's federation" that holds it.

Permissions are normally created after every migration has run (post_migrate), so this one
is made here, where the group needs it.
"""

from django.db import migrations

FEDERATION_GROUP = "妇联 / Women's federation"


def forwards(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group")
    orders, _ = content_type.objects.get_or_create(app_label="orders", model="productionorder")
    view, _ = permission.objects.get_or_create(
        codename="view_federation",
        content_type=orders,
        defaults={"name": "Can see the federation overview"},
    )
    federation, _ = group.objects.get_or_create(name=FEDERATION_GROUP)
    federation.permissions.add(view)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=FEDERATION_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orders", "0006_payout_recorded_by"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="productionorder",
            options={
                "ordering": ["due_date", "pk"],
                "permissions": [("view_federation", "Can see the federation overview")],
                "verbose_name": "production order",
                "verbose_name_plural": "production orders",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
