"""Tests de fenetre/tab_timeline.py : la chronologie d'un chargement de page."""

import unittest

from .gui import PanneauTestCase


class TimelineTabTest(PanneauTestCase):
    def test_timeline_of_a_page_load(self):
        port = self.start_on_free_port()
        page = "http://127.0.0.1:%d/" % port
        self.get_page(port, "/", **{"Sec-Fetch-Dest": "document"})
        self.get_page(port, "/favicon.ico", Referer=page, **{"Sec-Fetch-Dest": "image"})
        timeline = self.panel.timeline
        self.panel.side.select(timeline)   # l'onglet « Chronologie », comme un clic dessus
        self.assertTrue(self.pump_until(lambda: len(timeline.rows()) == 2))
        rows = timeline.rows()
        self.assertIn("GET / → 200", rows[0][2])
        self.assertIn("GET /favicon.ico → 404", rows[1][2])
        self.assertLessEqual(rows[0][0], rows[1][0])          # dans l'ordre d'arrivée
        self.assertIn("2 requêtes", timeline.title.cget("text"))
        # Une nouvelle page ouvre un nouveau chargement.
        self.get_page(port, "/", **{"Sec-Fetch-Dest": "document"})
        self.assertTrue(self.pump_until(lambda: len(timeline.rows()) == 1))


if __name__ == "__main__":
    unittest.main()
