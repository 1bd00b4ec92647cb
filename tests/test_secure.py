"""Tests de serveur/secure.py : HTTPS pour de vrai, sur de vrais sockets.

Le client est le module ``ssl`` de Python, qui fait confiance au certificat de
démonstration (``certificat/localhost.pem`` donné comme autorité) : exactement
ce que fait un navigateur après « Continuer vers le site localhost (dangereux) ». Les
clients qui se conduisent mal (HTTP en clair, poignée de main jamais finie, certificat
refusé) reçoivent une ligne calme pendant qu'un autre client est servi.
"""

import http.client
import os
import shutil
import signal
import socket
import ssl
import tempfile
import time
import unittest
from unittest import mock

from serveur import Controller, StartError, secure, tls
from serveur.events import ERROR, EXCHANGE, NOTICE, STARTED
from serveur.formatter import format_lines
from serveur.process import ProcessController

from .student_support import write_student_file
from .support import WAIT, EventLog, plain
from .test_cli import URL_PATTERN, CliTestCase, LineReader

FORM = b"<form method=\"post\"><input type=\"password\" name=\"mot_de_passe\"></form>"
STUDENT = """
    class MonServeur(BaseHTTPRequestHandler):
        def do_GET(self):
            self.repondre("Bonjour de mon serveur")

        def do_POST(self):
            taille = int(self.headers.get("Content-Length", 0))
            self.repondre("Reçu : " + self.rfile.read(taille).decode("utf-8"))

        def repondre(self, texte):
            corps = texte.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(corps)))
            self.end_headers()
            self.wfile.write(corps)
"""
FORM_BODY = "nom=Fr%C3%A9d%C3%A9ric&mot_de_passe=anneau"


def trusting_context():
    """Un client qui fait confiance au certificat de démonstration (comme un navigateur
    dont on a passé l'avertissement)."""
    return ssl.create_default_context(cafile=secure.CERTIFICATE)


class HttpsTestCase(unittest.TestCase):
    """Un vrai serveur chiffré sur le port 0, un dossier temporaire avec un formulaire."""

    request_timeout = 5.0

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="panneau-https-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        with open(os.path.join(self.folder, "ressource.html"), "wb") as handle:
            handle.write(FORM)
        self.log = EventLog()

    def start(self, mode="get-post", https=True, **options):
        self.controller = Controller(self.log, request_timeout=self.request_timeout,
                                     patience=30.0)
        url = self.controller.start(mode, 0, self.folder, https=https, **options)
        self.addCleanup(self.controller.stop)
        self.port = self.controller.port
        return url

    def connection(self, host="localhost"):
        connection = http.client.HTTPSConnection(host, self.port, context=trusting_context(),
                                                 timeout=WAIT)
        self.addCleanup(connection.close)
        return connection

    def ask(self, method="GET", path="/", body=None, headers=None, connection=None):
        """Une requête HTTPS ; rend (statut, corps en texte)."""
        connection = connection or self.connection()
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")

    def post_form(self, **options):
        return self.ask("POST", "/", FORM_BODY,
                        {"Content-Type": "application/x-www-form-urlencoded"}, **options)

    def wait_fact(self, fact):
        event = self.log.wait_for(lambda e: e.fact == fact)
        self.assertIsNotNone(event, "aucun fait %s ; journal :\n%s" % (fact, self.journal()))
        return event

    def exchanges(self, count):
        self.assertTrue(self.log.wait_for(lambda e: len(self.log.of_kind(EXCHANGE)) >= count))
        return self.log.of_kind(EXCHANGE)

    def journal(self):
        """Tout ce que le journal raconte, tel qu'on le lit."""
        return plain("".join(format_lines(event) for event in list(self.log.events)))


