"""CoreTask on QGIS's real task manager, and StepProgress: results, errors and cancel."""

from __future__ import annotations

import time

import pytest
from qgis.core import QgsApplication, QgsProcessingFeedback

from imperial_land.core.common.errors import Cancelled, UserError
from imperial_land.core.common.feedback import StepProgress, check_cancelled
from imperial_land.core.common.tasks import CoreTask


def _run(task: CoreTask, done: list, cancel_after: float | None = None) -> None:
    QgsApplication.taskManager().addTask(task)
    started = time.monotonic()
    while not done and time.monotonic() - started < 20:
        QgsApplication.processEvents()
        if cancel_after is not None and time.monotonic() - started > cancel_after:
            task.cancel()
            cancel_after = None
        time.sleep(0.01)
    assert done, "the task never reported"


def test_result_and_progress_reach_the_main_thread(qgis_app):
    done: list = []

    def job(feedback: QgsProcessingFeedback) -> int:
        feedback.setProgress(50.0)
        return 42

    task = CoreTask("answer", job, lambda result, error: done.append((result, error)))
    reported: list[float] = []
    task.progressChanged.connect(reported.append)
    _run(task, done)
    assert done == [(42, None)]
    assert 50.0 in reported  # the job's progress reached the task (100 once it has finished)
    assert task.progress() == 100.0


def test_user_error_message_is_handed_over(qgis_app):
    done: list = []

    def job(feedback):
        raise UserError("The claims layer has no field 'TIT_NO'.")

    _run(CoreTask("bad", job, lambda r, e: done.append((r, e))), done)
    assert done == [(None, "The claims layer has no field 'TIT_NO'.")]


def test_a_bug_gives_a_plain_message_and_logs_the_trace(qgis_app):
    done: list = []

    def job(feedback):
        raise ValueError("boom")

    task = CoreTask("bug", job, lambda r, e: done.append((r, e)))
    _run(task, done)
    assert done == [(None, "Unexpected error; details are in the log panel.")]
    assert "ValueError: boom" in task.trace


def test_cancel_stops_the_job_and_says_nothing_was_written(qgis_app):
    done: list = []
    steps: list[int] = []

    def job(feedback):
        for step in range(2000):
            check_cancelled(feedback)
            steps.append(step)
            time.sleep(0.005)
        return "finished"

    _run(CoreTask("long", job, lambda r, e: done.append((r, e))), done, cancel_after=0.2)
    assert done == [(None, "Cancelled by the user; nothing was written.")]
    assert 0 < len(steps) < 2000


def test_step_progress_maps_steps_and_checks_cancel():
    feedback = QgsProcessingFeedback()
    seen: list[float] = []
    feedback.progressChanged.connect(seen.append)
    progress = StepProgress(feedback, 4)
    progress.next()
    progress.next("reading claims")
    progress.next()
    assert seen == [25.0, 50.0]  # the first step starts at 0, which is no change
    progress.within(0.5)  # halfway through the third step
    assert feedback.progress() == 62.5
    feedback.cancel()
    with pytest.raises(Cancelled):
        progress.next()
    assert progress.step == 3
