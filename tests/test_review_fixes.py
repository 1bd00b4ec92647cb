"""Tests des défauts trouvés en relecture : chacun échouait avant sa correction."""

import http.client
import os
import socket
import unittest

from serveur import Controller
from serveur.events import DATA, ERROR, EXCHANGE, REQUEST, RESPONSE
from serveur.get_handler import windows_name_problem

from .support import WAIT, EventLog, ServerTestCase, wait_until

FORM = b'<!DOCTYPE html><meta charset="utf-8"><form method="post"><input name="nom"></form>'


class HandlerFixesTest(ServerTestCase):
    files = {"ressource.html": FORM, "sous/page.txt": b"ok"}
    request_timeout = 1.0

    def status_of(self, answer):
        return int(answer.split(b" ", 2)[1])

    def test_nul_character_in_the_path_is_a_french_400(self):
        answer = self.raw(b"GET /ressource%00.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertEqual(self.status_of(answer), 400)
        self.assertIn("caractère nul".encode("utf-8"), answer)
        self.assertEqual([e for e in self.log.of_kind(ERROR) if "interne" in e.message], [])
        self.assert_still_serving()

    @unittest.skipUnless(hasattr(os, "symlink"), "liens symboliques indisponibles")
    def test_symlinked_index_leading_outside_is_refused(self):
        self.link_to_outside(os.path.join("sous", "index.html"), "SECRET DEHORS")
        response, body = self.request("GET", "/sous/")
        self.assertEqual(response.status, 403)
        self.assertNotIn(b"SECRET DEHORS", body)

    def test_aborted_post_leaves_no_status_zero(self):
        self.raw(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nun bout", shut_write=True)
        self.assertIsNotNone(self.log.wait_for(lambda e: e.kind == ERROR))
        self.assert_still_serving()
        self.assertTrue(wait_until(lambda: self.log.of_kind(EXCHANGE)))
        self.assertEqual([e.status for e in self.log.of_kind(EXCHANGE) if e.status < 100], [])

    def test_expect_100_continue_is_told_after_the_request(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-"
                         b"urlencoded\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            self.assertTrue(sock.recv(100).startswith(b"HTTP/1.1 100 Continue"))
            sock.sendall(b"nom=a")
            self.assertIsNotNone(self.log.wait_for(lambda e: e.kind == DATA))
        kinds = [(e.kind, e.status) for e in self.log.events if e.kind in (REQUEST, RESPONSE)]
        self.assertEqual(kinds[:2], [(REQUEST, 0), (RESPONSE, 100)])

    def test_too_big_with_expect_answers_413_at_once(self):
        answer = self.raw(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n"
                          b"Expect: 100-continue\r\n\r\n")
        self.assertEqual(self.status_of(answer), 413)
        self.assertNotIn(b"100 Continue", answer)

    def test_head_on_the_get_form_page(self):
        response, body = self.request("HEAD", "/recherche?ville=Lyon")
        self.assertEqual(response.status, 200)
        self.assertEqual(body, b"")

    def test_a_get_body_is_never_read_as_the_next_request(self):
        answer = self.raw(b"GET /sous/page.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n"
                          b"DELETE / HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual(answer.count(b"HTTP/1.1 "), 1)   # une réponse, puis la connexion se ferme
        self.assertEqual([e.method for e in self.log.of_kind(REQUEST)], ["GET"])

    def test_error_page_title_is_french(self):
        _, body = self.request("GET", "/absent.txt")
        page = body.decode("utf-8")
        self.assertIn("<strong>Ressource introuvable</strong>", page)
        self.assertNotIn("Not Found", page)


class NumbersAcrossRestartsTest(unittest.TestCase):
    def test_request_numbers_go_on_after_a_restart(self):
        log = EventLog()
        controller = Controller(log)
        self.addCleanup(controller.stop)
        for _ in range(2):
            controller.start("get", 0)
            connection = http.client.HTTPConnection("127.0.0.1", controller.port, timeout=WAIT)
            connection.request("GET", "/")
            connection.getresponse().read()
            connection.close()
            controller.stop()
        numbers = [e.exchange for e in log.of_kind(REQUEST)]
        self.assertEqual(numbers, [1, 2])


class WindowsNamesTest(unittest.TestCase):
    def test_device_names_are_refused(self):
        for name in ("CON", "nul.txt", "Com1", "LPT9.html"):
            with self.subTest(name=name):
                problem = windows_name_problem("/x/" + name, [name], "/x")
                self.assertEqual(problem[0], 404)
        self.assertIsNone(windows_name_problem("/x/console.txt", ["console.txt"], "/x"))


if __name__ == "__main__":
    unittest.main()
