"""The daily digest as an email, and sending it by SMTP or a local sendmail.

Titles and notes come from the ledger and may hold anything; they only ever
go in the body. Header values come from the config (checked to be one line)
and from counts. The password is never printed, logged or stored, and never
sent over a connection without TLS except to this machine (loopback).

A mail server may misbehave: the whole conversation is bounded by
:func:`conversation_limit` (a server that sends greeting lines for ever is
cut off, not only one that goes quiet), and once the server has accepted the
message (250 after DATA) the digest counts as sent, whatever it then answers
to QUIT.
"""

from __future__ import annotations

import html
import os
import shlex
import subprocess
from collections.abc import Sequence
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from foitrack.config import EmailSettings
from foitrack.core.dates import format_day
from foitrack.core.errors import ConfigError, OperationFailed
from foitrack.services.due import (
    SECTION_TITLES,
    Block,
    Item,
    Kind,
    blocks,
    headline,
    render_text,
)

PASSWORD_VARIABLE = "FOITRACK_SMTP_PASSWORD"
#: Host names that reach this machine only.
_LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is this machine: ``localhost`` or a loopback address
    as written (a name is not resolved: DNS could say anything)."""
    import ipaddress

    if not host:
        return False
    if host.lower().rstrip(".") in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def login_in_clear(settings: EmailSettings) -> bool:
    """A login that would cross the network without TLS: refused."""
    return bool(
        settings.username
        and not settings.sendmail
        and settings.security == "none"
        and not is_loopback(settings.smtp_host)
    )


def conversation_limit(settings: EmailSettings) -> float:
    """Seconds the whole SMTP conversation may take (``timeout`` is per read)."""
    return 4 * settings.timeout


def build_message(
    settings: EmailSettings,
    items: Sequence[Item],
    today: date,
    config_path: Path | None = None,
    waiting: int = 0,
) -> EmailMessage:
    """``waiting``: how many messages wait in the inbox (said at the end)."""
    where = str(config_path) if config_path else "your config.toml"
    if not settings.to:
        raise ConfigError(
            "config key 'email.to' is missing: add to = \"you@example.org\" under [email] "
            f"in {where}"
        )
    if not settings.sender:
        raise ConfigError(
            "config key 'email.from' is missing: add from = \"foitrack@example.org\" under "
            f"[email] in {where}"
        )
    message = EmailMessage()
    message["Subject"] = f"foitrack: {headline(items)}"
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    inbox = ""
    if waiting:
        inbox = f"{waiting} {'message waits' if waiting == 1 else 'messages wait'} in the inbox"
    message.set_content(
        render_text(items, today) + (f"\n{inbox}: foitrack inbox\n" if inbox else "")
    )
    page = _html(items, today)
    if inbox:
        page = page.replace("</body>", f"<p>{inbox}: <code>foitrack inbox</code></p></body>")
    message.add_alternative(page, subtype="html")
    return message


def readable(message: EmailMessage) -> str:
    """The message as its reader sees it: the headers people read, then the
    plain text decoded (not base64 or quoted-printable)."""
    lines = [
        f"{name}: {message[name]}" for name in ("From", "To", "Date", "Subject") if message[name]
    ]
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    return "\n".join(lines) + "\n\n" + text.rstrip("\n") + "\n"


def _html(items: Sequence[Item], today: date) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html><body style='font-family:sans-serif'>",
        f"<h2>foitrack: the daily check for {e(format_day(today))}</h2>",
    ]
    for kind in Kind:
        found = blocks([i for i in items if i.kind is kind])
        if not found:
            continue
        count = sum(len(b) for b in found)
        parts.append(f"<h3>{e(SECTION_TITLES[kind])} ({count})</h3><table cellpadding=4>")
        for block in found:
            if len(block) > 1:
                parts.append(_html_block(Block.of(block, today)))
                continue
            [item] = block
            parts.append(
                "<tr>"
                f"<td>#{item.request.id}</td>"
                f"<td>{e(item.authority_name)}</td>"
                f"<td>{e(item.request.title)}</td>"
                f"<td>{e(format_day(item.date))}</td>"
                f"<td>{e(item.action)}</td>"
                "</tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _html_block(block: Block) -> str:
    """A campaign's requests in the same situation: one row, the names in a cell."""
    e = html.escape
    first = block.items[0]
    # Not every block has one command for all (then there is nothing to escape).
    command = (
        f"<br>all {len(block.items)} at once: <code>{e(block.command)}</code>"
        if block.command
        else ""
    )
    return (
        "<tr>"
        f"<td>{len(block.items)}</td>"
        f"<td>{e(block.head)}<br><small>{e(', '.join(block.names))}</small></td>"
        f"<td>{e(first.request.title)}</td>"
        f"<td>{e(format_day(block.day)) if block.day else 'see each'}</td>"
        f"<td>{e(block.action)}{command}</td>"
        "</tr>"
    )


