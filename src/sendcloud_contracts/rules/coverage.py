"""Contract coverage: which states of each documented field, and which statuses, the run saw."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.wording import plural

if TYPE_CHECKING:
    from sendcloud_contracts.rules.model import Exchange
    from sendcloud_contracts.spec import Spec

ABSENT, NULL, VALUE = "absent", "null", "value"


class ContractCoverage:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.statuses: dict[str, Counter[int]] = defaultdict(Counter)
        self.states: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))

    def observe(self, exchange: Exchange) -> None:
        operation = f"{exchange.method} {exchange.operation_path}"
        self.statuses[operation][exchange.status] += 1
        schema = self.spec.response_schema(exchange.operation_path, exchange.method, exchange.status)
        payload = self.spec.dialect.payload(exchange.json)
        if exchange.status != 200 or schema is None or not isinstance(payload, dict):
            return
        for field in self.spec.payload_fields(schema):
            if field.name not in payload:
                state = ABSENT
            elif payload[field.name] is None:
                state = NULL
            else:
                state = VALUE
            self.states[operation][field.name][state] += 1

    def _rows(self, operation: str) -> list[dict[str, Any]]:
        path = operation.split(" ", 1)[1]
        schema = self.spec.response_schema(path, operation.split(" ", 1)[0], 200)
        if schema is None:
            return []
        rows = []
        for field in self.spec.payload_fields(schema):
            possible = [VALUE] + ([NULL] if field.nullable else []) + ([] if field.required else [ABSENT])
            seen = self.states[operation][field.name]
            rows.append(
                {
                    "field": field.name,
                    "seen": {state: seen[state] for state in (ABSENT, NULL, VALUE) if seen[state]},
                    "never_seen": [state for state in possible if not seen[state]],
                }
            )
        return rows

    def to_json(self) -> dict[str, Any]:
        return {
            operation: {
                "statuses": {str(code): count for code, count in sorted(self.statuses[operation].items())},
                "fields": self._rows(operation),
            }
            for operation in sorted(self.statuses)
        }

    def warnings(self) -> list[str]:
        return [
            f"{operation}: {row['field']} was never {state}"
            for operation, report in self.to_json().items()
            for row in report["fields"]
            for state in row["never_seen"]
        ]

    def unseen(self) -> str:
        """How much the run never saw, in a few words: the detail is the report's."""
        count = len(self.warnings())
        if not count:
            return "every possible state of documented fields seen"
        return f"{plural(count, 'possible state')} of documented fields never seen"

    def to_markdown(self) -> str:
        lines = ["# Contract coverage", ""]
        for operation, report in self.to_json().items():
            statuses = ", ".join(f"{code} x{count}" for code, count in report["statuses"].items())
            lines += [f"## {operation}", "", f"Statuses seen: {statuses}", ""]
            if not report["fields"]:
                continue
            lines += ["| field | absent | null | value | never seen |", "|---|---|---|---|---|"]
            for row in report["fields"]:
                counts = [str(row["seen"].get(state, "")) for state in (ABSENT, NULL, VALUE)]
                never = ", ".join(row["never_seen"]) or "—"
                lines.append(f"| `{row['field']}` | {' | '.join(counts)} | {never} |")
            lines.append("")
        if not self.statuses:
            lines.append("No responses were checked in this run.")
        return "\n".join(lines).rstrip() + "\n"

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"
