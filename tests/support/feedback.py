"""A real QgsProcessingFeedback that keeps what a job tells the user."""

from __future__ import annotations

from qgis.core import QgsProcessingFeedback


class RecordingFeedback(QgsProcessingFeedback):
    """`said`: the pushInfo messages (the log's lines); `texts`: the progress texts."""

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []
        self.texts: list[str] = []

    def pushInfo(self, info: str) -> None:
        self.said.append(info)

    def setProgressText(self, text: str) -> None:
        self.texts.append(text)
