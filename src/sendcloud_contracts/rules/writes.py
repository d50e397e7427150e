"""The write contract's rules: what the API holds after each write, judged against what was sent.

Pure functions of plain JSON values (what was sent, what was read before and after): no request,
no pytest. Each returns the violations it finds; none means the write did what its document says.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.rules.model import Violation, show

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

READ_YOUR_WRITES = "read_your_writes"
UNCHANGED = "refused_write_changed_nothing"
UPSERT = "shipments_upsert"
DELETED = "deleted_is_gone"
STATUSES = "statuses_replaced"
MAPPING = "mapping_read_back"
LEFT_AS_FOUND = "left_as_found"
WRITE_STATUS = "write_status"
WRITE_ANSWER = "write_answer_agrees"
OTHERS_UNCHANGED = "other_integrations_unchanged"
# The outcomes the shipments upsert names, one per order.
CREATED, UPDATED, ERROR = "created", "updated", "error"
# A member that is not there at all, which is not the same as one that is `null`.
_ABSENT = object()


def _shown(values: Mapping[str, Any], name: str) -> str:
    """The value of `name` as the wire had it, or (absent): a missing member is no string "(absent)"."""
    return show(values[name]) if name in values else "(absent)"


def same(first: Any, second: Any) -> bool:
    """Equal JSON values; date-times with offsets are equal when they name one instant: an API may
    write an instant in any offset (`+01:00`, `Z`), and a client reads the instant. Python 3.11
    reads `Z` as UTC; upper case takes the `t` and `z` that RFC 3339 allows."""
    if first == second:
        return True
    if not (isinstance(first, str) and isinstance(second, str)) or "T" not in first.upper():
        return False
    try:
        moments = [datetime.fromisoformat(text.upper()) for text in (first, second)]
    except ValueError:
        return False
    return all(moment.tzinfo is not None for moment in moments) and moments[0] == moments[1]


def write_status(status: int, body: bytes, documented: Iterable[int]) -> list[Violation]:
    """A write the API took answers a success status its document gives the operation (a 204 with no
    body), and no write answers a server error; refusals (4xx) are the other rules' to judge."""
    codes = sorted(code for code in documented if 200 <= code < 300)
    successes = " or ".join(str(code) for code in codes)
    if status >= 500:
        documented_text = f"{successes} or a documented refusal: no 5xx, a retry or a second delete included"
    elif 200 <= status < 300 and status not in codes:
        documented_text = f"{successes}, the document's answer to this write"
    elif status == 204 and body.strip():
        return [Violation(WRITE_STATUS, "(body)", show(body), "no body: 204 No Content")]
    else:
        return []
    fix = "A client that follows the document cannot tell whether the write took."
    return [Violation(WRITE_STATUS, "(status)", str(status), documented_text, fix)]


def settings_read_back(
    sent: Mapping[str, Any],
    read: Mapping[str, Any],
    before: Mapping[str, Any],
    *,
    partial: bool,
    ignored: Iterable[str] = (),
) -> list[Violation]:
    """A read after a write returns what it set; a partial write (PATCH) leaves the rest as it was."""
    skip = set(ignored)
    found = [
        Violation(
            READ_YOUR_WRITES,
            name,
            _shown(read, name),
            f"{show(value)}, as the write just set it",
            "A client reading after writing is misled: the write did not take, or took another value.",
        )
        for name, value in sent.items()
        if name not in skip and not same(read.get(name, _ABSENT), value)
    ]
    if partial:
        found += [
            Violation(
                READ_YOUR_WRITES,
                name,
                _shown(read, name),
                f"{show(value)}, as before: a partial write leaves the fields it did not send",
                "PATCH changed a field it was not given.",
            )
            for name, value in before.items()
            if name not in sent and name not in skip and not same(read.get(name, _ABSENT), value)
        ]
    return found


def answer_agrees(
    answered: Mapping[str, Any], read: Mapping[str, Any], *, ignored: Iterable[str] = ()
) -> list[Violation]:
    """A write that answers with the integration answers it as it left it: each field both show reads
    the same in the GET right after (the document requires none, and allows more)."""
    return [
        Violation(
            WRITE_ANSWER,
            name,
            show(value),
            f"{_shown(read, name)}, as the GET right after the write shows it",
            "A client that keeps the write's answer holds an integration the API does not have.",
        )
        for name, value in answered.items()
        if name in read and name not in set(ignored) and not same(read[name], value)
    ]


def unchanged(
    before: Mapping[str, Any], after: Mapping[str, Any], *, ignored: Iterable[str] = ()
) -> list[Violation]:
    """A write the API refused changed nothing."""
    skip = set(ignored)
    names = [name for name in dict.fromkeys([*before, *after]) if name not in skip]
    return [
        Violation(
            UNCHANGED,
            name,
            _shown(after, name),
            f"{_shown(before, name)}: a refused write changes nothing",
            "The API answered with an error, yet changed what it refused to write.",
        )
        for name in names
        if not same(before.get(name, _ABSENT), after.get(name, _ABSENT))
    ]


def others_unchanged(
    before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]]
) -> list[Violation]:
    """A write to one integration changes no other: each other one (by id) reads as before it."""
    found = []
    for identity, was in before.items():
        now = after.get(identity, {})
        found += [
            Violation(
                OTHERS_UNCHANGED,
                f"integration {identity}: {name}",
                _shown(now, name),
                f"{show(value)}, as before a write that named another integration",
                "A write changed an integration it did not name.",
            )
            for name, value in was.items()
            if name not in now or not same(now[name], value)
        ]
    return found


