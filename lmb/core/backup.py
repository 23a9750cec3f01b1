"""`lmb backup` and `lmb restore`: a consistent copy of every table and of the uploads.

The copy is a .tar.gz: manifest.json (Alembic revision, time, row counts), one JSON-lines
file per table in foreign-key order, and uploads/. Rows are read in one read-only
transaction (REPEATABLE READ on PostgreSQL, one SQLite read transaction), so the copy is
one moment of the database even while people keep working. The same format restores into
SQLite or PostgreSQL at the same migration revision.
"""

from __future__ import annotations

import base64
import decimal
import io
import json
import tarfile
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy import Integer, delete, func, insert, select, text
from sqlalchemy.types import JSON

from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.extensions import db

FORMAT = 1
BATCH = 1000


def _revision(connection) -> str | None:
    try:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # noqa: BLE001 - a database made by create_all has no version table
        return None


def _encode(column, value):
    if value is None:
        return None
    if isinstance(column.type, JSON):
        return {"$json": value}
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$dec": str(value)}
    if isinstance(value, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    if hasattr(value, "name") and hasattr(value, "value") and not isinstance(value, str | int):
        return value.name  # an enum, stored by name
    return value


def _decode(column, value):
    if not isinstance(value, dict):
        return value
    if "$json" in value:
        return value["$json"]
    if "$dt" in value:
        return datetime.fromisoformat(value["$dt"])
    if "$d" in value:
        return date.fromisoformat(value["$d"])
    if "$dec" in value:
        return decimal.Decimal(value["$dec"])
    if "$b" in value:
        return base64.b64decode(value["$b"])
    return value


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(utcnow().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(target: Path) -> dict:
    """Write the copy to `target`; return the manifest."""
    engine = db.engine
    tables = db.metadata.sorted_tables
    counts = {}
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        else:
            connection.exec_driver_sql("BEGIN")
        revision = _revision(connection)
        with tarfile.open(target, "w:gz") as archive:
            for table in tables:
                buffer = io.BytesIO()
                count = 0
                rows = connection.execution_options(stream_results=True).execute(
                    select(table).order_by(*table.primary_key.columns)
                )
                for row in rows:
                    record = {c.name: _encode(c, row._mapping[c.name]) for c in table.columns}
                    buffer.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
                    count += 1
                counts[table.name] = count
                _add(archive, f"tables/{table.name}.jsonl", buffer.getvalue())
            connection.rollback()
            uploads = Path(current_app.config["UPLOAD_FOLDER"])
            files = 0
            if uploads.exists():
                for path in sorted(p for p in uploads.rglob("*") if p.is_file()):
                    archive.add(path, arcname=f"uploads/{path.relative_to(uploads).as_posix()}")
                    files += 1
            manifest = {
                "format": FORMAT,
                "revision": revision,
                "created_at": utcnow().isoformat(),
                "database": engine.dialect.name,
                "tables": counts,
                "uploads": files,
            }
            _add(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
    return manifest


def _safe_member(name: str) -> PurePosixPath | None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or len(path.parts) < 2:
        return None
    return path


def restore(source: Path, *, replace: bool = False) -> dict:
    """Bring a copy back into this database (same revision) and the upload folder."""
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as error:
        raise ServiceError(f"Not a backup made by lmb backup: {error}") from error
    with archive:
        try:
            manifest = json.load(archive.extractfile("manifest.json"))
        except (KeyError, ValueError) as error:
            raise ServiceError("The backup has no readable manifest.json.") from error
        if manifest.get("format") != FORMAT:
            raise ServiceError(f"Unknown backup format {manifest.get('format')!r}.")
        tables = db.metadata.sorted_tables
        with db.engine.begin() as connection:
            revision = _revision(connection)
            if manifest["revision"] != revision:
                raise ServiceError(
                    f"The backup is of migration {manifest['revision']}, this database is at "
                    f"{revision}: run `lmb db upgrade` (or downgrade) to that revision first."
                )
            filled = [
                t.name
                for t in tables
                if connection.execute(select(func.count()).select_from(t)).scalar()
            ]
            if filled and not replace:
                raise ServiceError(
                    "The database is not empty (" + ", ".join(filled[:5]) + "…). "
                    "Restore into an empty database, or pass --replace to delete what is there."
                )
            for table in reversed(tables):
                connection.execute(delete(table))
            for table in tables:
                member = archive.extractfile(f"tables/{table.name}.jsonl")
                batch = []
                for line in member:
                    record = json.loads(line)
                    batch.append(
                        {
                            c.name: _decode(c, record.get(c.name))
                            for c in table.columns
                            if c.name in record
                        }
                    )
                    if len(batch) >= BATCH:
                        connection.execute(insert(table), batch)
                        batch = []
                if batch:
                    connection.execute(insert(table), batch)
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection, tables)
        uploads = Path(current_app.config["UPLOAD_FOLDER"])
        restored = 0
        for member in archive.getmembers():
            if not member.isfile() or not member.name.startswith("uploads/"):
                continue
            path = _safe_member(member.name)
            if path is None:
                continue
            destination = uploads.joinpath(*path.parts[1:])
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.extractfile(member).read())
            restored += 1
    return {**manifest, "uploads_restored": restored}


def _reset_sequences(connection, tables) -> None:
    for table in tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        name = key[0].name
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{name}'), "  # noqa: S608 - names from our metadata
                f"COALESCE((SELECT MAX({name}) FROM {table.name}), 0) + 1, false)"
            )
        )