class EveryModeTest(HttpsTestCase):
    def test_get_post_mode(self):
        url = self.start()
        self.assertRegex(url, r"^https://127\.0\.0\.1:\d+/$")
        started = self.log.wait_for(lambda e: e.kind == STARTED)
        self.assertIn(("https", True), started.values)
        self.assertEqual(self.ask(), (200, FORM.decode("utf-8")))
        status, page = self.post_form()
        self.assertEqual(status, 200)
        self.assertIn("Frédéric", page)
        self.exchanges(2)
        journal = self.journal()
        self.assertIn("à l'écoute sur https://127.0.0.1:%d/" % self.port, journal)
        self.assertIn("certificat de démonstration", journal)
        self.assertIn("« Paramètres avancés » puis « Continuer vers le site 127.0.0.1 (dangereux) »",
                      journal)
        self.assertIn("« Avancé… » puis « Accepter le risque et poursuivre »", journal)
        self.assertIn("[POST] j'ai reçu une requête de type POST", journal)
        self.assertIn("reçue chiffrée (TLSv1.", journal)
        self.assertIn("seul le nom du site, « localhost », est passé en clair", journal)
        self.assertIn("corps brut, une fois déchiffré par le serveur : " + FORM_BODY, journal)
        self.assertIn("nom = « Frédéric »", journal)
        self.assertIn("chiffrées (HTTPS) : un espion sur le réseau ne peut pas les lire", journal)
        self.assertIn("« mot_de_passe » est un champ mot de passe : il a voyagé CHIFFRÉ", journal)
        self.assertNotIn("EN CLAIR", journal)
        self.assertNotIn("ne sont pas chiffrées", journal)

    def test_get_mode(self):
        with open(os.path.join(self.folder, "notes.txt"), "w", encoding="utf-8") as handle:
            handle.write("Noël à l'école")
        self.start("get")
        connection = self.connection()
        self.assertEqual(self.ask(path="/notes.txt", connection=connection),
                         (200, "Noël à l'école"))
        status, page = self.ask(path="/", connection=connection)   # même connexion gardée
        self.assertEqual(status, 200)
        self.assertIn("notes.txt", page)
        status, page = self.post_form()   # ce mode ne sait pas traiter un POST : 501, chiffré
        self.assertEqual(status, 501)
        self.assertIn("GET et HEAD", page)
        self.assertEqual(len(self.exchanges(3)), 3)
        self.assertIn("je réponds 200 OK", self.journal())

    def test_student_mode(self):
        path = write_student_file(self.folder, STUDENT)
        self.start("mon-serveur", student_file=path)
        connection = self.connection()
        self.assertEqual(self.ask(connection=connection), (200, "Bonjour de mon serveur"))
        self.assertEqual(self.ask("POST", "/", "nom=Frodon", connection=connection),
                         (200, "Reçu : nom=Frodon"))
        exchanges = self.exchanges(2)
        self.assertTrue(all(dict(event.values).get("tls_version") for event in exchanges))
        journal = self.journal()
        self.assertIn("[POST] j'ai reçu une requête de type POST", journal)
        self.assertIn("reçue chiffrée (TLSv1.", journal)
        self.assertNotIn("[ERREUR]", journal)


