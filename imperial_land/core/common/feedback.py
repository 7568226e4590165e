"""Progress and cancel for core jobs: one QgsProcessingFeedback serves Processing, tasks, tests."""

from __future__ import annotations

from typing import Callable

from qgis.core import QgsProcessingFeedback

from imperial_land.core.common.errors import Cancelled
from imperial_land.core.common.i18n import tr

Tick = Callable[[float], None]  # progress inside a step, 0..1; may raise Cancelled


def ensure_feedback(feedback: QgsProcessingFeedback | None) -> QgsProcessingFeedback:
    """The feedback given, or a silent one."""
    return feedback if feedback is not None else QgsProcessingFeedback()


def check_cancelled(feedback: QgsProcessingFeedback) -> None:
    """Raise Cancelled when the user asked to stop."""
    if feedback.isCanceled():
        raise Cancelled(tr("Cancelled by the user; nothing was written."))


class StepProgress:
    """Maps the progress of step i of n onto the overall 0-100 bar."""

    def __init__(self, feedback: QgsProcessingFeedback, steps: int) -> None:
        self.feedback = feedback
        self.steps = max(1, steps)
        self.step = 0

    def next(self, message: str | None = None) -> None:
        """Start the next step, optionally telling the user what it does."""
        check_cancelled(self.feedback)
        if message:
            self.feedback.pushInfo(message)
        self.feedback.setProgress(100.0 * self.step / self.steps)
        self.step += 1

    def within(self, fraction: float) -> None:
        """Progress inside the current step, 0..1; raises Cancelled when asked to stop."""
        check_cancelled(self.feedback)
        done = (self.step - 1 + min(max(fraction, 0.0), 1.0)) / self.steps
        self.feedback.setProgress(100.0 * max(done, 0.0))
