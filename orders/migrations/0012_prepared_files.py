"""Prepared files: a file made on a worker (a run's payslip zip …), its progress, and who may
fetch it (orders.models.prepared)."""

import django.db.models.deletion
import orders.models.prepared
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0008_purchase_event_kinds'),
        ('orders', '0011_payout_runs_any_time'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PreparedFile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('payslips_zip', 'All payslips of a payout run (zip)'), ('payroll_xlsx', 'Payroll file of a payout run (Excel)')], max_length=30, verbose_name='kind')),
                ('params', models.JSONField(default=dict)),
                ('key', models.CharField(max_length=200)),
                ('status', models.CharField(choices=[('queued', 'Waiting to start'), ('running', 'Being made'), ('ready', 'Ready'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                ('done', models.PositiveIntegerField(default=0)),
                ('total', models.PositiveIntegerField(default=0)),
                ('file', models.FileField(blank=True, storage=orders.models.prepared.private_storage, upload_to='prepared/')),
                ('filename', models.CharField(blank=True, max_length=200)),
                ('error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('touched_at', models.DateTimeField(auto_now_add=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('asked_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('cooperative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='prepared_files', to='marketplace.cooperative')),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ('queued', 'running'))), fields=('cooperative', 'key'), name='prepared_file_once_in_flight'), models.CheckConstraint(condition=models.Q(('done__lte', models.F('total'))), name='prepared_done_lte_total')],
            },
        ),
    ]
