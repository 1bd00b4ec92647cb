"""Tests de fenetre/print_dialog.py : ce que le professeur choisit de cacher (« à trous »)."""

import gc
import tkinter as tk
import unittest

from fenetre import print_dialog
from fenetre.print_dialog import PrintDialog
from serveur.paper_wording import BLANK_CODES

from .gui import make_root


class PrintDialogTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = make_root()

    @classmethod
    def tearDownClass(cls):
        gc.collect()   # les variables Tk des boîtes sont détruites ici, dans le fil principal
        cls.root.destroy()

    def setUp(self):
        saved = dict(print_dialog.REMEMBERED)
        self.addCleanup(lambda: (print_dialog.REMEMBERED.clear(),
                                 print_dialog.REMEMBERED.update(saved)))
        print_dialog.REMEMBERED.clear()
        self.confirmed = []
        self.master = tk.Toplevel(self.root)   # une fenêtre visible, comme le panneau
        self.addCleanup(gc.collect)            # jamais plus tard, dans le fil d'un serveur
        self.addCleanup(self.master.destroy)

    def dialog(self, **options):
        dialog = PrintDialog(self.master, "L'échange n°3",
                             on_confirm=lambda *args: self.confirmed.append(args), **options)
        self.addCleanup(lambda: dialog.winfo_exists() and dialog.destroy())
        self.root.update()
        return dialog

    def test_nothing_blank_by_default_and_the_key_on(self):
        options = self.dialog(masked=False).options()
        self.assertEqual(options.blanks, frozenset())
        self.assertTrue(options.key)
        self.assertTrue(options.page_breaks)
        self.assertFalse(options.mask)

    def test_one_box_per_kind_of_part_and_the_chosen_headers(self):
        dialog = self.dialog(masked=True)
        self.assertEqual(set(dialog.blanks), set(BLANK_CODES))
        dialog.check("method", "header-value")
        dialog.headers.set(" Host, content-TYPE ,, ")
        options = dialog.options()
        self.assertEqual(options.blanks, {"method", "header-value"})
        self.assertEqual(options.headers, {"host", "content-type"})
        self.assertTrue(options.mask)   # le journal masque : la page aussi, d'office

    def test_confirm_gives_the_choices_and_they_are_remembered(self):
        dialog = self.dialog(masked=False, session=True)
        dialog.check("status")
        dialog.forms_only.set(True)
        dialog.key.set(False)
        dialog.confirm()
        self.assertFalse(dialog.winfo_exists())
        (options, forms_only), = self.confirmed
        self.assertEqual(options.blanks, {"status"})
        self.assertTrue(forms_only)
        again = self.dialog(masked=False).options()
        self.assertEqual(again.blanks, {"status"})
        self.assertFalse(again.key)

    def test_escape_cancels(self):
        dialog = self.dialog(masked=False)
        dialog.focus_force()
        self.root.update()
        dialog.event_generate("<Escape>")
        self.root.update()
        self.assertFalse(dialog.winfo_exists())
        self.assertEqual(self.confirmed, [])

    def test_french_typography_of_the_labels(self):
        dialog = self.dialog(masked=False)
        texts = []
        pending = [dialog]
        while pending:
            widget = pending.pop()
            pending.extend(widget.winfo_children())
            try:
                texts.append(str(widget.cget("text")))
            except tk.TclError:
                pass
        joined = "\n".join(texts)
        self.assertIn("L'échange n°3\u00a0: une page HTML", joined)
        self.assertIn("(par exemple\u00a0: Host", joined)


if __name__ == "__main__":
    unittest.main()
