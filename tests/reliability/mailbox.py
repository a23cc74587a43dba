"""The workers' e-mail backend in the reliability tests: like Django's file backend, but one file per
message in ``$RELIABILITY_MAIL_DIR`` (settings.py reads no EMAIL_FILE_PATH from the environment, and
the stock backend lets messages of one process and second share a file)."""

import os
import uuid

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = os.environ["RELIABILITY_MAIL_DIR"]
        for message in email_messages:
            name = os.path.join(directory, f"{os.getpid()}-{uuid.uuid4().hex}")
            with open(f"{name}.tmp", "wb") as fh:
                fh.write(message.message().as_bytes())
            os.replace(f"{name}.tmp", f"{name}.eml")  # a reader never sees half a message
        return len(email_messages)
