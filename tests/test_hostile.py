"""Tests d'entrées hostiles : le serveur survit à tout ce qu'un client peut envoyer.

Chaque cas vérifie trois choses :

1. une réponse HTTP claire (ligne de statut lue dans la réponse brute), ou,
   quand aucune réponse HTTP n'a de sens, une connexion fermée ;
2. un événement calme (ERROR ou NOTICE) en français, sans caractère de
   contrôle brut une fois formaté, et aucune « erreur interne » ni trace ;
3. le serveur sert toujours ``GET /ressource.html`` (200) juste après.

Les requêtes qu'une bibliothèque HTTP refuserait d'envoyer passent par des
sockets bruts. Chaque lecture a un délai : rien ne peut bloquer la suite.
"""

import http.client
import http.server
import os
import random
import re
import shutil
import socket
import struct
import threading
import time
import unittest
import urllib.parse
from unittest import mock

from serveur.events import DATA, ERROR, NOTICE
from serveur.formatter import format_event

from .support import WAIT, ServerTestCase, plain

FORM = "<!DOCTYPE html><title>Formulaire</title><form method=post>é</form>".encode("utf-8")

# Un caractère de contrôle brut (hors tabulation et saut de ligne).
CONTROL = "[\x00-\x08\x0b-\x1f\x7f]"
STATUS_LINE = re.compile(rb"HTTP/1\.[01] ([0-9]{3}) [^\r\n]*\r\n")
# Ce que cite le client (« … ») n'est pas jugé : seules nos phrases le sont.
QUOTED = re.compile("«.*»", re.DOTALL)
FRENCH = re.compile(r"\b(le|la|les|de|du|des|un|une|est|ne|pas|requête|client|connexion|"
                    r"fichier|dossier|trop|serveur|corps|délai|adresse)\b", re.IGNORECASE)
ENGLISH = re.compile(r"\b(the|than|when|got|more|bytes|reading|request|header|headers|line|"
                     r"too|many|not|found|bad|invalid|unsupported|timed|error|exception|"
                     r"traceback)\b", re.IGNORECASE)


def status_of(answer):
    """Le code de la ligne de statut (``HTTP/1.x NNN …``), ou None."""
    match = STATUS_LINE.match(answer)
    return int(match.group(1)) if match else None


def random_bytes(count, seed=1234):
    """Des octets « au hasard », toujours les mêmes (graine fixe, Python 3.8)."""
    rng = random.Random(seed)
    return bytes(rng.getrandbits(8) for _ in range(count))


def tls_client_hello(random32):
    """Un « ClientHello » TLS plausible : ce qu'envoie un navigateur sur https://."""
    host = b"localhost"
    name = b"\x00" + struct.pack("!H", len(host)) + host
    names = struct.pack("!H", len(name)) + name
    extension = struct.pack("!HH", 0, len(names)) + names          # server_name (SNI)
    body = (b"\x03\x03" + random32 + b"\x00"                        # version, aléa, session
            + struct.pack("!H", 4) + b"\x13\x01\x13\x02"            # suites de chiffrement
            + b"\x01\x00"                                           # compression : aucune
            + struct.pack("!H", len(extension)) + extension)
    handshake = b"\x01" + struct.pack("!I", len(body))[1:] + body
    return b"\x16\x03\x01" + struct.pack("!H", len(handshake)) + handshake


def read_all(sock):
    """Lit jusqu'à la fermeture ; rend ``(octets, fermée)``.

    ``fermée`` est faux si le délai du socket a expiré avant la fermeture."""
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return b"".join(chunks), True
        except socket.timeout:
            return b"".join(chunks), False
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)


