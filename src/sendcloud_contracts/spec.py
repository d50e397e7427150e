"""Load the vendored OpenAPI document: refuse to run on invalid OpenAPI, report examples that break it.

A vendor's document is not always right, and a team does not own it: an example that breaks its
own schema says nothing about the API, so it is kept as a finding about the document (a warning
in the reports, a failure only with `--strict-hygiene`), not a reason to stop testing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml

from sendcloud_contracts import schemas, validation_cache
from sendcloud_contracts.dialects import DIALECTS, dialect_for
from sendcloud_contracts.errors import SpecError
from sendcloud_contracts.spec_checks import check_is_openapi_3
from sendcloud_contracts.wording import one_line

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import jsonschema_rs

    from sendcloud_contracts.dialects import Dialect

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PARAMETER = re.compile(r"\{[^}/]+\}")


@dataclass(frozen=True)
class Field:
    name: str
    required: bool
    nullable: bool
    format: str | None


def _template_pattern(template: str) -> re.Pattern[str]:
    # A path parameter matches one whole, non-empty segment, whatever it holds: `/integrations/abc`
    # is still a request to `/integrations/{id}`, just one with an invalid id; `/integrations/` is not.
    parts = re.split(r"\{([^}]+)\}", template)
    pattern = "".join(
        f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(f"^{pattern}/?$")


@dataclass(frozen=True)
class Spec:
    path: Path
    document: dict[str, Any]
    # Response examples that break their own schema, one line each.
    example_problems: tuple[str, ...] = ()

    @property
    def server_url(self) -> str:
        servers = self.document.get("servers") or [{}]
        return str(servers[0].get("url", "")).rstrip("/")

    @property
    def token_url(self) -> str | None:
        for scheme in self.document.get("components", {}).get("securitySchemes", {}).values():
            flow = scheme.get("flows", {}).get("clientCredentials")
            if flow:
                return str(flow["tokenUrl"])
        return None

    @cached_property
    def dialect(self) -> Dialect:
        """The conventions of the API version the document describes, by its server's path."""
        dialect = dialect_for(self.server_url)
        if dialect is None:
            known = ", ".join(known.base_path for known in DIALECTS)
            raise SpecError(
                f"{self.path}: its server {self.server_url} names no API version this suite knows "
                f"(a server URL ending in {known})"
            )
        return dialect

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        """Follow a local `$ref` (`#/components/...`) to what it names."""
        while "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def response_schema(self, path: str, method: str, status: int) -> dict[str, Any] | None:
        """The JSON schema documented for a status (exact, then `4XX`, then `default`), if any."""
        operation = self.document.get("paths", {}).get(path, {}).get(method.lower())
        if operation is None:
            return None
        responses = operation.get("responses", {})
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in responses:
                content = self.resolve(responses[key]).get("content", {})
                for media_type, body in content.items():
                    if "json" in media_type and "schema" in body:
                        return dict(body["schema"])
                return None
        return None

    def response_examples(self, path: str, method: str, status: int) -> list[Any]:
        """The example bodies the document shows for a status (exact, then `4XX`, then `default`)."""
        operation = self.document.get("paths", {}).get(path, {}).get(method.lower()) or {}
        responses = operation.get("responses", {})
        key = next((key for key in (str(status), f"{str(status)[0]}XX", "default") if key in responses), None)
        if key is None:
            return []
        shown = []
        for media_type, body in self.resolve(responses[key]).get("content", {}).items():
            if "json" in media_type:
                shown += [self.resolve(example).get("value") for example in body.get("examples", {}).values()]
                shown += [body["example"]] if "example" in body else []
        return shown

    def is_paginated(self, path: str, method: str) -> bool:
        """Whether the operation is a list read page by page, as the version pages (`dialect.paging`)."""
        operation = self.document.get("paths", {}).get(path, {}).get(method.lower(), {})
        return self.dialect.paging.is_paginated(operation, self.resolve)

    def merged(self, schema: dict[str, Any]) -> dict[str, Any]:
        """A schema with its `allOf` parts' properties, required names and type taken in, `$ref`s followed."""
        resolved = self.resolve(schema)
        parts = [self.resolve(part) for part in resolved.get("allOf", [])]
        if not parts:
            return resolved
        merged = {
            **resolved,
            "properties": dict(resolved.get("properties", {})),
            "required": list(resolved.get("required", [])),
        }
        for part in parts:
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
            if "type" in part:
                merged.setdefault("type", part["type"])
        return merged

    def fields(self, schema: dict[str, Any]) -> list[Field]:
        """The top-level properties of an object schema (its `allOf` parts merged), in the spec's order."""
        merged = self.merged(schema)
        required = set(merged.get("required", []))
        result = []
        for name, raw in merged.get("properties", {}).items():
            prop = self.resolve(raw)
            types = prop.get("type", [])
            types = [types] if isinstance(types, str) else list(types)
            result.append(Field(name, name in required, "null" in types, prop.get("format")))
        return result

    def payload_fields(self, schema: dict[str, Any]) -> list[Field]:
        """The fields of what a success answer carries: inside the version's wrapper, if it has one."""
        wrapper = self.dialect.wrapper
        properties = self.resolve(schema).get("properties", {})
        if wrapper is not None and wrapper in properties:
            return self.fields(properties[wrapper])
        return self.fields(schema)

    def operation_for(self, path: str, base_url: str | None = None) -> tuple[str, dict[str, str]] | None:
        """The documented path template a request path belongs to, with its path parameters.

        `base_url` is where the API was reached (the spec's server by default).
        """
        base_path = urlsplit(base_url or self.server_url).path.rstrip("/")
        relative = path[len(base_path) :] if path.startswith(base_path + "/") else path
        for template, pattern in self.routes:
            match = pattern.match(relative)
            if match:
                return template, match.groupdict()
        return None

    @cached_property
    def routes(self) -> list[tuple[str, re.Pattern[str]]]:
        """The documented path templates, in the order a request path is matched against them."""
        templates = [
            str(route)
            for route, item in self.document.get("paths", {}).items()
            if any(method in item for method in HTTP_METHODS)
        ]
        # Literal routes win over templated ones, as in every router: `/a/new` before `/a/{id}`.
        templates.sort(key=lambda route: (len(_PARAMETER.findall(route)), -len(route)))
        return [(template, _template_pattern(template)) for template in templates]

    def schema_validator(self, schema: dict[str, Any], *, date_times: bool = True) -> jsonschema_rs.Validator:
        """A JSON Schema validator for `schema`, with formats checked and `#/components` resolvable."""
        return schemas.validator(
            schema, components=self.document.get("components", {}), date_times=date_times
        )


