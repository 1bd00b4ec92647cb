"""Tests de serveur.student_handler : le serveur d'un élève, servi et raconté sur un vrai port.

Chaque test sert un petit fichier d'élève (``source``) en mode « Mon serveur » et
l'interroge avec ``http.client`` : la réponse est celle du code de l'élève, le journal
reçoit les mêmes événements que dans les autres modes, et une exception ne tue jamais
le serveur.
"""

import http.client
import os
import socket
import unittest
from unittest import mock

from serveur import student_print
from serveur.events import DATA, ERROR, NOTICE, REQUEST, true_length
from serveur.formatter import format_lines
from serveur.student_handler import StudentHandler
from serveur.student_wording import student_details

from .support import WAIT, plain
from .student_support import StudentServerTestCase

BROKEN = """
    class MonServeur(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/boum":
                self.calculer()
            self.repondre(b"bien")

        def calculer(self):
            total = 0
            return total / 0

        def do_POST(self):
            longueur = int(self.headers["Content-Length"])
            champs = self.rfile.read(longueur).decode("utf-8")
            self.repondre(("recu " + champs).encode("utf-8"))

        def repondre(self, corps):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(corps)))
            self.end_headers()
            self.wfile.write(corps)
"""


class NarrationTest(StudentServerTestCase):
    source = BROKEN

    def test_a_request_is_told_like_in_the_other_modes(self):
        response, body = self.request("GET", "/page?nom=Ada", headers={"X-Essai": "oui"})
        self.assertEqual((response.status, body), (200, b"bien"))
        request = self.log.wait_for(lambda e: e.kind == REQUEST)
        self.assertEqual((request.method, request.path, request.version, request.client),
                         ("GET", "/page?nom=Ada", "HTTP/1.1", "127.0.0.1"))
        self.assertIn(("X-Essai", "oui"), request.headers)
        self.assertEqual([(item.name, item.value) for item in request.fields], [("nom", "Ada")])
        exchange = self.exchange_of("/page?nom=Ada")
        self.assertEqual(exchange.exchange, request.exchange)
        self.assertEqual((exchange.status, exchange.reason), (200, "OK"))
        self.assertIn(("Content-Length", "4"), exchange.reply_headers)
        self.assertEqual(exchange.reply_body, b"bien")
        self.assertIn("je réponds 200 OK", plain(format_lines(exchange)))
        self.assertEqual(self.facts_of(exchange.exchange), [])   # aucune erreur relevée

    def test_the_body_the_student_read_is_decoded(self):
        response, body = self.request("POST", "/envoi", body="nom=Fr%C3%A9d%C3%A9ric&age=16",
                                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(body, "recu nom=Fr%C3%A9d%C3%A9ric&age=16".encode("utf-8"))
        data = self.log.wait_for(lambda e: e.kind == DATA)
        self.assertEqual(data.body, b"nom=Fr%C3%A9d%C3%A9ric&age=16")
        self.assertEqual([(item.name, item.value) for item in data.fields],
                         [("nom", "Frédéric"), ("age", "16")])
        self.assertEqual(self.exchange_of("/envoi").body, data.body)

    def test_sizes_are_the_real_ones_even_when_only_the_start_is_kept(self):
        form = "nom=" + "a" * 200000
        response, body = self.request("POST", "/gros", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(len(body), len("recu ") + len(form))
        exchange = self.exchange_of("/gros")
        self.assertEqual(true_length(exchange.body), len(form))
        self.assertEqual(true_length(exchange.reply_body), len(body))
        data = self.log.wait_for(lambda e: e.kind == DATA)
        self.assertEqual(true_length(data.body), len(form))
        self.assertEqual(data.fields[0].name, "nom")

    def test_numbering_goes_on(self):
        self.request("GET", "/un")
        self.request("GET", "/deux")
        self.assertEqual(self.exchange_of("/deux").exchange, self.exchange_of("/un").exchange + 1)

    def test_an_exception_gives_a_500_page_and_the_next_request_is_served(self):
        response, body = self.request("GET", "/boum")
        self.assertEqual(response.status, 500)
        self.assertEqual(response.getheader("Content-Type"), "text/html; charset=utf-8")
        page = body.decode("utf-8")
        self.assertIn("ZeroDivisionError", page)
        self.assertIn("mon_serveur.py", page)
        error = self.wait_fact("student-exception")
        values = dict(error.values)
        self.assertEqual((error.status, error.path), (500, "/boum"))
        self.assertEqual(values["error_type"], "ZeroDivisionError")
        # Seulement les lignes de l'élève, la fautive en dernier.
        self.assertEqual([frame[2] for frame in values["frames"]], ["do_GET", "calculer"])
        self.assertEqual(values["frames"][-1][3], "return total / 0")
        self.assertEqual((values["line"], values["function"]), (10, "calculer"))
        text = plain(format_lines(error))
        self.assertIn("votre code a levé ZeroDivisionError : division by zero", text)
        self.assertIn("ligne 10 de mon_serveur.py, dans calculer", text)
        self.assertIn("Division par zéro", text)
        details = student_details(error.fact, error.values)
        self.assertIn("self.calculer()", details[-2])
        self.assertIn("return total / 0", details[-1])
        response, body = self.request("GET", "/")   # le serveur continue
        self.assertEqual((response.status, body), (200, b"bien"))

    def test_a_missing_method_is_explained(self):
        response, _ = self.request("PUT", "/", body=b"")
        self.assertEqual(response.status, 501)
        error = self.wait_fact("student-no-method")
        self.assertEqual(dict(error.values)["method"], "PUT")
        self.assertIn("ajoutez def do_PUT(self): à votre classe", plain(error.message))

    def test_a_request_the_library_refuses_is_told(self):
        # (La bibliothèque standard répond alors sans ligne de statut : c'est la sienne.)
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            sock.sendall(b"GET / HTTP/9\r\n\r\n")
            sock.recv(65536)
        error = self.log.wait_for(lambda e: e.kind == ERROR and e.status == 400)
        self.assertIn("ne respecte pas le protocole HTTP", plain(error.message))
        self.assertIn("GET / HTTP/9", plain(error.message))


class ExitAndStrTest(StudentServerTestCase):
    source = """
        import sys

        class MonServeur(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/sortir":
                    sys.exit(3)
                if self.path == "/texte":
                    self.wfile.write("bonjour")
                self.send_response(204)
                self.end_headers()
    """

    def test_sys_exit_answers_500_and_the_server_goes_on(self):
        response, _ = self.request("GET", "/sortir")
        self.assertEqual(response.status, 500)
        error = self.wait_fact("student-exit")
        self.assertEqual(dict(error.values)["line"], 7)
        self.assertIn("sys.exit()", plain(error.message))
        self.assertEqual(self.request("GET", "/")[0].status, 204)

    def test_a_str_given_to_wfile_write_becomes_the_exception(self):
        response, _ = self.request("GET", "/texte")
        self.assertEqual(response.status, 500)
        error = self.wait_fact("student-exception")
        values = dict(error.values)
        self.assertEqual(values["error_type"], "TypeError")
        self.assertEqual(values["text"], 'self.wfile.write("bonjour")')
        self.assertIn('self.wfile.write(texte.encode("utf-8"))', plain(error.message))


class PrintTest(StudentServerTestCase):
    source = """
        class MonServeur(BaseHTTPRequestHandler):
            def do_GET(self):
                print("chemin demandé :", self.path)
                self.send_response(204)
                self.end_headers()
    """

    def setUp(self):
        super().setUp()
        student_print.install(self.log)
        self.addCleanup(student_print.uninstall)

    def test_print_goes_to_the_journal_with_its_request(self):
        self.request("GET", "/coucou")
        exchange = self.exchange_of("/coucou")
        printed = self.wait_fact("student-print")
        self.assertEqual(dict(printed.values)["text"], "chemin demandé : /coucou")
        self.assertEqual(printed.exchange, exchange.exchange)
        self.assertIn("print() de votre serveur : chemin demandé : /coucou",
                      plain(format_lines(printed)))

    def test_the_library_log_is_not_printed_unless_the_student_asks(self):
        self.request("GET", "/")
        self.exchange_of("/")
        printed = [event for event in self.log.events if event.fact == "student-print"]
        self.assertEqual(len(printed), 1)   # son print, pas « "GET / HTTP/1.1" 204 - »


class OwnLogTest(PrintTest):
    source = PrintTest.source + """
            def log_message(self, format, *args):
                print("journal :", format % args)
    """

    def test_the_library_log_is_not_printed_unless_the_student_asks(self):
        self.request("GET", "/")
        self.exchange_of("/")
        event = self.log.wait_for(lambda e: "journal :" in str(dict(e.values).get("text", "")))
        self.assertIn('"GET / HTTP/1.1" 204', dict(event.values)["text"])


class ReloadTest(StudentServerTestCase):
    source = """
        class MonServeur(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"v1")
    """

    def test_the_next_request_after_a_save_uses_the_new_version(self):
        self.assertEqual(self.request()[1], b"v1")
        self.rewrite(self.source.replace("v1", "v2"))
        self.assertEqual(self.request()[1], b"v2")
        notice = self.wait_fact("student-reloaded")
        self.assertEqual(notice.kind, NOTICE)

    def test_even_on_a_connection_kept_open(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        self.addCleanup(connection.close)
        self.assertEqual(self.request(connection=connection)[1], b"v1")
        self.rewrite(self.source.replace("v1", "v2"))
        self.assertEqual(self.request(connection=connection)[1], b"v2")

    def test_a_broken_save_keeps_the_previous_version_running(self):
        self.rewrite(self.source.replace("def do_GET(self):", "def do_GET(self)"))
        self.assertEqual(self.request()[1], b"v1")
        self.assertEqual(self.request()[1], b"v1")
        errors = [event for event in self.log.events if event.fact == "student-syntax-error"]
        self.assertEqual(len(errors), 1)
        self.assertIn("la version précédente (classe MonServeur) continue de tourner",
                      plain(errors[0].message))


class SimpleHandlerTest(StudentServerTestCase):
    source = """
        import os

        DOSSIER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "site")

        class MonServeur(SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=DOSSIER, **kwargs)
    """

    def test_a_simple_handler_with_its_own_folder(self):
        os.mkdir(os.path.join(self.folder, "site"))
        with open(os.path.join(self.folder, "site", "index.html"), "w", encoding="utf-8") as f:
            f.write("<!DOCTYPE html><meta charset=utf-8><title>é</title>")
        response, body = self.request("GET", "/index.html")
        self.assertEqual(response.status, 200)
        self.assertIn("é", body.decode("utf-8"))
        self.assertEqual(self.exchange_of("/index.html").status, 200)


class ReadAllTest(StudentServerTestCase):
    source = """
        class MonServeur(BaseHTTPRequestHandler):
            def do_POST(self):
                corps = self.rfile.read()
                self.send_response(200)
                self.end_headers()
    """

    def test_read_without_size_is_explained(self):
        with mock.patch.object(StudentHandler, "read_all_patience", 0.2):
            with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
                sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
                answer = sock.recv(65536)   # la connexion finit par être fermée
        self.assertEqual(answer, b"")
        error = self.wait_fact("student-read-all")
        self.assertIn("self.rfile.read(int(self.headers[\"Content-Length\"]))",
                      plain(error.message))


if __name__ == "__main__":
    unittest.main()
