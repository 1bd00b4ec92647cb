"""Tests de ce qui enseigne l'échange : paramètres d'URL, mot de passe en clair,
cookie, échange brut, codes de statut, explications (par de vraies requêtes HTTP)."""

import time
import unittest
from email.utils import formatdate

from serveur.events import DATA, EXCHANGE, REQUEST, RESPONSE, Event
from serveur.explanations import Explainer
from serveur.formatter import STATUS_HINTS, exchange_sections, format_event

from .support import ServerTestCase, wait_until

FORM = ('<!DOCTYPE html><meta charset="utf-8"><form method="post">'
        '<input name="nom"><input type="password" name="mot_de_passe"></form>').encode("utf-8")


def lines_of(events):
    return "\n".join(line for event in events for line in format_event(event))


class ExchangeTest(ServerTestCase):
    files = {"ressource.html": FORM, "style.css": b"body { color: teal; }"}

    def wait_kind(self, kind, path=None):
        event = self.log.wait_for(lambda e: e.kind == kind and (path is None or e.path == path))
        self.assertIsNotNone(event, "aucun événement %s pour %s" % (kind, path))
        return event

    def test_get_parameters_are_decoded_and_located(self):
        response, page = self.request("GET", "/recherche?ville=Fran%C3%A7ois+1er&vide=")
        self.assertEqual(response.status, 200)
        self.assertIn("François 1er", page.decode("utf-8"))
        self.assertIn("dans l'adresse", page.decode("utf-8"))
        request = self.wait_kind(REQUEST)
        self.assertEqual([(f.name, f.value) for f in request.fields],
                         [("ville", "François 1er"), ("vide", "")])
        text = lines_of([request])
        self.assertIn("ville = « François 1er »   ← reçu : ville=Fran%C3%A7ois+1er", text)
        self.assertIn("ont voyagé dans l'URL", text)

    def test_post_says_the_data_travelled_in_the_body(self):
        self.request("POST", "/", body=b"nom=Fran%C3%A7ois",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        text = lines_of([self.wait_kind(DATA)])
        self.assertIn("nom = « François »   ← reçu : nom=Fran%C3%A7ois", text)
        self.assertIn("ont voyagé dans le corps de la requête", text)

    def test_password_travels_in_clear(self):
        self.request("POST", "/", body=b"nom=Zo%C3%A9&mot_de_passe=anneau",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        data = self.wait_kind(DATA)
        self.assertEqual(data.secrets, ("mot_de_passe",))
        text = lines_of([data])
        self.assertIn("mot_de_passe = « anneau »", text)
        self.assertIn("« mot_de_passe » est un champ mot de passe : il a voyagé EN CLAIR", text)
        self.assertIn("HTTPS", text)

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
        self.assertIn("visite n°3", page.decode("utf-8"))
        text = lines_of(self.log.events)
        self.assertIn("avec un cookie : Set-Cookie: visites=2", text)
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
        self.assertIn("RÉPONSE du serveur — 200 OK : tout s'est bien passé", texts[5])
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
        self.assertIn("404 Not Found : ressource introuvable", exchange_sections(exchange)[5][1])

    def test_not_modified_is_explained(self):
        stamp = formatdate(time.time() + 60, usegmt=True)
        response, body = self.request("GET", "/style.css", headers={"If-Modified-Since": stamp})
        self.assertEqual(response.status, 304)
        answer = self.wait_kind(EXCHANGE)
        self.assertIn("pas modifiée", format_event(answer)[0])
        self.assertIn("cache", "\n".join(Explainer().notes(answer)))


class StatusHintsTest(unittest.TestCase):
    def test_every_status_of_the_lesson_is_explained(self):
        for code in (200, 301, 304, 400, 403, 404, 405, 411, 413, 414, 431, 500, 501, 503, 505):
            with self.subTest(code=code):
                self.assertIn(code, STATUS_HINTS)
                line = format_event(Event(RESPONSE, client="1.2.3.4", status=code, reason="X"))[0]
                self.assertIn(STATUS_HINTS[code], line)


class ExplainerTest(unittest.TestCase):
    def request(self, path, client="10.0.0.1", **headers):
        return Event(REQUEST, client=client, method="GET", path=path, version="HTTP/1.1",
                     headers=tuple(headers.items()), time=time.time())

    def test_favicon(self):
        self.assertIn("favicon", Explainer().notes(self.request("/favicon.ico"))[0])

    def test_resource_needed_by_a_page(self):
        notes = Explainer().notes(self.request("/style.css", Referer="http://10.0.0.9:8081/page.html",
                                               **{"Sec-Fetch-Dest": "style"}))
        self.assertIn("la page /page.html en a besoin", notes[0])

    def test_reload_and_second_visit(self):
        explainer = Explainer()
        page = {"Sec-Fetch-Dest": "document"}
        self.assertEqual(explainer.notes(self.request("/", **page)), [])
        reload = explainer.notes(self.request("/", **dict(page, **{"Cache-Control": "max-age=0"})))
        self.assertIn("rechargée", reload[0])
        again = explainer.notes(self.request("/", **page))
        self.assertIn("seconde fois", again[0])
        # Un autre client n'est pas un rechargement.
        self.assertEqual(explainer.notes(self.request("/", client="10.0.0.2", **page)), [])

    def test_ordinary_requests_need_no_explanation(self):
        explainer = Explainer()
        self.assertEqual(explainer.notes(self.request("/page.html", Accept="text/html")), [])
        self.assertEqual(explainer.notes(Event(RESPONSE, status=200)), [])


if __name__ == "__main__":
    unittest.main()
