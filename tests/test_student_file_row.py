"""Tests de fenetre/student_file_row.py : la ligne « Votre fichier » du mode « Mon serveur ».

Aucun éditeur n'est jamais lancé ici : ``subprocess.Popen`` et ``os.startfile`` sont
remplacés, et les boîtes de dialogue (fichiers, messages) répondent d'avance."""

import os
import subprocess
import unittest
from unittest import mock

from fenetre import student_file_row
from fenetre.student_file_row import editor_attempts, free_name, idle_python, open_in_editor
from serveur import DEFAULT_FOLDER
from serveur.student_templates import templates

from .gui import PanneauTestCase
from .student_support import student_folder
from .support import plain


class EditorCommandTest(unittest.TestCase):
    """Quoi lancer pour ouvrir le fichier, système par système (sans rien lancer)."""

    def test_windows_prefers_pythonw_next_to_python(self):
        python = r"C:\Python312\python.exe"
        found = idle_python(python, "win32", exists=lambda path: path.endswith("pythonw.exe"))
        self.assertEqual(found, r"C:\Python312\pythonw.exe")
        self.assertEqual(idle_python(python, "win32", exists=lambda path: False), python)

    def test_idle_first_then_the_system_editor(self):
        path = "/home/eleve/Documents/mon_serveur.py"
        for platform, system in (("linux", ("command", ["xdg-open", path])),
                                 ("darwin", ("command", ["open", "-t", path])),
                                 ("win32", ("startfile", path))):
            with self.subTest(platform=platform):
                attempts = editor_attempts(path, platform, "/usr/bin/python3", idle=True)
                self.assertEqual(attempts[0], ("command", ["/usr/bin/python3", "-m", "idlelib", path]))
                self.assertEqual(attempts[1:], [system])

    def test_without_idle_or_python_only_the_system_editor(self):
        path = "/tmp/a.py"
        self.assertEqual(editor_attempts(path, "linux", "/usr/bin/python3", idle=False),
                         [("command", ["xdg-open", path])])
        self.assertEqual(editor_attempts(path, "linux", "", idle=True),
                         [("command", ["xdg-open", path])])

    def test_open_runs_idle_without_waiting(self):
        with mock.patch.object(student_file_row.subprocess, "Popen") as popen:
            self.assertTrue(open_in_editor("mon_serveur.py", "linux", "/usr/bin/python3", idle=True))
        popen.assert_called_once()
        argv = popen.call_args[0][0]
        self.assertEqual(argv, ["/usr/bin/python3", "-m", "idlelib", os.path.abspath("mon_serveur.py")])
        self.assertTrue(popen.call_args[1]["start_new_session"])
        self.assertIs(popen.call_args[1]["stdin"], subprocess.DEVNULL)

    def test_open_falls_back_to_the_system_editor(self):
        with mock.patch.object(student_file_row.subprocess, "Popen",
                               side_effect=[FileNotFoundError(2, "absent"), mock.DEFAULT]) as popen:
            self.assertTrue(open_in_editor("/tmp/a.py", "darwin", "/usr/bin/python3", idle=True))
        self.assertEqual(popen.call_args[0][0], ["open", "-t", "/tmp/a.py"])

    def test_windows_falls_back_to_edit_verb(self):
        with mock.patch.object(student_file_row.subprocess, "Popen", side_effect=OSError("non")), \
                mock.patch.object(student_file_row.os, "startfile", create=True) as startfile:
            self.assertTrue(open_in_editor(r"C:\eleve\a.py", "win32", "", idle=True))
        startfile.assert_called_once()
        self.assertEqual(startfile.call_args[0][1], "edit")

    def test_nothing_works(self):
        with mock.patch.object(student_file_row.subprocess, "Popen", side_effect=OSError("non")):
            self.assertFalse(open_in_editor("/tmp/a.py", "linux", "/usr/bin/python3", idle=True))

    def test_free_name(self):
        folder = student_folder(self)
        self.assertEqual(free_name(folder), "mon_serveur.py")
        for name in ("mon_serveur.py", "mon_serveur_2.py"):
            open(os.path.join(folder, name), "w", encoding="utf-8").close()
        self.assertEqual(free_name(folder), "mon_serveur_3.py")


