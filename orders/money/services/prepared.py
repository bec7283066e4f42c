"""Prepared files (orders.models.prepared): starting one, making it step by step on a worker,
retrying one that failed, and pruning old ones.

Making a file is the work of a *builder*, one per kind (BUILDERS): it writes the file into
``out`` and calls ``progress(done, total)`` as it goes (e.g. after every payslip), which
moves the counts the waiting page shows. A builder's exception fails the file, with the
reason kept for the coordinator's page and the logs.
"""

import datetime
import json
import logging
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from marketplace.models import Cooperative
from orders.models import PreparedFile, PreparedKind, PreparedStatus
from orders.models.prepared import IN_FLIGHT
from orders.money.services.payroll_file import payroll_xlsx_write
from orders.money.services.payslip_zip import payslips_zip_write

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Builder = Callable[..., str]  # (*, params, out, progress) -> the file's name

BUILDERS: dict[str, Builder] = {
    PreparedKind.PAYSLIPS_ZIP: payslips_zip_write,
    PreparedKind.PAYROLL_XLSX: payroll_xlsx_write,
}

# A file in the making whose counts have not moved for this long lost its worker (killed,
# restarted): it is failed, so that it can be started again.
STALE_AFTER = datetime.timedelta(minutes=10)


def prepared_key(*, kind: str, params: dict) -> str:
    return f"{kind} {json.dumps(params, sort_keys=True)}"


def prepared_file_start(
    *, kind: str, cooperative: Cooperative, params: dict, asker
) -> PreparedFile:
    """The file of ``kind`` and ``params``: the one already in the making for this
    cooperative if there is one (pressing twice starts the work once), else a new one,
    queued for a worker once the transaction commits."""
    key = prepared_key(kind=kind, params=params)
    _stale_fail(cooperative=cooperative, key=key)
    for _attempt in range(3):  # the one in flight may finish between create and get
        try:
            with transaction.atomic():
                prepared = PreparedFile.objects.create(
                    asked_by=asker, cooperative=cooperative, kind=kind, params=params, key=key
                )
        except IntegrityError:
            prepared = _in_flight(cooperative=cooperative, key=key)
            if prepared is not None:
                return prepared
            continue
        _enqueue(prepared)
        return prepared
    raise RuntimeError(f"could not start {key}")


def prepared_file_retry(*, prepared: PreparedFile, asker) -> PreparedFile:
    """The same file again, after it failed (or the same file in the making)."""
    return prepared_file_start(
        kind=prepared.kind, cooperative=prepared.cooperative, params=prepared.params, asker=asker
    )


def _in_flight(*, cooperative: Cooperative, key: str) -> PreparedFile | None:
    return PreparedFile.objects.filter(
        cooperative=cooperative, key=key, status__in=IN_FLIGHT
    ).first()


def _stale_fail(*, cooperative: Cooperative, key: str) -> None:
    PreparedFile.objects.filter(
        cooperative=cooperative,
        key=key,
        status__in=IN_FLIGHT,
        touched_at__lt=timezone.now() - STALE_AFTER,
    ).update(status=PreparedStatus.FAILED, error="stale: its worker stopped")


def _enqueue(prepared: PreparedFile) -> None:
    # Imported here: the task module imports this one.
    from orders.money.tasks import prepared_file_build_task

    transaction.on_commit(lambda: prepared_file_build_task.enqueue(prepared.pk))


def prepared_file_build(*, prepared_id: int) -> str:
    """Make the file (once: a second worker given the same job finds it taken). Returns the
    status it ends in."""
    taken = PreparedFile.objects.filter(pk=prepared_id, status=PreparedStatus.QUEUED).update(
        status=PreparedStatus.RUNNING, touched_at=timezone.now()
    )
    if not taken:
        return "taken"
    prepared = PreparedFile.objects.get(pk=prepared_id)
    try:
        with tempfile.TemporaryFile() as out:
            name = _build(prepared, out)
            out.seek(0)
            prepared.file.save(f"{prepared.pk}/{name}", File(out), save=False)
    except Exception as error:
        logger.exception("Prepared file %s failed", prepared_id)
        return _finish(prepared, status=PreparedStatus.FAILED, error=_reason(error))
    prepared.filename = name
    return _finish(prepared, status=PreparedStatus.READY)


def _build(prepared: PreparedFile, out: BinaryIO) -> str:
    builder = BUILDERS[prepared.kind]
    # Made in the asker's language, whoever's worker makes it.
    with translation.override(prepared.params.get("language")):
        return builder(params=prepared.params, out=out, progress=_progress(prepared.pk))


def _progress(prepared_id: int) -> Progress:
    def progress(done: int, total: int) -> None:
        PreparedFile.objects.filter(pk=prepared_id).update(
            done=done, total=total, touched_at=timezone.now()
        )

    return progress


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _finish(prepared: PreparedFile, *, status: str, error: str = "") -> str:
    now = timezone.now()
    PreparedFile.objects.filter(pk=prepared.pk).update(
        status=status,
        file=prepared.file.name or "",
        filename=prepared.filename,
        error=error,
        finished_at=now,
        touched_at=now,
    )
    return status


def prepared_files_prune(*, older_than: datetime.timedelta) -> int:
    """Delete finished files made more than ``older_than`` ago, and their rows. Returns how
    many."""
    old = PreparedFile.objects.exclude(status__in=IN_FLIGHT).filter(
        created_at__lt=timezone.now() - older_than
    )
    count = 0
    for prepared in old.iterator():
        if prepared.file:
            prepared.file.delete(save=False)
        prepared.delete()
        count += 1
    return count
