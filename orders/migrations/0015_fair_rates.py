"""Fair rates (issue 16 points 1-3): timed samples of a product, an order's standard time per
piece, and the check against the minimum wage made when it is published (with the written
reason when it pays below).

The women's federation enters the regions' minimum wages in the Wagtail admin: its group is
given the admin and the region and minimum-wage permissions here (permissions are normally
created after every migration has run, so those it needs are made here, as 0007 did).
"""

import django.core.validators
import django.db.models.deletion
import marketplace.money
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

FEDERATION_GROUP = "妇联 / Women's federation"
MODELS = {"region": "region", "minimumwage": "minimum wage"}
ACTIONS = ("add", "change", "delete", "view")


def _permission(apps, app_label, model, codename, name):
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    kind, _ = content_type.objects.get_or_create(app_label=app_label, model=model)
    made, _ = permission.objects.get_or_create(
        codename=codename, content_type=kind, defaults={"name": name}
    )
    return made


def federation_enters_minimum_wages(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=FEDERATION_GROUP)
    group.permissions.add(
        _permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
        *(
            _permission(apps, "marketplace", model, f"{action}_{model}", f"Can {action} {name}")
            for model, name in MODELS.items()
            for action in ACTIONS
        ),
    )


def federation_enters_no_more(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=FEDERATION_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="marketplace", content_type__model__in=MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0010_standard_time"),
        ("orders", "0014_tally_indexes"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TimingSample",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "pieces",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="pieces timed",
                    ),
                ),
                (
                    "minutes",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=7,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.1"))],
                        verbose_name="minutes taken",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "recorded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
                ),
            ],
            options={
                "verbose_name": "timing sample",
                "verbose_name_plural": "timing samples",
                "ordering": ["product", "-recorded_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="productionorder",
            name="below_minimum_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
        ),
        migrations.AddField(
            model_name="productionorder",
            name="below_minimum_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="productionorder",
            name="below_minimum_reason",
            field=models.TextField(blank=True, verbose_name="why it pays below the minimum"),
        ),
        migrations.AddField(
            model_name="productionorder",
            name="minimum_hourly",
            field=marketplace.money.MoneyField(
                blank=True, null=True, verbose_name="hourly minimum checked against"
            ),
        ),
        migrations.AddField(
            model_name="productionorder",
            name="minimum_wage",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="marketplace.minimumwage",
                verbose_name="minimum wage checked against",
            ),
        ),
        migrations.AddField(
            model_name="productionorder",
            name="pays_minimum",
            field=models.BooleanField(
                blank=True, null=True, verbose_name="pays at least the minimum"
            ),
        ),
        migrations.AddField(
            model_name="productionorder",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="published at"),
        ),
        migrations.AddField(
            model_name="productionorder",
            name="standard_minutes",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=7,
                null=True,
                validators=[django.core.validators.MinValueValidator(Decimal("0.01"))],
                verbose_name="standard minutes per piece",
            ),
        ),
        migrations.AddConstraint(
            model_name="productionorder",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("standard_minutes__isnull", True), ("standard_minutes__gt", 0), _connector="OR"
                ),
                name="order_standard_minutes_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="productionorder",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("pays_minimum", False), _negated=True),
                    models.Q(("below_minimum_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="order_below_minimum_has_reason",
            ),
        ),
        migrations.AddField(
            model_name="timingsample",
            name="product",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="timing_samples",
                to="marketplace.product",
                verbose_name="product",
            ),
        ),
        migrations.AddField(
            model_name="timingsample",
            name="recorded_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="timingsample",
            constraint=models.CheckConstraint(
                condition=models.Q(("pieces__gte", 1)), name="timing_pieces_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="timingsample",
            constraint=models.CheckConstraint(
                condition=models.Q(("minutes__gt", 0)), name="timing_minutes_positive"
            ),
        ),
        migrations.RunPython(federation_enters_minimum_wages, federation_enters_no_more),
    ]
