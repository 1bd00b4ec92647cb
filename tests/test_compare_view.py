"""Tests de fenetre/compare_view.py : deux échanges côte à côte, ce qui diffère surligné."""

import unittest

from fenetre.compare_view import CompareView
from serveur.events import EXCHANGE, Event
from serveur.printable import Item

from .gui import PanneauTestCase
from .support import plain


def exchange(number, method, path, body=b"", client="10.0.0.2", headers=()):
    return Event(EXCHANGE, exchange=number, client=client, method=method, path=path,
                 version="HTTP/1.1", body=body, status=200, reason="OK",
                 headers=(("Host", "h"),) + headers,
                 reply_headers=(("Content-Type", "text/html"),), reply_body=b"<p>ok</p>")


GET = exchange(1, "GET", "/recherche?ville=Lyon&mdp=s3cret")
OTHER = exchange(2, "GET", "/style.css", client="10.0.0.9")
POST = exchange(3, "POST", "/recherche", b"ville=Lyon&mdp=s3cret",
                headers=(("Content-Type", "application/x-www-form-urlencoded"),))


class CompareViewTest(PanneauTestCase):
    def view(self, pick=(None, None), masked=False):
        view = CompareView(self.panel, self.panel.fonts, [GET, OTHER, POST],
                           lambda event: Item(event, (), ("mdp",)), lambda address: address,
                           lambda text: text, masked, pick=pick)
        self.addCleanup(view.destroy)
        self.root.update()
        return view

    def test_side_by_side_with_the_differences_highlighted(self):
        view = self.view(pick=(1, 3))
        self.assertEqual([event.exchange for event in view.chosen()], [1, 3])
        left, right = view.content(0), view.content(1)
        self.assertIn("ligne de requête", left)
        self.assertIn("GET /recherche?ville=Lyon&mdp=s3cret HTTP/1.1", left)
        self.assertIn("POST /recherche HTTP/1.1", right)
        self.assertIn("GET /recherche?ville=Lyon&mdp=s3cret HTTP/1.1", view.tagged(0, "changed"))
        self.assertIn("Content-Type: application/x-www-form-urlencoded", view.tagged(1, "only"))
        self.assertNotIn("Host: h", view.tagged(0, "changed") + view.tagged(1, "changed"))
        summary = plain(view.content(2))
        self.assertIn("• La méthode : GET à gauche, POST à droite.", summary)
        self.assertIn("• Les données voyagent dans l'adresse", summary)

    def test_the_partner_is_the_same_poste_with_the_other_method(self):
        view = self.view(pick=(3, None))
        self.assertEqual([event.exchange for event in view.chosen()], [3, 1])
        view = self.view()   # rien de choisi : le dernier, et son partenaire
        self.assertEqual([event.exchange for event in view.chosen()], [3, 1])

    def test_picking_another_exchange_redraws(self):
        view = self.view(pick=(1, 3))
        view.pickers[1].current(1)
        view.pickers[1].event_generate("<<ComboboxSelected>>")
        self.root.update()
        self.assertIn("GET /style.css HTTP/1.1", view.content(1))

    def test_passwords_masked_when_asked(self):
        view = self.view(pick=(1, 3), masked=True)
        everything = view.content(0) + view.content(1) + view.content(2)
        self.assertNotIn("s3cret", everything)
        self.assertIn("••••", everything)
        view.mask.set(False)
        view.redraw()
        self.assertIn("s3cret", view.content(1))

    def test_fewer_than_two_exchanges(self):
        view = CompareView(self.panel, self.panel.fonts, [], Item, str, str, False)
        self.addCleanup(view.destroy)
        self.root.update()
        self.assertEqual(view.chosen(), [])


if __name__ == "__main__":
    unittest.main()
