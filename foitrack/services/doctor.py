"""``foitrack doctor``: check the ledger, the calendar cache, the config and email.

Each check is a finding with a level (ok, warning, problem) and, when it is
not ok, what to do about it. Nothing here changes anything.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foitrack import paths
from foitrack.calendars import Calendars, holidays_version
from foitrack.core.errors import FoitrackError, OperationFailed
from foitrack.store.location import Location


@dataclass(frozen=True, slots=True)
class Check:
    area: str
    level: str  # "ok", "warning" or "problem"
    message: str
    fix: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"area": self.area, "level": self.level, "message": self.message, "fix": self.fix}


def _private(path: Path, area: str, mode: int) -> Check | None:
    """A warning when others may read what should be the user's alone."""
    try:
        actual = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    if actual & 0o077:
        return Check(
            area,
            "warning",
            f"{path} can be read by others (mode {actual:o})",
            f"chmod {mode:o} {path}",
        )
    return None


def check_ledger(where: Location | Path, calendars: Calendars) -> list[Check]:
    from foitrack.services.ledger import Ledger

    location = Location.of(where)
    if location.file is None:
        return check_server_ledger(location, calendars)
    path = location.file
    if not path.exists():
        return [
            Check(
                "ledger",
                "warning",
                f"no ledger at {path} yet",
                "run 'foitrack init', or add a request to start one",
            )
        ]
    checks = []
    try:
        ledger = Ledger.open(path, calendars)
    except FoitrackError as error:
        return [Check("ledger", "problem", str(error), "restore the file from a backup or git")]
    try:
        store = ledger.store
        integrity = store.integrity()
        count = sum(1 for _ in store.summaries())
        if integrity == "ok":
            checks.append(Check("ledger", "ok", f"{path}: {count} requests, integrity ok"))
        else:
            checks.append(
                Check(
                    "ledger",
                    "problem",
                    f"{path} failed its integrity check: {integrity}",
                    "export what you can ('foitrack export') and restore from a backup",
                )
            )
    finally:
        ledger.close()
    folders = [path.parent] if path.parent == paths.data_dir() else []
    for found in [
        _private(path, "ledger", 0o600),
        *(_private(f, "ledger", 0o700) for f in folders),
    ]:
        if found:
            checks.append(found)
    return checks


def check_server_ledger(location: Location, calendars: Calendars) -> list[Check]:
    """A PostgreSQL ledger: the connection, TLS, the schema, and whether the
    role can do more than foitrack needs."""
    from foitrack.services.ledger import Ledger

    try:
        ledger = Ledger.open(location, calendars)
    except (FoitrackError, OperationFailed) as error:
        return [
            Check(
                "ledger",
                "problem",
                str(error),
                "check the URL, that the server is running, and the password",
            )
        ]
    try:
        store = ledger.store
        server = ledger.server.server()
        integrity = store.integrity()
        count = sum(1 for _ in store.summaries())
    finally:
        ledger.close()
    checks = [
        Check(
            "ledger",
            "ok" if integrity == "ok" else "problem",
            f"{location}: {count} requests, schema {server['schema']}, PostgreSQL "
            f"{server['server_version'] // 10000}, integrity {integrity}",
            "" if integrity == "ok" else "export what you can ('foitrack export')",
        )
    ]
    if server["tls"] and server["sslmode"] in ("verify-ca", "verify-full"):
        checks.append(
            Check(
                "ledger",
                "ok",
                f"the connection is encrypted (TLS) and the server's certificate checked "
                f"(sslmode={server['sslmode']})",
            )
        )
    elif server["tls"]:
        checks.append(
            Check(
                "ledger",
                "warning",
                f"the connection is encrypted (TLS) but the server's certificate is not "
                f"checked (sslmode={server['sslmode']}): anyone on the path could pose as it",
                "add sslmode=verify-full and sslrootcert=<the CA's certificate> to the URL",
            )
        )
    else:
        checks.append(
            Check(
                "ledger",
                "warning",
                "the connection is not encrypted (no TLS): fine on this machine, not across "
                "a network",
                "add sslmode=verify-full (and sslrootcert=...) to the URL, and turn on ssl "
                "in the server",
            )
        )
    more = [
        what
        for what, key in (
            ("is a superuser", "superuser"),
            ("can create databases", "createdb"),
            ("can create roles", "createrole"),
        )
        if server[key]
    ]
    if more:
        checks.append(
            Check(
                "ledger",
                "warning",
                f"the role {server['user']} {' and '.join(more)}: more than foitrack needs",
                "use a role that owns only the ledger's tables (see the README's 'Team ledger')",
            )
        )
    else:
        checks.append(
            Check("ledger", "ok", f"the role {server['user']} can do no more than it needs")
        )
    return checks


