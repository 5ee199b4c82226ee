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

import os
import subprocess
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from foitrack.config import EmailSettings, secret_from_command
from foitrack.core.errors import ConfigError, OperationFailed

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
    subject: str,
    text: str,
    html: str | None = None,
    config_path: Path | None = None,
) -> EmailMessage:
    """A message from the configured sender to the configured recipients:
    ``text`` its plain part, ``html`` (if any) the alternative."""
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
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
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


def password(settings: EmailSettings) -> str | None:
    """From ``FOITRACK_SMTP_PASSWORD``, else ``password_command``, else none."""
    value = os.environ.get(PASSWORD_VARIABLE)
    if value:
        return value
    if settings.password_command is None:
        return None
    return secret_from_command(settings.password_command, "email.password_command")


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

    class Bounded(base):  # type: ignore[misc]
        def getreply(self) -> tuple[int, bytes]:
            # smtplib reads replies through ``self.file``, made on first use.
            sock = getattr(self, "sock", None)
            if getattr(self, "file", None) is None and sock is not None:
                self.file = Reader(sock, sock.makefile("rb"))
            reply: tuple[int, bytes] = super().getreply()
            return reply

    return Bounded
