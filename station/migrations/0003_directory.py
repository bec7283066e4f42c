"""The directory and rights pages, employers' staff, rights requests; and the permission to
read and answer those requests, given to the group "妇联 / Women's federation" (made in
orders 0007). Permissions are normally created after every migration has run (post_migrate),
so this one is made here, where the group needs it."""

import django.db.models.deletion
import wagtail.contrib.routable_page.models
from django.conf import settings
from django.db import migrations, models


FEDERATION_GROUP = "妇联 / Women's federation"


def forwards(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group")
    requests, _ = content_type.objects.get_or_create(app_label="station", model="rightsrequest")
    handle, _ = permission.objects.get_or_create(
        codename="handle_rightsrequest",
        content_type=requests,
        defaults={"name": "Can read and answer rights requests"},
    )
    federation, _ = group.objects.get_or_create(name=FEDERATION_GROUP)
    federation.permissions.add(handle)


class Migration(migrations.Migration):

    dependencies = [
        ('station', '0002_training'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orders", "0007_federation_permission"),
    ]

    operations = [
        migrations.CreateModel(
            name='DirectoryPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', models.TextField(blank=True, verbose_name='introduction')),
            ],
            options={
                'verbose_name': 'friendly-employer directory',
            },
            bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='RightsPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', models.TextField(blank=True, verbose_name='introduction')),
                ('hours', models.CharField(help_text='For example: Tuesday, Thursday and Saturday mornings, 9:00 to 11:30.', max_length=200, verbose_name='consultation hours')),
                ('place', models.CharField(max_length=200, verbose_name='place')),
                ('phone', models.CharField(max_length=32, verbose_name='phone')),
                ('urgent_note', models.CharField(blank=True, help_text='What to do when it cannot wait for the consultation hours.', max_length=300, verbose_name='in an emergency')),
            ],
            options={
                'verbose_name': 'rights help page',
            },
            bases=('wagtailcore.page',),
        ),
        migrations.CreateModel(
            name='EmployerStaff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('employer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff', to='station.employer', verbose_name='employer')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='employer_roles', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': "employer's staff",
                'verbose_name_plural': "employers' staff",
                'constraints': [models.UniqueConstraint(fields=('user', 'employer'), name='employer_staff_once')],
            },
        ),
        migrations.CreateModel(
            name='RightsRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=60, verbose_name='name')),
                ('phone', models.CharField(max_length=32, verbose_name='phone')),
                ('topic', models.CharField(choices=[('labour', 'A dispute at work'), ('contract', 'Signing a contract'), ('equal', 'Equal treatment at work'), ('family', 'Family and children'), ('other', 'Something else')], max_length=20, verbose_name='topic')),
                ('what_happened', models.TextField(max_length=2000, verbose_name='what happened')),
                ('consent', models.BooleanField(default=False, verbose_name='consents to be contacted')),
                ('language', models.CharField(blank=True, max_length=10)),
                ('status', models.CharField(choices=[('new', 'New'), ('in_progress', 'In progress'), ('answered', 'Answered'), ('closed', 'Closed')], default='new', max_length=20, verbose_name='status')),
                ('note', models.TextField(blank=True, verbose_name='staff note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='sent')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handled by')),
            ],
            options={
                'verbose_name': 'rights request',
                'verbose_name_plural': 'rights requests',
                'ordering': ['-created_at', '-pk'],
                'permissions': [('handle_rightsrequest', 'Can read and answer rights requests')],
                'constraints': [models.CheckConstraint(condition=models.Q(('consent', True)), name='rights_request_with_consent')],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
