"""Tests de fenetre/flow.py : une rangée de boutons qui passe à la ligne quand la place manque."""

import tkinter as tk
import unittest
from tkinter import ttk

from fenetre.flow import FlowRow

from .gui import make_root


class FlowRowTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = make_root()

    @classmethod
    def tearDownClass(cls):
        cls.root.destroy()

    def setUp(self):
        self.window = tk.Toplevel(self.root)
        self.addCleanup(self.window.destroy)
        self.row = FlowRow(self.window)
        self.row.pack(fill="x")
        self.buttons = [self.row.add(ttk.Button(self.row, text=text))
                        for text in ("Imprimer…", "Comparer…", "Toute la séance…")]

    def rows(self):
        return [int(button.grid_info()["row"]) for button in self.buttons]

    def resize(self, width):
        self.window.geometry("%dx200" % width)
        self.root.update()

    def test_one_line_when_there_is_room_more_when_there_is_not(self):
        self.resize(800)
        self.assertEqual(self.rows(), [0, 0, 0])
        widest = max(button.winfo_reqwidth() for button in self.buttons)
        self.resize(widest + 10)
        self.assertEqual(self.rows(), [0, 1, 2])
        for button in self.buttons:   # aucun n'est coupé
            self.assertGreaterEqual(button.winfo_width(), button.winfo_reqwidth() - 1)
        self.resize(800)
        self.assertEqual(self.rows(), [0, 0, 0])


if __name__ == "__main__":
    unittest.main()
