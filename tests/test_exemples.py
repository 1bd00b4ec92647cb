"""Tests du site de démonstration ``exemples/site/`` servi en mode GET.

Chacun de ses fichiers est servi (200, avec le bon type), et le journal dit ce qui
ne se passe que dans le navigateur : la page contient du JavaScript, que le serveur
envoie sans l'exécuter. (Le vrai navigateur qui clique sur ses boutons :
``tests/test_navigateur.py``.)
"""

import os
import unittest

from serveur import Controller
from serveur.events import EXCHANGE
from serveur.explanations import FETCHED, SCRIPT_FILE, SCRIPTS_IN_PAGE, Explainer

from .support import EventLog, ServerTestCase

SITE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    "exemples", "site")
TYPES = {"/": "text/html", "/index.html": "text/html", "/style.css": "text/css",
         "/logo.svg": "image/svg+xml", "/script.js": "javascript",
         "/donnees.json?langue=fran%C3%A7ais": "application/json"}


class DemoSiteTest(ServerTestCase):
    mode = "get"

    def setUp(self):
        # Le vrai dossier du projet, servi tel quel (rien n'y est écrit).
        self.log = EventLog()
        self.controller = Controller(self.log, request_timeout=5.0)
        self.controller.start("get", 0, SITE)
        self.addCleanup(self.controller.stop)
        self.port = self.controller.port

    def test_every_file_is_served(self):
        for path, kind in TYPES.items():
            with self.subTest(path=path):
                response, body = self.request("GET", path)
                self.assertEqual(response.status, 200)
                self.assertIn(kind, response.getheader("Content-Type"))
                self.assertTrue(body)
        names = sorted(os.listdir(SITE))
        self.assertEqual(names, ["donnees.json", "index.html", "logo.svg", "script.js",
                                 "style.css"])

    def test_the_journal_says_scripts_run_in_the_browser(self):
        page = "http://127.0.0.1:%d/" % self.port
        self.request("GET", "/", headers={"Sec-Fetch-Dest": "document"})
        self.request("GET", "/script.js", headers={"Sec-Fetch-Dest": "script", "Referer": page})
        self.request("GET", "/donnees.json", headers={"Sec-Fetch-Dest": "empty", "Referer": page})
        self.log.wait_for(lambda e: e.kind == EXCHANGE and e.path == "/donnees.json")
        explainer = Explainer()
        notes = {}
        for event in list(self.log.events):
            for note in explainer.notes(event):
                notes.setdefault(event.path, []).append(note)
        self.assertIn(SCRIPTS_IN_PAGE, notes["/"])
        self.assertIn(SCRIPT_FILE, notes["/script.js"])
        self.assertEqual(notes["/donnees.json"], [FETCHED])

    def test_the_script_tag_is_in_what_the_panel_keeps(self):
        # Le panneau ne garde que le premier Kio d'une réponse : la balise doit y être.
        with open(os.path.join(SITE, "index.html"), "rb") as handle:
            self.assertIn(b"<script", handle.read(1024))


if __name__ == "__main__":
    unittest.main()
