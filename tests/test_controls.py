"""Tests de fenetre/controls.py : le champ du port, les boutons de mode, le dossier servi
ou le fichier de l'élève selon le mode."""

import os
import unittest

from serveur import MODES

from .gui import PanneauTestCase
from .support import plain


class ControlsTest(PanneauTestCase):
    def test_port_field_takes_digits_only(self):
        entry = self.panel.controls.port_entry
        entry.delete(0, "end")
        entry.insert(0, "80a8")
        self.assertEqual(entry.get(), "")
        entry.insert(0, "8082")
        self.assertEqual(entry.get(), "8082")

    def test_port_follows_the_mode_unless_typed(self):
        controls = self.panel.controls
        controls.mode_buttons[0].invoke()   # GET
        self.assertEqual(controls.port.get(), "8080")
        controls.mode_buttons[1].invoke()   # GET/POST
        self.assertEqual(controls.port.get(), "8081")
        controls.port.set("9000")
        controls.mode_buttons[0].invoke()
        self.assertEqual(controls.port.get(), "9000")

    def test_once_started_switching_mode_keeps_the_address(self):
        controls = self.panel.controls
        self.start_on_free_port()
        controls.stop_button.invoke()
        controls.port.set("8081")           # le port du mode GET/POST, que les élèves ont tapé
        controls.mode_buttons[0].invoke()   # GET : ils gardent la même adresse
        self.assertEqual(controls.port.get(), "8081")


class FolderOrFileTest(PanneauTestCase):
    """« Dossier servi » pour les modes GET et GET/POST, « Votre fichier » pour « Mon serveur »."""

    def choose_mode(self, name):
        controls = self.panel.controls
        controls.mode_buttons[list(MODES).index(name)].invoke()
        self.root.update()

    def shown(self):
        controls = self.panel.controls
        return (controls.folder_entry.winfo_ismapped(), controls.file_row.winfo_ismapped(),
                controls.file_row.label.winfo_ismapped())

    def test_three_modes_and_one_is_mon_serveur(self):
        labels = [plain(button.cget("text")) for button in self.panel.controls.mode_buttons]
        self.assertEqual(len(labels), 3)
        self.assertIn("Mon serveur", labels[2])
        self.assertTrue(MODES["mon-serveur"].needs_file)

    def test_the_file_row_replaces_the_folder_row(self):
        self.panel.winfo_toplevel().deiconify()   # « mappé » n'a de sens que dans une fenêtre visible
        self.root.update()
        self.assertEqual(self.shown(), (True, False, False))   # GET/POST, au départ
        self.choose_mode("mon-serveur")
        self.assertEqual(self.shown(), (False, True, True))
        self.assertEqual(self.panel.controls.port.get(), "8082")
        self.assertEqual(plain(self.panel.controls.file_row.label.cget("text")), "Votre fichier :")
        self.choose_mode("get")
        self.assertEqual(self.shown(), (True, False, False))
        # Les réglages retenus d'un élève : « Mon serveur » revient avec sa ligne.
        self.panel.controls.apply(dict(self.panel.controls.values(), mode="mon-serveur"))
        self.root.update()
        self.assertEqual(self.shown(), (False, True, True))

    def test_values_and_apply_keep_the_student_file(self):
        controls = self.panel.controls
        values = dict(controls.values(), mode="mon-serveur", port="8082",
                      student_file="/home/eleve/Documents/mon_serveur.py")
        controls.apply(values)
        self.assertEqual(controls.values(), values)
        self.assertEqual(controls.chosen_file(), "/home/eleve/Documents/mon_serveur.py")
        other = self.new_panel()
        other.controls.apply(values)
        self.assertEqual(other.controls.values(), values)

    def test_the_served_folder_of_mon_serveur_is_the_file_folder(self):
        controls = self.panel.controls
        here = os.path.dirname(os.path.abspath(__file__))
        controls.student_file.set(os.path.join(here, "mon_serveur.py"))
        self.assertNotEqual(controls.chosen_folder(), here)   # en GET/POST : le dossier servi
        self.choose_mode("mon-serveur")
        self.assertEqual(controls.chosen_folder(), here)

    def test_the_file_row_is_greyed_while_running_except_the_editor(self):
        controls = self.panel.controls
        controls.set_running(True)
        row = controls.file_row
        for widget in (row.entry, row.choose_button, row.new_button):
            self.assertIn("disabled", widget.state())
        self.assertNotIn("disabled", row.edit_button.state())   # on corrige pendant qu'il tourne
        controls.set_running(False)
        for widget in (row.entry, row.choose_button, row.new_button):
            self.assertNotIn("disabled", widget.state())


if __name__ == "__main__":
    unittest.main()
