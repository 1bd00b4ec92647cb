"""Tests de serveur/explanations.py : les lignes « À savoir » pour débutants."""

import time
import unittest

from serveur.events import REQUEST, RESPONSE, Event
from serveur.explanations import Explainer


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
