"""Bulk insert through the driver: what is read back through the ORM is what was meant."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pyarrow as pa
from sqlalchemy import select

from jiancha.leads.insert import insert_new
from jiancha.store import Lead, Org, Run, Store, SupervisionModel

NOW = datetime(2025, 6, 30, 8, 15, 30, 123456, tzinfo=UTC)


def test_inserted_leads_read_back_exactly(store: Store) -> None:
    with store.session() as session:
        model = SupervisionModel(
            slug="m",
            version="1",
            name="模型",
            area="criminal",
            line="civil",
            kind="collision",
            risk="low",
            spec_text="",
            spec_sha256="0" * 64,
            bindings={},
            installed_by="t",
        )
        session.add(model)
        session.flush()
        run = Run(
            model_id=model.id,
            status="running",
            user="t",
            engine="duckdb",
            spec_version="1",
            spec_sha256="0" * 64,
            parameters={},
            datasets={},
            run_date="2025-06-30",
            sql="",
        )
        session.add(run)
        session.flush()
        leads = pa.table(
            {
                "fingerprint": ["a" * 64, "b" * 64],
                "subject_key": ["3301021980", "X" * 300],
                "subject_name": ["张三", None],
                "title": ["张三：标题", "（空）：标题"],
                "jurisdiction": [None, "杭州市上城区人民法院"],
                "amount": pa.array([Decimal("1234.565"), None], pa.decimal128(18, 3)),
                "evidence": ['{"name": "张三", "n": 1, "ok": true}', '{"name": null}'],
                "explanation": ['[{"values": {"d": "2024-01-03"}, "row": 7}]', "[]"],
            }
        )
        office = Org(code="330102", name="上城区人民检察院", level="district", path="/")
        session.add(office)
        session.flush()
        routed = insert_new(
            session, leads, model.id, run.id, "person", NOW, lambda j: j and office.id
        )
        assert routed == {None: 1, office.id: 1}
        office_id = office.id
        model_id, run_id = model.id, run.id
    with store.session() as session:
        rows = session.scalars(select(Lead).order_by(Lead.fingerprint)).all()
        first, second = rows
        assert (first.model_id, first.first_run_id, first.last_run_id) == (model_id, run_id, run_id)
        assert first.subject_type == "person" and first.status == "new" and first.hit is True
        assert first.amount == Decimal("1234.56") and second.amount is None  # half to even
        assert first.evidence == {"name": "张三", "n": 1, "ok": True}
        assert first.explanation == [{"values": {"d": "2024-01-03"}, "row": 7}]
        assert second.evidence == {"name": None} and second.explanation == []
        assert len(second.subject_key) == 200 and second.subject_name is None
        assert (first.org_id, second.org_id) == (None, office_id)
        seen = first.first_seen_at
        assert seen.replace(tzinfo=seen.tzinfo or UTC) == NOW
