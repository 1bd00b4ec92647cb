"""Tests de serveur/admission_handler.py sur de vrais sockets : le code de la classe,
un script qui inonde pendant qu'un autre poste est servi, un poste bloqué.

« Cet ordinateur » est déclaré à la main (``Rules.here``) : 127.0.0.1 est le poste du
professeur, 127.0.0.2 et 127.0.0.3 sont deux postes du réseau local (Linux route toute
la boucle locale 127.0.0.0/8 ; ailleurs, ces tests sont sautés)."""

import dataclasses
import http.client
import os
import shutil
import socket
import tempfile
import unittest

from serveur import Controller
from serveur.admission import Rules
from serveur.admission_handler import HIDDEN, hide_passes, hide_typed
from serveur.class_code import COOKIE
from serveur.events import DATA, ERROR, EXCHANGE, NOTICE, REQUEST
from serveur.formatter import format_lines

from .support import EventLog, plain, wait_until

CODE = "4821"
HERE = ("127.0.0.1",)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def can_bind(address):
    try:
        with socket.socket() as probe:
            probe.bind((address, 0))
        return True
    except OSError:
        return False


def ask(port, method="GET", path="/", body=None, headers=None, source="127.0.0.2"):
    """Une requête depuis ``source`` ; rend (statut, en-têtes, page)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10,
                                            source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8")
    finally:
        connection.close()


@unittest.skipUnless(can_bind("127.0.0.2"), "il faut plusieurs adresses de boucle locale")
class AdmissionTestCase(unittest.TestCase):
    rules = Rules(code=CODE, here=HERE)

    def setUp(self):
        self.log = EventLog()
        self.controller = Controller(report=self.log)
        self.controller.admit(self.rules)
        self.controller.start(self.mode, 0)
        self.addCleanup(self.controller.stop)
        self.port = self.controller.port

    mode = "get-post"

    def journal(self):
        return plain("".join(format_lines(event) for event in list(self.log.events)))

    def enter(self, source="127.0.0.2"):
        """Tape le bon code ; rend l'en-tête Cookie à renvoyer."""
        status, headers, _page = ask(self.port, "POST", "/", "code_classe=" + CODE, FORM, source)
        self.assertEqual(status, 303)
        return headers["Set-Cookie"].split(";")[0]


class ClassCodeTest(AdmissionTestCase):

    def test_without_the_code_a_french_page_asks_for_it(self):
        status, headers, page = ask(self.port)
        self.assertEqual(status, 403)
        self.assertIn("Code de la classe", page)
        self.assertIn('name="code_classe"', page)
        self.assertIn('lang="fr"', page)
        self.assertEqual(headers["Cache-Control"], "no-store")
        self.assertNotIn(CODE, page)
        self.assertIsNotNone(self.log.wait_for(lambda e: e.fact == "code-missing"))
        self.assertIn("le poste 127.0.0.2 n'a pas le code de la classe : je refuse (403)",
                      self.journal())

    def test_this_computer_is_never_asked(self):
        status, _headers, page = ask(self.port, source="127.0.0.1")
        self.assertEqual(status, 200)
        self.assertIn("<form", page)

    def test_a_wrong_code_says_so_then_the_right_code_gives_a_cookie(self):
        status, _headers, page = ask(self.port, "POST", "/", "code_classe=1234", FORM)
        self.assertEqual(status, 403)
        self.assertIn("pas le bon code", page)
        status, headers, _page = ask(self.port, "POST", "/?ville=Nice", "code_classe=" + CODE,
                                     FORM)
        self.assertEqual(status, 303)
        self.assertEqual(headers["Location"], "/?ville=Nice")
        cookie = headers["Set-Cookie"]
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)
        name, _, token = cookie.split(";")[0].partition("=")
        self.assertEqual(name, COOKIE)
        self.assertNotIn(CODE, token)
        status, _headers, page = ask(self.port, headers={"Cookie": "visites=2; " + name + "=" +
                                                         token})
        self.assertEqual(status, 200)
        self.assertIn("<form", page)
        # Un faux laissez-passer ne fait pas entrer.
        self.assertEqual(ask(self.port, headers={"Cookie": name + "=" + "A" * 32})[0], 403)
        journal = self.journal()
        self.assertIn("a tapé un code faux (1 sur 5 permis par minute)", journal)
        self.assertIn("a tapé le bon code : je le laisse entrer et je lui donne un cookie",
                      journal)
        self.assertIn("Le cookie est la mémoire du serveur", journal)

    def test_the_code_and_the_pass_never_leave_the_server_in_an_event(self):
        ask(self.port, "POST", "/", "code_classe=4822", FORM)
        cookie = self.enter()
        token = cookie.partition("=")[2]
        ask(self.port, headers={"Cookie": cookie})
        self.assertTrue(wait_until(lambda: len(self.log.of_kind(EXCHANGE)) >= 3))
        for event in list(self.log.events):
            # Tout ce que l'événement raconte, sauf ses nombres (l'heure 1795667901.7748213
            # contient « 4821 » : ce n'est pas une fuite).
            told = repr(dataclasses.replace(event, time=0.0, duration=0.0)).encode("utf-8") + \
                event.body + event.request_head + event.reply_head
            for secret in (CODE, "4822", token):
                self.assertNotIn(secret.encode("ascii"), told, event)
        journal = self.journal()
        self.assertIn("code_classe=" + HIDDEN, journal)
        self.assertIn("Cookie: %s=%s" % (COOKIE, HIDDEN), journal)
        data = [event for event in self.log.of_kind(DATA)]
        self.assertEqual(data[-1].fields[0].value, HIDDEN)

    def test_a_code_field_name_written_in_percent_is_hidden_too(self):
        # code%5Fclasse est lu comme code_classe : il est caché comme lui.
        status = ask(self.port, "POST", "/", "code%5Fclasse=" + CODE, FORM)[0]
        self.assertEqual(status, 303)
        self.assertTrue(wait_until(lambda: self.log.of_kind(EXCHANGE)))
        for event in list(self.log.events):
            self.assertNotIn(CODE.encode("ascii"), repr(event).encode("utf-8") + event.body,
                             event)

    def test_after_the_code_the_redirection_stays_on_this_server(self):
        for path in ("/\\evil.example", "//evil.example", "/\\/evil.example"):
            status, headers, _page = ask(self.port, "POST", path, "code_classe=" + CODE, FORM)
            self.assertEqual(status, 303)
            self.assertIn(headers["Location"], ("/", "/evil.example"), path)   # pas « //… »

    def test_too_many_wrong_codes_then_try_again_in_n_seconds(self):
        for _ in range(5):
            self.assertEqual(ask(self.port, "POST", "/", "code_classe=0000", FORM)[0], 403)
        status, headers, page = ask(self.port, "POST", "/", "code_classe=" + CODE, FORM)
        self.assertEqual(status, 429)
        seconds = int(headers["Retry-After"])
        self.assertGreater(seconds, 0)
        self.assertIn("Réessayez dans %d" % seconds, plain(page))
        # un autre poste n'attend pas
        self.assertEqual(ask(self.port, "POST", "/", "code_classe=" + CODE, FORM,
                             "127.0.0.3")[0], 303)
        self.assertIn("le poste 127.0.0.2 a tapé trop de codes faux", self.journal())


