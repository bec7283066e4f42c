"""Tallies (orders.models.tallies), each handover's current result and each order's pieces
accepted late. The records already there are counted into them right after ``migrate``, by
the rebuild ``manage.py rebuild_rollups`` runs (``tallies_fill_if_empty``, connected to
post_migrate in orders/apps.py): a migration imports no app code that can move."""

import django.db.models.deletion
import marketplace.money
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0008_purchase_event_kinds'),
        ('orders', '0012_prepared_files'),
    ]

    operations = [
        migrations.AddField(
            model_name='handover',
            name='result',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orders.inspection', verbose_name='current result'),
        ),
        migrations.AddField(
            model_name='productionorder',
            name='accepted_late',
            field=models.PositiveIntegerField(default=0, verbose_name='accepted after the due date'),
        ),
        migrations.CreateModel(
            name='MotherTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('grain', models.CharField(choices=[('day', 'Day'), ('month', 'Month')], max_length=5, verbose_name='grain')),
                ('day', models.DateField(verbose_name='from')),
                ('month', models.DateField(verbose_name='month')),
                ('handed', models.PositiveIntegerField(default=0, verbose_name='pieces handed over')),
                ('accepted', models.PositiveIntegerField(default=0, verbose_name='accepted')),
                ('handover_days', models.PositiveIntegerField(default=0, verbose_name='days with a handover')),
                ('earning', marketplace.money.MoneyField(default=0, verbose_name='earnings')),
                ('adjustment', marketplace.money.MoneyField(default=0, verbose_name='adjustments')),
                ('payout', marketplace.money.MoneyField(default=0, verbose_name='payouts')),
                ('reversal', marketplace.money.MoneyField(default=0, verbose_name='reversals')),
                ('earned_entries', models.PositiveIntegerField(default=0, verbose_name='earning and adjustment entries')),
                ('credits', models.PositiveIntegerField(default=0, verbose_name='credits')),
                ('cooperative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='marketplace.cooperative')),
                ('mother', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='marketplace.membership')),
            ],
            options={
                'verbose_name': 'mother tally',
                'verbose_name_plural': 'mother tallies',
                'indexes': [models.Index(fields=['cooperative', 'grain', 'day'], name='mother_tally_coop')],
                'constraints': [models.UniqueConstraint(fields=('mother', 'grain', 'day'), name='mother_tally_once'), models.CheckConstraint(condition=models.Q(models.Q(('grain', 'month'), _negated=True), ('day', models.F('month')), _connector='OR'), name='mother_tally_month_row_on_first')],
            },
        ),
        migrations.CreateModel(
            name='RejectionTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('grain', models.CharField(choices=[('day', 'Day'), ('month', 'Month')], max_length=5, verbose_name='grain')),
                ('day', models.DateField(verbose_name='from')),
                ('month', models.DateField(verbose_name='month')),
                ('pieces', models.PositiveIntegerField(default=0, verbose_name='pieces')),
                ('cooperative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='marketplace.cooperative')),
                ('order', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orders.productionorder')),
                ('reason', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orders.rejectionreason')),
            ],
            options={
                'verbose_name': 'rejection tally',
                'verbose_name_plural': 'rejection tallies',
                'indexes': [models.Index(fields=['cooperative', 'grain', 'day'], name='rejection_tally_coop')],
                'constraints': [models.UniqueConstraint(fields=('order', 'reason', 'grain', 'day'), name='rejection_tally_once'), models.CheckConstraint(condition=models.Q(models.Q(('grain', 'month'), _negated=True), ('day', models.F('month')), _connector='OR'), name='rejection_tally_month_row_on_first')],
            },
        ),
        migrations.CreateModel(
            name='WorkTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('grain', models.CharField(choices=[('day', 'Day'), ('month', 'Month')], max_length=5, verbose_name='grain')),
                ('day', models.DateField(verbose_name='from')),
                ('month', models.DateField(verbose_name='month')),
                ('handed', models.PositiveIntegerField(default=0, verbose_name='pieces handed over')),
                ('on_time', models.PositiveIntegerField(default=0, verbose_name='handed over on time')),
                ('inspected', models.PositiveIntegerField(default=0, verbose_name='inspected')),
                ('accepted', models.PositiveIntegerField(default=0, verbose_name='accepted')),
                ('rejected', models.PositiveIntegerField(default=0, verbose_name='rejected')),
                ('cooperative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='marketplace.cooperative')),
                ('mother', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='marketplace.membership')),
                ('order', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orders.productionorder')),
            ],
            options={
                'verbose_name': 'work tally',
                'verbose_name_plural': 'work tallies',
                'indexes': [models.Index(fields=['cooperative', 'grain', 'day'], name='work_tally_coop'), models.Index(fields=['mother', 'grain', 'day'], name='work_tally_mother')],
                'constraints': [models.UniqueConstraint(fields=('order', 'mother', 'grain', 'day'), name='work_tally_once'), models.CheckConstraint(condition=models.Q(models.Q(('grain', 'month'), _negated=True), ('day', models.F('month')), _connector='OR'), name='work_tally_month_row_on_first')],
            },
        ),
    ]
