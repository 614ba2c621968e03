"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

import email
from dataclasses import dataclass, field
from email.message import Message

from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        return "250 Message accepted"

    def body(self, index: int = -1) -> str:
        message = self.messages[index]
        part = (
            message.get_payload(decode=True)
            if not message.is_multipart()
            else message.get_payload(0).get_payload(decode=True)
        )  # type: ignore[union-attr]
        return bytes(part).decode()  # type: ignore[arg-type]


def start_smtp_server() -> tuple[Controller, Mailbox]:
    mailbox = Mailbox()
    from tests.processes import free_port

    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, mailbox