class StudentFileRowTest(PanneauTestCase):
    def setUp(self):
        super().setUp()
        self.folder = student_folder(self)
        self.row = self.panel.controls.file_row
        self.messages = []
        for name in ("showinfo", "showerror"):
            patcher = mock.patch.object(student_file_row.messagebox, name,
                                        side_effect=self._message(name))
            patcher.start()
            self.addCleanup(patcher.stop)
        # Jamais d'éditeur lancé par un test : chaque ouverture est notée ici.
        opener = mock.patch.object(student_file_row, "open_in_editor", return_value=True)
        self.opened = opener.start()
        self.addCleanup(opener.stop)

    def _message(self, kind):
        def answer(**options):
            self.messages.append((kind, plain(options["message"] + " " + options["detail"])))
            return "ok"
        return answer

    def save_dialog_answers(self, path):
        return mock.patch.object(student_file_row.filedialog, "asksaveasfilename",
                                 return_value=path)

    def test_the_menu_offers_the_three_templates_in_french(self):
        labels = [self.row.new_menu.entrycget(index, "label") for index in range(3)]
        self.assertEqual(labels, [template.label for template in templates()])
        self.assertEqual(self.row.new_menu.index("end"), 2)

    def test_new_writes_the_chosen_template_fills_the_field_and_opens_it(self):
        path = os.path.join(self.folder, "mon_serveur.py")
        with self.save_dialog_answers(path) as dialog:
            self.row.new_menu.invoke(1)   # « Une page — le plus petit serveur »
        options = dialog.call_args[1]
        self.assertEqual(options["initialfile"], "mon_serveur.py")
        self.assertFalse(options["confirmoverwrite"])
        with open(path, encoding="utf-8") as written, \
                open(templates()[1].file, encoding="utf-8") as template:
            # le modèle, qui dit son nom choisi par l'élève (« python3 mon_serveur.py »)
            self.assertEqual(written.read(), template.read().replace("get_seul.py",
                                                                     "mon_serveur.py"))
        self.assertEqual(self.panel.controls.chosen_file(), path)
        self.opened.assert_called_once_with(path)
        self.assertEqual(self.messages, [])

    def test_new_never_overwrites_a_file(self):
        path = os.path.join(self.folder, "mon_serveur.py")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("# mon travail\n")
        with self.save_dialog_answers(path):
            self.assertIsNone(self.row.create("get-post"))
        with open(path, encoding="utf-8") as handle:
            self.assertEqual(handle.read(), "# mon travail\n")
        self.assertEqual(len(self.messages), 1)
        self.assertEqual(self.messages[0][0], "showerror")
        self.assertIn("n'écrase jamais", self.messages[0][1])
        self.opened.assert_not_called()

    def test_new_cancelled_does_nothing(self):
        with self.save_dialog_answers(""):
            self.assertIsNone(self.row.create("get"))
        self.assertEqual(self.panel.controls.chosen_file(), "")
        self.opened.assert_not_called()

    def test_new_never_offers_the_panel_folder(self):
        self.panel.controls.student_file.set(os.path.join(DEFAULT_FOLDER, "essai.py"))
        with self.save_dialog_answers("") as dialog:
            self.row.create("get")
        offered = dialog.call_args[1]["initialdir"]
        self.assertNotEqual(os.path.realpath(offered), os.path.realpath(DEFAULT_FOLDER))
        # Un fichier déjà choisi ailleurs : son dossier est proposé.
        self.panel.controls.student_file.set(os.path.join(self.folder, "a.py"))
        with self.save_dialog_answers("") as dialog:
            self.row.create("get")
        self.assertEqual(dialog.call_args[1]["initialdir"], self.folder)

    def test_choose_takes_a_python_file(self):
        path = os.path.join(self.folder, "serveur_eleve.py")
        with mock.patch.object(student_file_row.filedialog, "askopenfilename",
                               return_value=path) as dialog:
            self.row.choose_button.invoke()
        self.assertIn(("Fichiers Python", "*.py"), dialog.call_args[1]["filetypes"])
        self.assertEqual(self.panel.controls.values()["student_file"], path)

    def test_open_in_the_editor(self):
        self.row.edit_button.invoke()   # aucun fichier encore
        self.assertIn("Choisissez d'abord votre fichier", self.messages[-1][1])
        missing = os.path.join(self.folder, "absent.py")
        self.panel.controls.student_file.set(missing)
        self.row.edit_button.invoke()
        self.assertIn("introuvable", self.messages[-1][1])
        self.opened.assert_not_called()
        path = os.path.join(self.folder, "mon_serveur.py")
        open(path, "w", encoding="utf-8").close()
        self.panel.controls.student_file.set(path)
        self.row.edit_button.invoke()
        self.opened.assert_called_once_with(path)
        self.opened.return_value = False   # ni IDLE ni éditeur du système
        self.row.edit_button.invoke()
        self.assertIn("Aucun éditeur trouvé", self.messages[-1][1])
        self.assertIn("Ouvrez « %s » vous-même" % path, self.messages[-1][1])
        self.assertEqual(len(self.messages), 3)


if __name__ == "__main__":
    unittest.main()
