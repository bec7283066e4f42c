"""Prepared files: a run's payslip zip made by a task, payslip by payslip, while its page
shows "正在生成… n / total" and then the download; a failed one and its retry; pressing twice
starts the work once; who may see a file; pruning old ones.

The tests' task backend is the immediate one: the work runs when the request's transaction
commits (django_capture_on_commit_callbacks(execute=True) stands for that commit).
"""

import datetime
import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from marketplace.models import Role
from orders.models import PayoutRun, PreparedFile, PreparedKind, PreparedStatus
from orders.money import pdf
from orders.money.services import payslip_zip
from orders.money.services.prepared import (
    prepared_file_build,
    prepared_file_start,
    prepared_files_prune,
)
from orders.money.tasks import PERIODIC_JOBS, prepared_files_prune_task
from tests.factories import MembershipFactory
from tests.orders.factories import PreparedFileFactory
from tests.orders.money.pdfs import pdf_text
from tests.pages import en, page, zh
from tests.threads import run_together

pytestmark = pytest.mark.django_db


def press_zip(client, run, capture, *, language_prefix=en):
    """The coordinator presses "全部工资条（PDF 压缩包）" on the run's page; the request commits."""
    with capture(execute=True):
        return client.post(language_prefix("co_run_payslips_zip", run.pk))


def queued(run, coordinator, **fields) -> PreparedFile:
    return PreparedFileFactory(run=run, asked_by=coordinator.user, **fields)


# Making the zip ----------------------------------------------------------------------------


def test_the_zip_button_makes_the_zip_and_its_page_offers_it(
    coordinator_client, run, mothers, django_capture_on_commit_callbacks
):
    response = press_zip(coordinator_client, run, django_capture_on_commit_callbacks)

    prepared = PreparedFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == en("prepared_page", prepared.pk)
    assert (prepared.status, prepared.done, prepared.total) == (PreparedStatus.READY, 3, 3)
    shown = coordinator_client.get(response["Location"])
    assert en("prepared_download", prepared.pk) in page(shown)
    download = coordinator_client.get(en("prepared_download", prepared.pk))
    assert download["Content-Disposition"] == f'attachment; filename="payslips-run{run.pk}.zip"'
    assert "no-store" in download["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert len(names) == 3 and all(name.endswith(".pdf") for name in names)
    texts = "".join(pdf_text(archive.read(name)) for name in names)
    assert all(name in texts for name in ("王秀兰", "李红", "张敏"))
    assert "Payslip" in texts  # in the asker's language (English here), whoever made it


def test_the_file_is_kept_privately_not_in_public_media(
    coordinator_client, run, mothers, django_capture_on_commit_callbacks
):
    press_zip(coordinator_client, run, django_capture_on_commit_callbacks)

    stored = Path(PreparedFile.objects.get().file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT) / "private")
    assert stored.exists()


def test_progress_moves_payslip_by_payslip(run, mothers, coordinator, monkeypatch):
    prepared = queued(run, coordinator)
    seen = []
    drawn = pdf.payslip_pdf

    def drawing(payslip):  # before each payslip is drawn: how far the page says it is
        seen.append(PreparedFile.objects.values_list("status", "done", "total").get())
        return drawn(payslip)

    monkeypatch.setattr(payslip_zip, "payslip_pdf", drawing)

    assert prepared_file_build(prepared_id=prepared.pk) == PreparedStatus.READY

    assert seen == [("running", 0, 3), ("running", 1, 3), ("running", 2, 3)]
    prepared.refresh_from_db()
    assert (prepared.status, prepared.done, prepared.total) == ("ready", 3, 3)
    assert prepared.finished_at is not None


def test_a_file_is_made_once_however_often_its_task_runs(run, mothers, coordinator):
    prepared = queued(run, coordinator)

    first = prepared_file_build(prepared_id=prepared.pk)
    again = prepared_file_build(prepared_id=prepared.pk)

    assert (first, again) == (PreparedStatus.READY, "taken")


# Pressing twice ----------------------------------------------------------------------------


def test_pressing_twice_while_it_is_made_starts_the_work_once(coordinator_client, run, mothers):
    # No commit callbacks run: the first zip stays queued, as on a busy worker.
    first = coordinator_client.post(en("co_run_payslips_zip", run.pk))
    second = coordinator_client.post(en("co_run_payslips_zip", run.pk))

    assert first["Location"] == second["Location"]
    assert PreparedFile.objects.count() == 1


def test_another_coordinator_of_the_cooperative_gets_the_same_file(client, run, coordinator):
    prepared = queued(run, coordinator, status=PreparedStatus.RUNNING, total=3, done=1)
    colleague = MembershipFactory(cooperative=run.cooperative, role=Role.COORDINATOR)

    again = prepared_file_start(
        kind=PreparedKind.PAYSLIPS_ZIP,
        cooperative=run.cooperative,
        params={"language": "en", "run_id": run.pk},
        asker=colleague.user,
    )

    assert again == prepared


