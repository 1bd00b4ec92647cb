"""Tests de fenetre/tab_clients.py : « Qui est connecté ? »."""

import unittest

from .gui import PanneauTestCase
from .support import plain


class ClientsTabTest(PanneauTestCase):
    def test_who_is_connected(self):
        port = self.start_on_free_port()
        self.post_form(port, nom="Zoé")
        tree = self.panel.table.tree
        self.assertTrue(self.pump_until(lambda: tree.exists("127.0.0.1")
                                        and tree.set("127.0.0.1", "post") != ""))
        self.assertEqual(tree.item("127.0.0.1", "text"), "Poste 1")
        self.assertEqual(tree.set("127.0.0.1", "requests"), "1")
        self.assertEqual(tree.set("127.0.0.1", "last"), "POST /")
        # Effacer le journal vide aussi le tableau.
        self.panel.log.clear_button.invoke()
        self.root.update()
        self.assertEqual(tree.get_children(), ())

    def test_short_names_in_the_pane(self):
        self.panel.table.show_names.set(True)
        port = self.start_on_free_port()
        self.post_form(port, nom="Zoé")
        self.assertTrue(self.pump_until(lambda: "« Zoé »" in plain(self.panel.log.content())))
        content = plain(self.panel.log.content())
        self.assertIn("de la part du client Poste 1", content)
        self.assertNotIn("client 127.0.0.1", content)


if __name__ == "__main__":
    unittest.main()