def check_calendar(calendars: Calendars) -> list[Check]:
    try:
        version = holidays_version()
    except Exception as error:  # the package missing or broken
        return [
            Check(
                "calendar",
                "problem",
                f"the holidays package is not usable: {error}",
                "pip install --upgrade holidays",
            )
        ]
    cache = paths.cache_dir()
    files = sorted(cache.glob(f"bank-holidays-{version}-*.json")) if cache.exists() else []
    checks = [
        Check(
            "calendar",
            "ok",
            f"holidays {version}; calendar fingerprint {calendars.fingerprint}; "
            + ("cache warm" if files else "cache cold (the next command builds it)"),
        )
    ]
    if cache.exists() and (found := _private(cache, "calendar", 0o700)):
        checks.append(found)
    missing = calendars.missing_days()
    if missing:
        named = ", ".join(f"{day.isoformat()} ({nation.label})" for day, nation in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        checks.append(
            Check(
                "calendar",
                "warning",
                f"holidays {version} lacks {len(missing)} bank holiday"
                f"{'s' * (len(missing) != 1)} that foitrack's checked calendar names: "
                f"{named}{more}; every window across {'them' if len(missing) > 1 else 'it'} "
                "is counted a working day short",
                "pip install --upgrade 'holidays>=0.91', or add the day under "
                "[[holidays.add]] in config.toml",
            )
        )
    return checks


def check_config(config_path: Path, load: Callable[[], Any]) -> tuple[list[Check], Any]:
    if not config_path.exists():
        return [Check("config", "ok", f"no config file at {config_path}: defaults in use")], None
    try:
        config = load()
    except FoitrackError as error:
        return [Check("config", "problem", str(error), f"edit {config_path}")], None
    checks = [Check("config", "ok", f"{config_path} is valid")]
    if config.email is not None and (found := _private(config_path, "config", 0o600)):
        checks.append(found)
    return checks, config


def check_email(config: Any, *, send_test: bool, today: Any) -> list[Check]:
    if config is None or config.email is None:
        return [
            Check(
                "email",
                "warning",
                "no [email] settings: 'foitrack remind' cannot send",
                "add an [email] table to config.toml (see the README)",
            )
        ]
    email = config.email
    missing = [k for k, v in (("to", email.to), ("from", email.sender)) if not v]
    if missing:
        return [
            Check(
                "email",
                "problem",
                f"email.{missing[0]} is missing",
                f"add {missing[0]} under [email] in config.toml",
            )
        ]
    from foitrack.notify.email import login_in_clear

    where = email.sendmail or f"{email.smtp_host}:{email.smtp_port} ({email.security})"
    if login_in_clear(email):
        return [
            Check(
                "email",
                "problem",
                f"a login as {email.username} over {where} would send the password "
                "unencrypted, so 'foitrack remind' refuses it (without TLS only a server "
                "on this machine may be given a login)",
                'set email.security = "starttls" or "ssl"',
            )
        ]
    checks = [Check("email", "ok", f"digests go to {', '.join(email.to)} via {where}")]
    if email.username and not (os.environ.get("FOITRACK_SMTP_PASSWORD") or email.password_command):
        checks.append(
            Check(
                "email",
                "warning",
                f"a login as {email.username} but no password source",
                "set FOITRACK_SMTP_PASSWORD or email.password_command",
            )
        )
    if send_test:
        from email.message import EmailMessage

        from foitrack.notify.email import send

        message = EmailMessage()
        message["Subject"] = "foitrack: test message"
        message["From"] = email.sender
        message["To"] = ", ".join(email.to)
        message.set_content(f"This is a test from 'foitrack doctor --send-test' on {today}.")
        try:
            send(email, message)
        except OperationFailed as error:
            checks.append(Check("email", "problem", f"the test message failed: {error}"))
        else:
            checks.append(
                Check("email", "ok", f"a test message was accepted for {', '.join(email.to)}")
            )
    return checks