class SpyTest(HttpsTestCase):
    """Ce qu'un espion voit : les octets bruts gardés sur l'événement EXCHANGE."""

    def test_the_raw_bytes_of_each_request(self):
        self.start()
        connection = self.connection()
        self.post_form(connection=connection)
        self.ask(path="/?encore=1", connection=connection)
        first, second = self.exchanges(2)
        values = dict(first.values)
        self.assertEqual(values["tls_server_name"], "localhost")
        self.assertTrue(values["tls_version"].startswith("TLSv1."))
        self.assertTrue(values["tls_cipher"])
        spied = values["tls_bytes"]
        self.assertIsInstance(spied, bytes)
        self.assertLessEqual(len(spied), secure.SPIED)
        self.assertEqual(values["tls_bytes_total"], len(spied))
        # D'abord le ClientHello, avec le nom en clair ; puis des données chiffrées,
        # où ni le formulaire ni le mot de passe ne se lisent.
        kinds = [record.kind for record in tls.records(spied)]
        self.assertEqual(kinds[0], tls.HANDSHAKE)
        self.assertEqual(kinds[-1], tls.APPLICATION_DATA)
        self.assertEqual(tls.server_name(spied), "localhost")
        for clear in (b"anneau", b"mot_de_passe", b"POST", b"Host"):
            self.assertNotIn(clear, spied)
        self.assertIn(b"mot_de_passe=anneau", first.body)   # le serveur, lui, a déchiffré
        # La requête suivante, sur la même connexion : seulement des données chiffrées.
        again = dict(second.values)
        self.assertEqual({record.kind for record in tls.records(again["tls_bytes"])},
                         {tls.APPLICATION_DATA})
        self.assertEqual(again["tls_server_name"], "localhost")

    def test_a_big_body_keeps_only_the_first_bytes(self):
        self.start()
        status, _ = self.ask("POST", "/", "nom=" + "x" * 20000,
                             {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 200)
        values = dict(self.exchanges(1)[0].values)
        self.assertEqual(len(values["tls_bytes"]), secure.SPIED)
        self.assertGreater(values["tls_bytes_total"], 20000)

    def test_an_ip_address_sends_no_name(self):
        self.start()
        self.ask(connection=self.connection("127.0.0.1"))
        self.assertEqual(dict(self.exchanges(1)[0].values)["tls_server_name"], "")
        self.assertIn("aucun nom de site n'est passé en clair", self.journal())

    def test_a_request_sent_with_the_end_of_the_handshake(self):
        # Le client envoie la fin de sa poignée de main et sa requête dans le même paquet :
        # le serveur doit la déchiffrer tout de suite (personne ne renverra rien).
        self.start("get")
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        client = trusting_context().wrap_bio(incoming, outgoing, server_hostname="localhost")
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            while True:
                try:
                    client.do_handshake()
                    break
                except ssl.SSLWantReadError:
                    if outgoing.pending:
                        sock.sendall(outgoing.read())
                    incoming.write(sock.recv(65536))
            client.write(b"HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            sock.sendall(outgoing.read())   # Finished + requête, d'un seul envoi
            answer = b""
            while b"\r\n\r\n" not in answer:
                data = sock.recv(65536)
                self.assertTrue(data, "le serveur a fermé sans répondre")
                incoming.write(data)
                try:
                    answer += client.read(65536)
                except ssl.SSLWantReadError:
                    pass
        self.assertTrue(answer.startswith(b"HTTP/1.1 200 OK"), answer[:80])


class MisbehavingClientsTest(HttpsTestCase):
    """Chaque client qui se conduit mal : une ligne calme, et le suivant est servi."""

    request_timeout = 1.0   # la poignée de main a le délai d'une connexion au repos

    def test_plain_http_on_the_https_port(self):
        self.start()
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            sock.sendall(b"GET /page.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            while True:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
        self.assertTrue(answer.startswith(b"HTTP/1.1 400 Bad Request\r\n"), answer[:80])
        self.assertIn(("https://127.0.0.1:%d/" % self.port).encode("ascii"), answer)
        self.assertIn("Ce serveur est chiffré (HTTPS)", plain(answer.decode("utf-8")))
        event = self.wait_fact("http-on-https")
        self.assertEqual(event.kind, ERROR)
        self.assertIn("(« GET /page.html HTTP/1.1 ») reçue sur le port chiffré", plain(event.message))
        self.assertEqual(self.ask()[0], 200)

    def test_a_client_that_never_handshakes(self):
        self.start()
        silent = socket.create_connection(("127.0.0.1", self.port), timeout=WAIT)
        self.addCleanup(silent.close)
        half = socket.create_connection(("127.0.0.1", self.port), timeout=WAIT)
        self.addCleanup(half.close)
        half.sendall(b"\x16\x03\x01\x02\x00\x01\x00")   # le début d'un ClientHello, puis rien
        # Pendant qu'ils se taisent, un autre client est servi.
        self.assertEqual(self.ask()[0], 200)
        event = self.wait_fact("tls-handshake-timeout")
        self.assertEqual(event.kind, NOTICE)
        self.assertIn("aucune poignée de main TLS terminée en 1 s", plain(event.message))
        self.assertTrue(self.log.wait_for(lambda e: len([
            x for x in self.log.events if x.fact == "tls-handshake-timeout"]) == 2))
        self.assertEqual(silent.recv(10), b"")   # fermée par le serveur
        self.assertEqual(self.ask()[0], 200)

    def test_a_client_that_refuses_the_certificate(self):
        self.start()
        doubting = ssl.create_default_context()   # ne connaît pas notre certificat
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            with self.assertRaises(ssl.SSLError):
                doubting.wrap_socket(sock, server_hostname="localhost")
        event = self.wait_fact("tls-certificate-refused")
        self.assertEqual(event.kind, NOTICE)
        self.assertIn("le navigateur refuse le certificat de démonstration", plain(event.message))
        self.assertEqual(self.ask()[0], 200)

    def test_garbage_and_a_client_that_leaves(self):
        self.start()
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            sock.sendall(b"\x16\x03\x01\x00\x05hello")   # un « ClientHello » absurde
            sock.recv(100)
        self.assertIn("la poignée de main TLS a échoué", plain(self.wait_fact("tls-failed").message))
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            sock.sendall(b"\x16\x03\x01\x02\x00\x01")   # part au milieu
        self.assertIn("au milieu de la poignée de main",
                      plain(self.wait_fact("tls-abandoned").message))
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT):
            pass   # ouverte et fermée sans rien envoyer : rien à raconter
        self.assertEqual(self.ask()[0], 200)
        self.assertEqual([event for event in self.log.events if event.kind == ERROR], [])


class PlainServerTest(HttpsTestCase):
    """Le serveur HTTP : quelqu'un tape https://, le nom du site est passé en clair."""

    def attempt(self, server_hostname):
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            with self.assertRaises((ssl.SSLError, OSError)):
                trusting_context().wrap_socket(sock, server_hostname=server_hostname)
        return self.wait_fact("https-attempt")

    def test_the_server_name_sent_in_clear(self):
        self.start(https=False)
        event = self.attempt("localhost")
        values = dict(event.values)
        self.assertEqual(values["tls_server_name"], "localhost")
        self.assertEqual(tls.server_name(values["tls_bytes"]), "localhost")
        self.assertIn("Tapez l'adresse avec http:// et non https://", plain(event.message))
        self.assertIn("en clair, avec le nom du site demandé : « localhost »", plain(event.message))

    def test_an_ip_address_has_no_name(self):
        self.start(https=False)
        event = self.attempt("127.0.0.1")
        self.assertIn("aucun nom de site : l'adresse tapée était une adresse IP",
                      plain(event.message))

    def test_in_student_mode_too(self):
        self.start("mon-serveur", https=False,
                   student_file=write_student_file(self.folder, STUDENT))
        event = self.attempt("localhost")
        self.assertIn("« localhost »", plain(event.message))


class StartTest(HttpsTestCase):
    def test_a_missing_certificate_is_explained(self):
        with self.assertRaises(secure.TlsUnavailable) as caught:
            secure.make_context(os.path.join(self.folder, "absent.pem"), secure.KEY)
        self.assertEqual(caught.exception.fact, "tls-no-certificate")
        failing = mock.patch("serveur.controller.make_context",
                             side_effect=secure.TlsUnavailable("tls-no-certificate", file="x.pem"))
        with failing, self.assertRaises(StartError) as caught:
            self.start()
        self.assertIn("Le certificat de démonstration est introuvable (x.pem)",
                      plain(str(caught.exception)))
        self.assertIn("Décochez « Chiffrer (HTTPS) »", plain(str(caught.exception)))

    def test_a_broken_certificate_is_explained(self):
        broken = os.path.join(self.folder, "abime.pem")
        with open(broken, "w", encoding="utf-8") as handle:
            handle.write("-----BEGIN CERTIFICATE-----\nabîmé\n")
        with self.assertRaises(secure.TlsUnavailable) as caught:
            secure.make_context(broken, broken)
        self.assertEqual(caught.exception.fact, "tls-bad-certificate")

    def test_the_server_in_its_own_process(self):
        controller = ProcessController(report=self.log)
        self.addCleanup(controller.close)
        url = controller.start("get-post", 0, self.folder, https=True)
        self.assertTrue(url.startswith("https://"))
        self.port = controller.port
        self.assertEqual(self.post_form()[0], 200)
        self.exchanges(1)
        self.assertIn("reçue chiffrée", self.journal())
        controller.stop()


class CommandLineTest(CliTestCase):
    """``python3 -m serveur --https`` : la même chose, dans un terminal."""

    def test_https_then_ctrl_c(self):
        proc = self.start("--mode", "get-post", "--port", "0", "--https")
        out, err = LineReader(proc.stdout), LineReader(proc.stderr)
        out.start()
        err.start()
        first = out.next_line()
        self.assertIsNotNone(first, "aucune ligne ; stderr : %r" % err.all)
        first = first.decode("utf-8")
        self.assertIn("https://127.0.0.1:", first)
        port = int(URL_PATTERN.search(first.replace("https://", "http://")).group(1))
        connection = http.client.HTTPSConnection("localhost", port, context=trusting_context(),
                                                 timeout=WAIT)
        self.addCleanup(connection.close)
        connection.request("POST", "/", FORM_BODY,
                           {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(connection.getresponse().status, 200)
        connection.close()
        if os.name != "posix":
            self.skipTest("Ctrl+C (SIGINT) n'est testé que sur POSIX")
        deadline = time.monotonic() + WAIT
        while "reçue chiffrée" not in b"".join(out.all).decode("utf-8") \
                and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        self.assertEqual(proc.wait(timeout=WAIT), 0, err.text())
        stdout = plain(out.text())
        self.assertIn("Continuer vers le site 127.0.0.1 (dangereux)", stdout)
        self.assertIn("À savoir : un certificat est la carte d'identité d'un site", stdout)
        self.assertIn("reçue chiffrée (TLSv1.", stdout)
        self.assertIn("CHIFFRÉ (HTTPS)", stdout)
        self.assertNotIn("Traceback", err.text())

    def test_help_names_the_option(self):
        code, out, _ = self.run_to_end("--aide")
        self.assertEqual(code, 0)
        self.assertIn("--https", out)
        self.assertIn("certificat de démonstration", plain(out))


if __name__ == "__main__":
    unittest.main()
