"""One sync at a time per register schema: a PostgreSQL advisory lock with a timeout.

The lock is a session lock held from the sync's first read to the end of its write, so a second
sync waits (checking cancel) and, past the timeout, stops with a message naming who holds it.
"""

from __future__ import annotations

import time

import psycopg
from qgis.core import QgsProcessingFeedback

from imperial_land.core.common import UserError, check_cancelled, ensure_feedback, tr
from imperial_land.core.storage import APPLICATION_NAME

LOCK_CLASS = 0x1A4D  # first key of every Imperial Land advisory lock
SYNCING = f"{APPLICATION_NAME} sync since "  # a syncing session's application_name, then a time
POLL_S = 0.1


def try_lock(conn: psycopg.Connection, schema: str) -> bool:
    """Take the sync lock of `schema` if free (session level); True when taken.

    The session's application_name then says since when it syncs (UTC), for `holder` to tell
    others: PostgreSQL keeps no time for a granted lock.
    """
    row = conn.execute(
        "SELECT pg_try_advisory_lock(%s, hashtext(%s))", (LOCK_CLASS, schema)
    ).fetchone()
    if row[0]:
        conn.execute(
            "SELECT set_config('application_name', %s || "
            "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), false)",
            (SYNCING,),
        )
    return bool(row[0])


def unlock(conn: psycopg.Connection, schema: str) -> None:
    """Release the sync lock of `schema` held by this session (and its application_name)."""
    conn.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", (LOCK_CLASS, schema))
    conn.execute("RESET application_name")


def holder(conn: psycopg.Connection, schema: str) -> str:
    """Who holds the lock of `schema`: "role (syncing since <UTC time>)", or "" when unknown."""
    row = conn.execute(
        "SELECT a.usename, a.application_name FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s::oid "
        "AND l.objid = (hashtext(%s)::bigint & 4294967295)::oid AND l.objsubid = 2 LIMIT 1",
        (LOCK_CLASS, schema),
    ).fetchone()
    if not row:
        return ""
    role, application = row
    if not str(application or "").startswith(SYNCING):
        return str(role)
    return tr("{role} (syncing since {time} UTC)").format(
        role=role, time=application[len(SYNCING) :]
    )


def wait_for_lock(
    conn: psycopg.Connection,
    schema: str,
    timeout_s: float,
    feedback: QgsProcessingFeedback | None = None,
) -> None:
    """Take the sync lock, waiting up to `timeout_s`; UserError past it, Cancelled on cancel."""
    feedback = ensure_feedback(feedback)
    deadline = time.monotonic() + timeout_s
    told = False
    while not try_lock(conn, schema):
        check_cancelled(feedback)
        if not told:
            feedback.pushInfo(
                tr("Another sync of register '{schema}' is running; waiting for it.").format(
                    schema=schema
                )
            )
            told = True
        if time.monotonic() >= deadline:
            raise UserError(
                tr(
                    "Another sync of register '{schema}' is still running after {seconds} s "
                    "(held by {holder}); nothing was written, try again when it has finished."
                ).format(
                    schema=schema, seconds=f"{timeout_s:g}", holder=holder(conn, schema) or "?"
                )
            )
        time.sleep(POLL_S)
