"""Tests de fenetre/tab_exchange.py : « Échange brut », ouvert d'un clic dans le journal."""

import re
import unittest
import urllib.request
from unittest import mock

from fenetre import tab_exchange
from fenetre.screen import POINTS_PER_PIXEL_AT_100, window_size
from serveur.events import EXCHANGE, Event

from .gui import PanneauTestCase
from .support import WAIT, plain


class ExchangeTabTest(PanneauTestCase):
    def test_click_in_the_pane_shows_the_raw_exchange(self):
        port = self.start_on_free_port()
        self.get_page(port, "/recherche?ville=Besan%C3%A7on")
        view = self.panel.exchange_view
        self.assertTrue(self.pump_until(lambda: view.exchanges))
        text = self.panel.log.text
        self.window.geometry("1200x800")
        self.root.update()
        index = text.search("ligne de requête", "1.0")
        text.see(index)
        self.root.update()
        x, y, _, _ = text.bbox(index)
        text.event_generate("<ButtonRelease-1>", x=x + 2, y=y + 2)
        self.root.update()
        self.assertEqual(self.panel.side.select(), str(view))
        chosen = view.selected()
        self.assertIsNotNone(chosen)
        self.assertEqual(chosen.path, "/recherche?ville=Besan%C3%A7on")
        detail = view.detail_text()
        self.assertIn("GET /recherche", view.request_text.get("1.0", "end"))
        self.assertIn("HTTP/1.1 200 OK", view.reply_text.get("1.0", "end"))
        for label in ("ligne de requête", "en-têtes", "ligne vide", "corps", "ligne de statut",
                      "début du corps"):
            self.assertIn("── %s" % label, detail)
        self.assertIn("GET /recherche?ville=Besan%C3%A7on HTTP/1.1", detail)
        self.assertIn("HTTP/1.1 200 OK", detail)

    def test_stop_then_start_keeps_the_raw_exchange_view_working(self):
        view = self.panel.exchange_view
        self.panel.side.select(view)
        for _ in range(2):
            port = self.start_on_free_port()
            with urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=WAIT) as answer:
                answer.read()
            self.assertTrue(self.pump_until(lambda: len(view.exchanges) >= 1))
            self.panel.controls.stop_button.invoke()
        self.assertTrue(self.pump_until(lambda: len(view.tree.get_children()) == 2))
        self.assertEqual(sorted(int(n) for n in view.tree.get_children()), [1, 2])
        content = plain(self.panel.log.content())
        self.assertTrue(re.search("requête n°2", content))


def exchange(number, path="/"):
    return Event(EXCHANGE, client="10.0.0.%d" % number, exchange=number, method="GET",
                 path=path, version="HTTP/1.1", status=200, reason="OK")


class ExchangeOrderTest(PanneauTestCase):
    def setUp(self):
        super().setUp()
        self.view = self.panel.exchange_view
        self.panel.side.select(self.view)
        self.root.update()

    def feed_numbers(self, *numbers):
        self.feed(*[exchange(number, "/n%d" % number) for number in numbers])

    def test_rows_follow_the_request_numbers_whatever_the_arrival_order(self):
        self.feed_numbers(3, 1)
        self.feed_numbers(2, 5, 4)
        self.assertEqual(self.view.tree.get_children(), ("1", "2", "3", "4", "5"))

    def test_the_newest_is_shown_unless_the_user_picked_one(self):
        self.feed_numbers(1, 2)
        self.assertEqual(self.view.selected().exchange, 2)
        self.assertIn("/n2", self.view.detail_text())
        self.view.tree.selection_set("1")            # l'utilisateur clique sur la première
        self.view.tree.event_generate("<ButtonRelease-1>")
        self.root.update()
        self.feed_numbers(3)
        self.assertEqual(self.view.selected().exchange, 1)
        self.view.tree.selection_set("3")            # il revient à la plus récente : il la suit
        self.view.tree.event_generate("<ButtonRelease-1>")
        self.feed_numbers(4)
        self.assertEqual(self.view.selected().exchange, 4)

    def test_a_hidden_tab_keeps_a_bounded_memory(self):
        self.panel.side.select(self.panel.table)
        self.root.update()
        with mock.patch.object(tab_exchange, "MAX_EXCHANGES", 20):
            self.feed_numbers(*range(1, 101))
            self.assertLessEqual(len(self.view.exchanges), 20)
            self.assertLessEqual(len(self.view._pending), 20)
            self.panel.side.select(self.view)
            self.root.update()
            self.assertEqual(self.view.tree.get_children()[-1], "100")
            self.assertLessEqual(len(self.view.tree.get_children()), 20)


class ExchangeRoomTest(PanneauTestCase):
    def test_sixty_characters_a_line_at_1366(self):
        self.window.geometry("%dx%d" % window_size(1366, 768, POINTS_PER_PIXEL_AT_100))
        self.root.update()
        journal_width = self.panel.log.winfo_width()
        view = self.panel.exchange_view
        self.panel.side.select(view)
        self.root.update()
        char = self.panel.fonts.log.measure("0")
        for text in (view.request_text, view.reply_text):
            usable = text.winfo_width() - 2 * int(str(text.cget("padx")))
            self.assertGreaterEqual(usable // char, 60)
        # Le journal garde ses boutons, et retrouve sa largeur quand on revient à un autre onglet.
        self.assertGreaterEqual(self.panel.log.winfo_width(), self.panel.log.winfo_reqwidth())
        self.panel.side.select(self.panel.table)
        self.root.update()
        self.assertEqual(self.panel.log.winfo_width(), journal_width)


if __name__ == "__main__":
    unittest.main()
