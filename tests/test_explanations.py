"""Tests de serveur/explanations.py : les lignes « À savoir » pour débutants."""

import time
import unittest
from email.utils import formatdate

from serveur.events import EXCHANGE, REQUEST, RESPONSE, Event
from serveur.explanations import Explainer

from .support import ServerTestCase, plain


class ExplainerTest(unittest.TestCase):
    def request(self, path, client="10.0.0.1", exchange=0, **headers):
        return Event(REQUEST, client=client, method="GET", path=path, version="HTTP/1.1",
                     headers=tuple(headers.items()), time=time.time(), exchange=exchange)

    def answer(self, exchange, status):
        return Event(EXCHANGE, client="10.0.0.1", method="GET", path="/", status=status,
                     exchange=exchange)

    def test_favicon(self):
        self.assertIn("favicon", Explainer().notes(self.request("/favicon.ico"))[0])

    def test_resource_needed_by_a_page(self):
        notes = Explainer().notes(self.request("/style.css", Referer="http://10.0.0.9:8081/page.html",
                                               **{"Sec-Fetch-Dest": "style"}))
        self.assertIn("la page /page.html en a besoin", notes[0])
        notes = Explainer().notes(self.request("/a.css", Referer="http://h/S%C3%A9ance.html",
                                               **{"Sec-Fetch-Dest": "style"}))
        self.assertIn("la page /Séance.html (reçu : /S%C3%A9ance.html) en a besoin",
                      plain(notes[0]))

    def test_reload_and_second_visit(self):
        explainer = Explainer()
        page = {"Sec-Fetch-Dest": "document"}
        self.assertEqual(explainer.notes(self.request("/", **page)), [])
        # Un rechargement est expliqué avec sa réponse, une fois partie.
        reloaded = dict(page, **{"Cache-Control": "max-age=0"})
        self.assertEqual(explainer.notes(self.request("/", exchange=2, **reloaded)), [])
        reload = explainer.notes(self.answer(2, 200))
        self.assertIn("rechargée", reload[0])
        self.assertIn("qui l'a renvoyée en entier (200)", reload[0])
        again = explainer.notes(self.request("/", **page))
        self.assertIn("seconde fois", again[0])
        # Un autre client n'est pas un rechargement.
        self.assertEqual(explainer.notes(self.request("/", client="10.0.0.2", **page)), [])

    def test_a_reload_answered_304_is_not_sent_again(self):
        explainer = Explainer()
        page = {"Sec-Fetch-Dest": "document"}
        explainer.notes(self.request("/", exchange=1, **page))
        explainer.notes(self.request("/", exchange=2, **dict(page, **{"Cache-Control": "max-age=0"})))
        notes = explainer.notes(self.answer(2, 304))
        self.assertEqual(len(notes), 1)   # une seule explication : celle du rechargement
        self.assertIn("rechargée", notes[0])
        self.assertIn("le serveur n'a pas renvoyé le contenu", notes[0])
        self.assertNotIn("qui la renvoie", notes[0])
        self.assertNotIn("renvoyée", notes[0])

    def test_ordinary_requests_need_no_explanation(self):
        explainer = Explainer()
        self.assertEqual(explainer.notes(self.request("/page.html", Accept="text/html")), [])
        self.assertEqual(explainer.notes(Event(RESPONSE, status=200)), [])

    def test_javascript_runs_in_the_browser(self):
        def served(kind, start):
            return Event(EXCHANGE, method="GET", path="/", status=200, exchange=5,
                         reply_headers=(("Content-Type", kind),), reply_body=start)
        explainer = Explainer()
        page = explainer.notes(served("text/html; charset=utf-8", b"<html><SCRIPT src=a.js>"))
        self.assertIn("le serveur ne le verra pas", plain(page[0]))
        self.assertIn("c'est le navigateur qui l'exécutera", plain(page[0]))
        script = explainer.notes(served("text/javascript; charset=utf-8", b"alert(1)"))
        self.assertIn("programme JavaScript", script[0])
        self.assertEqual(explainer.notes(served("text/html", b"<p>sans script</p>")), [])
        self.assertEqual(explainer.notes(served("text/plain", b"<script>")), [])

    def test_a_request_sent_by_a_script(self):
        notes = Explainer().notes(self.request("/donnees.json", Referer="http://h/index.html",
                                               **{"Sec-Fetch-Dest": "empty"}))
        self.assertEqual(len(notes), 1)
        self.assertIn("c'est un script de la page qui l'envoie (fetch)", notes[0])
        self.assertNotIn("personne n'a cliqué", notes[0])



class ReloadOnTheServerTest(ServerTestCase):
    """Un vrai rechargement (F5) du formulaire, que le serveur revalide en 304."""

    files = {"ressource.html": b"<form method=post></form>"}

    def test_a_reload_answered_304(self):
        explainer = Explainer()
        page = {"Accept": "text/html", "Cache-Control": "max-age=0",
                "If-Modified-Since": formatdate(time.time() + 60, usegmt=True)}
        self.request("GET", "/", headers={"Accept": "text/html"})
        response, _ = self.request("GET", "/", headers=page)
        self.assertEqual(response.status, 304)
        self.assertTrue(self.log.wait_for(
            lambda e: e.kind == EXCHANGE and e.status == 304))
        notes = [note for event in list(self.log.events) for note in explainer.notes(event)]
        self.assertEqual(len(notes), 1, notes)
        self.assertIn("la page a été rechargée (F5 ou ↻) : le navigateur a demandé au serveur si "
                      "elle avait changé", plain(notes[0]))
        self.assertIn("n'a pas changé (304)", notes[0])


if __name__ == "__main__":
    unittest.main()