def test_a_finished_file_does_not_stop_a_new_one(
    coordinator_client, run, mothers, coordinator, django_capture_on_commit_callbacks
):
    old = queued(run, coordinator, status=PreparedStatus.READY)

    response = press_zip(coordinator_client, run, django_capture_on_commit_callbacks)

    new = PreparedFile.objects.exclude(pk=old.pk).get()
    assert response["Location"] == en("prepared_page", new.pk)


def test_a_file_whose_worker_died_is_made_anew(coordinator_client, run, mothers, coordinator):
    stale = queued(run, coordinator, status=PreparedStatus.RUNNING, total=3, done=1)
    PreparedFile.objects.filter(pk=stale.pk).update(
        touched_at=timezone.now() - datetime.timedelta(minutes=11)
    )

    response = coordinator_client.post(en("co_run_payslips_zip", run.pk))

    stale.refresh_from_db()
    assert stale.status == PreparedStatus.FAILED
    assert response["Location"] != en("prepared_page", stale.pk)


# The page's states -------------------------------------------------------------------------


def test_the_page_of_a_file_in_the_making_shows_how_far_it_is(coordinator_client, run, coordinator):
    prepared = queued(run, coordinator, status=PreparedStatus.RUNNING, done=23, total=50)

    chinese = page(coordinator_client.get(zh("prepared_page", prepared.pk)))
    english = page(coordinator_client.get(en("prepared_page", prepared.pk)))

    assert "正在生成… 23 / 50" in chinese
    assert "Preparing… 23 / 50" in english
    assert "js/prepared.js" in english and en("prepared_download", prepared.pk) not in english
    assert 'data-template="Preparing… {done} / {total}"' in english


def test_the_page_of_a_queued_file_says_it_waits(coordinator_client, run, coordinator):
    prepared = queued(run, coordinator)

    shown = page(coordinator_client.get(en("prepared_page", prepared.pk)))

    assert "Waiting for a worker to start" in shown


def test_the_status_answer_gives_counts_then_the_download(coordinator_client, run, coordinator):
    prepared = queued(run, coordinator, status=PreparedStatus.RUNNING, done=2, total=3)
    url = en("prepared_status", prepared.pk)

    running = coordinator_client.get(url).json()
    PreparedFile.objects.filter(pk=prepared.pk).update(status=PreparedStatus.READY, done=3)
    ready = coordinator_client.get(url).json()

    assert running == {"status": "running", "done": 2, "total": 3, "download": None}
    assert ready["download"] == en("prepared_download", prepared.pk)


def test_a_failed_file_says_so_and_offers_a_retry(
    coordinator_client, run, mothers, monkeypatch, django_capture_on_commit_callbacks
):
    def no_font(payslip):
        raise pdf.PdfUnavailable("no font")

    monkeypatch.setattr(payslip_zip, "payslip_pdf", no_font)
    response = press_zip(coordinator_client, run, django_capture_on_commit_callbacks)
    failed = PreparedFile.objects.get()
    chinese = page(coordinator_client.get(zh("prepared_page", failed.pk)))
    english = page(coordinator_client.get(en("prepared_page", failed.pk)))
    early = coordinator_client.get(en("prepared_download", failed.pk))

    assert failed.status == PreparedStatus.FAILED and "PdfUnavailable" in failed.error
    assert "The file could not be made" in english and "Chinese font" in english
    assert "文件未能生成" in chinese
    assert en("prepared_retry", failed.pk) in english
    assert early.status_code == 302 and early["Location"] == response["Location"]
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        retried = coordinator_client.post(en("prepared_retry", failed.pk))
    again = PreparedFile.objects.exclude(pk=failed.pk).get()
    assert retried["Location"] == en("prepared_page", again.pk)
    assert again.status == PreparedStatus.READY and again.total == 3


def test_the_page_asks_a_constant_number_of_queries(coordinator_client, run, coordinator):
    small = queued(run, coordinator, status=PreparedStatus.READY, done=3, total=3)
    large = PreparedFile.objects.create(
        asked_by=coordinator.user,
        cooperative=run.cooperative,
        kind=PreparedKind.PAYSLIPS_ZIP,
        params={"run_id": run.pk, "language": "zh-hans"},
        key="other",
        status=PreparedStatus.RUNNING,
        done=23,
        total=500,
    )
    counts = []
    for prepared in (small, large):
        for name in ("prepared_page", "prepared_status"):
            with CaptureQueriesContext(connection) as queries:
                assert coordinator_client.get(en(name, prepared.pk)).status_code == 200
            counts.append(len(queries))

    assert counts[0::2] == [counts[0]] * 2 and counts[1::2] == [counts[1]] * 2
    assert counts[0] <= 6 and counts[1] <= 5


# Who sees a file ---------------------------------------------------------------------------


def addresses(prepared) -> list[str]:
    return [
        en(name, prepared.pk) for name in ("prepared_page", "prepared_status", "prepared_download")
    ]


def test_a_coordinator_of_another_cooperative_finds_nothing(client, run, coordinator):
    prepared = queued(run, coordinator, status=PreparedStatus.READY)
    stranger = MembershipFactory(role=Role.COORDINATOR)
    client.force_login(stranger.user)

    for url in addresses(prepared):
        assert client.get(url).status_code == 404, url
    assert client.post(en("prepared_retry", prepared.pk)).status_code == 404
    assert client.post(en("co_run_payslips_zip", run.pk)).status_code == 404
    assert PreparedFile.objects.count() == 1


