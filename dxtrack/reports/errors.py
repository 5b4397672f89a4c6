"""Why a report cannot be made: a message in the active language, shown as it is."""


class ReportError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
