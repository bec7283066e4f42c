"""The mother tallies by period across every cooperative, for the federation's overview
(bench/README.md, the city): built in seconds at a city's million rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0013_tallies'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='mothertally',
            index=models.Index(fields=['grain', 'day'], name='mother_tally_period'),
        ),
    ]
