"""Tests de fenetre/header_tips.py : dans « Échange brut », chaque en-tête expliqué au survol et au clic."""

import unittest

from serveur.events import EXCHANGE, Event
from serveur.header_notes import UNKNOWN, note

from .gui import PanneauTestCase
from .support import plain

HEADERS = (("Host", "127.0.0.1:8081"), ("Sec-Fetch-Mode", "navigate"), ("X-Truc", "1"),
           ("Mon-En-Tete", "2"))
REPLY = (("Content-Type", "text/html"), ("Set-Cookie", "visites=1; Path=/"))


class HeaderTipsTest(PanneauTestCase):
    def setUp(self):
        super().setUp()
        self.window.geometry("1200x800")
        self.view = self.panel.exchange_view
        self.panel.side.select(self.view)
        self.feed(Event(EXCHANGE, client="127.0.0.1", exchange=1, method="GET", path="/",
                        version="HTTP/1.1", headers=HEADERS, status=200, reason="OK",
                        reply_headers=REPLY))
        self.root.update()

    def point_of(self, text, words):
        index = text.search(words, "1.0")
        self.assertTrue(index, words)
        text.see(index)
        self.root.update()
        x, y, _, height = text.bbox(index)
        return x + 2, y + height // 2

    def test_names_are_marked_only_in_the_header_parts(self):
        request = self.view.request_text
        names = [request.get(*pair) for pair in zip(*[iter(request.tag_ranges("header-name"))] * 2)]
        self.assertEqual(names, ["Host", "Sec-Fetch-Mode", "X-Truc", "Mon-En-Tete"])
        reply = self.view.reply_text
        self.assertEqual(len(reply.tag_ranges("header-name")), 4)   # deux en-têtes, deux bornes

    def test_hovering_a_name_opens_its_tip_and_leaving_closes_it(self):
        tips, text = self.view.tips, self.view.request_text
        x, y = self.point_of(text, "Host:")
        text.event_generate("<Motion>", x=x, y=y)
        self.assertTrue(self.pump_until(lambda: tips.tip_text()))
        self.assertEqual(plain(tips.tip_text()), plain("Host : " + note("Host")))
        # Sur la valeur (pas le nom) : la bulle se ferme.
        x, y = self.point_of(text, "navigate")
        text.event_generate("<Motion>", x=x, y=y)
        self.root.update()
        self.assertEqual(tips.tip_text(), "")
        x, y = self.point_of(text, "Sec-Fetch-Mode")
        text.event_generate("<Motion>", x=x, y=y)
        self.assertTrue(self.pump_until(lambda: "navigate" in tips.tip_text()))
        text.event_generate("<Leave>")
        self.root.update()
        self.assertEqual(tips.tip_text(), "")

    def test_clicking_a_name_writes_it_under_the_view(self):
        text = self.view.reply_text
        x, y = self.point_of(text, "Set-Cookie")
        text.event_generate("<ButtonRelease-1>", x=x, y=y)
        self.root.update()
        line = plain(self.view.header_line.cget("text"))
        self.assertTrue(line.startswith("Set-Cookie : le serveur demande au navigateur"), line)
        x, y = self.point_of(self.view.request_text, "Mon-En-Tete")
        self.view.request_text.event_generate("<ButtonRelease-1>", x=x, y=y)
        self.root.update()
        self.assertIn(plain(UNKNOWN), plain(self.view.header_line.cget("text")))
        self.assertIn("en-tête inconnu de ce panneau", plain(self.view.header_line.cget("text")))


if __name__ == "__main__":
    unittest.main()
