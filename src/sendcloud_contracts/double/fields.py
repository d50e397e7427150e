"""Request bodies checked as Django REST framework's serializer fields check them, in its words.

Each field checks what its document's schema says (type, null, length, bounds, choices, required
members of nested objects) and nothing the schema leaves open, so that a body the document allows
is never refused for a reason the document does not give. A problem carries DRF's code and message;
`Invalid.detail` nests them by field as DRF does: a list of problems for a field, a dict for a nested
object, a dict by index (as text) for the items of a list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.double.clock import parsed

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sendcloud_contracts.double.base import Request

# Detail: list[Problem] for a field, dict[str, Detail] for an object's members or a list's items.
Detail = Any

# Django's URLValidator, in short: a scheme it accepts, a host, an optional port and path.
_URL = re.compile(
    r"^(?:https?|ftps?)://(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\]|"
    r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}\.?)(?::\d{1,5})?(?:[/?#]\S*)?$",
    re.IGNORECASE,
)
_TRAILING_ZEROS = re.compile(r"\.0*\s*$")
# What BooleanField reads as true or false.
TRUE = frozenset({"t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1"})
FALSE = frozenset({"f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0"})


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


class Invalid(Exception):
    def __init__(self, detail: Detail) -> None:
        super().__init__(detail)
        self.detail = detail


REQUIRED = Problem("required", "This field is required.")
NULL = Problem("null", "This field may not be null.")
BLANK = Problem("blank", "This field may not be blank.")
DATE_TIME = Problem(
    "invalid",
    "Datetime has wrong format. Use one of these formats instead: "
    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
)


def type_name(value: object) -> str:
    """The name DRF's messages give a value's type: Python's, as JSON decoded it."""
    return type(value).__name__


def json_body(request: Request) -> Any:
    """The request's body as JSON; an empty body is `{}`, as DRF reads one. Raises ValueError with
    DRF's `ParseError` text for a body that is no JSON."""
    if not request.body.strip():
        return {}
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"JSON parse error - {error}") from None


