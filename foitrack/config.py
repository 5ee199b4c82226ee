"""The user's config file: one schema, with a type, default and help per key.

The README's configuration reference is checked against :data:`SCHEMA` by
the tests, so the two cannot drift apart. Every problem names its dotted key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from foitrack.calendars import HolidayChange, HolidayChanges
from foitrack.core.calendar import ALL_NATIONS, Nation
from foitrack.core.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Key:
    """One config key: its dotted path, what it holds, and why you would set it."""

    path: str
    kind: str
    default: str
    help: str


SCHEMA: tuple[Key, ...] = (
    Key(
        "holidays.add",
        "list of {date, name, nations}",
        "[]",
        "Bank holidays the holidays package does not know yet, such as a newly "
        "proclaimed one. nations: any of england, wales, scotland, "
        "northern-ireland (default: all).",
    ),
    Key(
        "holidays.remove",
        "list of {date, nations}",
        "[]",
        "Days the holidays package lists wrongly; they become working days "
        "again for the nations given (default: all).",
    ),
)

SCHEMA += (
    Key("email.to", "string or list", "(none)", "Who gets the daily digest."),
    Key(
        "email.from",
        "string",
        "(none)",
        "The From address of the digest and of the requests `send` emails.",
    ),
    Key("email.smtp_host", "string", "`localhost`", "The mail server."),
    Key(
        "email.smtp_port",
        "integer",
        "587, 465 or 25",
        "The mail server's port; the default follows `security`.",
    ),
    Key(
        "email.security",
        "string",
        "`starttls`",
        "`starttls`, `ssl` (implicit TLS) or `none` (only for a server on this machine).",
    ),
    Key("email.username", "string", "(none)", "Log in as this user (no login if unset)."),
    Key(
        "email.password_command",
        "string",
        "(none)",
        "A command that prints the password, e.g. `pass show mail`; run without a shell. "
        "`FOITRACK_SMTP_PASSWORD` wins over it.",
    ),
    Key(
        "email.sendmail",
        "string",
        "(none)",
        "Send through this local sendmail program (e.g. `/usr/sbin/sendmail`) instead of SMTP.",
    ),
    Key("email.timeout", "number", "30", "Seconds to wait for the mail server."),
    Key(
        "letters.signature",
        "string",
        "`[your name]`",
        "How `foitrack draft` signs letters.",
    ),
)

SCHEMA += (
    Key("inbox.host", "string", "(none)", "The IMAP server `inbox fetch` reads."),
    Key("inbox.port", "integer", "993 or 143", "The IMAP port; the default follows `security`."),
    Key(
        "inbox.security",
        "string",
        "`ssl`",
        "`ssl` (implicit TLS) or `starttls`; never plaintext, never downgraded.",
    ),
    Key("inbox.user", "string", "(none)", "The IMAP login."),
    Key(
        "inbox.password_command",
        "string",
        "(none)",
        "A command that prints the IMAP password; `FOITRACK_IMAP_PASSWORD` wins over it.",
    ),
    Key("inbox.folder", "string", "`INBOX`", "The IMAP folder to read."),
    Key(
        "inbox.maildir",
        "string",
        "(none)",
        "Read this Maildir instead (as mbsync or offlineimap keep it).",
    ),
    Key("inbox.mbox", "string", "(none)", "Read this mbox file instead."),
    Key(
        "inbox.mark_seen",
        "boolean",
        "false",
        "Mark the IMAP messages foitrack read as seen (the folder is read-only otherwise).",
    ),
    Key("inbox.timeout", "number", "30", "Seconds to wait for the IMAP server."),
    Key(
        "inbox.threshold",
        "number",
        "0.85",
        "`inbox fetch --auto` records proposals at least this sure (0 to 1).",
    ),
)

SCHEMA += (
    Key(
        "ledger.url",
        "string",
        "(none)",
        "The ledger when neither `--ledger` nor `FOITRACK_LEDGER` names one: a file, or a "
        "`postgresql://` URL (see 'Team ledger'). `ledger = \"...\"` alone says the same.",
    ),
    Key(
        "ledger.password_command",
        "string",
        "(none)",
        "A command that prints the PostgreSQL password, run only when the server asks for "
        "one that the URL, `PGPASSWORD` and `~/.pgpass` do not give.",
    ),
    Key(
        "user.name",
        "string",
        "your login name",
        "Who you are: recorded as the actor of every event you record, and whose "
        "items `due --mine` shows.",
    ),
    Key(
        "people.NAME.email",
        "string",
        "(none)",
        "The address of the person `assign` calls NAME: `remind --each` sends them their "
        "own items. Once people are listed, `assign` takes only their names.",
    ),
)

_SECTIONS = {key.path.split(".")[0] for key in SCHEMA}
_KEYS = {key.path for key in SCHEMA}


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None = None
    holidays: HolidayChanges = field(default_factory=HolidayChanges)
    email: EmailSettings | None = None
    signature: str = "[your name]"
    inbox: InboxSettings | None = None
    #: The ledger to use when no option or environment variable names one.
    ledger: str | None = None
    ledger_password_command: str | None = None
    #: Raw sections later features read (``email``), already checked by key.
    raw: dict[str, Any] = field(default_factory=dict)
    #: ``[user] name``: who records events (else the login name, see :func:`current_user`).
    user: str | None = None
    #: ``[people.NAME] email``: each person's address, by the name ``assign`` uses.
    people: dict[str, str] = field(default_factory=dict)


def load_config(path: Path) -> Config:
    """Read and check the config file; a missing file means the defaults."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise ConfigError(f"cannot read the config file {path}: {error.strerror}") from None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"the config file {path} is not valid TOML: {error}") from None
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    where = f" in {path}" if path else ""
    if isinstance(data.get("ledger"), str):  # ledger = "..." is [ledger] url = "..."
        data = {**data, "ledger": {"url": data["ledger"]}}
    for section, value in data.items():
        if section not in _SECTIONS:
            raise ConfigError(
                f"unknown config key {section!r}{where}: known sections are "
                f"{', '.join(sorted(_SECTIONS))}"
            )
        if not isinstance(value, dict):
            raise ConfigError(f"config key {section!r}{where} must be a table ([{section}])")
        if section == "people":
            continue  # a table per person, checked by _people
        for name in value:
            dotted = f"{section}.{name}"
            if dotted not in _KEYS:
                raise ConfigError(f"unknown config key {dotted!r}{where}")
    holidays = data.get("holidays", {})
    changes = HolidayChanges(
        add=tuple(_changes(holidays.get("add", []), "holidays.add", where, named=True)),
        remove=tuple(_changes(holidays.get("remove", []), "holidays.remove", where, named=False)),
    )
    signature = data.get("letters", {}).get("signature", "[your name]")
    if not isinstance(signature, str) or not signature.strip():
        raise ConfigError(f"config key 'letters.signature'{where} must be a non-empty string")
    return Config(
        path=path,
        holidays=changes,
        email=_email(data.get("email", {}), where),
        signature=signature,
        inbox=_inbox(data.get("inbox", {}), where),
        ledger=_one_line(data.get("ledger", {}), "ledger", "url", where),
        ledger_password_command=_one_line(
            data.get("ledger", {}), "ledger", "password_command", where
        ),
        raw=data,
        user=_user(data.get("user", {}), where),
        people=_people(data.get("people", {}), where),
    )


