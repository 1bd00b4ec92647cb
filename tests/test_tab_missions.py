"""Tests de fenetre/tab_missions.py (et mission_checklist.py) : l'onglet « Missions »
dans la vraie fenêtre, des postes simulés par de vraies requêtes (127.0.0.2, 127.0.0.3)."""

import http.client
import json
import os
import shutil
import tempfile
import unittest
from unittest import mock

import panneau
from fenetre.tab_missions import MissionsTab
from serveur.missions import shipped_paths

from .gui import PanneauTestCase
from .support import WAIT, plain

GET_AND_POST, STATUS = shipped_paths()[0], shipped_paths()[1]


class MissionsTabTest(PanneauTestCase):
    def setUp(self):
        super().setUp()
        self.tab = self.panel.tab_of(MissionsTab)
        self.panel.table.show_names.set(True)   # « Poste 1 » plutôt que l'adresse, comme projeté
        self.panel.side.select(self.tab)
        self.root.update()

    def send(self, client, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.panel.controller.port,
                                                timeout=WAIT, source_address=(client, 0))
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        headers["Connection"] = "close"
        try:
            connection.request(method, path, body=body, headers=headers)
            connection.getresponse().read()
        finally:
            connection.close()

    def checklist(self):
        return plain(self.tab.checklist.content())

    def journal(self):
        return plain(self.panel.log.content())

    def pick(self, path):
        """Choisit la mission ``path`` dans la liste, comme un professeur."""
        titles = [chosen for _title, chosen in self.tab.choices]
        self.tab.chooser.current(titles.index(path))
        self.tab.chooser.event_generate("<<ComboboxSelected>>")
        self.root.update()

    def test_a_class_does_a_mission(self):
        self.assertEqual(self.tab.chooser.get(), "Aucune mission")
        self.assertNotIn("mission", self.panel.table.tree.cget("displaycolumns"))
        self.assertEqual(self.tab.chooser.cget("values")[1:],
                         ("GET et POST", "Codes de statut", "Cookies", "En clair"))
        self.pick(GET_AND_POST)
        self.assertIn("☐ 1. Ouvrez la page du formulaire", self.checklist())
        self.assertIn("personne pour l'instant", self.checklist())
        self.start_on_free_port()
        self.send("127.0.0.2", "GET", "/")
        self.send("127.0.0.3", "GET", "/")
        self.send("127.0.0.3", "GET", "/recherche?ville=Lyon")
        self.assertTrue(self.pump_until(lambda: "2 sur 2 : Poste 1" in self.checklist()))
        self.assertIn("☑ 1. Ouvrez la page du formulaire", self.checklist())   # tous l'ont fait
        self.assertIn("1 sur 2 : Poste 2", self.checklist())
        # La classe d'un coup d'œil, et la colonne Mission de « Qui est connecté ? ».
        grid = self.tab.grid_tree
        self.assertTrue(self.pump_until(lambda: grid.exists("127.0.0.3")
                                        and grid.set("127.0.0.3", "count") == "2/6"))
        self.assertEqual((grid.item("127.0.0.2", "text"), grid.set("127.0.0.2", "s1"),
                          grid.set("127.0.0.2", "s2")), ("Poste 1", "✔", ""))
        self.assertEqual(grid.cget("displaycolumns"),
                         ("count", "s1", "s2", "s3", "s4", "s5", "s6"))
        table = self.panel.table.tree
        self.assertEqual(table.set("127.0.0.3", "mission"), "2/6")
        self.assertIn("mission", table.cget("displaycolumns"))
        # Le journal dit chaque étape faite.
        self.assertIn("client Poste 2 : mission « GET et POST », étape 2 faite (2 sur 6) : "
                      "Cherchez une ville", self.journal())
        # Une réponse envoyée par le formulaire « Mission », sans majuscules.
        self.send("127.0.0.2", "POST", "/mission", "reponse=accept-language")
        self.assertTrue(self.pump_until(lambda: grid.set("127.0.0.2", "s6") == "✔"))
        self.assertIn("étape 6 faite (2 sur 6) : Question : quel en-tête", self.journal())

    def test_one_poste_and_the_board(self):
        self.pick(GET_AND_POST)
        self.start_on_free_port()
        self.send("127.0.0.2", "GET", "/")
        self.send("127.0.0.2", "POST", "/mission", "reponse=Host")
        grid = self.tab.grid_tree
        self.assertTrue(self.pump_until(lambda: grid.exists("127.0.0.2")))
        # « La classe », puis un poste : ses étapes, et quand.
        self.tab.view_buttons["classe"].invoke()
        self.assertTrue(self.pump_until(self.tab.table.winfo_ismapped))
        self.assertFalse(self.tab.checklist.winfo_ismapped())
        grid.selection_set("127.0.0.2")
        self.root.update()
        self.assertTrue(self.pump_until(lambda: "Poste 1 : 1 étape sur 6" in self.checklist()))
        self.assertIn("dernière réponse : « Host »", self.checklist())
        self.assertIn("pas juste", self.checklist())
        self.assertIn("fait à", self.checklist())
        self.assertIn("pas encore", self.checklist())
        self.assertEqual(plain(self.tab.answer_label.cget("text")), "Réponse de Poste 1 :")
        # Le professeur tape la réponse donnée à voix haute par ce poste.
        self.tab.answer.set("ACCEPT-LANGUAGE")
        self.tab.check_button.invoke()
        self.assertEqual(plain(self.tab.verdict.cget("text")), "Juste : étape 6 cochée.")
        self.assertTrue(self.pump_until(lambda: "étape 6 faite (2 sur 6)" in self.journal()))
        # « Toute la classe », puis une réponse au tableau.
        self.tab.everyone_button.invoke()
        self.assertEqual(plain(self.tab.answer_label.cget("text")), "Réponse au tableau :")
        self.tab.answer.set("Host")
        self.tab.answer_entry.focus_force()
        self.root.update()
        self.tab.answer_entry.event_generate("<Return>")   # Entrée, comme « Vérifier »
        self.root.update()
        self.assertIn("Pas encore", self.tab.verdict.cget("text"))
        self.tab.answer.set("le corps")
        self.tab.check_button.invoke()
        self.assertTrue(self.pump_until(lambda: "étape 5 faite au tableau" in self.journal()))
        self.assertTrue(self.pump_until(lambda: grid.exists("tableau")))
        self.assertEqual(grid.item("tableau", "text"), "Au tableau")

    def test_progress_survives_a_restart_not_a_clear(self):
        self.pick(STATUS)
        self.start_on_free_port()
        self.send("127.0.0.2", "GET", "/nimportequoi.html")
        grid = self.tab.grid_tree
        self.assertTrue(self.pump_until(lambda: grid.exists("127.0.0.2")
                                        and grid.set("127.0.0.2", "s2") == "✔"))
        self.panel.controls.stop_button.invoke()
        self.assertTrue(self.pump_until(lambda: self.panel.state == panneau.STOPPED_STATE))
        self.start_on_free_port()   # un autre port : le même poste continue sa mission
        self.send("127.0.0.2", "GET", "/exemples")
        self.assertTrue(self.pump_until(lambda: grid.set("127.0.0.2", "count") == "2/6"))
        self.assertEqual(grid.set("127.0.0.2", "s2"), "✔")
        # « Effacer… » : tout repart de zéro, la mission reste choisie.
        self.panel.log.clear_button.invoke()
        self.root.update()
        self.assertEqual(grid.get_children(), ())
        self.assertEqual(self.tab.chooser.get(), "Codes de statut")
        self.assertIn("personne pour l'instant", self.checklist())

    def test_a_teachers_file(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        wrong = os.path.join(folder, "faute.txt")
        with open(wrong, "w", encoding="utf-8") as handle:
            handle.write("titre : Ma mission\n- Un 404 | statut=404\n- Une erreur | metode=GET\n")
        with mock.patch("tkinter.filedialog.askopenfilename", return_value=wrong):
            self.tab.open_button.invoke()
        self.root.update()
        self.assertIn("La mission « faute.txt » ne peut pas être ouverte (1 problème) :",
                      self.checklist())
        self.assertIn("ligne 3 : condition « metode » inconnue", self.checklist())
        self.assertEqual(self.tab.chooser.get(), "faute.txt")   # dans la liste, pas choisi
        self.assertIsNone(self.tab.mission)
        self.assertEqual(self.panel.current_settings()["mission"], "")
        # Corrigé puis choisi de nouveau dans la liste, il est relu, avec son titre.
        with open(wrong, "w", encoding="utf-8") as handle:
            handle.write("titre : Ma mission\n- Un 404 | statut=404\n")
        self.pick(wrong)
        self.assertEqual(plain(self.tab.chooser.get()), "Ma mission (faute.txt)")
        self.assertIn("☐ 1. Un 404", self.checklist())
        self.assertEqual(self.panel.current_settings()["mission"], wrong)
        # Un dialogue annulé ne change rien.
        with mock.patch("tkinter.filedialog.askopenfilename", return_value=""):
            self.tab.open_button.invoke()
        self.assertEqual(plain(self.tab.chooser.get()), "Ma mission (faute.txt)")

    def test_the_mission_is_remembered(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        path = os.path.join(folder, "reglages.json")
        first = self.new_panel(settings_path=path)
        first.tab_of(MissionsTab).choose_path(STATUS)
        first.save_settings()
        with open(path, encoding="utf-8") as handle:
            self.assertEqual(json.load(handle)["mission"], STATUS)
        second = self.new_panel(settings_path=path)
        self.assertEqual(second.tab_of(MissionsTab).chooser.get(), "Codes de statut")
        # Le dossier du panneau a changé de place : la mission livrée du même nom.
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"mission": "/ailleurs/missions/3-cookies.txt"}, handle)
        third = self.new_panel(settings_path=path)
        self.assertEqual(third.tab_of(MissionsTab).chooser.get(), "Cookies")

    def test_the_whole_tab_fits(self):
        self.pick(GET_AND_POST)
        self.assertGreaterEqual(self.tab.preferred_width(),
                                self.panel.fonts.table.measure("0") * 50)
        self.assertEqual(self.callback_errors, [])


if __name__ == "__main__":
    unittest.main()