@dataclass(frozen=True)
class Field:
    """One member of a body. `clean` answers the value to keep, or raises `Invalid`."""

    required: bool = False
    nullable: bool = False

    def clean(self, value: Any) -> Any:
        if value is None:
            if self.nullable:
                return None
            raise Invalid([NULL])
        return self.convert(value)

    def convert(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class Text(Field):
    """Text; with `url`, a `format: uri` read as DRF's URLField reads one: an http, https, ftp or
    ftps URL with a host."""

    blank: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    url: bool = False

    def convert(self, value: Any) -> Any:
        # CharField takes numbers as their text. It would also trim whitespace; the double keeps it,
        # since the documents' `minLength` counts it.
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise Invalid([Problem("invalid", "Not a valid string.")])
        text = str(value)
        if not text:
            if self.blank:
                return text
            raise Invalid([BLANK])
        if self.choices and text not in self.choices:
            raise Invalid([Problem("invalid_choice", f'"{text}" is not a valid choice.')])
        problems = []
        if self.max_length is not None and len(text) > self.max_length:
            message = f"Ensure this field has no more than {self.max_length} characters."
            problems.append(Problem("max_length", message))
        if self.url and _URL.match(text) is None:
            problems.append(Problem("invalid", "Enter a valid URL."))
        if problems:
            raise Invalid(problems)
        return text


@dataclass(frozen=True)
class Integer(Field):
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[int, ...] = ()

    def convert(self, value: Any) -> Any:
        try:
            if isinstance(value, bool):
                raise ValueError(value)
            number = int(_TRAILING_ZEROS.sub("", str(value)))
        except ValueError:
            raise Invalid([Problem("invalid", "A valid integer is required.")]) from None
        if self.choices and number not in self.choices:
            raise Invalid([Problem("invalid_choice", f'"{value}" is not a valid choice.')])
        if self.minimum is not None and number < self.minimum:
            message = f"Ensure this value is greater than or equal to {self.minimum}."
            raise Invalid([Problem("min_value", message)])
        if self.maximum is not None and number > self.maximum:
            message = f"Ensure this value is less than or equal to {self.maximum}."
            raise Invalid([Problem("max_value", message)])
        return number


@dataclass(frozen=True)
class Boolean(Field):
    def convert(self, value: Any) -> Any:
        # DRF's sets of true and false values hold 1 and 0 too, which match 1.0 and 0.0 as well.
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if value is True or (isinstance(value, str) and value in TRUE) or (number and value == 1):
            return True
        if value is False or (isinstance(value, str) and value in FALSE) or (number and value == 0):
            return False
        raise Invalid([Problem("invalid", "Must be a valid boolean.")])


@dataclass(frozen=True)
class DateTime(Field):
    """A date-time, kept as the text sent once it reads as one."""

    def convert(self, value: Any) -> Any:
        if not isinstance(value, str) or parsed(value) is None:
            raise Invalid([DATE_TIME])
        return value


@dataclass(frozen=True)
class JsonObject(Field):
    """Any JSON object, kept as sent."""

    def convert(self, value: Any) -> Any:
        if not isinstance(value, dict):
            message = f'Expected a dictionary of items but got type "{type_name(value)}".'
            raise Invalid([Problem("not_a_dict", message)])
        return value


@dataclass(frozen=True)
class ListOf(Field):
    item: Field = Field()
    min_items: int = 0
    max_items: int | None = None

    def convert(self, value: Any) -> Any:
        if not isinstance(value, list):
            message = f'Expected a list of items but got type "{type_name(value)}".'
            raise Invalid([Problem("not_a_list", message)])
        if len(value) < self.min_items:
            message = f"Ensure this field has at least {self.min_items} elements."
            raise Invalid([Problem("min_length", message)])
        if self.max_items is not None and len(value) > self.max_items:
            message = f"Ensure this field has no more than {self.max_items} elements."
            raise Invalid([Problem("max_length", message)])
        cleaned, problems = [], {}
        for index, item in enumerate(value):
            try:
                cleaned.append(self.item.clean(item))
            except Invalid as invalid:
                problems[str(index)] = invalid.detail
        if problems:
            raise Invalid(problems)
        return cleaned


@dataclass(frozen=True)
class Nested(Field):
    """An object whose members are fields of their own; members it does not name are kept as sent."""

    members: Mapping[str, Field] | None = None

    def convert(self, value: Any) -> Any:
        if not isinstance(value, dict):
            message = f"Invalid data. Expected a dictionary, but got {type_name(value)}."
            raise Invalid([Problem("invalid", message)])
        return {**value, **members(value, self.members or {})}


def members(body: dict[str, Any], fields: Mapping[str, Field], *, partial: bool = False) -> dict[str, Any]:
    """The members of `body` that `fields` name, cleaned, in the order of `fields`; raises `Invalid`
    with every problem, by member. `partial` (PATCH) requires nothing."""
    cleaned, problems = {}, {}
    for name, field in fields.items():
        if name not in body:
            if field.required and not partial:
                problems[name] = [REQUIRED]
            continue
        try:
            cleaned[name] = field.clean(body[name])
        except Invalid as invalid:
            problems[name] = invalid.detail
    if problems:
        raise Invalid(problems)
    return cleaned


def messages(detail: Detail) -> Any:
    """The detail with each problem as its message: what DRF writes for a serializer's errors."""
    if isinstance(detail, Problem):
        return detail.message
    if isinstance(detail, dict):
        return {name: messages(inner) for name, inner in detail.items()}
    return [messages(inner) for inner in detail]


def flattened(detail: Detail, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Problem]]:
    """Each problem with the path of members (and list indexes) that leads to it."""
    if isinstance(detail, Problem):
        return [(path, detail)]
    if isinstance(detail, dict):
        return [found for name, inner in detail.items() for found in flattened(inner, (*path, name))]
    return [found for inner in detail for found in flattened(inner, path)]
