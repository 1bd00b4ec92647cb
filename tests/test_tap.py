"""Tests de serveur/tap.py : ce qui part sur le fil passe inchangé, et une copie en est gardée.

Avec lui, les octets bruts d'un échange : l'en-tête de la requête lu par ``wire.py``,
celui de la réponse gardé par ``tap.py`` (ou par la capture du mode « Mon serveur »).

Un client sur un socket nu envoie des octets choisis (espaces bizarres, ``\\n`` seuls) ;
l'événement EXCHANGE doit porter exactement ces octets, et exactement l'en-tête que le
client a reçu. On y trouve aussi la méthode Python qui a répondu (``serveur/source.py``).
"""

import io
import os
import socket
import unittest

from serveur.events import EXCHANGE
from serveur.hexdump import head_length
from serveur.source import PROJECT
from serveur.tap import ReplyTap

from .student_support import StudentServerTestCase
from .support import WAIT, ServerTestCase, raw_exchange

ODD = (b"GET /caf%C3%A9.txt?x=%C3%A9 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
       b"X-Espaces:    beaucoup   d'espaces  \r\nX-Vide:\r\nConnection: close\r\n\r\n")
BARE = b"GET /caf%C3%A9.txt HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n"


def received_head(answer):
    """L'en-tête de la réponse tel que le client l'a reçu (ligne vide comprise)."""
    return answer[:head_length(answer)]


class ReplyTapTest(unittest.TestCase):
    def test_everything_passes_and_the_start_of_the_body_is_kept(self):
        stream = io.BytesIO()
        tap = ReplyTap(stream, limit=5)
        tap.write(b"HTTP/1.1 200 OK\r\n\r\n")   # l'en-tête, gardé à part
        tap.recording = True
        tap.write(b"Bonjour")
        tap.write(b" la classe")
        self.assertEqual(stream.getvalue(), b"HTTP/1.1 200 OK\r\n\r\nBonjour la classe")
        self.assertEqual((tap.head, bytes(tap.kept)), (b"HTTP/1.1 200 OK\r\n\r\n", b"Bonjo"))
        tap.restart()
        self.assertEqual((tap.head, bytes(tap.kept)), (b"", b""))
        self.assertFalse(tap.recording)

    def test_the_exchange_is_told_before_the_reply_leaves(self):
        order = []

        class Stream(io.BytesIO):
            def flush(self):
                order.append("parti")

        tap = ReplyTap(Stream(), before_flush=lambda: order.append("raconté"))
        tap.flush()
        self.assertEqual(order, ["raconté", "parti"])

    def test_the_head_copy_is_bounded(self):
        tap = ReplyTap(io.BytesIO(), head_limit=10)
        for _ in range(5):
            tap.write(b"X-Un: en-tete\r\n")
        self.assertLess(len(tap.head), 40)



class RawHeadsTest(ServerTestCase):
    mode = "get-post"
    files = {"café.txt": "un café, s'il vous plaît\n".encode("utf-8")}

    def exchange_for(self, path):
        event = self.log.wait_for(lambda e: e.kind == EXCHANGE and e.path == path)
        self.assertIsNotNone(event, "aucun échange pour %s" % path)
        return event

    def test_odd_spacing_is_kept_byte_for_byte(self):
        answer = self.raw(ODD)
        self.assertTrue(answer.startswith(b"HTTP/1.1 200 OK\r\n"), answer[:80])
        event = self.exchange_for("/caf%C3%A9.txt?x=%C3%A9")
        self.assertEqual(event.request_head, ODD)
        self.assertEqual(event.reply_head, received_head(answer))
        self.assertEqual(answer[len(event.reply_head):], "un café, s'il vous plaît\n".encode())

    def test_a_request_with_bare_newlines(self):
        answer = self.raw(BARE)
        event = self.exchange_for("/caf%C3%A9.txt")
        self.assertEqual(event.request_head, BARE)
        self.assertEqual(event.reply_head, received_head(answer))

    def test_post_head_and_body_on_a_kept_connection(self):
        body = "nom=Fr%C3%A9d%C3%A9ric".encode("ascii")
        first = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
                 b"\r\nContent-Length: %d\r\n\r\n" % len(body))
        second = b"GET /caf%C3%A9.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        answer = self.raw(first + body + second)   # deux requêtes d'un coup, à la suite
        post = self.exchange_for("/")
        self.assertEqual((post.request_head, post.body), (first, body))
        self.assertEqual(post.reply_head, received_head(answer))
        self.assertIn(b"Set-Cookie: visites=1", post.reply_head)
        get = self.exchange_for("/caf%C3%A9.txt")
        self.assertEqual(get.request_head, second)
        self.assertIn(get.reply_head, answer)
        self.assertNotEqual(get.reply_head, post.reply_head)

    def test_100_continue_keeps_the_final_answer_only(self):
        head = (b"POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n"
                b"Content-Length: 5\r\n\r\n")
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            sock.sendall(head)
            self.assertTrue(sock.recv(100).startswith(b"HTTP/1.1 100 Continue"))
            sock.sendall(b"a=b&c")
            answer = b"".join(iter(lambda: sock.recv(65536), b""))
        event = self.exchange_for("/")
        self.assertEqual(event.request_head, head)
        self.assertEqual(event.reply_head, received_head(answer))
        self.assertTrue(event.reply_head.startswith(b"HTTP/1.1 200 OK"))

    def test_the_method_that_answered(self):
        self.raw(b"GET /caf%C3%A9.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        values = dict(self.exchange_for("/caf%C3%A9.txt").values)
        self.assertEqual(values["code_method"], "do_GET")
        self.assertEqual(values["code_class"], "GetPostHandler")
        self.assertEqual(values["code_file"], "serveur/post_handler.py")
        self.assertEqual(values["code_origin"], "project")
        with open(os.path.join(PROJECT, "serveur", "post_handler.py"), encoding="utf-8") as source:
            line = source.read().splitlines()[values["code_line"] - 1]
        self.assertEqual(line.strip(), "def do_GET(self):")


class GetModeTest(ServerTestCase):
    mode = "get"
    files = {"a.txt": b"a"}

    def test_the_standard_library_answers_a_get(self):
        answer = raw_exchange(self.port, b"GET /a.txt HTTP/1.0\r\n\r\n")
        event = self.log.wait_for(lambda e: e.kind == EXCHANGE)
        self.assertEqual(event.request_head, b"GET /a.txt HTTP/1.0\r\n\r\n")
        self.assertEqual(event.reply_head, received_head(answer))
        values = dict(event.values)
        self.assertEqual((values["code_method"], values["code_file"], values["code_origin"]),
                         ("do_GET", "http/server.py", "library"))


class StudentModeTest(StudentServerTestCase):
    def test_the_student_bytes_and_file(self):
        request = b"GET /?q=%C3%A9 HTTP/1.1\nHost:  x \nConnection: close\n\n"
        answer = raw_exchange(self.port, request)
        event = self.exchange_of("/?q=%C3%A9")
        self.assertEqual(event.request_head, request)
        self.assertEqual(event.reply_head, received_head(answer))
        self.assertEqual(answer[len(event.reply_head):], b"Bonjour")
        values = dict(event.values)
        self.assertEqual((values["code_method"], values["code_class"], values["code_file"],
                          values["code_origin"]), ("do_GET", "MonServeur", "mon_serveur.py",
                                                   "student"))
        self.assertEqual(values["code_line"], 3)   # sous la ligne d'import et la classe


if __name__ == "__main__":
    unittest.main()
