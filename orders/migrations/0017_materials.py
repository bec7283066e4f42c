"""Materials kits (issue 16 point 5): materials, what a product takes of each per piece, and
every movement of a cooperative's stock."""

import django.db.models.deletion
import orders.amounts
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0009_regions_minimum_wage'),
        ('orders', '0016_reported_time'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Material',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, verbose_name='name (Chinese)')),
                ('name_en', models.CharField(blank=True, max_length=120, verbose_name='name (English)')),
                ('unit', models.CharField(choices=[('m', 'm'), ('pcs', 'pcs'), ('g', 'g')], max_length=8, verbose_name='unit')),
                ('low_stock', orders.amounts.AmountField(default=Decimal('0'), verbose_name='low-stock level')),
                ('on_hand', orders.amounts.AmountField(default=Decimal('0'), editable=False, verbose_name='on hand')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('cooperative', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='materials', to='marketplace.cooperative')),
            ],
            options={
                'verbose_name': 'material',
                'verbose_name_plural': 'materials',
                'ordering': ['cooperative', 'name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='MaterialMovement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('received', 'Received'), ('issued', 'Issued'), ('returned', 'Returned'), ('adjusted', 'Adjusted')], max_length=12, verbose_name='kind')),
                ('change', orders.amounts.AmountField(verbose_name='change')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('claim', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='material_movements', to='orders.claim')),
                ('handover', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='material_movements', to='orders.handover')),
                ('material', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='movements', to='orders.material')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'material movement',
                'verbose_name_plural': 'material movements',
                'ordering': ['recorded_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ProductMaterial',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('per_piece', orders.amounts.AmountField(verbose_name='per piece')),
                ('material', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='uses', to='orders.material')),
                ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='materials_per_piece', to='marketplace.product')),
            ],
            options={
                'verbose_name': 'material per piece',
                'verbose_name_plural': 'materials per piece',
                'ordering': ['product', 'material__name', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='material',
            constraint=models.UniqueConstraint(fields=('cooperative', 'name'), name='material_name_once'),
        ),
        migrations.AddConstraint(
            model_name='material',
            constraint=models.CheckConstraint(condition=models.Q(('on_hand__gte', 0)), name='material_never_below_zero'),
        ),
        migrations.AddConstraint(
            model_name='material',
            constraint=models.CheckConstraint(condition=models.Q(('low_stock__gte', 0)), name='material_low_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='materialmovement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('change__gt', 0), ('kind__in', ['received', 'returned'])), models.Q(('change__lt', 0), ('kind', 'issued')), models.Q(('kind', 'adjusted'), models.Q(('change', 0), _negated=True)), _connector='OR'), name='movement_sign_fits_kind'),
        ),
        migrations.AddConstraint(
            model_name='materialmovement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('claim__isnull', False), ('kind__in', ['issued', 'returned'])), models.Q(('claim__isnull', True), ('kind__in', ['received', 'adjusted'])), _connector='OR'), name='movement_claim_fits_kind'),
        ),
        migrations.AddConstraint(
            model_name='productmaterial',
            constraint=models.UniqueConstraint(fields=('product', 'material'), name='product_material_once'),
        ),
        migrations.AddConstraint(
            model_name='productmaterial',
            constraint=models.CheckConstraint(condition=models.Q(('per_piece__gt', 0)), name='per_piece_positive'),
        ),
    ]
