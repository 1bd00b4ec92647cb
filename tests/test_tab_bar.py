"""Tests de la barre d'onglets (fenetre/tab_bar.py) : un bouton par onglet, aucun titre
coupé, les boutons vont à la ligne quand la place manque."""

import tkinter as tk
from tkinter import ttk

from fenetre.tab_bar import SideTabs

from .gui import PanneauTestCase


class Page(ttk.Frame):
    def __init__(self, master, title):
        super().__init__(master)
        self.tab_title = title


class TabBarTest(PanneauTestCase):
    def side(self, width):
        window = tk.Toplevel(self.root)
        self.addCleanup(window.destroy)
        window.geometry("%dx300" % width)
        side = SideTabs(window)
        side.pack(fill="both", expand=True)
        pages = [Page(side.notebook, title) for title in (
            "Qui est connecté ?", "Échange brut", "Sur le fil", "Chronologie", "Séquence",
            "Requête à la main")]
        side.show(pages)
        self.root.update()
        return side, pages

    def test_one_button_per_tab_and_they_follow_the_notebook(self):
        side, pages = self.side(900)
        buttons = side.bar.buttons
        self.assertEqual([b.cget("text") for b in buttons],
                         [side.notebook.tab(page, "text") for page in pages])
        buttons[2].invoke()
        self.assertEqual(side.notebook.select(), str(pages[2]))
        side.notebook.select(pages[4])   # la fenêtre ouvre un onglet elle-même
        self.root.update()
        self.assertEqual(side.bar.chosen.get(), str(pages[4]))

    def test_narrow_the_titles_wrap_never_cut(self):
        side, pages = self.side(320)
        rows = {button.winfo_y() for button in side.bar.buttons}
        self.assertGreater(len(rows), 1)
        for button in side.bar.buttons:
            self.assertGreaterEqual(button.winfo_width(), button.winfo_reqwidth() - 1)
            self.assertLessEqual(button.winfo_x() + button.winfo_width(),
                                 side.bar.winfo_width() + 1)
            self.assertLessEqual(button.winfo_y() + button.winfo_height(),
                                 side.bar.winfo_height() + 1)

    def test_wide_one_row(self):
        side, pages = self.side(1400)
        self.assertEqual(len({button.winfo_y() for button in side.bar.buttons}), 1)
