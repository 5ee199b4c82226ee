"""Replies as forces send them, built for the tests (never from real people)."""

from __future__ import annotations

import mailbox
from datetime import datetime
from email.message import EmailMessage, Message
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def reply(
    sender: str,
    subject: str,
    text: str,
    *,
    when: str = "2025-04-16 10:00",
    in_reply_to: str | None = None,
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "me@example.org"
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.fromisoformat(when).replace(tzinfo=LONDON))
    message["Message-ID"] = message_id or f"<{abs(hash((sender, subject, text)))}@mail.example>"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    return message


def bounce(original: bytes, when: str = "2025-04-16 10:05") -> Message:
    """A delivery status report returning ``original``, as MTAs send them."""
    from email import message_from_bytes
    from email.mime.message import MIMEMessage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    message = MIMEMultipart("report", report_type="delivery-status")
    message["From"] = "MAILER-DAEMON@mx.example.org"
    message["To"] = "me@example.org"
    message["Subject"] = "Undelivered Mail Returned to Sender"
    message["Date"] = format_datetime(datetime.fromisoformat(when).replace(tzinfo=LONDON))
    message["Message-ID"] = f"<bounce.{abs(hash(original))}@mx.example.org>"
    message.attach(
        MIMEText(
            "This is the mail system. I'm sorry to have to inform you that your "
            "message could not be delivered: 550 5.1.1 user unknown."
        )
    )
    message.attach(MIMEMessage(message_from_bytes(original)))
    return message


def maildir_with(folder: Path, *messages: Message) -> Path:
    box = mailbox.Maildir(folder, create=True)
    for message in messages:
        box.add(message.as_bytes())
    return folder