class HostileTestCase(ServerTestCase):
    """Outils communs : échanges bruts et les trois vérifications."""

    files = {"ressource.html": FORM}

    def setUp(self):
        super().setUp()
        self.mark()

    def mark(self):
        """Les événements déjà reçus ne comptent plus pour ``assert_calm``."""
        self._seen = {id(event) for event in list(self.log.events)}

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=WAIT)
        self.addCleanup(sock.close)
        return sock

    def exchange(self, data, shut_write=False):
        """Envoie ``data`` et lit jusqu'à la fermeture ; rend ``(réponse, fermée)``."""
        sock = self.connect()
        sock.sendall(data)
        if shut_write:
            sock.shutdown(socket.SHUT_WR)
        try:
            return read_all(sock)
        finally:
            sock.close()

    def assert_status(self, answer, code):
        self.assertEqual(status_of(answer), code, answer[:120])

    def assert_clean_log(self):
        """Aucune ligne du journal ne contient de caractère de contrôle brut,
        aucun message ne parle d'erreur interne ni de trace."""
        for event in list(self.log.events):
            for line in format_event(event):
                self.assertNotRegex(line, CONTROL)
            for text in (event.message, event.detail or ""):
                self.assertNotIn("erreur interne", text)
                self.assertNotIn("Traceback", text)

    def assert_calm(self, predicate=lambda event: True):
        """Attend un événement ERROR ou NOTICE calme et en français ; le rend."""
        event = self.log.wait_for(lambda e: id(e) not in self._seen
                                  and e.kind in (ERROR, NOTICE) and predicate(e))
        self.assertIsNotNone(event, "aucun événement ERROR/NOTICE attendu : %r"
                             % [(e.kind, e.status, e.message) for e in list(self.log.events)])
        lines = format_event(event)
        self.assertTrue(lines and "SERVEUR :" in plain(lines[0]), lines)
        own_words = QUOTED.sub("", event.message)
        self.assertRegex(own_words, FRENCH)
        self.assertNotRegex(own_words, ENGLISH)
        self.assert_clean_log()
        return event

    def assert_no_error(self):
        self.assertEqual([e.message for e in self.log.of_kind(ERROR)], [])
        self.assert_clean_log()

    def assert_serving(self):
        response, body = self.request("GET", "/ressource.html")
        self.assertEqual(response.status, 200)
        self.assertEqual(body, FORM)


