"""Tests du serveur GET/POST : le formulaire, la lecture d'un POST, les corps invalides."""

import json
import os
import socket
import struct
import time
import unittest
import urllib.parse
from email.utils import formatdate

from serveur.events import DATA, ERROR, EXCHANGE, NOTICE, REQUEST, RESPONSE
from serveur.formatter import format_event

from .support import WAIT, ServerTestCase, plain, raw_exchange, wait_until

FORM = "<!DOCTYPE html><title>Formulaire</title><form method=post>é</form>".encode("utf-8")

# Les champs du formulaire de ressource.html, comme un navigateur les envoie.
FORM_VALUES = [("nom", "Frodon Sacquet, élève de 1re"), ("message", "Ligne 1\r\nLigne 2"),
               ("classe", "premiere"), ("langage", "SQL"), ("accord", "oui")]


def urlencoded(pairs):
    return urllib.parse.urlencode(pairs).encode("ascii")


class FormPageTest(ServerTestCase):
    files = {"ressource.html": FORM, "style.css": b"body { color: red; }"}

    def test_root_and_ressource_serve_the_form(self):
        for path in ("/", "/ressource.html", "/?x=1"):
            with self.subTest(path=path):
                response, body = self.request("GET", path)
                self.assertEqual(response.status, 200)
                self.assertEqual(body, FORM)
                self.assertEqual(response.getheader("Content-Type"), "text/html; charset=utf-8")
                self.assertEqual(response.getheader("Cache-Control"), "no-cache")

    def test_form_is_read_again_at_each_request(self):
        with open(os.path.join(self.folder, "ressource.html"), "wb") as handle:
            handle.write(b"<p>nouvelle version</p>")
        _, body = self.request("GET", "/")
        self.assertEqual(body, b"<p>nouvelle version</p>")

    def test_other_files_of_the_folder_are_served(self):
        response, body = self.request("GET", "/style.css")
        self.assertEqual(response.status, 200)
        self.assertEqual(body, b"body { color: red; }")
        self.assertEqual(response.getheader("Content-Type"), "text/css; charset=utf-8")


class MissingFormTest(ServerTestCase):
    files = {}

    def test_missing_form_is_a_clear_404(self):
        response, body = self.request("GET", "/")
        self.assertEqual(response.status, 404)
        page = body.decode("utf-8")
        self.assertIn("ressource.html", page)
        self.assertIn("Créez-le", page)
        error = self.log.wait_for(lambda e: e.kind == ERROR)
        self.assertIn("ressource.html", "\n".join(format_event(error)))


