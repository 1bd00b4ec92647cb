"""Tests de serveur/manual_send.py : une requête tapée, envoyée par un vrai socket au vrai serveur."""

import socket
import threading
import unittest

from serveur import manual, manual_send
from serveur.events import EXCHANGE

from .support import ServerTestCase, plain

FORM = "<!DOCTYPE html><title>F</title><p>Formulaire</p>".encode("utf-8")


class ExchangeTest(ServerTestCase):
    files = {"ressource.html": FORM}

    def send(self, text, seconds=5.0, **options):
        data = manual.to_bytes(text)
        outcome = manual_send.exchange("127.0.0.1", self.port, data, seconds=seconds, **options)
        sentences = manual_send.after_sentences(outcome, "127.0.0.1", self.port,
                                                manual.check(data), seconds=seconds)
        return outcome, plain(" ".join(sentences))

    def test_a_typed_request_gets_the_raw_answer_as_it_arrived(self):
        outcome, said = self.send(manual.prefilled(self.port))
        self.assertEqual(outcome.end, "length")
        self.assertTrue(outcome.answer.startswith(b"HTTP/1.1 200 OK\r\n"))
        self.assertIn(b"\r\n\r\n", outcome.answer)
        self.assertTrue(outcome.answer.endswith(FORM))
        self.assertIn("Content-Length", said)
        self.assertIn("le serveur répond 200 OK", said)
        # Le serveur, lui, a raconté la même requête.
        event = self.wait_kind(EXCHANGE)
        self.assertEqual((event.method, event.path), ("GET", "/"))
        self.assertIn(("Host", "127.0.0.1:%d" % self.port), event.headers)

    def test_head_has_no_body_and_a_post_is_read(self):
        outcome, said = self.send("HEAD / HTTP/1.1\nHost: a\n\n", head_only=True)
        self.assertEqual(outcome.end, "no-body")
        self.assertTrue(outcome.answer.endswith(b"\r\n\r\n"))
        self.assertIn("pas de corps", said)
        outcome, _ = self.send(manual.example(2, port=self.port))
        self.assertIn(b"Alice", outcome.answer)

    def test_mistakes_the_server_refuses_then_tells(self):
        outcome, said = self.send("get / HTTP/1.1\nHost: a\n\n")
        self.assertTrue(outcome.answer.startswith(b"HTTP/1.1 501"))
        self.assertIn("refusé la requête (501)", said)
        outcome, said = self.send("GET / HTTP/1.1\nHost : a\n\n")
        self.assertTrue(outcome.answer.startswith(b"HTTP/1.1 400"))

    def test_a_lenient_server_is_named_so(self):
        outcome, said = self.send("GET / HTTP/1.1\n\n")   # pas de Host
        self.assertTrue(outcome.answer.startswith(b"HTTP/1.1 200"))
        self.assertIn("indulgent", said)

    def test_without_blank_line_the_server_waits_and_the_panel_gives_up(self):
        outcome, said = self.send("GET / HTTP/1.1\nHost: a\n", seconds=0.3)
        self.assertEqual((outcome.end, outcome.answer), ("timeout", b""))
        self.assertIn("n'a rien répondu", said)

    def test_nobody_listening(self):
        self.controller.stop()
        outcome, said = self.send(manual.prefilled(self.port))
        self.assertEqual(outcome.end, "refused")
        self.assertIn("aucun serveur n'écoute sur 127.0.0.1:%d" % self.port, said)


class BoundsTest(unittest.TestCase):
    """Un « serveur » qui envoie trop, ou ferme : la lecture reste bornée."""

    def serve_once(self, answer, close=True):
        listener = socket.create_server(("127.0.0.1", 0))
        self.addCleanup(listener.close)

        def serve():
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(answer)
                if not close:
                    connection.recv(1)   # attend que le client ferme
        worker = threading.Thread(target=serve, daemon=True)
        worker.start()
        self.addCleanup(worker.join, 5)
        return listener.getsockname()[1]

    def test_answer_size_is_bounded(self):
        port = self.serve_once(b"HTTP/1.1 200 OK\r\n\r\n" + b"x" * 300000)
        outcome = manual_send.exchange("127.0.0.1", port, b"GET / HTTP/1.1\r\n\r\n",
                                       limit=100000)
        self.assertEqual(outcome.end, "too-big")
        self.assertEqual(len(outcome.answer), 100000)

    def test_answer_until_the_server_closes(self):
        port = self.serve_once(b"HTTP/1.0 200 OK\r\n\r\nfin")
        outcome = manual_send.exchange("127.0.0.1", port, b"GET / HTTP/1.0\r\n\r\n")
        self.assertEqual((outcome.end, outcome.answer), ("closed", b"HTTP/1.0 200 OK\r\n\r\nfin"))

    def test_not_http(self):
        port = self.serve_once(b"SSH-2.0-OpenSSH\r\n")
        outcome = manual_send.exchange("127.0.0.1", port, b"GET / HTTP/1.1\r\n\r\n")
        said = plain(" ".join(manual_send.after_sentences(outcome, "127.0.0.1", port)))
        self.assertIn("ne parle pas HTTP", said)


class AnswerEndTest(unittest.TestCase):
    def test_how_the_end_is_known(self):
        end = manual_send.answer_end
        self.assertEqual(end(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab"), "")
        self.assertEqual(end(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"), "length")
        self.assertEqual(end(b"HTTP/1.1 304 Not Modified\r\nContent-Length: 3\r\n\r\n"),
                         "no-body")
        self.assertEqual(end(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", True), "no-body")
        chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"
        self.assertEqual(end(chunked), "")
        self.assertEqual(end(chunked + b"0\r\n\r\n"), "chunked")
        self.assertEqual(end(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
                             b"Content-Length: 0\r\n\r\n"), "length")
        self.assertEqual(end(b"HTTP/1.1 200 OK\r\n\r\nabc"), "")   # jusqu'à la fermeture
        self.assertEqual(manual_send.status_of(b"HTTP/1.1 100 Continue\r\n\r\n"
                                               b"HTTP/1.1 404 Not Found\r\n\r\n"),
                         (404, "Not Found"))


if __name__ == "__main__":
    unittest.main()