class RequestLineTest(HostileTestCase):
    """Lignes de requête illisibles, versions inconnues, ligne trop longue, TLS."""

    def test_pure_garbage(self):
        for data in (b"garbage\r\n\r\n", b"n'importe quoi, vraiment\r\n\r\n",
                     b"\x00\x01\x02\x03\r\n\r\n"):
            with self.subTest(data=data):
                self.mark()
                answer, _ = self.exchange(data, shut_write=True)
                self.assert_status(answer, 400)
                self.assert_calm(lambda e: e.status == 400)
                self.assert_serving()

    def test_random_bytes(self):
        data = random_bytes(4096)
        answer, _ = self.exchange(data, shut_write=True)
        self.assert_status(answer, 400)
        self.assert_calm(lambda e: e.status == 400)
        self.assert_serving()

    def test_empty_line_then_eof(self):
        # Une ligne vide avant la requête : rien à répondre, la connexion est fermée.
        answer, closed = self.exchange(b"\r\n", shut_write=True)
        self.assertEqual(answer, b"")
        self.assertTrue(closed)
        self.assert_serving()
        self.assert_no_error()

    def test_http09_request_gets_a_real_status_line(self):
        answer, _ = self.exchange(b"GET /\r\n", shut_write=True)
        self.assertRegex(answer, rb"^HTTP/1\.[01] 400 ")
        event = self.assert_calm(lambda e: e.status == 400)
        self.assertIn("HTTP/0.9", event.message)
        self.assert_serving()

    def test_http09_post(self):
        answer, _ = self.exchange(b"POST /\r\n")
        self.assertRegex(answer, rb"^HTTP/1\.[01] 400 ")
        self.assert_calm(lambda e: e.status == 400)
        self.assert_serving()

    def test_unknown_versions(self):
        for version, code in ((b"HTTP/2.0", 505), (b"HTTP/1.1.1", 400), (b"HTTP/abc", 400)):
            with self.subTest(version=version):
                self.mark()
                answer, _ = self.exchange(b"GET /ressource.html " + version
                                          + b"\r\nHost: x\r\n\r\n")
                self.assert_status(answer, code)
                self.assert_calm(lambda e: e.status == code and version.decode() in e.message)
                self.assert_serving()

    def test_request_line_too_long(self):
        answer, _ = self.exchange(b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assert_status(answer, 414)
        self.assert_calm(lambda e: e.status == 414)
        self.assert_serving()

    def test_tls_client_hello(self):
        # Aléa contenant un octet « \n » : le serveur lit une « ligne » tout de suite.
        hello = tls_client_hello(bytes(range(1, 33)))
        self.assertIn(b"\n", hello)
        sock = self.connect()
        sock.sendall(hello)   # et l'on attend, comme un navigateur
        answer, closed = read_all(sock)
        self.assertEqual(answer, b"")   # une réponse HTTP serait illisible pour lui
        self.assertTrue(closed)
        event = self.assert_calm(lambda e: e.kind == ERROR)
        self.assertIn("https", event.message.lower())
        self.assert_serving()


class HeaderTest(HostileTestCase):
    """En-têtes trop nombreux, trop longs, mal formés."""

    def assert_431(self, data):
        answer, _ = self.exchange(data)
        self.assert_status(answer, 431)
        self.assert_calm(lambda e: e.status == 431)
        self.assertIn("en-têtes", answer.decode("utf-8", "replace"))
        self.assert_serving()

    def test_more_than_100_headers(self):
        headers = b"".join(b"X-Entete-%d: a\r\n" % i for i in range(101))
        self.assert_431(b"GET /ressource.html HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")

    def test_header_line_too_long(self):
        self.assert_431(b"GET /ressource.html HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 70000
                        + b"\r\n\r\n")

    def test_malformed_header_lines(self):
        for line in (b"SansDeuxPoints", b"X-Ctrl\x01Nom: valeur", b"X Espace: valeur"):
            with self.subTest(line=line):
                self.mark()
                answer, _ = self.exchange(b"GET /ressource.html HTTP/1.1\r\nHost: x\r\n" + line
                                          + b"\r\n\r\n")
                self.assert_status(answer, 400)
                self.assert_calm(lambda e: e.status == 400 and "mal formée" in e.message)
                self.assert_serving()


class MethodTest(HostileTestCase):
    """Méthodes inconnues (501) et HEAD (200, sans corps)."""

    def test_unsupported_methods_are_501_in_french(self):
        for method in ("PUT", "DELETE", "OPTIONS", "PATCH", "BREW"):
            with self.subTest(method=method):
                self.mark()
                answer, _ = self.exchange(method.encode() + b" /ressource.html HTTP/1.1\r\n"
                                          b"Host: x\r\nContent-Length: 3\r\n\r\nabc")
                self.assert_status(answer, 501)
                page = answer.partition(b"\r\n\r\n")[2].decode("utf-8")
                self.assertIn("GET, HEAD et POST", page)
                self.assertIn("ne sait pas traiter cette méthode", page)
                self.assert_calm(lambda e: e.status == 501 and method in e.message)
                self.assert_serving()

    def test_head_has_length_but_no_body(self):
        answer, closed = self.exchange(b"HEAD /ressource.html HTTP/1.1\r\nHost: x\r\n"
                                       b"Connection: close\r\n\r\n")
        self.assertTrue(closed)
        self.assert_status(answer, 200)
        head, separator, rest = answer.partition(b"\r\n\r\n")
        self.assertEqual(separator, b"\r\n\r\n")
        self.assertRegex(head, rb"\r\nContent-Length: %d\r\n" % len(FORM))
        self.assertEqual(rest, b"")
        self.assert_no_error()
        self.assert_serving()


class BodyTest(HostileTestCase):
    """Corps abîmés, trop gros, annoncés avec « Expect: 100-continue »."""

    max_body_size = 10000

    def post(self, body, content_type):
        return self.request("POST", "/", body=body, headers={"Content-Type": content_type})

    def data_event(self, count):
        """Attend le ``count``-ième événement DATA."""
        self.assertIsNotNone(self.log.wait_for(lambda e: len(self.log.of_kind(DATA)) >= count))
        return self.log.of_kind(DATA)[count - 1]

    def test_invalid_json(self):
        bodies = (b'{"nom": "Zo', b"{nom: 1}", b"[" * 5000, b'{"a": 1} en trop')
        for count, body in enumerate(bodies, 1):
            with self.subTest(body=body[:20]):
                response, page = self.post(body, "application/json")
                self.assertEqual(response.status, 200)
                event = self.data_event(count)
                self.assertIn("JSON invalide", event.detail or "")
                self.assertIn("Attention", page.decode("utf-8"))
                self.assert_no_error()
                self.assert_serving()

    def test_broken_multipart(self):
        part = (b'--B\r\nContent-Disposition: form-data; name="nom"\r\n\r\n'
                b"Zo\xc3\xa9\r\n--B--\r\n")
        cases = (
            ("mauvaise limite", "multipart/form-data; boundary=AUTRE", part),
            ("sans limite", "multipart/form-data", part),
            ("partie tronquée", "multipart/form-data; boundary=B",
             b'--B\r\nContent-Disposition: form-data; name="nom"\r\n\r\nZo'),
            ("en-têtes de partie coupés", "multipart/form-data; boundary=B",
             b"--B\r\nContent-Disposition: form-da"),
        )
        for count, (label, content_type, body) in enumerate(cases, 1):
            with self.subTest(label):
                response, page = self.post(body, content_type)
                self.assertEqual(response.status, 200)
                event = self.data_event(count)
                self.assertTrue(event.detail, "detail vide pour : %s" % label)
                self.assertIn("Attention", page.decode("utf-8"))
                self.assert_no_error()
                self.assert_serving()

    def test_expect_100_continue_with_too_big_body(self):
        sock = self.connect()
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                     b"Content-Length: 50000\r\nExpect: 100-continue\r\n\r\n")
        answer, closed = read_all(sock)
        self.assertTrue(closed)
        self.assert_status(answer, 413)   # directement, sans « 100 Continue » avant
        self.assertNotIn(b"100 Continue", answer)
        self.assert_calm(lambda e: e.status == 413)
        self.assertEqual(self.log.of_kind(DATA), [])
        self.assert_serving()

    def test_real_3mb_post_receives_the_413(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        self.addCleanup(connection.close)
        connection.request("POST", "/", body=b"a=" + b"x" * (3 * 1024 * 1024),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()   # pas de « connexion réinitialisée »
        self.assertEqual(response.status, 413)
        self.assertIn("au plus 10\u202f000 octets", response.read().decode("utf-8"))
        connection.close()
        self.assert_calm(lambda e: e.status == 413)
        self.assertEqual(self.log.of_kind(DATA), [])
        self.assert_serving()


class DisconnectTest(HostileTestCase):
    """Clients qui raccrochent au mauvais moment."""

    def test_half_request_line_then_close(self):
        sock = self.connect()
        sock.sendall(b"GET /ressource.html HT")
        sock.close()
        self.assert_calm()
        self.assert_serving()

    def test_half_request_line_then_end_of_sending(self):
        # Même chose, mais le client écoute encore : il reçoit un 400 clair.
        answer, closed = self.exchange(b"GET /ressource.html HT", shut_write=True)
        self.assertTrue(closed)
        self.assert_status(answer, 400)
        self.assert_calm(lambda e: e.status == 400)
        self.assert_serving()

    def test_post_body_cut_after_10_bytes(self):
        sock = self.connect()
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                     b"Content-Length: 100\r\n\r\n0123456789")
        sock.close()
        event = self.assert_calm(lambda e: e.kind == ERROR and "a fermé la connexion" in e.message)
        self.assertIn("10 octets du corps sur 100", event.message)
        self.assertEqual(self.log.of_kind(DATA), [])
        self.assert_serving()

    def test_close_right_after_connecting(self):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=WAIT)
        sock.close()
        self.assert_serving()   # connexion acceptée après la précédente
        deadline = time.monotonic() + WAIT
        while self.controller.connection_count() and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(self.controller.connection_count(), 0)
        self.assert_no_error()