# libyaml's safe loader builds the same objects as PyYAML's own, about seven times faster: on the
# complete document, most of what reading the spec costs a replay.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_spec(path: Path) -> Spec:
    """Read and validate the spec, including every example against its own schema.

    A document that passed before, byte for byte, is not validated again (`validation_cache`).
    """
    try:
        text = path.read_text(encoding="utf-8")
        document = yaml.load(text, Loader=_SAFE_LOADER)
    except OSError as error:
        raise SpecError(f"{path}: cannot read the spec ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise SpecError(f"{path}: not valid YAML: {one_line(str(error))}") from None
    if document is None:
        raise SpecError(f"{path}: is empty: name the vendor's OpenAPI 3.x document with --contract-spec")
    if not isinstance(document, dict):
        raise SpecError(f"{path}: expected an OpenAPI document (a mapping), got {type(document).__name__}")
    check_is_openapi_3(path, document)
    spec = Spec(path, document)
    problems = validation_cache.recall(text)
    if problems is None:
        problems = validate(spec)
        validation_cache.remember(text, problems)
    loaded = Spec(path, document, tuple(problems))
    loaded.dialect  # noqa: B018 - a document of no known API version stops here, with one line
    return loaded


def validate(spec: Spec) -> list[str]:
    """Stop with one line on an invalid OpenAPI document; return the examples its schemas reject."""
    # Imported here: replay of an unchanged spec never needs them, and they take a while to load.
    from openapi_spec_validator import validate as validate_openapi
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    path = spec.path
    try:
        validate_openapi(spec.document)
    except OpenAPIValidationError as error:
        location = "/".join(str(part) for part in error.absolute_path) or "(document root)"
        # The validator appends the whole document to its message; the first line says it all.
        problem = error.message.strip().splitlines()[0]
        raise SpecError(f"{path}: invalid OpenAPI at {location}: {problem}") from None
    problems = []
    for where, schema, example in _examples(spec):
        mismatch = schemas.first_problem(spec.schema_validator(schema), example)
        if mismatch is not None:
            field = mismatch.location("/", "(root)")
            more = ", ".join(mismatch.other_locations("/", "(root)"))
            problems.append(
                f"example {where} does not match its schema at {field}: {one_line(mismatch.message)}"
                + (f" (also at {more})" if more else "")
            )
    return problems


def _examples(spec: Spec) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """Every response example with the schema it documents: (where, schema, value)."""
    for route, path_item in spec.document.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            for status, response in operation.get("responses", {}).items():
                for media_type, content in spec.resolve(response).get("content", {}).items():
                    schema = content.get("schema")
                    if schema is None:
                        continue
                    for name, example in content.get("examples", {}).items():
                        where = f"{name!r} ({method.upper()} {route} -> {status} {media_type})"
                        yield where, schema, spec.resolve(example).get("value")
                    if "example" in content:
                        yield (
                            f"({method.upper()} {route} -> {status} {media_type})",
                            schema,
                            content["example"],
                        )
