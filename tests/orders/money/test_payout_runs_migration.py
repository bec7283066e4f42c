"""The migration to payout runs at any time (orders 0011) keeps every run's meaning: a run up
to a China date becomes a run up to the last instant of that day, and back again; it refuses
to go back, saying why, when two runs of one cooperative fall on one day."""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

import pytest

BEFORE = [("orders", "0010_ledger_append_only")]
AFTER = [("orders", "0011_payout_runs_any_time")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _runs_before(apps) -> dict:
    Cooperative = apps.get_model("marketplace", "Cooperative")
    PayoutRun = apps.get_model("orders", "PayoutRun")
    rainbow = Cooperative.objects.create(name="彩虹", slug="rainbow")
    happy = Cooperative.objects.create(name="喜我我", slug="happy")
    return {
        "rainbow": rainbow.pk,
        "january": PayoutRun.objects.create(
            cooperative=rainbow, cutoff=datetime.date(2026, 1, 31), total=Decimal("245.00")
        ).pk,
        "february": PayoutRun.objects.create(
            cooperative=rainbow, cutoff=datetime.date(2026, 2, 28), total=Decimal("7.00")
        ).pk,
        "happy": PayoutRun.objects.create(
            cooperative=happy, cutoff=datetime.date(2026, 1, 31), total=Decimal("70.00")
        ).pk,
    }


def _china(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


@pytest.mark.django_db(transaction=True)
def test_run_dates_become_the_end_of_their_day_and_come_back():
    # given runs up to China dates, two on the same day in two cooperatives
    runs = _runs_before(_migrate(BEFORE))
    try:
        # when the cut-offs become moments
        apps = _migrate(AFTER)
        PayoutRun = apps.get_model("orders", "PayoutRun")
        moments = dict(PayoutRun.objects.values_list("pk", "cutoff"))
        # then each is the last instant of its China day: what "up to that day" meant
        end_of_january = _china(2026, 1, 31, 23, 59, 59, 999999)
        assert moments[runs["january"]] == end_of_january
        assert moments[runs["happy"]] == end_of_january
        assert moments[runs["february"]] == _china(2026, 2, 28, 23, 59, 59, 999999)
        assert PayoutRun.objects.get(pk=runs["january"]).total == Decimal("245.00")
        # and a second run the same day is allowed now
        second = PayoutRun.objects.create(
            cooperative_id=runs["rainbow"], cutoff=_china(2026, 1, 31, 10), total=Decimal("1.00")
        )
        # which the old rule cannot hold: going back is refused, saying why, changing nothing
        with pytest.raises(RuntimeError, match="cannot be reversed"):
            _migrate(BEFORE)
        assert PayoutRun.objects.get(pk=second.pk).cutoff == _china(2026, 1, 31, 10)
        # without it, each moment comes back as its China date
        second.delete()
        apps = _migrate(BEFORE)
        dates = dict(apps.get_model("orders", "PayoutRun").objects.values_list("pk", "cutoff"))
        assert dates == {
            runs["january"]: datetime.date(2026, 1, 31),
            runs["february"]: datetime.date(2026, 2, 28),
            runs["happy"]: datetime.date(2026, 1, 31),
        }
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
