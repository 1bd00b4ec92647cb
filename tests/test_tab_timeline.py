"""Tests de fenetre/tab_timeline.py : la chronologie d'un chargement de page."""

import unittest

from fenetre import tab_timeline
from serveur.events import EXCHANGE, Event

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


def exchange(path, at, duration=0.002, page=False, number=1):
    headers = (("Sec-Fetch-Dest", "document" if page else "image"),)
    return Event(EXCHANGE, client="10.0.0.7", exchange=number, method="GET", path=path,
                 version="HTTP/1.1", headers=headers, status=200, reason="OK", time=at,
                 duration=duration)


class LoadsTest(PanneauTestCase):
    def setUp(self):
        super().setUp()
        self.timeline = self.panel.timeline
        self.panel.side.select(self.timeline)
        self.root.update()


    def test_parallel_requests_are_drawn_in_arrival_order(self):
        # Le navigateur demande l'image et la feuille de style en même temps : la
        # feuille de style, reçue avant, finit après.
        self.feed(exchange("/", 1000.0, page=True), exchange("/image.png", 1000.030, number=3),
                  exchange("/style.css", 1000.020, duration=0.5, number=2))
        paths = [text.split(" ")[1] for _start, _length, text in self.timeline.rows()]
        self.assertEqual(paths, ["/", "/style.css", "/image.png"])

    def test_requests_far_apart_are_not_one_page_load(self):
        self.feed(exchange("/", 1000.0, page=True), exchange("/image.png", 1000.1),
                  exchange("/image.png", 1600.0))
        self.assertEqual(len(self.timeline.rows()), 1)
        self.assertIn("Dernières requêtes", self.timeline.title.cget("text"))

    def test_durations_in_french_and_in_seconds_from_one_second(self):
        self.assertEqual(tab_timeline.duration_text(0.93), "0,9 ms")
        self.assertEqual(tab_timeline.duration_text(1250), "1,25 s")
        self.feed(exchange("/", 1000.0, page=True, duration=1.5))
        labels = [self.timeline.canvas.itemcget(item, "text")
                  for item in self.timeline.canvas.find_all()
                  if self.timeline.canvas.type(item) == "text"]
        self.assertIn("reçue à +0,0 ms, réponse en 1,50 s", labels)
        self.assertFalse([label for label in labels if "←" in label])   # plus de légende codée
        self.assertTrue([label for label in labels if "en même temps" in label])


if __name__ == "__main__":
    unittest.main()
