"""Tests de serveur.student_check : chaque erreur de protocole d'un élève est relevée.

D'abord sur des octets (``check`` est une pure relecture), puis chacune produite par un
petit serveur d'élève servi sur un vrai port : le panneau la relève dans le journal, avec
une phrase qui dit quoi écrire.
"""

import socket
import unittest
from types import SimpleNamespace

from serveur.student_check import check, parse_reply, parse_request_head
from serveur.wording import SENTENCES, fill

from .support import WAIT, plain, raw_exchange
from .student_support import StudentServerTestCase


def reading(head=b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", body_count=0):
    return SimpleNamespace(head=head, body_count=body_count)


def writing(data, str_writes=0):
    return SimpleNamespace(kept=data, total=len(data), str_writes=str_writes)


GOOD = (b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Length: 5\r\n\r\n\xc3\xa9t\xc3\xa9")


class ParseTest(unittest.TestCase):
    def test_parse_reply(self):
        reply = parse_reply(b"HTTP/1.1 100 Continue\r\n\r\n" + GOOD)
        self.assertEqual((reply.version, reply.status, reply.reason), ("HTTP/1.0", 200, "OK"))
        self.assertEqual(reply.interim, ((100, "Continue"),))
        self.assertIn(("Content-Length", "5"), reply.headers)
        self.assertEqual(reply.body_start, len(b"HTTP/1.1 100 Continue\r\n\r\n") + len(GOOD) - 5)
        self.assertEqual(parse_reply(b"Bonjour").status, 0)
        self.assertIsNone(parse_reply(b"HTTP/1.0 200 OK\r\nA: b\r\n").body_start)

    def test_parse_request_head(self):
        method, version, headers = parse_request_head(
            b"POST /f HTTP/1.1\r\nContent-Length: 3\r\n\r\n")
        self.assertEqual((method, version, headers), ("POST", "HTTP/1.1",
                                                      (("Content-Length", "3"),)))


class CheckTest(unittest.TestCase):
    def facts(self, data, read=None, **options):
        return [fact for fact, _ in check(read or reading(), writing(data), **options)]

    def test_a_correct_answer_has_no_mistake(self):
        self.assertEqual(self.facts(GOOD), [])

    def test_each_mistake_from_bytes(self):
        cases = [
            (b"", "student-no-answer"),
            (b"Bonjour", "student-no-status-line"),
            (b"corps" + GOOD, "student-headers-after-body"),
            (b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\ncorps", "student-no-blank-line"),
            (GOOD.replace(b"Length: 5", b"Length: 4"), "student-length-mismatch"),
            (GOOD.replace(b"Content-Type: text/html; charset=utf-8\r\n", b""),
             "student-no-content-type"),
            (GOOD.replace(b"; charset=utf-8", b""), "student-no-charset"),
        ]
        for data, fact in cases:
            with self.subTest(fact=fact):
                self.assertEqual(self.facts(data), [fact])

    def test_calls_and_reads(self):
        self.assertEqual(self.facts(GOOD, late_headers=("X-Tard",)), ["student-header-after-end"])
        self.assertEqual(self.facts(b"", unsent_headers=True), ["student-end-headers-missing"])
        self.assertEqual([fact for fact, _ in check(reading(), writing(GOOD, str_writes=2))],
                         ["student-str-write"])
        post = reading(b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n", body_count=4)
        self.assertEqual(check(post, writing(GOOD)),
                         [("student-body-not-read", (("announced", 10), ("read", 4)))])

    def test_no_body_no_content_check(self):
        head = reading(b"HEAD / HTTP/1.1\r\n\r\n")
        self.assertEqual(self.facts(GOOD[:-5], read=head), [])   # HEAD : Content-Length sans corps
        self.assertEqual(self.facts(b"HTTP/1.0 304 Not Modified\r\nContent-Length: 9\r\n\r\n"), [])

    def test_keep_alive_without_length(self):
        data = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nabc"
        self.assertEqual(self.facts(data), ["student-keep-alive-no-length"])
        self.assertEqual(self.facts(data.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n")),
                         [])

    def test_every_mistake_has_a_sentence_that_says_what_to_write(self):
        for fact in ("student-no-answer", "student-no-status-line", "student-headers-after-body",
                     "student-header-after-end", "student-end-headers-missing",
                     "student-no-blank-line", "student-length-mismatch",
                     "student-no-content-type", "student-no-charset", "student-body-not-read",
                     "student-str-write", "student-keep-alive-no-length"):
            with self.subTest(fact=fact):
                text = fill(SENTENCES[fact], {})
                self.assertIn("self.", text)


class ServedMistakesTest(StudentServerTestCase):
    """Chaque erreur, faite par un vrai serveur d'élève, relevée dans le journal."""

    source = """
        class MonServeur(BaseHTTPRequestHandler):
            def do_GET(self):
                getattr(self, "cas_" + self.path.strip("/"))()

            def entetes(self, corps, type_="text/plain; charset=utf-8", longueur=None):
                self.send_response(200)
                if type_:
                    self.send_header("Content-Type", type_)
                self.send_header("Content-Length", str(len(corps) if longueur is None
                                                       else longueur))
                self.end_headers()

            def cas_correct(self):
                corps = "Été".encode("utf-8")
                self.entetes(corps)
                self.wfile.write(corps)

            def cas_sans_statut(self):
                self.wfile.write(b"Bonjour")

            def cas_corps_avant(self):
                self.wfile.write(b"Bonjour")
                self.entetes(b"Bonjour")

            def cas_entete_tard(self):
                self.entetes(b"ok")
                self.wfile.write(b"ok")
                self.send_header("X-Tard", "1")

            def cas_sans_end_headers(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.wfile.write(b"ok")

            def cas_sans_ligne_vide(self):
                self.wfile.write(b"HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n")
                self.wfile.write(b"corps")

            def cas_mauvaise_longueur(self):
                texte = "Été"
                self.entetes(texte.encode("utf-8"), longueur=len(texte))
                self.wfile.write(texte.encode("utf-8"))

            def cas_sans_type(self):
                self.entetes(b"ok", type_=None)
                self.wfile.write(b"ok")

            def cas_sans_charset(self):
                corps = "<p>Été</p>".encode("utf-8")
                self.entetes(corps, type_="text/html")
                self.wfile.write(corps)

            def cas_texte(self):
                self.entetes(b"ok")
                try:
                    self.wfile.write("ok")
                except TypeError:
                    self.wfile.write(b"ok")

            def cas_rien(self):
                pass

            def do_POST(self):
                self.entetes(b"ok")
                self.wfile.write(b"ok")
    """

    def facts_for(self, path, method="GET", body=None):
        data = "%s %s HTTP/1.0\r\nHost: x\r\n" % (method, path)
        if body is not None:
            data += "Content-Length: %d\r\n" % len(body)
        raw_exchange(self.port, data.encode("ascii") + b"\r\n" + (body or b""))
        exchange = self.exchange_of(path)
        return self.facts_of(exchange.exchange)

    def test_each_mistake_is_detected(self):
        cases = {
            "/correct": [],
            "/sans_statut": ["student-no-status-line"],
            "/corps_avant": ["student-headers-after-body"],
            "/entete_tard": ["student-header-after-end"],
            "/sans_end_headers": ["student-end-headers-missing"],
            "/sans_ligne_vide": ["student-no-blank-line"],
            "/mauvaise_longueur": ["student-length-mismatch"],
            "/sans_type": ["student-no-content-type"],
            "/sans_charset": ["student-no-charset"],
            "/texte": ["student-str-write"],
            "/rien": ["student-no-answer"],
        }
        for path, facts in cases.items():
            with self.subTest(path=path):
                self.assertEqual(self.facts_for(path), facts)

    def test_length_mismatch_gives_both_numbers(self):
        self.facts_for("/mauvaise_longueur")
        event = self.wait_fact("student-length-mismatch")
        self.assertEqual(dict(event.values), {"announced": 3, "sent": 5})
        self.assertIn("annonce 3 octets, mais le corps envoyé en fait 5 octets",
                      plain(event.message))

    def test_a_body_never_read(self):
        self.assertEqual(self.facts_for("/formulaire", "POST", b"nom=Ada"),
                         ["student-body-not-read"])
        event = self.wait_fact("student-body-not-read")
        self.assertIn("ne l'a jamais lu", plain(event.message))

    def test_missing_charset_names_the_header_to_write(self):
        self.facts_for("/sans_charset")
        event = self.wait_fact("student-no-charset")
        self.assertIn('self.send_header("Content-Type", "text/html; charset=utf-8")',
                      plain(event.message))


class KeepAliveTest(StudentServerTestCase):
    source = """
        class MonServeur(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.end_headers()
                self.wfile.write(b"sans fin")
    """

    def test_http_1_1_without_length_is_explained(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            sock.recv(65536)   # le navigateur attendrait la suite : on ne l'attend pas
        event = self.wait_fact("student-keep-alive-no-length")
        self.assertIn("Content-Length", plain(event.message))


if __name__ == "__main__":
    unittest.main()