def upsert_answer(
    sent: Sequence[Mapping[str, Any]], answer: Any, known: set[tuple[str, str | None]]
) -> list[Violation]:
    """One entry per order sent, in order: `created` for a new key, `updated` for a known one, both
    with a `shipment_uuid`; or `error` with what is wrong."""
    if not isinstance(answer, list) or len(answer) != len(sent):
        count = len(answer) if isinstance(answer, list) else show(answer)
        return [Violation(UPSERT, "(body)", f"{count} entries", f"one entry per order sent ({len(sent)})")]
    found = []
    for index, order in enumerate(sent):
        entry = answer[index]
        status = entry.get("status") if isinstance(entry, dict) else None
        key = order_key(order)
        expected = UPDATED if key in known else CREATED
        if status == ERROR:
            continue
        if status != expected:
            found.append(
                Violation(
                    UPSERT,
                    f"{index}.status",
                    show(status),
                    f'"{expected}": the order\'s keys {show(list(key))} were {"" if key in known else "not "}'
                    "stored before",
                    "The upsert is keyed on external_order_id and external_shipment_id: a second post "
                    "of the same keys updates, it never creates a duplicate.",
                )
            )
        if not isinstance(entry, dict) or not entry.get("shipment_uuid"):
            found.append(
                Violation(
                    UPSERT, f"{index}.shipment_uuid", "(absent)", f"the uuid of the {expected} shipment"
                )
            )
    return found


def order_key(order: Mapping[str, Any]) -> tuple[str, str | None]:
    """What the upsert matches orders on."""
    shipment = order.get("external_shipment_id")
    return str(order.get("external_order_id")), None if shipment in (None, "") else str(shipment)


def stored_as_sent(
    stored: Sequence[Mapping[str, Any]],
    expected: Mapping[tuple[str, str | None], Any],
    where: str,
    gone: str = DELETED,
) -> list[Violation]:
    """The shipments the API lists under the run's keys are exactly those the run holds stored, each
    with the uuid the upsert answered for it (where `expected` names one): none missing, none doubled,
    none an order answered `error` for (`gone` names the rule a shipment that should not be breaks)."""
    seen: dict[tuple[str, str | None], int] = {}
    for shipment in stored:
        key = order_key(shipment)
        seen[key] = seen.get(key, 0) + 1
    found = []
    for key in dict.fromkeys([*expected, *seen]):
        count, wanted = seen.get(key, 0), 1 if key in expected else 0
        if count != wanted:
            found.append(
                Violation(
                    gone if wanted == 0 and count else UPSERT,
                    f"{where} {show(list(key))}",
                    f"{count} stored",
                    f"{wanted}: " + ("deleted, or answered `error`" if wanted == 0 else "stored once"),
                )
            )
    uuids = {order_key(shipment): shipment.get("shipment_uuid") for shipment in stored}
    found += [
        Violation(
            UPSERT,
            f"{where} {show(list(key))}.shipment_uuid",
            show(uuids[key]),
            f"{show(uuid)}, the uuid the upsert answered for it",
        )
        for key, uuid in expected.items()
        if isinstance(uuid, str) and key in uuids and uuids[key] != uuid
    ]
    return found


def statuses_replaced(
    sent: Sequence[Mapping[str, Any]],
    visible: Sequence[Mapping[str, Any]],
    every: Sequence[Mapping[str, Any]],
) -> list[Violation]:
    """After a replacement the statuses shown are exactly those sent; those not sent keep a
    `deleted_at` and show only with `show_deleted=true`."""
    sent_ids = {str(status.get("external_id")) for status in sent}
    visible_ids = {str(status.get("external_id")) for status in visible}
    found = []
    for missing in sorted(sent_ids - visible_ids):
        found.append(Violation(STATUSES, f"statuses[{missing}]", "(absent)", "shown: it was sent"))
    for extra in sorted(visible_ids - sent_ids):
        found.append(Violation(STATUSES, f"statuses[{extra}]", "shown", "deleted: it was not sent"))
    for status in every:
        identity = str(status.get("external_id"))
        if identity not in sent_ids and status.get("deleted_at") is None:
            found.append(
                Violation(STATUSES, f"statuses[{identity}].deleted_at", "null", "a time: it was not sent")
            )
    return found


def mapping_read_back(sent: Sequence[Mapping[str, Any]], read: Any) -> list[Violation]:
    """The mapping reads back as posted: each category onto the external id it was given."""
    expected = {str(entry.get("status_category")): entry.get("external_id") for entry in sent}
    entries = read if isinstance(read, list) else []
    shown = {
        str(entry.get("status_category")): entry.get("external_id")
        for entry in entries
        if isinstance(entry, dict)
    }
    return [
        Violation(MAPPING, f"mapping[{category}]", _shown(shown, category), show(value))
        for category, value in expected.items()
        if category not in shown or shown[category] != value
    ]


def left_as_found(
    before: Mapping[str, Any], after: Mapping[str, Any], *, ignored: Iterable[str] = (), where: str = ""
) -> list[Violation]:
    """What the restore could not take back: each part of the snapshot that now reads otherwise."""
    skip = set(ignored)
    return [
        Violation(
            LEFT_AS_FOUND,
            f"{where}{name}",
            _shown(after, name),
            f"{_shown(before, name)}, as the run found it",
            "The API did not take back what it was given: restore it by hand to the documented value.",
        )
        for name in dict.fromkeys([*before, *after])
        if name not in skip and not same(before.get(name, _ABSENT), after.get(name, _ABSENT))
    ]
