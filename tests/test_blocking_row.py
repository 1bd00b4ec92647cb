"""Tests de fenetre/blocking_row.py dans la vraie fenêtre : « Bloquer ce poste » puis
« Débloquer », dans « Qui est connecté ? », contre un vrai serveur."""

import unittest

from .support import plain
from .test_admission_handler import can_bind
from .test_class_code_row import LanPanelTestCase, ask


@unittest.skipUnless(can_bind("127.0.0.2"), "il faut plusieurs adresses de boucle locale")
class BlockingRowTest(LanPanelTestCase):

    def test_block_a_poste_from_the_clients_tab(self):
        ask(self.port)
        tab = self.lan_panel.table
        self.assertTrue(self.pump_until(lambda: tab.tree.exists("127.0.0.2")))
        row = tab.blocking
        self.assertTrue(row.button.instate(["disabled"]), "aucun poste choisi")
        tab.tree.selection_set("127.0.0.2")
        self.root.update()
        self.assertEqual(row.button.cget("text"), "Bloquer ce poste")
        row.button.invoke()
        self.assertTrue(self.pump_until(lambda: "127.0.0.2" in row.blocked))
        self.assertEqual(row.button.cget("text"), "Débloquer")
        self.assertIn("bloque", tab.tree.item("127.0.0.2", "tags"))
        status, _headers, page = ask(self.port)
        self.assertEqual(status, 403)
        self.assertIn("Ce poste est bloqué", page)
        self.assertIn("je bloque le poste 127.0.0.2", plain(self.journal()))
        row.button.invoke()
        self.assertTrue(self.pump_until(lambda: "127.0.0.2" not in row.blocked))
        self.assertEqual(row.button.cget("text"), "Bloquer ce poste")
        self.assertIn("Code de la classe", ask(self.port)[2])   # débloqué : le code reste


if __name__ == "__main__":
    unittest.main()
