"""Tests du serveur GET : fichiers, liste du dossier, erreurs en français, sécurité."""

import http.client
import os
import re
import socket
import time
import unittest
from email.utils import formatdate

from serveur.events import ERROR, EXCHANGE, NOTICE, REQUEST, STOPPED
from serveur.explanations import Explainer
from serveur.formatter import format_event
from serveur.sections import exchange_sections

from .support import WAIT, ServerTestCase, plain, raw_exchange, wait_until


class GetHandlerTest(ServerTestCase):
    mode = "get"
    files = {
        "élève.txt": "Bonjour, élève !\n".encode("utf-8"),
        "page.html": "<!DOCTYPE html><title>é</title>".encode("utf-8"),
        "sous/note.txt": b"dans un sous-dossier",
        ".env": b"SECRET=42",
        ".git/config": b"[core]",
    }

    def test_http_1_0_keep_alive_is_answered_as_such(self):
        # « ab -k » : un client HTTP/1.0 qui demande keep-alive garde la connexion
        # seulement si la réponse le dit ; sinon il attendait la fermeture (15 s).
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            reader = sock.makefile("rb")
            for _ in range(2):   # deux requêtes sur la même connexion
                sock.sendall(b"GET /page.html HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                status = reader.readline()
                headers = {}
                for line in iter(reader.readline, b"\r\n"):
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                self.assertTrue(status.startswith(b"HTTP/1.1 200"), status)
                self.assertEqual(headers.get("connection"), "keep-alive")
                reader.read(int(headers["content-length"]))
        # Sans keep-alive, HTTP/1.0 ferme après la réponse, comme avant.
        answer = self.raw(b"GET /page.html HTTP/1.0\r\n\r\n")
        self.assertNotIn(b"keep-alive", answer)

    def test_small_and_large_files_arrive_whole_with_their_headers(self):
        # Un petit fichier est lu d'un coup (files.SMALL_FILE), un gros par morceaux :
        # mêmes octets, mêmes en-têtes.
        from serveur.files import SMALL_FILE
        for name, size in (("petit.bin", 1000), ("tout-juste.bin", SMALL_FILE),
                           ("gros.bin", SMALL_FILE + 1), ("vide.txt", 0)):
            data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
            with open(os.path.join(self.folder, name), "wb") as handle:
                handle.write(data)
            stamp = formatdate(os.stat(os.path.join(self.folder, name)).st_mtime, usegmt=True)
            response, body = self.request("GET", "/" + name)
            self.assertEqual((response.status, body), (200, data), name)
            self.assertEqual(response.getheader("Content-Length"), str(size))
            self.assertEqual(response.getheader("Last-Modified"), stamp)
            self.assertEqual(response.getheader("Accept-Ranges"), "bytes")
            response, body = self.request("HEAD", "/" + name)
            self.assertEqual((response.status, body), (200, b""))
            self.assertEqual(response.getheader("Content-Length"), str(size))

    def test_listing_in_french_without_hidden_files(self):
        response, body = self.request("GET", "/")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Type"), "text/html; charset=utf-8")
        page = body.decode("utf-8")
        self.assertIn("Contenu du dossier", page)
        self.assertIn("élève.txt", page)
        self.assertIn('href="sous/"', page)
        self.assertNotIn(".env", page)
        self.assertNotIn(".git", page)

    def test_text_file_declares_utf8(self):
        response, body = self.request("GET", "/%C3%A9l%C3%A8ve.txt")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Type"), "text/plain; charset=utf-8")
        self.assertEqual(body.decode("utf-8"), "Bonjour, élève !\n")
        response, _ = self.request("GET", "/page.html")
        self.assertEqual(response.getheader("Content-Type"), "text/html; charset=utf-8")

    def test_events_tell_request_and_response(self):
        self.request("GET", "/page.html", headers={"X-Essai": "oui"})
        request = self.log.wait_for(lambda e: e.kind == REQUEST)
        self.assertEqual((request.method, request.path, request.version),
                         ("GET", "/page.html", "HTTP/1.1"))
        self.assertIn(("X-Essai", "oui"), request.headers)
        self.assertEqual(request.client, "127.0.0.1")
        response = self.log.wait_for(lambda e: e.kind == EXCHANGE)   # la réponse, une fois partie
        self.assertEqual(response.status, 200)
        self.assertIn("je réponds 200 OK", format_event(response)[0])

    def test_missing_file_is_a_french_404(self):
        response, body = self.request("GET", "/absent.html")
        self.assertEqual(response.status, 404)
        self.assertEqual(response.getheader("Content-Type"), "text/html; charset=utf-8")
        self.assertIn("Aucun fichier ne correspond", body.decode("utf-8"))
        error = self.log.wait_for(lambda e: e.kind == ERROR)
        self.assertEqual(error.status, 404)

    def test_a_404_line_names_the_path_decoded_beside_its_raw_form(self):
        for raw, shown in (("/S%C3%A9ance%201.txt", "/Séance 1.txt (reçu : /S%C3%A9ance%201.txt)"),
                           ("/absent.txt", "/absent.txt"),
                           ("/.cache", "/.cache")):        # caché : 404 aussi, avec sa raison
            with self.subTest(raw=raw):
                response, _ = self.request("GET", raw)
                self.assertEqual(response.status, 404)
                error = self.log.wait_for(lambda e: e.kind == ERROR and e.path == raw)
                self.assertTrue(plain(format_event(error)[0]).endswith(
                    "→ réponse 404 (ressource introuvable) pour " + shown))

    def test_head_sends_no_body(self):
        response, body = self.request("HEAD", "/page.html")
        self.assertEqual(response.status, 200)
        self.assertEqual(body, b"")

    def test_post_is_refused_in_get_mode_with_an_explanation(self):
        response, body = self.request("POST", "/", body=b"a=1",
                                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(response.status, 501)
        self.assertIn("GET et HEAD", body.decode("utf-8"))
        self.assert_still_serving()

    def test_hidden_files_are_never_served(self):
        for path in ("/.env", "/.git/config", "/%2Eenv"):
            with self.subTest(path=path):
                response, body = self.request("GET", path)
                self.assertEqual(response.status, 404)
                self.assertNotIn(b"SECRET", body)

    def test_parent_folder_is_out_of_reach(self):
        secret = os.path.join(os.path.dirname(self.folder), "secret-panneau.txt")
        with open(secret, "w", encoding="utf-8") as handle:
            handle.write("TOP SECRET")
        self.addCleanup(os.remove, secret)
        for path in (b"/../secret-panneau.txt", b"/%2e%2e/secret-panneau.txt",
                     b"/..%2fsecret-panneau.txt", b"/sous/../../secret-panneau.txt",
                     b"/..\\secret-panneau.txt"):
            with self.subTest(path=path):
                answer = self.raw(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                self.assertNotIn(b"TOP SECRET", answer)

    @unittest.skipUnless(hasattr(os, "symlink"), "liens symboliques indisponibles")
    def test_symbolic_link_out_of_the_folder_is_refused(self):
        self.link_to_outside("lien.txt", "HORS DU DOSSIER")
        response, body = self.request("GET", "/lien.txt")
        self.assertEqual(response.status, 403)
        self.assertNotIn(b"HORS DU DOSSIER", body)

    def test_a_folder_without_its_slash_is_redirected_on_a_kept_open_connection(self):
        # « /sous » : 301 vers « /sous/ », avec Content-Length: 0 (la bibliothèque de Python 3.8
        # l'oubliait : http.client attendait un corps sur la connexion gardée ouverte).
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        self.addCleanup(connection.close)
        for query in ("", "?x=1"):
            connection.request("GET", "/sous" + query)
            response = connection.getresponse()
            self.assertEqual((response.status, response.read()), (301, b""))
            self.assertEqual(response.getheader("Location"), "/sous/" + query)
            self.assertEqual(response.getheader("Content-Length"), "0")
            connection.request("GET", "/sous/note.txt")   # la même connexion sert encore
            response = connection.getresponse()
            self.assertEqual((response.status, response.read()), (200, b"dans un sous-dossier"))

    def test_double_slash_never_redirects_to_another_host(self):
        os.makedirs(os.path.join(self.folder, "evil.example"), exist_ok=True)
        answer = self.raw(b"GET //evil.example HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        location = re.search(rb"Location: (.*)\r\n", answer)
        if location:
            self.assertFalse(location.group(1).startswith(b"//"), location.group(1))


EXCHANGE_FORM = b'<!DOCTYPE html><meta charset="utf-8"><form method="post"><input name="nom"></form>'


class ExchangeRecordTest(ServerTestCase):
    """L'échange complet (requête reçue, réponse envoyée), gardé pour « Échange brut »."""

    files = {"ressource.html": EXCHANGE_FORM, "style.css": b"body { color: teal; }"}

    def test_the_raw_exchange_is_kept(self):
        self.request("POST", "/traitement", body=b"nom=Zo%C3%A9",
                     headers={"Content-Type": "application/x-www-form-urlencoded",
                              "X-Essai": "oui"})
        exchange = self.wait_kind(EXCHANGE)
        request = self.wait_kind(REQUEST)
        self.assertEqual(exchange.exchange, request.exchange)
        self.assertGreater(exchange.exchange, 0)
        self.assertEqual((exchange.method, exchange.path, exchange.status), ("POST", "/traitement", 200))
        self.assertIn(("X-Essai", "oui"), exchange.headers)
        self.assertEqual(exchange.body, b"nom=Zo%C3%A9")
        self.assertIn(("Content-Type", "text/html; charset=utf-8"), exchange.reply_headers)
        self.assertTrue(exchange.reply_body.startswith(b"<!DOCTYPE html>"))
        self.assertGreaterEqual(exchange.duration, 0)
        sections = exchange_sections(exchange)
        labels = [label for label, _ in sections]
        self.assertEqual(labels, [
            "", "ligne de requête",
            "en-têtes (%d)" % len(exchange.headers), "ligne vide", "corps (12 octets)",
            "", "ligne de statut",
            "en-têtes (%d)" % len(exchange.reply_headers), "ligne vide", "début du corps"])
        texts = [text for _, text in sections]
        self.assertIn("REQUÊTE n°%d" % exchange.exchange, texts[0])
        self.assertEqual(texts[1], "POST /traitement HTTP/1.1")
        self.assertIn("X-Essai: oui", texts[2])
        self.assertEqual(texts[4], "nom=Zo%C3%A9")
        self.assertIn("RÉPONSE du serveur — 200 OK : tout s'est bien passé", plain(texts[5]))
        self.assertEqual(texts[6], "HTTP/1.1 200 OK")
        self.assertIn("Set-Cookie: visites=1", texts[7])
        self.assertIn("<!DOCTYPE html>", texts[9])
        # Le numéro de la requête apparaît dans le journal, pour y retrouver l'échange.
        self.assertIn("(requête n°%d)" % exchange.exchange, format_event(request)[0])

    def test_exchange_numbers_follow_each_other(self):
        for _ in range(3):
            self.request("GET", "/style.css")
        self.assertTrue(wait_until(lambda: len(self.log.of_kind(EXCHANGE)) >= 3))
        self.assertEqual([e.exchange for e in self.log.of_kind(EXCHANGE)], [1, 2, 3])

    def test_error_exchange_keeps_its_status(self):
        self.request("GET", "/absent.png")
        exchange = self.wait_kind(EXCHANGE)
        self.assertEqual(exchange.status, 404)
        self.assertIn("404 Not Found : ressource introuvable", plain(exchange_sections(exchange)[5][1]))

    def test_not_modified_is_explained(self):
        stamp = formatdate(time.time() + 60, usegmt=True)
        response, body = self.request("GET", "/style.css", headers={"If-Modified-Since": stamp})
        self.assertEqual(response.status, 304)
        answer = self.wait_kind(EXCHANGE)
        self.assertIn("pas modifiée", format_event(answer)[0])
        self.assertIn("cache", "\n".join(Explainer().notes(answer)))



class PathAndProtocolTest(ServerTestCase):
    """Chemins étranges et corps inattendus : une réponse claire, jamais de surprise."""

    files = {"ressource.html": EXCHANGE_FORM, "sous/page.txt": b"ok"}
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


if __name__ == "__main__":
    unittest.main()


class FactsNotSentencesTest(ServerTestCase):
    """Les gestionnaires racontent des faits : aucun événement n'arrive avec une phrase."""

    files = {"ressource.html": b"<form method=post></form>", ".cache": b"x"}

    def setUp(self):
        super().setUp()
        self.raw_events = []   # les événements tels que le serveur les crée
        self.controller.report = self.raw_events.append
        self.controller.stop()
        self.controller.start("get-post", 0, self.folder)
        self.port = self.controller.port

    def test_refusals_are_facts_with_values(self):
        requests = (b"GET /page\r\n",                                        # HTTP/0.9
                    b"BREW / HTTP/1.1\r\nConnection: close\r\n\r\n",         # 501
                    b"GET /.cache HTTP/1.1\r\nConnection: close\r\n\r\n",    # caché
                    b"GET /absent HTTP/1.1\r\nConnection: close\r\n\r\n",    # 404
                    b"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n"
                    b"Connection: close\r\n\r\n",                             # 413
                    b"\x16\x03\x01\x00\x05hello")                              # https://
        for data in requests:
            raw_exchange(self.port, data)
        self.assertTrue(wait_until(lambda: len([e for e in self.raw_events
                                                if e.kind == ERROR]) >= len(requests)))
        self.controller.stop()
        told = [e for e in self.raw_events if e.kind in (ERROR, NOTICE, STOPPED)]
        self.assertEqual([e.message for e in told if e.message], [])
        facts = {e.fact: dict(e.values) for e in told}
        self.assertIn("http-0.9", facts)
        self.assertEqual(facts["http-0.9"]["request_line"], "GET /page")
        self.assertEqual(facts["hidden-file"], {})
        self.assertEqual(facts["body-too-large"], {"length": 99999999, "limit": 1024 * 1024})
        self.assertIn("https-attempt", facts)
        self.assertEqual(facts["stopped"], {"cut": 0})
        unsupported = [e for e in told if e.status == 501][0]
        self.assertEqual(dict(unsupported.values)["cause"], "unsupported-method")
        self.assertEqual(dict(unsupported.values)["methods"], ("GET", "HEAD", "POST"))
