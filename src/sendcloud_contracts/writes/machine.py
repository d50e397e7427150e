"""Sequences of writes, model-based: a Hypothesis state machine over the version's write operations.

The model is what the named integration should hold after each step: its settings, the run's stored
shipments, its shop order statuses; and what the account's other integrations hold, which no step
may change. Every step writes, then reads back and holds the API to the model (`rules/writes.py`);
every answer is also held to every rule of the contract, and a write's status to the document
(`requests_api.py`).
A sequence starts from what the API shows, so no restore is needed between sequences; the run
restores once, at its end. A failing sequence is shrunk by Hypothesis and printed as the curl
commands that replay it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from sendcloud_contracts.rules import writes as rules
from sendcloud_contracts.rules.model import Violation
from sendcloud_contracts.writes import bodies

if TYPE_CHECKING:
    from sendcloud_contracts.writes.session import WriteSession

# Bodies the document forbids: a value of another type than the field's.
FORBIDDEN = {"service_point_enabled": "not a boolean", "webhook_active": 7, "service_point_carriers": "ups"}
FORBIDDEN_ACCEPTED = "forbidden_write_refused"


def machine(session: WriteSession) -> type[RuleBasedStateMachine]:
    """The state machine of one run, bound to its session (api, plan, what was created)."""
    api = session.api
    writes = api.dialect.writes
    server_fields = writes.server_fields | api.dialect.resource.volatile

    class WriteMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.settings = api.settings()
            self.live = session.live_statuses() if writes.statuses_path else []
            # The account's other integrations as the sequence found them: no write here changes them.
            self.others = session.others()[1]
            # The orders this sequence stored, by key, with their uuid: preconditions read only what
            # the sequence itself did, as Hypothesis requires to replay and shrink it.
            self.stored: dict[tuple[str, str | None], str | None] = {}

        @initialize()
        def first_order(self) -> None:
            """Each sequence starts with an order of its own, so updates and deletes have one to act on."""
            if session.open("shipments"):
                self._upsert([session.new_order({})])

        # Settings -------------------------------------------------------------------------------

        @rule(data=st.data())
        def change_settings(self, data: st.DataObject) -> None:
            method = data.draw(st.sampled_from(writes.settings_methods), label="method")
            drawn = bodies.safe(
                data.draw(bodies.documented(api.spec, method, writes.item_path), label="body")
            )
            writable = session.restorable
            sent = {name: value for name, value in (drawn or {}).items() if name in writable}
            sent = bodies.coherent_settings(sent, self.settings, writable)
            if method == "PUT":
                # PUT sends every writable field: those not drawn as they are now.
                sent = {
                    **{name: self.settings.get(name) for name in writable if name in self.settings},
                    **sent,
                }
            self._settings_write(method, sent, partial=method == "PATCH")

        @rule(name=st.sampled_from(sorted(FORBIDDEN)))
        def refused_settings(self, name: str) -> None:
            before = self.settings
            # With a change the document allows beside it: a refused write must not keep even that.
            body = {**bodies.valid_change(before, session.restorable), name: FORBIDDEN[name]}
            response = api.send(api.partial_method(), writes.item_path, body)
            if response.status_code < 400:
                found = [
                    Violation(
                        FORBIDDEN_ACCEPTED,
                        name,
                        f"{response.status_code}",
                        f"400: {FORBIDDEN[name]!r} is not what the document allows",
                        "The API accepted a body its document forbids.",
                    )
                ]
                api.hold(response, writes.item_path, found, FORBIDDEN_ACCEPTED)
            after = api.get(writes.item_path)
            read = api.payload(after) or {}
            api.hold(
                after, writes.item_path, rules.unchanged(before, read, ignored=server_fields), rules.UNCHANGED
            )

        def _settings_write(self, method: str, sent: dict[str, Any], *, partial: bool) -> None:
            before = self.settings
            response = api.send(method, writes.item_path, sent)
            after = api.get(writes.item_path)
            read = api.payload(after) or {}
            if response.status_code < 300:
                found = rules.settings_read_back(sent, read, before, partial=partial, ignored=server_fields)
                api.hold(after, writes.item_path, found, rules.READ_YOUR_WRITES)
                if writes.settings_answer_body:
                    # Held on the write's own answer: that is what disagrees with the read after it.
                    answered = api.payload(response)
                    found = rules.answer_agrees(
                        answered if isinstance(answered, dict) else {}, read, ignored=server_fields
                    )
                    api.hold(response, writes.item_path, found, rules.WRITE_ANSWER)
                listed, others = session.others()
                found = rules.others_unchanged(self.others, others)
                api.hold(listed, api.dialect.resource.list_path, found, rules.OTHERS_UNCHANGED)
            else:
                api.hold(
                    after,
                    writes.item_path,
                    rules.unchanged(before, read, ignored=server_fields),
                    rules.UNCHANGED,
                )
            self.settings = read

        @invariant()
        def settings_hold(self) -> None:
            """Whatever a step wrote elsewhere (a log, a shipment), the settings are the model's."""
            after = api.get(writes.item_path)
            read = api.payload(after) or {}
            api.hold(
                after,
                writes.item_path,
                rules.unchanged(self.settings, read, ignored=server_fields),
                rules.UNCHANGED,
            )

        # Shipments (API v2, official partners) ----------------------------------------------------

        @precondition(lambda self: session.open("shipments"))
        @rule(data=st.data(), count=st.integers(1, 2))
        def upsert_new_orders(self, data: st.DataObject, count: int) -> None:
            members = bodies.plain_members(api.spec, session.order_schema())
            orders = [session.new_order(data.draw(members, label="order")) for _ in range(count)]
            self._upsert(orders)

        @precondition(lambda self: session.open("shipments") and bool(self.stored))
        @rule(data=st.data(), changed=st.booleans())
        def upsert_stored_order(self, data: st.DataObject, changed: bool) -> None:
            key = data.draw(st.sampled_from(sorted(self.stored, key=str)), label="key")
            self._upsert([session.again(key, changed=changed)])

        @precondition(lambda self: session.open("shipments"))
        @rule()
        def upsert_refused_order(self) -> None:
            order = session.new_order({}, stored=False)
            # A country no order can be shipped to: the API answers this order `error`, creating nothing.
            order["country"] = "not a country"
            order["parcel_items"] = "not a list"
            response = api.send("POST", str(writes.shipments_path), [order])
            answer = response.json() if response.status_code == 200 else None
            status = (
                answer[0].get("status")
                if isinstance(answer, list) and answer and isinstance(answer[0], dict)
                else None
            )
            found = []
            if response.status_code == 200 and status != rules.ERROR:
                found.append(
                    Violation(rules.UPSERT, "0.status", repr(status), '"error": the order breaks its schema')
                )
            api.hold(response, str(writes.shipments_path), found, rules.UPSERT)
            self._stored_check([rules.order_key(order)], expected={}, gone=rules.UPSERT)

        def _upsert(self, orders: list[dict[str, Any]]) -> None:
            known = set(self.stored)
            response = api.send("POST", str(writes.shipments_path), orders)
            answer = response.json() if response.status_code == 200 else None
            api.hold(
                response, str(writes.shipments_path), rules.upsert_answer(orders, answer, known), rules.UPSERT
            )
            for order, entry in zip(orders, answer or [], strict=False):
                if isinstance(entry, dict) and entry.get("status") in (rules.CREATED, rules.UPDATED):
                    self.stored[rules.order_key(order)] = entry.get("shipment_uuid")
            keys = [rules.order_key(order) for order in orders]
            self._stored_check(keys, expected={key: self.stored[key] for key in keys if key in self.stored})

        def _stored_check(
            self, keys: list[tuple[str, str | None]], expected: dict[Any, Any], gone: str = rules.DELETED
        ) -> None:
            ids = sorted({key[0] for key in keys})
            response = api.get(str(writes.shipments_path), {"external_order_ids": ids})
            listed = api.payload(response)
            items = listed.get(api.dialect.paging.items_member, []) if isinstance(listed, dict) else []
            mine = [item for item in items if rules.order_key(item) in set(keys)]
            api.hold(
                response,
                str(writes.shipments_path),
                rules.stored_as_sent(mine, expected, "shipment", gone),
                rules.UPSERT,
            )

        @precondition(lambda self: session.open("shipments") and bool(self.stored))
        @rule(data=st.data(), by_uuid=st.booleans())
        def delete_stored_order(self, data: st.DataObject, by_uuid: bool) -> None:
            key = data.draw(st.sampled_from(sorted(self.stored, key=str)), label="key")
            uuid = self.stored.pop(key)
            body = (
                {"shipment_uuid": uuid}
                if by_uuid and uuid
                else {"external_order_id": key[0], "external_shipment_id": key[1]}
            )
            api.send("POST", str(writes.shipments_delete_path), body)
            self._stored_check([key], expected={})
            session.gone.add(key)
            # Deleting again is a client's retry: its answer is judged as every write's (no 5xx).
            api.send("POST", str(writes.shipments_delete_path), body)

        # Shop order statuses and their mapping (API v3, some shop systems) ------------------------

        @precondition(lambda self: session.open("statuses"))
        @rule(data=st.data())
        def replace_statuses(self, data: st.DataObject) -> None:
            original = session.snapshot.live_statuses()
            chosen = (
                data.draw(
                    st.lists(st.sampled_from(original), unique_by=lambda s: s["external_id"]), label="kept"
                )
                if original
                else []
            )
            sent = [
                {"external_id": status["external_id"], "translations": status["translations"]}
                for status in chosen
            ]
            api.send(
                "POST", str(writes.statuses_path), {"integration_id": api.integration_id, "statuses": sent}
            )
            query = {"integration_id": api.integration_id}
            visible = api.get(str(writes.statuses_path), query)
            every = api.get(str(writes.statuses_path), {**query, writes.show_deleted: "true"})
            found = rules.statuses_replaced(sent, _list(api.payload(visible)), _list(api.payload(every)))
            api.hold(every, str(writes.statuses_path), found, rules.STATUSES)
            self.live = sent

        @precondition(lambda self: session.open("statuses") and session.snapshot.mapping_restorable())
        @rule(data=st.data())
        def map_statuses(self, data: st.DataObject) -> None:
            # Drawn from the statuses the run found, the same for every sequence (Hypothesis replays a
            # sequence by its draws); one the sequence's statuses no longer have maps onto none.
            ids = [None, *(status["external_id"] for status in session.snapshot.live_statuses())]
            live = {status["external_id"] for status in self.live}
            categories = [entry["status_category"] for entry in session.snapshot.sendable_mapping()]
            drawn = [data.draw(st.sampled_from(ids)) for _category in categories]
            mapping = [
                {"status_category": category, "external_id": external_id if external_id in live else None}
                for category, external_id in zip(categories, drawn, strict=True)
            ]
            api.send(
                "POST", str(writes.mapping_path), {"integration_id": api.integration_id, "mapping": mapping}
            )
            shown = api.get(str(writes.mapping_path), {"integration_id": api.integration_id})
            read = api.payload(shown)
            entries = read.get("mapping") if isinstance(read, dict) else read
            api.hold(
                shown, str(writes.mapping_path), rules.mapping_read_back(mapping, entries), rules.MAPPING
            )

    return WriteMachine


def _list(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
