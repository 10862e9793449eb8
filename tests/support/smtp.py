"""A stand-in mail server speaking real SMTP on a free loopback port (aiosmtpd), for tests of what the
board sends through ``EMAIL_URL``: Django's SMTP backend talks to it as to any mail server."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

from tests.support.services import free_port


@dataclass
class _Inbox:
    messages: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted"


class SmtpServer:
    """``with SmtpServer() as smtp:`` then ``smtp.url`` (an ``EMAIL_URL``) and ``smtp.messages``."""

    def __init__(self):
        self.port = free_port()
        self.inbox = _Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list:
        return self.inbox.messages

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
