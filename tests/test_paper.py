"""Tests de fenetre/paper.py : imprimer les échanges choisis ou toute la séance, jamais dans
le dossier servi ; comparer deux échanges."""

import os
import re
import shutil
import tempfile
import urllib.parse
from unittest import mock

from fenetre import tab_exchange
from fenetre.compare_view import CompareView
from serveur.events import ERROR, NOTICE

from .gui import PanneauTestCase
from .support import plain

SECRET = "anneau-secret"


class PaperTestCase(PanneauTestCase):
    def setUp(self):
        super().setUp()
        self.folder = tempfile.mkdtemp(prefix="panneau-papier-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.opened = []
        self.panel.paper.open_page = self.opened.append
        self.view = self.panel.exchange_view
        self.panel.side.select(self.view)
        self.port = self.start_on_free_port()

    def exchanges(self, count):
        self.assertTrue(self.pump_until(lambda: len(self.view.exchanges) >= count))

    def journal(self):
        return plain(self.panel.log.content())

    def save_through_dialog(self, dialog, name, *blanks):
        path = os.path.join(self.folder, name)
        dialog.check(*blanks)
        with mock.patch("tkinter.filedialog.asksaveasfilename", return_value=path):
            dialog.confirm()
        return path

    @staticmethod
    def read(path):
        with open(path, encoding="utf-8") as handle:
            return handle.read()


class PrintChosenTest(PaperTestCase):
    def test_the_chosen_exchange_with_blanks_opens_in_the_browser(self):
        self.post_form(self.port, nom="Zoé", mot_de_passe=SECRET)
        self.exchanges(1)
        self.view.show(1)
        dialog = self.panel.paper.print_chosen()
        self.assertFalse(dialog.mask.get())   # le journal ne masque pas
        dialog.mask.set(True)
        path = self.save_through_dialog(dialog, "echange.html", "method", "status")
        self.assertTrue(self.pump_until(lambda: self.opened))
        self.assertEqual(urllib.parse.unquote(self.opened[0]), "file://" + path)
        page = self.read(path)
        self.assertIn("<h1>Échange n°1</h1>", page)
        self.assertEqual(re.findall(r'<li value="\d+">(.*?)</li>', page), ["POST", "200 OK"])
        self.assertIn("mot_de_passe = «\u00a0••••\u00a0»", page)
        self.assertNotIn(SECRET, page)
        self.assertIn("champs décodés (2)", page)
        self.assertTrue(self.pump_until(lambda: "page enregistrée" in self.journal()))

    def test_several_chosen_exchanges(self):
        for number in range(3):
            self.get_page(self.port, "/recherche?ville=V%d" % number)
        self.exchanges(3)
        self.view.tree.selection_set(("1", "3"))
        self.root.update()
        self.assertEqual([event.exchange for event in self.view.chosen()], [1, 3])
        dialog = self.panel.paper.print_chosen()
        path = self.save_through_dialog(dialog, "deux.html")
        page = self.read(path)
        self.assertIn("<h1>2 échanges</h1>", page)
        self.assertEqual(page.count('<section class="echange'), 2)
        self.assertIn("ville=V0", page)
        self.assertNotIn("ville=V1", page)

    def test_nothing_chosen_says_what_to_do(self):
        self.assertIsNone(self.panel.paper.print_chosen())
        self.assertTrue(self.pump_until(lambda: "Choisissez d'abord un échange" in self.journal()))

    def test_never_in_the_served_folder(self):
        served = tempfile.mkdtemp(prefix="panneau-servi-")
        self.addCleanup(shutil.rmtree, served, True)
        self.panel.controls.folder.set(served)
        self.get_page(self.port, "/")
        self.exchanges(1)
        inside = os.path.join(served, "sous-dossier", "echange.html")
        done = self.panel.paper.save_page(inside, lambda: [], self.options(), "titre")
        self.assertFalse(done)
        self.assertFalse(os.path.exists(inside))
        self.assertEqual(self.opened, [])
        self.assertTrue(self.pump_until(
            lambda: "Je n'enregistre pas la page dans le dossier servi" in self.journal()))

    def test_a_folder_that_cannot_be_written_is_said(self):
        path = os.path.join(self.folder, "absent", "page.html")
        self.panel.paper.save_page(path, lambda: [], self.options(), "titre")
        self.assertTrue(self.pump_until(lambda: "Impossible d'enregistrer la page" in self.journal()))
        self.assertEqual(self.opened, [])

    @staticmethod
    def options():
        from serveur.printable import Options
        return Options()


class PrintSessionTest(PaperTestCase):
    def test_the_whole_session_even_what_the_screen_forgot(self):
        with mock.patch.object(tab_exchange, "MAX_EXCHANGES", 3):
            for number in range(6):
                self.get_page(self.port, "/recherche?ville=V%d" % number)
            self.post_form(self.port, nom="Zoé", mot_de_passe=SECRET)
            self.exchanges(3)
            self.assertTrue(self.pump_until(lambda: self.panel.paper.archive.count >= 7))
        self.assertEqual(len(self.view.exchanges), 3)    # l'écran n'en garde que 3
        dialog = self.panel.paper.print_session()
        self.assertIn("7 échanges", plain(dialog.what))
        path = self.save_through_dialog(dialog, "seance.html", "fields")
        self.assertTrue(self.pump_until(lambda: self.opened))
        page = self.read(path)
        self.assertEqual(page.count('<section class="echange'), 7)
        for number in range(6):
            self.assertIn("ville=V%d" % number, page)
        self.assertIn(SECRET, page)   # le journal ne masque pas : la page non plus
        self.assertIn("La séance du", page)

    def test_only_the_exchanges_that_send_data(self):
        self.get_page(self.port, "/")
        self.get_page(self.port, "/recherche?ville=Lyon")
        self.post_form(self.port, nom="Zoé")
        self.assertTrue(self.pump_until(lambda: self.panel.paper.archive.count >= 3))
        items = list(self.panel.paper.session_items(forms_only=True))
        self.assertEqual([item.event.method for item in items], ["GET", "POST"])
        self.assertEqual(items[1].fields[0].value, "Zoé")

    def test_clear_starts_a_new_archive(self):
        self.get_page(self.port, "/")
        self.assertTrue(self.pump_until(lambda: self.panel.paper.archive.count >= 1))
        old = self.panel.paper.archive.path
        self.panel.clear_session()
        self.assertEqual(list(self.panel.paper.session_items()), [])
        self.assertTrue(os.path.exists(old))
        # Le dossier des journaux de l'utilisateur, jamais le dossier servi.
        self.assertTrue(old.startswith(self.panel.session.folder))


class CompareTest(PaperTestCase):
    def test_compare_the_get_and_the_post_of_the_same_form(self):
        self.get_page(self.port, "/recherche?ville=Lyon&mot_de_passe=" + SECRET)
        self.post_form(self.port, ville="Lyon", mot_de_passe=SECRET)
        self.exchanges(2)
        self.view.tree.selection_set(("1", "2"))
        self.root.update()
        self.panel.log.mask_passwords.set(True)
        view = self.panel.paper.compare()
        self.addCleanup(view.destroy)
        self.assertIsInstance(view, CompareView)
        self.root.update()
        self.assertEqual([event.exchange for event in view.chosen()], [1, 2])
        summary = plain(view.content(2))
        self.assertIn("La méthode : GET à gauche, POST à droite.", summary)
        self.assertIn("Les mêmes champs", summary)
        self.assertNotIn(SECRET, summary + view.content(0) + view.content(1))


if __name__ == "__main__":
    import unittest
    unittest.main()