class ControlCharacterTest(HostileTestCase):
    """Caractères de contrôle dans le chemin, les en-têtes et le corps."""

    def test_path_and_header_with_control_characters(self):
        answer, _ = self.exchange(b"GET /\x1b[31mrouge\x07bip HTTP/1.1\r\nHost: x\r\n"
                                  b"X-Piege: avant\x1b[2Japres\r\nConnection: close\r\n\r\n")
        self.assert_status(answer, 404)
        self.assert_calm(lambda e: e.status == 404)
        request = self.log.wait_for(lambda e: e.kind == "request")
        self.assertIn("\x1b", request.path)   # reçu tel quel, montré échappé
        lines = "\n".join(format_event(request))
        self.assertIn("\\x1b[31mrouge\\x07bip", lines)
        self.assertIn("avant\\x1b[2Japres", lines)
        self.assert_serving()

    def test_urlencoded_names_and_values_with_control_characters(self):
        body = urllib.parse.urlencode([("\x1b[31m", "\r\n"), ("<script>", "1")]).encode("ascii")
        response, page = self.request("POST", "/", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(response.status, 200)
        self.assertNotIn(b"<script>", page)
        self.assertIn(b"&lt;script&gt;", page)
        event = self.log.wait_for(lambda e: e.kind == DATA)
        self.assertEqual([(f.name, f.value) for f in event.fields],
                         [("\x1b[31m", "\r\n"), ("<script>", "1")])
        self.assertIn("\\x1b[31m = « \\r\\n »", plain("\n".join(format_event(event))))
        self.assert_no_error()
        self.assert_serving()


class GetModePathTest(HostileTestCase):
    """Mode « get » : chemins qui tentent de sortir du dossier servi."""

    mode = "get"
    files = {"ressource.html": FORM, "sub/visible.txt": b"visible",
             "sub/.secret/x.txt": b"SECRET"}

    def test_paths_out_of_the_folder(self):
        for path in (b"/etc/passwd", b"//etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd",
                     b"/..%5c..%5cetc/passwd", b"/\\..\\..\\etc\\passwd",
                     b"/../../../../../../etc/passwd"):
            with self.subTest(path=path):
                self.mark()
                answer, _ = self.exchange(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n"
                                          b"Connection: close\r\n\r\n")
                self.assertNotIn(b"root:", answer)
                self.assertIn(status_of(answer), (400, 403, 404), answer[:120])
                self.assert_calm(lambda e: e.status == status_of(answer))
                self.assert_serving()

    def test_hidden_folder_inside_a_sub_folder(self):
        for path in ("/sub/.secret/x.txt", "/sub/.secret/", "/sub/%2esecret/x.txt"):
            with self.subTest(path=path):
                self.mark()
                response, body = self.request("GET", path)
                self.assertEqual(response.status, 404)
                self.assertNotIn(b"SECRET", body)
                self.assert_calm(lambda e: e.status == 404)
        response, body = self.request("GET", "/sub/")
        self.assertEqual(response.status, 200)
        self.assertIn(b"visible.txt", body)
        self.assertNotIn(b".secret", body)
        self.assert_serving()

    def test_unreadable_file_is_403(self):
        # Les tests tournent souvent en root (chmod sans effet) : on simule un
        # fichier illisible, pour os.access comme pour open.
        target = os.path.join(self.folder, "sub", "visible.txt")

        def refusing_open(file, *args, **kwargs):
            if isinstance(file, str) and os.path.abspath(file) == target:
                raise PermissionError(13, "Permission denied", file)
            return open(file, *args, **kwargs)

        real_os_open = os.open

        def refusing_os_open(file, *args, **kwargs):   # le chemin des petits fichiers
            if isinstance(file, str) and os.path.abspath(file) == target:
                raise PermissionError(13, "Permission denied", file)
            return real_os_open(file, *args, **kwargs)

        with mock.patch("serveur.files.os.access", return_value=False), \
                mock.patch("serveur.files.os.open", refusing_os_open), \
                mock.patch.object(http.server, "open", refusing_open, create=True):
            response, body = self.request("GET", "/sub/visible.txt")
        self.assertEqual(response.status, 403)
        self.assertIn("ne peut pas être lu", body.decode("utf-8"))
        self.assertNotIn(b"visible\n", body)
        self.assert_calm(lambda e: e.status == 403)
        self.assert_serving()

    def test_served_folder_deleted_while_running(self):
        shutil.rmtree(self.folder)
        try:
            response, body = self.request("GET", "/")
            self.assertEqual(response.status, 404)
            self.assertIn("n'existe plus", body.decode("utf-8"))
            self.assert_calm(lambda e: e.status == 404 and "n'existe plus" in e.message)
        finally:
            os.makedirs(self.folder, exist_ok=True)
            with open(os.path.join(self.folder, "ressource.html"), "wb") as handle:
                handle.write(FORM)
        self.assert_serving()


class DeletedFormTest(HostileTestCase):
    """Mode « get-post » : ressource.html supprimé puis recréé, serveur en marche."""

    def test_form_deleted_then_written_again(self):
        path = os.path.join(self.folder, "ressource.html")
        os.remove(path)
        response, body = self.request("GET", "/")
        self.assertEqual(response.status, 404)
        self.assertIn("ressource.html", body.decode("utf-8"))
        self.assert_calm(lambda e: e.status == 404 and "ressource.html" in e.message)
        with open(path, "wb") as handle:
            handle.write(FORM)
        self.assert_serving()


class SlowClientTest(HostileTestCase):
    """Clients qui se taisent : ils ne bloquent personne et finissent fermés."""

    request_timeout = 2.0
    patience = 2.0

    def test_slowloris_does_not_block_others(self):
        slow = self.connect()
        slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")   # et plus rien
        self.assert_serving()
        slow.setblocking(False)
        with self.assertRaises(BlockingIOError):   # toujours ouverte, sans réponse
            slow.recv(1)
        slow.settimeout(WAIT)
        answer, closed = read_all(slow)
        self.assertTrue(closed)
        self.assert_status(answer, 408)   # la requête commencée est abandonnée, et on le dit
        self.assert_calm(lambda e: e.status == 408 and "pendant 2 s" in e.message)
        self.assert_serving()

    def test_http09_client_waiting_for_its_answer(self):
        # Un vrai client HTTP/0.9 (ou un élève dans telnet) envoie « GET / » puis attend.
        sock = self.connect()
        sock.sendall(b"GET /\r\n")
        answer, closed = read_all(sock)
        self.assertRegex(answer, rb"^HTTP/1\.[01] 400 ")
        self.assertTrue(closed)
        self.assert_calm(lambda e: e.status == 400)
        self.assert_serving()

    def test_tls_client_hello_without_newline_byte(self):
        # Un ClientHello sans octet « \n » (environ un sur huit chez un vrai navigateur).
        hello = tls_client_hello(bytes(range(0x41, 0x61)))
        self.assertNotIn(b"\n", hello)
        sock = self.connect()
        sock.sendall(hello)
        answer, closed = read_all(sock)
        self.assertEqual(answer, b"")
        self.assertTrue(closed)
        event = self.assert_calm(lambda e: e.kind in (ERROR, NOTICE))
        self.assertIn("https", event.message.lower())
        self.assertEqual(event.kind, ERROR)
        self.assert_serving()


class ConcurrencyTest(HostileTestCase):
    """Cent clients à la fois : chacun est servi, chaque donnée racontée une fois."""

    def test_100_clients_at_once(self):
        count = 100
        barrier = threading.Barrier(count, timeout=WAIT)
        statuses, failures = [], []
        lock = threading.Lock()

        def client(number):
            value = "valeur-unique-%03d" % number
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
            try:
                barrier.wait()
                connection.request("GET", "/")
                response = connection.getresponse()
                got = [(response.status, response.read() == FORM)]
                connection.request("POST", "/", body=urllib.parse.urlencode({"v": value}),
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
                response = connection.getresponse()
                got.append((response.status, value.encode() in response.read()))
                with lock:
                    statuses.extend(got)
            except Exception as exc:  # rapporté par l'assertion plus bas
                with lock:
                    failures.append("%s : %r" % (value, exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        self.assertFalse(any(thread.is_alive() for thread in threads), "client bloqué")
        self.assertEqual(failures, [])
        self.assertEqual(statuses, [(200, True)] * (2 * count))
        values = sorted(f.value for e in self.log.of_kind(DATA) for f in e.fields)
        self.assertEqual(len(self.log.of_kind(DATA)), count)
        self.assertEqual(values, ["valeur-unique-%03d" % n for n in range(count)])
        self.assert_no_error()
        deadline = time.monotonic() + WAIT   # les fils du serveur finissent de fermer
        while self.controller.connection_count() and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assert_serving()


if __name__ == "__main__":
    unittest.main()