def _people(table: dict[str, Any], where: str) -> dict[str, str]:
    """``[people.alice] email = "alice@example.org"``: each name's address."""
    people = {}
    for name, entry in table.items():
        dotted = f"people.{name}"
        if not name.strip() or name != name.strip() or not name.isprintable():
            raise ConfigError(
                f"config key {dotted!r}{where}: a person's name must be printable, on one "
                "line, with no space around it"
            )
        if not isinstance(entry, dict):
            raise ConfigError(
                f'config key {dotted!r}{where} must be a table: [people.{name}] with email = "..."'
            )
        for extra in sorted(set(entry) - {"email"}):
            raise ConfigError(f"unknown config key '{dotted}.{extra}'{where} (only email)")
        address = _one_line(entry, dotted, "email", where)
        if address is None:
            raise ConfigError(
                f"config key '{dotted}.email'{where} is missing: {name}'s address, "
                'email = "name@example.org"'
            )
        if "@" not in address or any(c in address for c in ",; <>"):
            raise ConfigError(f"config key '{dotted}.email'{where}: {address!r} is not one address")
        people[name] = address
    return people


def _user(table: dict[str, Any], where: str) -> str | None:
    name = _one_line(table, "user", "name", where)
    if name is not None and not name.isprintable():
        raise ConfigError(f"config key 'user.name'{where} must be printable text")
    return name