def test_a_mother_finds_nothing(client, run, coordinator, mothers):
    prepared = queued(run, coordinator, status=PreparedStatus.READY)
    client.force_login(mothers.wang.user)

    for url in addresses(prepared):
        assert client.get(url).status_code == 404, url


def test_signed_out_is_sent_to_sign_in(client, run, coordinator):
    prepared = queued(run, coordinator)
    client.logout()

    response = client.get(en("prepared_page", prepared.pk))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_asker_keeps_her_file_after_she_stops_coordinating(client, run, coordinator):
    prepared = queued(run, coordinator, status=PreparedStatus.RUNNING, total=3)
    coordinator.delete()
    client.force_login(prepared.asked_by)

    assert client.get(en("prepared_page", prepared.pk)).status_code == 200


@pytest.mark.parametrize(
    "address",
    ["/en/files/0/", "/en/files/99999999999999999999/", "/en/files/abc/", "/en/files/-1/"],
)
def test_bad_ids_are_not_found(coordinator_client, address):
    assert coordinator_client.get(address).status_code == 404


def test_an_id_that_is_nobodys_is_not_found(coordinator_client):
    for url in (en("prepared_page", 424242), en("prepared_download", 424242)):
        assert coordinator_client.get(url).status_code == 404


def test_the_zip_is_started_by_a_post_only(coordinator_client, run):
    response = coordinator_client.get(en("co_run_payslips_zip", run.pk))

    assert response.status_code == 405 and not PreparedFile.objects.exists()


# Pruning -----------------------------------------------------------------------------------


def test_old_files_are_pruned_with_their_rows(run, coordinator):
    old = queued(run, coordinator, status=PreparedStatus.READY)
    old.file.save("old.zip", ContentFile(b"zip"), save=True)
    fresh = PreparedFile.objects.create(
        cooperative=run.cooperative, kind=PreparedKind.PAYSLIPS_ZIP, key="fresh"
    )
    PreparedFile.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.PREPARED_FILES_DAYS + 1)
    )
    path = Path(old.file.path)

    pruned = prepared_files_prune_task.call()

    assert pruned == 1 and not path.exists()
    assert list(PreparedFile.objects.all()) == [fresh]


def test_files_in_the_making_are_never_pruned(run, coordinator):
    working = queued(run, coordinator, status=PreparedStatus.RUNNING)
    PreparedFile.objects.filter(pk=working.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )

    assert prepared_files_prune(older_than=datetime.timedelta(days=1)) == 0


def test_pruning_is_a_periodic_job():
    assert (prepared_files_prune_task, 24 * 60 * 60) in PERIODIC_JOBS


# Pressing at the same moment ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_coordinators_pressing_at_once_start_the_work_once(settings, cooperative, coordinator):
    # Queued on a worker that is busy (the dummy backend keeps what is enqueued, runs nothing):
    # every press lands while the first file is still in the making.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run = PayoutRun.objects.create(cooperative=cooperative)
    colleagues = [MembershipFactory(cooperative=cooperative, role=Role.COORDINATOR) for _ in "abc"]

    def press(user):
        return lambda: (
            prepared_file_start(
                kind=PreparedKind.PAYSLIPS_ZIP,
                cooperative=cooperative,
                params={"run_id": run.pk, "language": "zh-hans"},
                asker=user,
            ).pk
        )

    found = run_together([press(member.user) for member in [coordinator, *colleagues] * 2])

    assert len(set(found)) == 1 and all(isinstance(pk, int) for pk in found), found
    assert PreparedFile.objects.count() == 1


# The payroll file in Excel -----------------------------------------------------------------


def test_the_payroll_button_makes_the_excel_file_on_a_worker(
    coordinator_client, run, mothers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(en("co_payout_prepare", run.pk))

    prepared = PreparedFile.objects.get()
    assert response["Location"] == en("prepared_page", prepared.pk)
    assert (prepared.kind, prepared.status) == (PreparedKind.PAYROLL_XLSX, PreparedStatus.READY)
    assert (prepared.done, prepared.total) == (3, 3)
    shown = page(coordinator_client.get(response["Location"]))
    assert en("co_payout_run", run.pk) in shown  # back to the run
    download = coordinator_client.get(en("prepared_download", prepared.pk))
    assert download["Content-Disposition"] == f'attachment; filename="payout-run-{run.pk}.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet["B1"].value == "Name" and sheet.max_row == 4
    assert {sheet[f"B{row}"].value for row in (2, 3, 4)} == {"王秀兰", "李红", "张敏"}


def test_the_payroll_file_is_a_post_of_her_cooperatives_runs_only(client, run):
    stranger = MembershipFactory(role=Role.COORDINATOR)
    client.force_login(stranger.user)

    assert client.post(en("co_payout_prepare", run.pk)).status_code == 404
    assert client.get(en("co_payout_prepare", run.pk)).status_code == 405
    assert not PreparedFile.objects.exists()
