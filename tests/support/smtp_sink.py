#!/usr/bin/python3
"""A real SMTP server for tests (Debian's python3-aiosmtpd), keeping every message it accepts.

Usage: /usr/bin/python3 smtp_sink.py PORT FOLDER [--user USER --password PASSWORD]

Listens on 127.0.0.1:PORT and prints "ready" on stdout once it accepts connections. Each message is saved as
FOLDER/<arrival>.json (envelope: mail_from, rcpt_to, login) and then FOLDER/<arrival>.eml (the DATA bytes as
received); both are written to a temporary name and renamed, so a reader that lists *.eml only sees complete
messages. With --user/--password, AUTH (PLAIN or LOGIN, allowed without TLS) is offered and required.

Runs until stdin reaches end of file (the test process closed it or died) or SIGTERM/SIGINT.
"""
import argparse
import itertools
import json
import os
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Saver:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count()
        self.lock = threading.Lock()

    def _write(self, name, data):
        temp = os.path.join(self.folder, "." + name + ".tmp")
        with open(temp, "wb") as f:
            f.write(data)
        os.rename(temp, os.path.join(self.folder, name))

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            stem = "%020d-%06d" % (time.time_ns(), next(self.counter))
        login = session.auth_data if isinstance(session.auth_data, str) else ""
        meta = {"mail_from": envelope.mail_from, "rcpt_to": list(envelope.rcpt_tos), "login": login}
        content = envelope.original_content if envelope.original_content is not None else envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        self._write(stem + ".json", json.dumps(meta).encode("utf-8"))
        self._write(stem + ".eml", content)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("folder")
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="")
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)

    smtp_options = {}
    if args.user:
        def authenticate(server, session, envelope, mechanism, auth_data):
            if not isinstance(auth_data, LoginPassword):
                return AuthResult(success=False, handled=False)
            ok = auth_data.login.decode("utf-8") == args.user and auth_data.password.decode("utf-8") == args.password
            return AuthResult(success=ok, handled=False, auth_data=args.user if ok else None)

        smtp_options = {"authenticator": authenticate, "auth_required": True, "auth_require_tls": False}

    controller = Controller(Saver(args.folder), hostname="127.0.0.1", port=args.port, **smtp_options)
    controller.start()  # raises when the port is taken
    print("ready", flush=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())

    def wait_for_eof():
        sys.stdin.buffer.read()
        done.set()

    threading.Thread(target=wait_for_eof, daemon=True).start()
    while not done.wait(0.5):
        pass
    controller.stop()


if __name__ == "__main__":
    main()
