"""Tests de serveur/tap.py : ce qui part sur le fil passe inchangé, et une copie en est gardée."""

import io
import unittest

from serveur.tap import ReplyTap


class ReplyTapTest(unittest.TestCase):
    def test_everything_passes_and_the_start_of_the_body_is_kept(self):
        stream = io.BytesIO()
        tap = ReplyTap(stream, limit=5)
        tap.write(b"HTTP/1.1 200 OK\r\n\r\n")   # en-têtes : pas gardés
        tap.recording = True
        tap.write(b"Bonjour")
        tap.write(b" la classe")
        self.assertEqual(stream.getvalue(), b"HTTP/1.1 200 OK\r\n\r\nBonjour la classe")
        self.assertEqual(bytes(tap.kept), b"Bonjo")
        tap.restart()
        self.assertEqual(bytes(tap.kept), b"")
        self.assertFalse(tap.recording)

    def test_the_exchange_is_told_before_the_reply_leaves(self):
        order = []

        class Stream(io.BytesIO):
            def flush(self):
                order.append("parti")

        tap = ReplyTap(Stream(), before_flush=lambda: order.append("raconté"))
        tap.flush()
        self.assertEqual(order, ["raconté", "parti"])


if __name__ == "__main__":
    unittest.main()
