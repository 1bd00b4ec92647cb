"""Tests de fenetre/cookie_view.py : les cookies de chaque poste, sous « Qui est connecté ? »."""

import unittest
import urllib.parse
import urllib.request

from serveur.events import EXCHANGE, REQUEST, Event

from .gui import PanneauTestCase
from .support import WAIT, plain


class CookieViewTest(PanneauTestCase):
    def setUp(self):
        super().setUp()
        self.window.geometry("1200x800")
        self.tab = self.panel.table
        self.view = self.tab.cookies
        self.panel.side.select(self.tab)
        self.root.update()

    def test_the_cookie_form_then_the_cookie_back_in_a_real_exchange(self):
        port = self.start_on_free_port()
        data = urllib.parse.urlencode({"cookie_nom": "couleur", "cookie_valeur": "bleu",
                                       "cookie_duree": "3600"}).encode("ascii")
        with urllib.request.urlopen("http://127.0.0.1:%d/cookie" % port, data=data,
                                    timeout=WAIT) as answer:
            self.assertIn("couleur=bleu; Path=/; SameSite=Lax; Max-Age=3600",
                          answer.headers.get_all("Set-Cookie"))
        self.get_page(port, "/", Cookie="couleur=bleu")
        tree = self.view.tree
        self.assertTrue(self.pump_until(lambda: tree.exists("cookie 0 127.0.0.1")
                                        and tree.set("cookie 0 127.0.0.1", "back") != "jamais"))
        self.assertEqual(tree.item("poste 127.0.0.1", "text"), "Poste 1")
        names = {tree.item(iid, "text"): iid for iid in tree.get_children("poste 127.0.0.1")}
        self.assertEqual(sorted(names), ["couleur", "visites"])
        row = tree.set(names["couleur"])
        self.assertEqual((row["value"], row["kept"], row["rules"]),
                         ("bleu", "Max-Age=3600", "Path=/ SameSite=Lax"))
        self.assertTrue(row["back"].startswith("1 fois"))
        tree.selection_set(names["couleur"])
        self.root.update()
        said = plain(self.view.explanation())
        self.assertIn("« couleur » = « bleu »", said)
        self.assertIn("gardé 3 600 s (Max-Age)", plain(said))
        # Le journal raconte la pose du cookie, du côté du serveur.
        self.assertIn("je pose le cookie « couleur »", plain(self.panel.log.content()))

    def test_choosing_a_poste_shows_its_cookies_and_clear_forgets(self):
        self.feed(Event(REQUEST, client="10.0.0.1", exchange=1, method="GET", path="/"),
                  Event(EXCHANGE, client="10.0.0.1", exchange=1, method="GET", path="/",
                        reply_headers=(("Set-Cookie", "a=1"),)),
                  Event(REQUEST, client="10.0.0.2", exchange=2, method="GET", path="/"),
                  Event(EXCHANGE, client="10.0.0.2", exchange=2, method="GET", path="/",
                        headers=(("Cookie", "b=2"),)))
        self.tab.tree.selection_set("10.0.0.2")   # « Poste 2 » dans le tableau des postes
        self.root.update()
        self.assertEqual(self.view.tree.selection(), ("poste 10.0.0.2",))
        self.assertIn("Poste 2 : 1 cookie connu", plain(self.view.explanation()))
        self.view.tree.selection_set("cookie 0 10.0.0.2")
        self.root.update()
        self.assertIn("autre port", plain(self.view.explanation()))
        self.panel.clear_session()
        self.root.update()
        self.assertEqual(self.view.tree.get_children(""), ())
        self.assertEqual(self.view.jar.clients(), [])

    def test_a_hidden_view_draws_nothing_until_shown(self):
        self.panel.side.select(self.panel.exchange_view)
        self.root.update()
        self.feed(Event(EXCHANGE, client="10.0.0.3", exchange=1, reply_headers=(
            ("Set-Cookie", "c=3"),)))
        self.assertEqual(self.view.tree.get_children(""), ())
        self.panel.side.select(self.tab)
        self.root.update()
        self.assertTrue(self.view.tree.exists("poste 10.0.0.3"))


if __name__ == "__main__":
    unittest.main()
