"""seed_demo never runs on a real site by accident: its passwords are published."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_on_a_site_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", verbosity=0)
    assert not get_user_model().objects.filter(username="admin").exists()