class CodeForEveryoneTest(AdmissionTestCase):
    rules = Rules(code=CODE, code_here=True, here=HERE)

    def test_this_computer_is_asked_too(self):
        self.assertEqual(ask(self.port, source="127.0.0.1")[0], 403)
        self.enter("127.0.0.1")


class FloodTest(AdmissionTestCase):
    rules = Rules(limit=20, here=HERE)
    mode = "get"

    def test_a_flood_from_one_address_while_another_is_served(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10,
                                                source_address=("127.0.0.2", 0))
        self.addCleanup(connection.close)
        statuses = []
        for _ in range(200):   # une seule connexion gardée ouverte, comme un script
            connection.request("GET", "/README.md")
            response = connection.getresponse()
            page = response.read().decode("utf-8")
            statuses.append(response.status)
            if response.status == 429:
                retry = response.headers["Retry-After"]
                self.assertIn("Trop de requêtes", page)
        self.assertEqual(statuses[:40], [200] * 40)
        self.assertIn(429, statuses)
        self.assertGreaterEqual(int(retry), 1)
        # Pendant ce temps, un autre poste et cet ordinateur sont servis.
        self.assertEqual(ask(self.port, path="/README.md", source="127.0.0.3")[0], 200)
        self.assertEqual(ask(self.port, path="/README.md", source="127.0.0.1")[0], 200)
        # Une seule ligne pour la rafale, pas une par requête ; les refusées ne sont ni
        # racontées ni comptées.
        self.assertEqual(len([e for e in self.log.events if e.fact == "too-many-requests"]), 1)
        refused = statuses.count(429)
        requests = [e for e in self.log.of_kind(REQUEST) if e.client == "127.0.0.2"]
        self.assertEqual(len(requests), 200 - refused)
        calm = self.log.wait_for(lambda e: e.fact == "requests-calm")
        self.assertIsNotNone(calm)
        self.assertEqual(dict(calm.values)["refused"], refused)

    def test_a_429_to_head_has_no_body(self):
        # 45 HEAD d'un coup sur une connexion gardée (un seau de 40) : chaque 429 sans
        # corps (sinon la page se lirait comme le début de la réponse suivante).
        with socket.create_connection(("127.0.0.1", self.port), timeout=10,
                                      source_address=("127.0.0.2", 0)) as sock:
            sock.sendall(b"HEAD /README.md HTTP/1.1\r\nHost: x\r\n\r\n" * 45 +
                         b"HEAD /README.md HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            received = b""
            while True:
                data = sock.recv(65536)
                if not data:
                    break
                received += data
        self.assertIn(b" 429 ", received)
        self.assertEqual(received.count(b"HTTP/1.1 "), 46)
        self.assertNotIn(b"<", received)


class BlockTest(AdmissionTestCase):
    rules = Rules(here=HERE)
    mode = "get"

    def test_a_blocked_poste_is_cut_and_refused_and_told_once(self):
        # Une connexion gardée ouverte (keep-alive), comme un navigateur.
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10,
                                                source_address=("127.0.0.2", 0))
        self.addCleanup(connection.close)
        connection.request("GET", "/README.md")
        self.assertEqual(connection.getresponse().read()[:1], b"#")
        self.assertTrue(wait_until(lambda: self.controller.connection_count() >= 1))
        self.assertTrue(self.controller.block("127.0.0.2"))
        self.assertFalse(self.controller.block("127.0.0.2"))   # déjà bloqué
        # Sa connexion ouverte est coupée tout de suite.
        connection.sock.settimeout(10)
        self.assertEqual(connection.sock.recv(100), b"")
        for _ in range(3):
            status, _headers, page = ask(self.port, path="/README.md")
            self.assertEqual(status, 403)
            self.assertIn("Ce poste est bloqué", page)
        self.assertEqual(ask(self.port, path="/README.md", source="127.0.0.3")[0], 200)
        told = [e for e in self.log.events if e.client == "127.0.0.2" and e.kind in
                (ERROR, NOTICE) and e.fact != "code-missing"]
        self.assertEqual([e.fact for e in told], ["client-blocked"])
        self.assertEqual(dict(told[0].values)["cut"], 1)
        self.assertIn("je bloque le poste 127.0.0.2 : sa connexion ouverte est coupée",
                      self.journal())
        self.assertTrue(self.controller.unblock("127.0.0.2"))
        self.assertEqual(ask(self.port, path="/README.md")[0], 200)
        self.assertIn("(3 connexions refusées pendant le blocage)", self.journal())

    def test_this_computer_is_never_blocked(self):
        self.assertFalse(self.controller.block("127.0.0.1"))
        self.assertEqual(ask(self.port, path="/README.md", source="127.0.0.1")[0], 200)
        self.assertIn("est cet ordinateur : je ne le bloque pas", self.journal())

    def test_a_block_lasts_across_a_restart(self):
        self.controller.block("127.0.0.2")
        self.controller.stop()
        self.controller.start("get", 0)
        self.assertEqual(ask(self.controller.port, path="/README.md")[0], 403)


