"""A QgsTask that runs any core job with progress and cancel.

The job is a function of one QgsProcessingFeedback. `run()` calls it in the worker thread and
touches no GUI and no project; `finished()` hands the result or the error message to `on_done`
on the main thread, where the caller applies it. A job may hand part of its work over to the
main thread before it ends (`handed_over`, e.g. the overlap report's PDF).
"""

from __future__ import annotations

import traceback
from typing import Any, Callable

from qgis.core import Qgis, QgsMessageLog, QgsProcessingFeedback, QgsTask
from qgis.PyQt.QtCore import Qt, pyqtSignal

from imperial_land.core.common.errors import UserError
from imperial_land.core.common.i18n import tr

Job = Callable[[QgsProcessingFeedback], Any]
Done = Callable[[Any, "str | None"], None]
LOG_TAG = "Imperial Land"


class CoreTask(QgsTask):
    """Runs `job(feedback)`; calls `on_done(result, None)` or `on_done(None, message)`."""

    # Emitted by the job, from the task's thread, with what the main thread can take on while
    # the job goes on; a receiver on the main thread gets it queued, before `on_done`.
    handed_over = pyqtSignal(object)

    def __init__(self, description: str, job: Job, on_done: Done | None = None) -> None:
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.job = job
        self.on_done = on_done
        self.result: Any = None
        self.error: str | None = None
        self.trace: str | None = None
        self.feedback = QgsProcessingFeedback()
        self.feedback.progressChanged.connect(self.setProgress, Qt.ConnectionType.DirectConnection)

    def run(self) -> bool:
        if self.feedback.isCanceled():  # cancelled before the job could make its sub-feedbacks
            return False
        try:
            self.result = self.job(self.feedback)
            return True
        except UserError as exc:  # Cancelled included: its message says nothing was written
            self.error = str(exc)
        except Exception:  # a bug: keep the trace for the log, show a plain message
            self.error = tr("Unexpected error; details are in the log panel.")
            self.trace = traceback.format_exc()
        return False

    def cancel(self) -> None:
        self.feedback.cancel()
        super().cancel()

    def finished(self, ok: bool) -> None:
        if not ok and self.error is None:  # cancelled before run() started
            self.error = tr("Cancelled by the user; nothing was written.")
        if self.trace:
            QgsMessageLog.logMessage(self.trace, LOG_TAG, Qgis.MessageLevel.Critical)
        if self.error:
            QgsMessageLog.logMessage(self.error, LOG_TAG, Qgis.MessageLevel.Warning)
        if self.on_done is not None:
            self.on_done(self.result if ok else None, None if ok else self.error)