def password(settings: EmailSettings) -> str | None:
    """From ``FOITRACK_SMTP_PASSWORD``, else ``password_command``, else none."""
    value = os.environ.get(PASSWORD_VARIABLE)
    if value:
        return value
    if settings.password_command is None:
        return None
    try:
        done = subprocess.run(
            shlex.split(settings.password_command),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, ValueError, subprocess.TimeoutExpired) as error:
        raise OperationFailed(
            f"email.password_command could not run: {type(error).__name__}"
        ) from None
    if done.returncode != 0:
        # Its output may hold the secret or part of it: say only that it failed.
        raise OperationFailed(f"email.password_command failed with exit status {done.returncode}")
    return done.stdout.rstrip("\n")


def send(settings: EmailSettings, message: EmailMessage) -> None:
    """Hand the message over; raise OperationFailed unless it was accepted."""
    if settings.sendmail:
        _sendmail(settings, message)
    else:
        _smtp(settings, message)


def _sendmail(settings: EmailSettings, message: EmailMessage) -> None:
    try:
        done = subprocess.run(
            [settings.sendmail or "sendmail", "-t", "-oi"],
            input=message.as_bytes(),
            capture_output=True,
            timeout=settings.timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise OperationFailed(f"cannot run {settings.sendmail}: {error}") from None
    if done.returncode != 0:
        raise OperationFailed(
            f"{settings.sendmail} refused the message (exit status {done.returncode})"
        )


def _smtp(settings: EmailSettings, message: EmailMessage) -> None:
    import smtplib
    import ssl
    import time

    where = f"{settings.smtp_host}:{settings.smtp_port}"
    if login_in_clear(settings):
        raise ConfigError(
            f'email.security is "none": foitrack will not send the password for '
            f"{settings.username} unencrypted to {settings.smtp_host}; set security = "
            '"starttls" or "ssl" (without TLS only a server on this machine, such as '
            "localhost or 127.0.0.1, may be given a login)"
        )
    secret = password(settings) if settings.username else None
    deadline = time.monotonic() + conversation_limit(settings)
    accepted = False
    server: smtplib.SMTP | None = None
    try:
        if settings.security == "ssl":
            server = _bounded(smtplib.SMTP_SSL, deadline)(
                settings.smtp_host,
                settings.smtp_port,
                timeout=settings.timeout,
                context=ssl.create_default_context(),
            )
        else:
            server = _bounded(smtplib.SMTP, deadline)(
                settings.smtp_host, settings.smtp_port, timeout=settings.timeout
            )
        if settings.security == "starttls":
            server.starttls(context=ssl.create_default_context())
        if settings.username:
            try:
                server.login(settings.username, secret or "")
            except UnicodeEncodeError:
                # Its message names the character and where it stands: part of the secret.
                raise OperationFailed(
                    f"the login for {settings.username} holds a character that is not "
                    "ASCII (in the user name or the password), which SMTP logins here "
                    "cannot send"
                ) from None
            except smtplib.SMTPServerDisconnected:
                # Some servers hang up on a failed login instead of answering 535.
                raise OperationFailed(
                    f"the mail server at {where} refused the login for "
                    f"{settings.username} (it closed the connection)"
                ) from None
            except _Silent:
                # ... or fall silent.
                raise OperationFailed(
                    f"the mail server at {where} refused the login for "
                    f"{settings.username} (it stopped answering)"
                ) from None
        refused = server.send_message(message)
        accepted = True  # 250 after DATA: the message is the server's now
        if refused:
            raise OperationFailed(
                f"the mail server at {where} refused {', '.join(sorted(refused))}"
            )
    except smtplib.SMTPAuthenticationError as error:
        raise OperationFailed(
            f"the mail server at {where} refused the login for {settings.username} "
            f"({error.smtp_code})"
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise OperationFailed(
            f"the mail server at {where} does not offer STARTTLS: set email.security"
        ) from None
    except smtplib.SMTPResponseException as error:
        reply = error.smtp_error  # bytes from smtplib; str from some servers' wrappers
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply or "")
        raise OperationFailed(
            f"the mail server at {where} answered {error.smtp_code} {text}".rstrip()
        ) from None
    except smtplib.SMTPRecipientsRefused as error:
        raise OperationFailed(
            f"the mail server at {where} refused {', '.join(sorted(error.recipients))}"
        ) from None
    except smtplib.SMTPServerDisconnected:
        raise OperationFailed(f"the mail server at {where} closed the connection") from None
    except (TimeoutError, _Silent):
        raise OperationFailed(f"the mail server at {where} did not answer in time") from None
    except _TooLong:
        raise OperationFailed(
            f"the mail server at {where} did not finish in "
            f"{conversation_limit(settings):.0f} s (4 times email.timeout): gave up"
        ) from None
    except smtplib.SMTPException as error:
        raise OperationFailed(f"the mail server at {where} failed: {error}") from None
    except (OSError, ssl.SSLError) as error:
        reason = error.strerror or str(error)
        raise OperationFailed(f"cannot reach the mail server at {where}: {reason}") from None
    finally:
        if server is not None:
            _say_goodbye(server, accepted)


def _say_goodbye(server: object, accepted: bool) -> None:
    """QUIT politely; once the message was accepted, nothing the server does
    now (an answer other than 221, a hang-up, silence) unsends it."""
    import smtplib

    try:
        if accepted:
            server.quit()  # type: ignore[attr-defined]
    except (smtplib.SMTPException, OSError):
        pass
    finally:
        server.close()  # type: ignore[attr-defined]


class _TooLong(Exception):
    """The whole conversation went past its limit."""


class _Silent(Exception):
    """The server said nothing for ``timeout`` seconds."""


def _bounded(base: type, deadline: float) -> type:
    """``base`` (SMTP or SMTP_SSL) whose replies must all arrive before
    ``deadline``: each line read checks the clock, and no read waits past it."""
    import time

    class Reader:
        def __init__(self, sock: object, raw: object) -> None:
            self._sock, self._raw = sock, raw

        def readline(self, size: int = -1) -> bytes:
            # Not OSErrors: smtplib would report those as a hang-up.
            left = deadline - time.monotonic()
            if left <= 0:
                raise _TooLong
            timeout = self._sock.gettimeout()  # type: ignore[attr-defined]
            self._sock.settimeout(left if timeout is None else min(timeout, left))  # type: ignore[attr-defined]
            try:
                return bytes(self._raw.readline(size))  # type: ignore[attr-defined]
            except TimeoutError:
                raise (_TooLong if time.monotonic() >= deadline else _Silent) from None
            finally:
                self._sock.settimeout(timeout)  # type: ignore[attr-defined]

        def close(self) -> None:
            self._raw.close()  # type: ignore[attr-defined]

    class Bounded(base):  # type: ignore[misc, valid-type]
        def getreply(self) -> tuple[int, bytes]:
            if self.file is None and self.sock is not None:
                self.file = Reader(self.sock, self.sock.makefile("rb"))
            return super().getreply()  # type: ignore[no-any-return]

    return Bounded
