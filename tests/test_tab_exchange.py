"""Tests de fenetre/tab_exchange.py : « Échange brut », ouvert d'un clic dans le journal."""

import re
import unittest
import urllib.request

from .gui import PanneauTestCase
from .support import WAIT


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
        content = self.panel.log.content()
        self.assertTrue(re.search("requête n°2", content))


if __name__ == "__main__":
    unittest.main()