def current_user(config: Config) -> str | None:
    """Who runs foitrack: ``[user] name``, else the login name; None when
    neither can be told (no such user in the password database, no LOGNAME)."""
    if config.user:
        return config.user
    import getpass

    try:
        name = getpass.getuser()
    except (OSError, KeyError, ImportError):
        return None
    # A name the ledger could not read back (a control character) is nobody's.
    name = name.strip()
    return name if name and name.isprintable() else None


def _changes(items: Any, dotted: str, where: str, *, named: bool) -> list[HolidayChange]:
    if not isinstance(items, list):
        raise ConfigError(f"config key {dotted!r}{where} must be a list of tables")
    result = []
    for index, item in enumerate(items):
        at = f"{dotted}[{index}]"
        if not isinstance(item, dict):
            raise ConfigError(
                f"config key {at!r}{where} must be a table like {{date = 2027-05-10}}"
            )
        allowed = {"date", "nations", "name"} if named else {"date", "nations"}
        for extra in set(item) - allowed:
            raise ConfigError(f"unknown config key {at + '.' + extra!r}{where}")
        day = item.get("date")
        if not isinstance(day, date):
            raise ConfigError(
                f"config key {at + '.date'!r}{where} must be a TOML date like 2027-05-10"
            )
        nations = item.get("nations", sorted(ALL_NATIONS))
        if isinstance(nations, str):
            nations = [nations]
        try:
            parsed = frozenset(Nation(n) for n in nations)
        except (ValueError, TypeError):
            raise ConfigError(
                f"config key {at + '.nations'!r}{where} must list nations from: {', '.join(Nation)}"
            ) from None
        name = item.get("name", "Bank holiday (from your config)")
        if not isinstance(name, str):
            raise ConfigError(f"config key {at + '.name'!r}{where} must be a string")
        result.append(HolidayChange(day, parsed or ALL_NATIONS, name))
    return result


@dataclass(frozen=True, slots=True)
class EmailSettings:
    """The ``[email]`` table; None in :class:`Config` when there is none."""

    to: tuple[str, ...]
    sender: str | None
    smtp_host: str
    smtp_port: int
    security: str
    username: str | None
    password_command: str | None
    sendmail: str | None
    timeout: float


_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def _one_line(table: Any, section: str, key: str, where: str) -> str | None:
    """``table[key]`` as a one-line string (stripped), None when absent."""
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or "\n" in value or "\r" in value:
        raise ConfigError(f"config key '{section}.{key}'{where} must be a one-line string")
    return value.strip()


def secret_from_command(command: str, key: str) -> str:
    """What ``command`` (a config's ``password_command``, named ``key``)
    prints: no shell runs it, and a failure never shows its output, which may
    hold the secret or part of it."""
    import shlex
    import subprocess

    from foitrack.core.errors import OperationFailed

    try:
        done = subprocess.run(
            shlex.split(command), capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, ValueError, subprocess.TimeoutExpired) as error:
        raise OperationFailed(f"{key} could not run: {type(error).__name__}") from None
    if done.returncode != 0:
        raise OperationFailed(f"{key} failed with exit status {done.returncode}")
    return done.stdout.rstrip("\n")


