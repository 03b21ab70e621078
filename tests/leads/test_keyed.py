"""Keyed fingerprints: HMAC-SHA256 under the workspace secret, made at ``init``, kept out of
the metadata store; a workspace of an older version is re-keyed when opened."""

from __future__ import annotations

import hashlib
import hmac
import stat
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select, update

from jiancha.errors import JianchaError
from jiancha.leads import fingerprint
from jiancha.leads.build import digest
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Lead, Store, SupervisionModel, Workspace, init_workspace, open_store
from jiancha.store.workspace import PENDING_SECRET
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county, pid

SLUG = "custodial-sentence-not-executed"


def test_fingerprint_is_an_hmac_of_the_digest() -> None:
    key = bytes(range(32))
    evidence = ["张甲", "630102198001010011", None, True]
    parts = ["31:custodial-sentence-not-executed", "18:630102198001010011", "2:张甲"]
    payload = "|".join([*parts, "18:630102198001010011", "-", "4:true"])
    unkeyed = hashlib.sha256(payload.encode()).hexdigest()
    assert digest(SLUG, "630102198001010011", evidence) == unkeyed
    expected = hmac.new(key, unkeyed.encode(), hashlib.sha256).hexdigest()
    assert fingerprint(SLUG, "630102198001010011", evidence, key=key) == expected
    assert fingerprint(SLUG, "630102198001010011", evidence, key=b"x" * 32) != expected


def test_init_makes_a_private_secret(tmp_path: Path) -> None:
    ws, created = init_workspace(tmp_path / "home")
    assert created and ws.secret_path.is_file()
    assert stat.S_IMODE(ws.secret_path.stat().st_mode) == 0o600
    assert len(ws.secret) == 32
    other, _ = init_workspace(tmp_path / "other")
    assert other.secret != ws.secret
    again, created_again = init_workspace(tmp_path / "home")
    assert not created_again and again.secret == ws.secret


def _county(store: Store, tmp_path: Path) -> Store:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, SLUG, run_date=AS_OF)
    return store


def _texts(store: Store) -> str:
    """Every value of every table of the metadata store, as one text."""
    meta = MetaData()
    meta.reflect(store.engine)
    out = []
    with store.engine.connect() as connection:
        for table in meta.sorted_tables:
            out += [repr(tuple(row)) for row in connection.execute(table.select())]
    return "\n".join(out)


def test_fingerprints_are_keyed_and_the_secret_is_not_stored(store: Store, tmp_path: Path) -> None:
    _county(store, tmp_path)
    secret = store.workspace.secret
    with store.session() as session:
        leads = session.scalars(select(Lead)).all()
        model = session.scalar(select(SupervisionModel))
        assert model is not None and len(leads) == 2
        for lead in leads:
            evidence = list(lead.evidence.values())
            unkeyed = digest(SLUG, lead.subject_key, evidence)
            assert lead.fingerprint == hmac.new(secret, unkeyed.encode(), "sha256").hexdigest()
            assert lead.fingerprint != unkeyed
    everything = _texts(store)
    assert secret.hex() not in everything and secret.hex().upper() not in everything
    assert unkeyed not in everything


def _as_older_version(store: Store) -> None:
    """Turn the store back into what an older version left: unkeyed fingerprints, no masked
    titles, and no secret file."""
    with store.session() as session:
        for lead in session.scalars(select(Lead)):
            old = digest(SLUG, lead.subject_key, list(lead.evidence.values()))
            session.execute(
                update(Lead).where(Lead.id == lead.id).values(fingerprint=old, title_masked=None)
            )
    store.workspace.secret_path.unlink()


def test_an_older_workspace_is_rekeyed_when_opened(
    store: Store, workspace: Workspace, tmp_path: Path
) -> None:
    _county(store, tmp_path)
    _as_older_version(store)
    store.close()
    reopened = open_store(workspace)
    try:
        assert workspace.secret_path.is_file() and not (workspace.home / PENDING_SECRET).exists()
        secret = workspace.secret
        with reopened.session() as session:
            leads = {lead.subject_key: lead for lead in session.scalars(select(Lead))}
        assert set(leads) == {pid(1), pid(6)}
        for lead in leads.values():
            unkeyed = digest(SLUG, lead.subject_key, list(lead.evidence.values()))
            assert lead.fingerprint == hmac.new(secret, unkeyed.encode(), "sha256").hexdigest()
            assert lead.title_masked is not None and lead.subject_name is not None
            assert lead.subject_name not in lead.title_masked
            assert lead.title_masked.startswith(lead.subject_name[0] + "**：")
        again = run_model(reopened, SLUG, run_date=AS_OF)
        assert (again["new"], again["seen_again"], again["no_longer_hit"]) == (0, 2, 0)
    finally:
        reopened.close()


def test_a_rekeying_cut_short_is_finished_with_the_same_secret(
    store: Store, workspace: Workspace, tmp_path: Path
) -> None:
    """A process died after writing ``secret.key.new``, before the leads were re-keyed."""
    _county(store, tmp_path)
    _as_older_version(store)
    store.close()
    pending = workspace.home / PENDING_SECRET
    pending.write_text("ab" * 32 + "\n", encoding="ascii")
    reopened = open_store(workspace)
    try:
        assert workspace.secret == bytes.fromhex("ab" * 32) and not pending.exists()
        again = run_model(reopened, SLUG, run_date=AS_OF)
        assert (again["new"], again["seen_again"]) == (0, 2)
    finally:
        reopened.close()


def test_a_lost_secret_is_refused(store: Store, workspace: Workspace, tmp_path: Path) -> None:
    _county(store, tmp_path)
    store.close()
    workspace.secret_path.unlink()
    with pytest.raises(JianchaError, match="工作区密钥丢失"):
        open_store(workspace)