class StudentModeTest(unittest.TestCase):
    """« Mon serveur » : ni code ni débit (l'élève répond lui-même) ; bloquer marche."""

    @unittest.skipUnless(can_bind("127.0.0.2"), "il faut plusieurs adresses de boucle locale")
    def test_no_code_in_a_student_server_but_blocking_works(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        path = os.path.join(folder, "mon_serveur.py")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("from http.server import BaseHTTPRequestHandler\n"
                         "class S(BaseHTTPRequestHandler):\n"
                         "    def do_GET(self):\n"
                         "        self.send_response(200)\n"
                         "        self.send_header('Content-Length', '2')\n"
                         "        self.end_headers()\n"
                         "        self.wfile.write(b'ok')\n")
        log = EventLog()
        controller = Controller(report=log)
        controller.admit(Rules(code=CODE, limit=1, here=HERE))
        controller.start("mon-serveur", 0, student_file=path)
        self.addCleanup(controller.stop)
        self.assertEqual(ask(controller.port)[0], 200)
        rules = log.wait_for(lambda e: e.fact == "admission-rules")
        self.assertTrue(dict(rules.values)["student"])
        controller.block("127.0.0.2")
        self.assertEqual(ask(controller.port)[0], 403)


class HideTest(unittest.TestCase):

    def test_hide_passes_everywhere_they_travel(self):
        fields = {"headers": (("Cookie", "visites=2; %s=abcDEF-_1; x=1" % COOKIE),),
                  "reply_headers": (("Set-Cookie", "%s=tok; Path=/" % COOKIE),),
                  "request_head": b"GET / HTTP/1.1\r\nCookie: " + COOKIE.encode() + b"=abc\r\n",
                  "reply_head": b"", "path": "/"}
        hidden = hide_passes(fields)
        self.assertEqual(hidden["headers"][0][1], "visites=2; %s=%s; x=1" % (COOKIE, HIDDEN))
        self.assertEqual(hidden["reply_headers"][0][1], "%s=%s; Path=/" % (COOKIE, HIDDEN))
        self.assertNotIn(b"abc", hidden["request_head"])

    def test_hide_typed(self):
        self.assertEqual(hide_typed(b"code_classe=4821&x=1"),
                         ("code_classe=" + HIDDEN + "&x=1").encode("utf-8"))
        self.assertEqual(hide_typed(b"x=1&code%5fclasse=4821&code+classe=1"),
                         ("x=1&code%5fclasse=" + HIDDEN + "&code+classe=1").encode("utf-8"))


if __name__ == "__main__":
    unittest.main()
