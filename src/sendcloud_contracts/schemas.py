"""JSON Schema on one engine (jsonschema-rs): responses, the document's examples and profiles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    from collections.abc import Mapping


@dataclass(frozen=True)
class SchemaProblem:
    """Where an instance breaks its schema, what the engine says, and how many other places do."""

    path: tuple[str | int, ...]
    message: str
    others: tuple[tuple[str | int, ...], ...] = ()

    def location(self, separator: str, root: str) -> str:
        return _joined(self.path, separator, root)

    def other_locations(self, separator: str, root: str) -> list[str]:
        return [_joined(path, separator, root) for path in self.others]


def _joined(path: tuple[str | int, ...], separator: str, root: str) -> str:
    return separator.join(str(part) for part in path) or root


def validator(
    schema: Mapping[str, Any], *, components: Mapping[str, Any] | None = None, date_times: bool = True
) -> jsonschema_rs.Validator:
    """A Draft 2020-12 validator (OpenAPI 3.1's dialect) with formats checked.

    `components` makes the document's `#/components/...` references resolvable. Without
    `date_times`, the `date-time` format is left to a rule of its own.
    """
    rooted = {**schema, "components": components} if components is not None else dict(schema)
    formats = {} if date_times else {"date-time": lambda _value: True}
    return jsonschema_rs.validator_for(rooted, validate_formats=True, formats=formats)


def first_problem(checker: jsonschema_rs.Validator, instance: Any) -> SchemaProblem | None:
    """The engine's first objection to `instance`, naming the other places it objects to."""
    errors = list(checker.iter_errors(instance))
    if not errors:
        return None
    first, *rest = errors
    return SchemaProblem(
        tuple(first.instance_path),
        first.message,
        tuple(tuple(error.instance_path) for error in rest),
    )
