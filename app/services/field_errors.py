"""A change a service refuses, naming the form field it is about, so that a page can show the
message beside that field."""

from flask_babel import LazyString


class FieldError(ValueError):
    def __init__(self, field: str, message: str | LazyString) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
