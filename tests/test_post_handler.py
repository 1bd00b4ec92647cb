"""Tests du serveur GET/POST : le formulaire, la lecture d'un POST, les corps invalides."""

import json
import os
import socket
import struct
import unittest
import urllib.parse

from serveur.events import DATA, ERROR, NOTICE, REQUEST
from serveur.formatter import format_event

from .support import ServerTestCase, raw_exchange

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
    request_timeout = 0.5   # pour le test du corps qui n'arrive jamais
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
        lines = "\n".join(format_event(event))
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


if __name__ == "__main__":
    unittest.main()
