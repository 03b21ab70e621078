"""Bulk insert through the driver: what is read back through the ORM is what was meant."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.leads.insert import insert_new
from jiancha.store import Lead, Org, Run, Store, SupervisionModel

NOW = datetime(2025, 6, 30, 8, 15, 30, 123456, tzinfo=UTC)


def _model_and_run(session: Session, slug: str) -> tuple[SupervisionModel, Run]:
    model = SupervisionModel(
        slug=slug,
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
    return model, run


def test_inserted_leads_read_back_exactly(store: Store) -> None:
    with store.session() as session:
        model, run = _model_and_run(session, "m")
        leads = pa.table(
            {
                "fingerprint": ["a" * 64, "b" * 64],
                "subject_key": ["3301021980", "X" * 300],
                "subject_name": ["张三", None],
                "title": ["张三：标题", "（空）：标题"],
                "title_masked": ["张**：标题", "（空）：标题"],
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
            session, [leads], model.id, run.id, "person", NOW, lambda j: j and office.id
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


def test_batches_of_any_size_are_inserted_whole(store: Store) -> None:
    """Leads arrive in batches as they are built: a batch of 45, an empty one and one of 3
    are all stored, in order, each with its own values."""
    with store.session() as session:
        model, run = _model_and_run(session, "m2")

        def batch(numbers: range) -> pa.Table:
            return pa.table(
                {
                    "fingerprint": [f"{n:064d}" for n in numbers],
                    "subject_key": [f"key{n}" for n in numbers],
                    "subject_name": [f"名{n}" for n in numbers],
                    "title": [f"标题{n}" for n in numbers],
                    "title_masked": [f"标题{n}" for n in numbers],
                    "jurisdiction": [None for _ in numbers],
                    "amount": pa.array([n for n in numbers], pa.float64()),
                    "evidence": [f'{{"n": {n}}}' for n in numbers],
                    "explanation": ["[]" for _ in numbers],
                }
            )

        batches = [batch(range(45)), batch(range(45, 45)), batch(range(45, 48))]
        routed = insert_new(session, batches, model.id, run.id, "person", NOW, lambda j: None)
        assert routed == {None: 48}
        model_id = model.id
    with store.session() as session:
        rows = session.scalars(
            select(Lead).where(Lead.model_id == model_id).order_by(Lead.id)
        ).all()
    assert [r.fingerprint for r in rows] == [f"{n:064d}" for n in range(48)]
    assert [r.evidence["n"] for r in rows] == list(range(48))
    assert {(r.subject_key, r.subject_name, r.amount) for r in rows} == {
        (f"key{n}", f"名{n}", Decimal(n)) for n in range(48)
    }
