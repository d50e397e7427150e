"""Every rule id a failure of the contract can carry (`[rule] field: Received: ... / Documented: ...`).

The rules themselves are where they judge (`contract.py`, `pagination.py`, `writes.py`, ...); this
is the list of their ids with what each demands, for the documentation's reference of rule ids
(`docs/reference/rules.md`, generated from it). A test reads every `Violation` the sources can raise
and holds this list to them, both ways: a new rule without an entry here, or an entry no code
raises any more, fails it.
"""

from __future__ import annotations

from dataclasses import dataclass

READ, WRITE = "read", "write"
BOTH, V2, V3 = "v2, v3", "v2", "v3"


@dataclass(frozen=True)
class RuleId:
    id: str
    # READ: judged in every run; WRITE: in write runs only (`--writes`).
    contract: str
    versions: str
    demands: str


RULE_IDS: tuple[RuleId, ...] = (
    RuleId(
        "response_schema",
        READ,
        BOTH,
        "the body matches the schema documented for its status: required fields, types, lengths, `null` "
        "only where the document allows it; every error is reported, not just the first (replaces "
        "schemathesis' `response_schema_conformance`); a body that is not RFC 8259 JSON fails it",
    ),
    RuleId(
        "wrapper",
        READ,
        V3,
        "a success answer holds its payload in `data`, where the document puts it there",
    ),
    RuleId(
        "timestamp",
        READ,
        BOTH,
        "every date-time the schema describes, at any depth (`results.0.created_at`, `data.0.created_at`), "
        "is RFC 3339 with an offset (`Z` or `+hh:mm`) and a real calendar date and time; fractional "
        "seconds are fine",
    ),
    RuleId(
        "error_envelope",
        READ,
        BOTH,
        "v2: every 4xx and 5xx (429 aside: Sendcloud sends it empty) is "
        '`{"error": {"code", "request", "message"}}`, `code` equal to the HTTP status, `request` the '
        "requested path without the leading `/`. v3: JSON:API `errors`, each with `status` (the HTTP "
        'status as a string: `"404"`), `code` and `detail`; a lone error object is accepted',
    ),
    RuleId(
        "requested_integration",
        READ,
        BOTH,
        "a 200 answers the integration that was asked for; on a paginated `{id}` path every item that "
        "names its integration (`integration`, `integration_id`) names the one asked for; v3's "
        "`data.id`, and `integration_id` of logs and of the status mapping, likewise",
    ),
    RuleId(
        "pagination",
        READ,
        BOTH,
        "v2: `next` and `previous` are absolute `http(s)` URLs on the host and path asked, or `null` / "
        'absent; v3: the next page is the `Link` header\'s `rel="next"` (RFC 8288). Following the next '
        "page from the first ends within `SENDCLOUD_MAX_PAGES` pages: every page answers 200, no page is "
        "read twice and no item comes twice; a link that leaves `https` for `http` is reported and not "
        "followed; v3's `page_size` is honoured",
    ),
    RuleId(
        "filter",
        READ,
        V2,
        "on shipments, `start_date` / `end_date` keep only items whose `created_at` falls on those days, "
        "both included (in some time zone from UTC-12 to UTC+14); `external_order_ids` / "
        "`external_shipment_ids` keep only items with those ids",
    ),
    RuleId(
        "authentication",
        READ,
        BOTH,
        "without credentials, with wrong ones and (OAuth2) with an invalid Bearer token the API answers "
        "401 in its error body (replaces schemathesis' `ignored_auth`); once per run each part of the "
        "credentials on its own is refused too (the right key with a wrong secret, a wrong key with the "
        "right secret, the right pair under `Bearer`); a write run sends one write without credentials "
        "and one with a wrong secret",
    ),
    RuleId(
        "consistency",
        READ,
        BOTH,
        "each known integration in `GET /integrations` is the same as `GET /integrations/{id}` on the "
        "fields both carry (the timestamps Sendcloud moves on its own aside); a known id missing from "
        "the list fails",
    ),
    RuleId(
        "sorting",
        READ,
        V3,
        "`GET /integrations?sort=KEY` and `sort=-KEY`, for each documented key, come ascending or "
        "descending by the key's field; a key whose field the document does not name is a warning",
    ),
    RuleId(
        "versions_agree",
        READ,
        V3,
        "v3 and v2 of the same account tell the same story: each known integration and both lists, "
        "renamed fields under the mapping the v3 document states, timestamps as instants",
    ),
    RuleId(
        "known_integration",
        READ,
        BOTH,
        "an integration the preflight found still answers (not 404) for the rest of the run",
    ),
    RuleId(
        "status_code",
        READ,
        BOTH,
        "the preflight's answer for a known id has a status the document gives the operation (200, 404)",
    ),
    RuleId(
        "content_type",
        READ,
        BOTH,
        "the preflight's answer for a known id is `application/json`",
    ),
    RuleId(
        "read_your_writes",
        WRITE,
        BOTH,
        "a read after a write returns what it set; a partial write (`PATCH`) leaves the rest as it was",
    ),
    RuleId(
        "write_status",
        WRITE,
        BOTH,
        "a write the API took answers a success status its document gives the operation (a 204 without "
        "a body), and no write answers a 5xx, a retried or second delete included",
    ),
    RuleId(
        "write_answer_agrees",
        WRITE,
        BOTH,
        "a write that answers with the integration answers it as the GET right after shows it",
    ),
    RuleId(
        "other_integrations_unchanged",
        WRITE,
        BOTH,
        "a write to the named integration changes no other integration of the account",
    ),
    RuleId(
        "refused_write_changed_nothing",
        WRITE,
        BOTH,
        "a write the API refused changed nothing",
    ),
    RuleId(
        "forbidden_write_refused",
        WRITE,
        BOTH,
        "a write whose body the document forbids is refused (400), and creates nothing",
    ),
    RuleId(
        "shipments_upsert",
        WRITE,
        V2,
        "one entry per order sent, in order: `created` for a new key, `updated` for a known one; the "
        "shipments listed under the run's keys are exactly those it stored",
    ),
    RuleId(
        "deleted_is_gone",
        WRITE,
        BOTH,
        "what a delete removed is no longer listed, and deleting it again answers no 5xx (a client's "
        "retry); deleting an integration the account does not have answers 404",
    ),
    RuleId(
        "statuses_replaced",
        WRITE,
        V3,
        "after a replacement the shop order statuses shown are exactly those sent; those not sent keep "
        "a `deleted_at` and show only with `show_deleted=true`",
    ),
    RuleId(
        "mapping_read_back",
        WRITE,
        V3,
        "the status mapping reads back as posted: each category onto the external id it was given",
    ),
    RuleId(
        "left_as_found",
        WRITE,
        BOTH,
        "after the run's restore, the account reads as it did before the first write: the integration's "
        "settings, its statuses and mapping, no shipment of the run's left",
    ),
)