def _email(table: Any, where: str) -> EmailSettings | None:
    if not table:
        return None

    def text(key: str) -> str | None:
        return _one_line(table, "email", key, where)

    to = table.get("to", [])
    recipients = [to] if isinstance(to, str) else to
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        raise ConfigError(f"config key 'email.to'{where} must be an address or a list of them")
    for address in recipients:
        if "@" not in address or any(c in address for c in "\r\n,;"):
            raise ConfigError(f"config key 'email.to'{where}: {address!r} is not one address")
    security = text("security") or "starttls"
    if security not in _PORTS:
        raise ConfigError(
            f"config key 'email.security'{where} must be starttls, ssl or none, not {security!r}"
        )
    port = table.get("smtp_port", _PORTS[security])
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise ConfigError(f"config key 'email.smtp_port'{where} must be a port number")
    timeout = table.get("timeout", 30)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
        raise ConfigError(f"config key 'email.timeout'{where} must be a number of seconds")
    return EmailSettings(
        to=tuple(r.strip() for r in recipients),
        sender=text("from"),
        smtp_host=text("smtp_host") or "localhost",
        smtp_port=port,
        security=security,
        username=text("username"),
        password_command=text("password_command"),
        sendmail=text("sendmail"),
        timeout=float(timeout),
    )


@dataclass(frozen=True, slots=True)
class InboxSettings:
    """The ``[inbox]`` table: where ``inbox fetch`` reads (one source)."""

    host: str | None = None
    port: int = 993
    security: str = "ssl"
    user: str | None = None
    password_command: str | None = None
    folder: str = "INBOX"
    maildir: Path | None = None
    mbox: Path | None = None
    mark_seen: bool = False
    timeout: float = 30.0
    threshold: float = 0.85


def _inbox(table: Any, where: str) -> InboxSettings | None:
    if not table:
        return None

    def text(key: str) -> str | None:
        return _one_line(table, "inbox", key, where)

    security = text("security") or "ssl"
    if security not in ("ssl", "starttls"):
        raise ConfigError(
            f"config key 'inbox.security'{where} must be ssl or starttls, not {security!r} "
            "(foitrack never reads a mailbox without TLS)"
        )
    port = table.get("port", 993 if security == "ssl" else 143)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise ConfigError(f"config key 'inbox.port'{where} must be a port number")
    timeout = table.get("timeout", 30)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
        raise ConfigError(f"config key 'inbox.timeout'{where} must be a number of seconds")
    threshold = table.get("threshold", 0.85)
    if (
        not isinstance(threshold, int | float)
        or isinstance(threshold, bool)
        or not (0 < threshold <= 1)
    ):
        raise ConfigError(f"config key 'inbox.threshold'{where} must be a number from 0 to 1")
    mark_seen = table.get("mark_seen", False)
    if not isinstance(mark_seen, bool):
        raise ConfigError(f"config key 'inbox.mark_seen'{where} must be true or false")
    sources = [k for k in ("host", "maildir", "mbox") if table.get(k) is not None]
    if len(sources) > 1:
        raise ConfigError(
            f"config keys {', '.join('inbox.' + k for k in sources)}{where}: give one source"
        )
    host = text("host")
    if host and not text("user"):
        raise ConfigError(f"config key 'inbox.user'{where} is missing: the IMAP login")
    maildir, mbox = text("maildir"), text("mbox")
    return InboxSettings(
        host=host,
        port=port,
        security=security,
        user=text("user"),
        password_command=text("password_command"),
        folder=text("folder") or "INBOX",
        maildir=Path(maildir).expanduser() if maildir else None,
        mbox=Path(mbox).expanduser() if mbox else None,
        mark_seen=mark_seen,
        timeout=float(timeout),
        threshold=float(threshold),
    )