class PostTest(ServerTestCase):
    files = {"ressource.html": FORM}
    request_timeout = 0.5
    patience = 0.5          # pour le test du corps qui n'arrive jamais
    max_body_size = 10000

    def post(self, body, content_type="application/x-www-form-urlencoded", path="/"):
        return self.request("POST", path, body=body, headers={"Content-Type": content_type})

    def data_event(self):
        event = self.log.wait_for(lambda e: e.kind == DATA)
        self.assertIsNotNone(event, "aucun événement DATA")
        return event

    def test_every_field_of_the_form(self):
        response, body = self.post(urlencoded(FORM_VALUES))
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Type"), "text/html; charset=utf-8")
        page = body.decode("utf-8")
        self.assertIn("Le message a bien été transmis", page)
        self.assertIn("Frodon Sacquet, élève de 1re", page)
        self.assertIn('href="/"', page)
        event = self.data_event()
        self.assertEqual([(f.name, f.value) for f in event.fields], FORM_VALUES)
        self.assertEqual(event.body, urlencoded(FORM_VALUES))
        lines = plain("\n".join(format_event(event)))
        self.assertIn("nom = « Frodon Sacquet, élève de 1re »", lines)
        self.assertIn("message = « Ligne 1\\r\\nLigne 2 »", lines)
        request = self.log.wait_for(lambda e: e.kind == REQUEST)
        self.assertIn("j'ai reçu une requête de type POST de la part du client 127.0.0.1",
                      format_event(request)[0])

    def test_post_to_any_path(self):
        response, _ = self.post(b"a=1", path="/traitement")
        self.assertEqual(response.status, 200)

    def test_multipart_with_a_file(self):
        boundary = "----limite"
        body = ("--{b}\r\nContent-Disposition: form-data; name=\"nom\"\r\n\r\nÉlodie\r\n"
                "--{b}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"été.png\"\r\n"
                "Content-Type: image/png\r\n\r\n").format(b=boundary).encode("utf-8")
        body += b"\x89PNG" + bytes(100) + ("\r\n--%s--\r\n" % boundary).encode("ascii")
        response, page = self.post(body, "multipart/form-data; boundary=" + boundary)
        self.assertEqual(response.status, 200)
        self.assertIn("Élodie", page.decode("utf-8"))
        fields = self.data_event().fields
        self.assertEqual((fields[0].name, fields[0].value), ("nom", "Élodie"))
        self.assertEqual((fields[1].name, fields[1].filename, fields[1].size),
                         ("photo", "été.png", 104))

    def test_json_and_plain_text(self):
        self.post(json.dumps({"nom": "Zoé", "age": 16}).encode("utf-8"), "application/json")
        fields = self.data_event().fields
        self.assertEqual([(f.name, f.value) for f in fields], [("nom", "Zoé"), ("age", "16")])

    def test_plain_text_form(self):
        self.post("nom=Zoé\r\nclasse=1re\r\n".encode("utf-8"), "text/plain")
        fields = self.data_event().fields
        self.assertEqual([(f.name, f.value) for f in fields], [("nom", "Zoé"), ("classe", "1re")])

    def test_values_are_escaped_in_the_page(self):
        _, body = self.post(urlencoded([("nom", "<script>alert(1)</script>")]))
        self.assertNotIn(b"<script>", body)
        self.assertIn(b"&lt;script&gt;", body)

    def test_non_utf8_bytes_never_crash(self):
        response, _ = self.post(b"nom=%E9l%E8ve&x=\xff\xfe")
        self.assertEqual(response.status, 200)
        fields = self.data_event().fields
        self.assertIn("\ufffd", fields[0].value)

    def test_missing_content_length_is_411(self):
        answer = self.raw(b"POST / HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 411 "), answer[:40])
        self.assertIn("Content-Length".encode(), answer)
        self.assert_still_serving()

    def test_bad_content_length_is_400(self):
        for value in (b"abc", b"-5", b"+5", b"1_0", b"5, 6"):
            with self.subTest(value=value):
                answer = self.raw(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + value
                                  + b"\r\n\r\nhello")
                self.assertTrue(answer.startswith(b"HTTP/1.1 400 "), answer[:40])
        self.assert_still_serving()

    def test_too_big_body_is_413_without_reading_it(self):
        answer = self.raw(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1099511627776\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 413 "), answer[:40])
        error = self.log.wait_for(lambda e: e.kind == ERROR and e.status == 413)
        self.assertIn("trop gros", "\n".join(format_event(error)))
        self.assert_still_serving()

    def test_body_that_never_arrives_times_out(self):
        answer = self.raw(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nseulement 20 octets")
        self.assertTrue(answer.startswith(b"HTTP/1.1 408 "), answer[:40])
        error = self.log.wait_for(lambda e: e.kind == ERROR and e.status == 408)
        self.assertIn("n'est pas arrivé en entier", error.message)
        self.assert_still_serving()

    def test_client_closing_before_the_whole_body(self):
        self.raw(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n20 octets seulement", shut_write=True)
        error = self.log.wait_for(lambda e: e.kind == ERROR and "a fermé la connexion" in e.message)
        self.assertIn("19 octets du corps sur 100", error.message)
        self.assert_still_serving()

    def test_chunked_body_is_refused_clearly(self):
        answer = self.raw(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                          b"3\r\nabc\r\n0\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 411 "), answer[:40])
        self.assert_still_serving()

    def test_malformed_header_line_is_400(self):
        answer = self.raw(b"POST / HTTP/1.1\r\nHost: x\r\nX-Pi\x1bge: a\r\nContent-Length: 3\r\n\r\na=1")
        self.assertTrue(answer.startswith(b"HTTP/1.1 400 "), answer[:40])
        error = self.log.wait_for(lambda e: e.kind == ERROR and e.status == 400)
        self.assertIn("mal formée", error.message)
        self.assert_still_serving()

    def test_client_hanging_up_mid_answer_is_one_calm_line(self):
        with open(os.path.join(self.folder, "gros.bin"), "wb") as handle:
            handle.write(bytes(8 * 1024 * 1024))
        sock = socket.create_connection(("127.0.0.1", self.port))
        sock.sendall(b"GET /gros.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.recv(1000)
        # Fermeture brutale (RST) au milieu de la réponse.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
        notice = self.log.wait_for(lambda e: e.kind == NOTICE and "fermé la connexion" in e.message)
        self.assertIsNotNone(notice)
        self.assertEqual([e for e in self.log.of_kind(ERROR) if "interne" in e.message], [])
        self.assert_still_serving()

    def test_control_characters_from_the_client_are_shown_escaped(self):
        raw_exchange(self.port, b"POST /\x1b[31mrouge HTTP/1.1\r\nHost: x\r\nX-Piege: a\x07b\x1b[2J\r\n"
                                b"Content-Length: 11\r\nConnection: close\r\n\r\nn\x1bom=v%1Bal")
        self.data_event()
        for event in list(self.log.events):
            for line in format_event(event):
                self.assertNotRegex(line, "[\x00-\x08\x0b-\x1f\x7f]", line)


RF_FORM = b'<!DOCTYPE html><meta charset="utf-8"><form method="post"><input name="nom"></form>'
TEACHING_FORM = ('<!DOCTYPE html><meta charset="utf-8"><form method="post">'
        '<input name="nom"><input type="password" name="mot_de_passe"></form>').encode("utf-8")


def lines_of(events):
    """Les lignes du journal de ces événements, espaces insécables comprises."""
    return "\n".join(line for event in events for line in format_event(event))


class TeachingTest(ServerTestCase):
    """Ce que le serveur GET/POST enseigne : paramètres d'URL, corps, mot de passe, cookie."""

    files = {"ressource.html": TEACHING_FORM, "style.css": b"body { color: teal; }"}

    def test_the_search_form_gets_a_search_page(self):
        _, page = self.request("GET", "/recherche?ville=Besan%C3%A7on")
        page = page.decode("utf-8")
        self.assertIn("<h1>Recherche reçue</h1>", page)
        self.assertIn("<title>Recherche reçue</title>", page)
        self.assertNotIn("Le message a bien été transmis", page)
        self.assertIn("Besançon", page)
        _, page = self.request("POST", "/", body=b"nom=a", headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        self.assertIn("Le message a bien été transmis", page.decode("utf-8"))

    def test_get_parameters_are_decoded_and_located(self):
        response, page = self.request("GET", "/recherche?ville=Fran%C3%A7ois+1er&vide=")
        self.assertEqual(response.status, 200)
        self.assertIn("François 1er", page.decode("utf-8"))
        self.assertIn("dans l'adresse", page.decode("utf-8"))
        request = self.wait_kind(REQUEST)
        self.assertEqual([(f.name, f.value) for f in request.fields],
                         [("ville", "François 1er"), ("vide", "")])
        text = plain(lines_of([request]))
        self.assertIn("ville = « François 1er »   ← reçu : ville=Fran%C3%A7ois+1er", text)
        self.assertIn("ont voyagé dans l'URL", text)

    def test_post_says_the_data_travelled_in_the_body(self):
        self.request("POST", "/", body=b"nom=Fran%C3%A7ois",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        text = plain(lines_of([self.wait_kind(DATA)]))
        self.assertIn("nom = « François »   ← reçu : nom=Fran%C3%A7ois", text)
        self.assertIn("ont voyagé dans le corps de la requête", text)

    def test_password_travels_in_clear(self):
        self.request("POST", "/", body=b"nom=Zo%C3%A9&mot_de_passe=anneau",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        data = self.wait_kind(DATA)
        self.assertEqual(data.secrets, ("mot_de_passe",))
        # Le client (127.0.0.1) et le serveur sont sur cet ordinateur : rien n'en est sorti.
        self.assertEqual(dict(data.values)["route"], "same-computer")
        text = plain(lines_of([data]))
        self.assertIn("mot_de_passe = « anneau »", text)
        self.assertIn("« mot_de_passe » est un champ mot de passe : il a voyagé EN CLAIR (HTTP), "
                      "mais sans quitter cet ordinateur", text)
        self.assertIn("HTTPS l'aurait chiffré en route, mais le serveur, lui, le lirait quand "
                      "même.", text)

    def test_a_password_sent_in_the_address_is_flagged_as_worse(self):
        # ressource.html passé en method="get" : le mot de passe part dans l'adresse.
        response, _ = self.request("GET", "/?nom=Zo%C3%A9&mot_de_passe=anneau")
        self.assertEqual(response.status, 200)
        request = self.wait_kind(REQUEST)
        self.assertEqual(request.secrets, ("mot_de_passe",))
        text = plain(lines_of([request]))
        self.assertIn("⚠ « mot_de_passe » est un champ mot de passe, envoyé dans l'adresse "
                      "(GET) : c'est pire qu'en POST. Il reste dans la barre d'adresse, dans "
                      "l'historique du navigateur et dans le journal du serveur.", text)
        # Le formulaire de recherche aussi, s'il porte un champ mot de passe.
        self.request("GET", "/recherche?ville=Lyon&mot_de_passe=anneau")
        search = self.log.wait_for(lambda e: e.kind == REQUEST and e.path.startswith("/recherche"))
        self.assertIn("c'est pire qu'en POST", plain(lines_of([search])))
        # Sans mot de passe rempli, pas d'alarme.
        self.request("GET", "/recherche?ville=Lyon&mot_de_passe=")
        empty = self.log.wait_for(lambda e: e.kind == REQUEST and e.path.endswith("passe="))
        self.assertNotIn("⚠", lines_of([empty]))

    def test_an_empty_password_field_raises_no_alarm(self):
        self.request("POST", "/", body=b"nom=Zo%C3%A9&mot_de_passe=",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertNotIn("EN CLAIR", lines_of([self.wait_kind(DATA)]))

    def test_visit_cookie_goes_and_comes_back(self):
        first, _ = self.request("GET", "/")
        self.assertEqual(first.getheader("Set-Cookie"), "visites=1; Path=/; SameSite=Lax")
        second, _ = self.request("GET", "/", headers={"Cookie": "visites=1"})
        self.assertEqual(second.getheader("Set-Cookie"), "visites=2; Path=/; SameSite=Lax")
        _, page = self.request("POST", "/", body=b"nom=a", headers={
            "Cookie": "autre=x; visites=2", "Content-Type": "application/x-www-form-urlencoded"})
        self.assertIn("le chargement n°3", page.decode("utf-8"))
        text = plain(lines_of(self.log.events))
        self.assertIn("avec un cookie : Set-Cookie: visites=2; Path=/; SameSite=Lax (le navigateur "
                      "le garde jusqu'à sa fermeture", text)
        self.assertIn("le navigateur renvoie un cookie reçu plus tôt : visites=1", text)
        # Un cookie illisible ne gêne pas : on recommence à 1.
        third, _ = self.request("GET", "/", headers={"Cookie": "visites=\x7fabc"})
        self.assertEqual(third.getheader("Set-Cookie"), "visites=1; Path=/; SameSite=Lax")

    def test_a_revalidated_form_page_still_counts_as_a_visit(self):
        stamp = formatdate(time.time() + 60, usegmt=True)
        response, _ = self.request("GET", "/", headers={"If-Modified-Since": stamp,
                                                        "Cookie": "visites=4"})
        self.assertEqual(response.status, 304)
        self.assertEqual(response.getheader("Set-Cookie"), "visites=5; Path=/; SameSite=Lax")

    def test_static_files_set_no_cookie(self):
        response, _ = self.request("GET", "/style.css")
        self.assertIsNone(response.getheader("Set-Cookie"))



class BodyEdgeTest(ServerTestCase):
    """Les cas limites d'un corps : connexion coupée, 100-continue, HEAD du formulaire GET."""

    files = {"ressource.html": RF_FORM}
    request_timeout = 1.0

    def status_of(self, answer):
        return int(answer.split(b" ", 2)[1])

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


if __name__ == "__main__":
    unittest.main()
