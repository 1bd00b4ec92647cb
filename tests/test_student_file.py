"""Tests de serveur.student_file : charger le fichier d'un élève, trouver sa classe, recharger.

Chaque fichier d'élève est écrit dans un dossier temporaire ; les erreurs sont des faits
(``StudentFileError``) dont on vérifie les valeurs, puis la phrase française.
"""

import os
import sys
import textwrap
import unittest

from serveur import Controller, StartError
from serveur.events import ERROR, NOTICE
from serveur.student_file import StudentCode, StudentFileError, load_handler, load_module
from serveur.student_wording import student_details

from .support import EventLog, plain
from .student_support import student_folder, write_student_file

GOOD = textwrap.dedent("""\
    class MonServeur(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_error(404)

    if __name__ == "__main__":
        raise SystemExit("ce bloc ne doit pas tourner dans le panneau")
""")


class LoadTest(unittest.TestCase):
    def setUp(self):
        self.folder = student_folder(self)

    def failure(self, source, **options):
        path = write_student_file(self.folder, source, **options)
        with self.assertRaises(StudentFileError) as caught:
            load_handler(path)
        return caught.exception, dict(caught.exception.values)

    def test_the_handler_class_is_found_and_the_main_block_skipped(self):
        path = write_student_file(self.folder, GOOD)
        handler, module = load_handler(path)
        self.assertEqual(handler.__name__, "MonServeur")
        self.assertEqual(module.__name__, "mon_serveur")
        self.assertNotEqual(module.__name__, "__main__")
        self.assertEqual(module.__file__, path)

    def test_the_folder_is_on_the_import_path_during_the_load_only(self):
        write_student_file(self.folder, "TITRE = 'Mon site'\n", name="outils_eleve.py", header="")
        self.addCleanup(sys.modules.pop, "outils_eleve", None)
        path = write_student_file(self.folder, "from outils_eleve import TITRE\n" + GOOD)
        handler, module = load_handler(path)
        self.assertEqual(module.TITRE, "Mon site")
        self.assertNotIn(self.folder, sys.path)

    def test_a_module_name_of_the_library_is_never_replaced(self):
        path = write_student_file(self.folder, GOOD, name="json.py")
        import json
        handler, module = load_handler(path)
        self.assertIs(sys.modules["json"], json)
        self.assertEqual(handler.__module__, "json")

    def test_syntax_error_gives_line_caret_and_message(self):
        exc, values = self.failure("""
            class MonServeur(BaseHTTPRequestHandler):
                def do_GET(self)
                    pass
        """)
        self.assertEqual(exc.fact, "student-syntax-error")
        self.assertEqual(values["file"], "mon_serveur.py")
        self.assertEqual(values["line"], 3)   # la ligne 1 est l'import
        self.assertEqual(values["text"].strip(), "def do_GET(self)")
        self.assertGreater(values["column"], 0)
        self.assertTrue(values["message"])   # le message brut de Python, gardé
        text = plain(str(exc))
        self.assertIn("Erreur de syntaxe dans mon_serveur.py, ligne 3", text)
        self.assertIn("Le serveur n'est pas démarré.", text)
        lines = student_details(exc.fact, exc.values)
        self.assertEqual(plain(lines[0]), "mon_serveur.py, ligne 3 :")
        self.assertEqual(lines[1].strip(), "def do_GET(self)")
        caret = lines[2].index("^") - len(lines[1]) + len(lines[1].lstrip())
        self.assertEqual(caret, len("def do_GET(self)"))   # juste après la parenthèse

    def test_indentation_error(self):
        exc, values = self.failure("""
            class MonServeur(BaseHTTPRequestHandler):
                def do_GET(self):
                pass
        """)
        self.assertEqual(exc.fact, "student-syntax-error")
        self.assertEqual(values["error_type"], "IndentationError")
        self.assertEqual(values["line"], 4)
        self.assertIn("décalée vers la droite", plain(str(exc)))

    def test_a_file_not_in_utf8(self):
        exc, values = self.failure("# été\n" + GOOD, encoding="cp1252")
        self.assertEqual(exc.fact, "student-not-utf8")
        self.assertEqual((values["line"], values["byte"]), (2, "0xE9"))
        self.assertIn("enregistrez-le en UTF-8", plain(str(exc)))

    def test_missing_file_and_folder(self):
        with self.assertRaises(StudentFileError) as caught:
            load_handler(os.path.join(self.folder, "absent.py"))
        self.assertEqual(caught.exception.fact, "student-file-missing")
        with self.assertRaises(StudentFileError) as caught:
            load_handler(self.folder)
        self.assertEqual(caught.exception.fact, "student-file-not-a-file")

    def test_import_error_shows_only_the_students_lines(self):
        write_student_file(self.folder, "def titre():\n    return nom_inconnu\n",
                           name="aide_eleve.py", header="")
        self.addCleanup(sys.modules.pop, "aide_eleve", None)
        exc, values = self.failure("import aide_eleve\nTITRE = aide_eleve.titre()\n" + GOOD)
        self.assertEqual(exc.fact, "student-import-error")
        self.assertEqual(values["error_type"], "NameError")
        frames = values["frames"]
        self.assertEqual([frame[0] for frame in frames], ["mon_serveur.py", "aide_eleve.py"])
        self.assertEqual(frames[-1][1:], (2, "titre", "return nom_inconnu"))   # la fautive en dernier
        self.assertEqual((values["file"], values["line"]), ("aide_eleve.py", 2))
        self.assertIn("Python ne connaît pas ce nom", plain(str(exc)))

    def test_missing_module(self):
        exc, values = self.failure("import module_qui_n_existe_pas\n" + GOOD)
        self.assertEqual(exc.fact, "student-import-error")
        self.assertEqual(values["error_type"], "ModuleNotFoundError")
        self.assertEqual(values["line"], 2)
        self.assertEqual(len(values["frames"]), 1)   # rien d'importlib

    def test_serving_at_import_is_refused_before_running(self):
        exc, values = self.failure("""
            class MonServeur(BaseHTTPRequestHandler):
                pass
            HTTPServer(("", 8082), MonServeur).serve_forever()
        """)
        self.assertEqual(exc.fact, "student-serves-at-import")
        self.assertEqual((values["line"], values["call"]), (4, "serve_forever"))
        self.assertIn('if __name__ == "__main__"', plain(str(exc)))

    def test_no_handler_class(self):
        exc, values = self.failure("""
            class Serveur:
                def do_GET(self):
                    pass
        """)
        self.assertEqual(exc.fact, "student-no-handler")
        self.assertEqual(values["classes"], ("Serveur",))
        self.assertIn("Serveur", plain(str(exc)))

    def test_two_handler_classes(self):
        exc, values = self.failure("""
            class Premier(BaseHTTPRequestHandler):
                pass
            class Second(SimpleHTTPRequestHandler):
                pass
        """)
        self.assertEqual(exc.fact, "student-several-handlers")
        self.assertEqual(values["names"], ("Premier", "Second"))
        self.assertIn("Premier et Second", plain(str(exc)))

    def test_a_line_of_classes_gives_the_last_one(self):
        path = write_student_file(self.folder, """
            class Base(BaseHTTPRequestHandler):
                pass
            class MonServeur(Base):
                pass
        """)
        self.assertEqual(load_handler(path)[0].__name__, "MonServeur")

    def test_the_load_runs_in_a_fresh_module_each_time(self):
        path = write_student_file(self.folder, "COMPTE = []\nCOMPTE.append(1)\n" + GOOD)
        first, second = load_module(path), load_module(path)
        self.assertEqual((first.COMPTE, second.COMPTE), ([1], [1]))


class ReloadTest(unittest.TestCase):
    def setUp(self):
        self.folder = student_folder(self)
        self.path = write_student_file(self.folder, GOOD)
        self.log = EventLog()
        self.code = StudentCode(self.path, emit=self.log)

    def test_unchanged_file_keeps_its_class(self):
        first = self.code.current()
        self.assertIs(self.code.current(), first)
        self.assertEqual(self.log.events, [])

    def test_reload_on_change(self):
        first = self.code.current()
        write_student_file(self.folder, GOOD.replace("MonServeur", "NouveauServeur"))
        second = self.code.current()
        self.assertIsNot(second, first)
        self.assertEqual(second.__name__, "NouveauServeur")
        self.assertIs(self.code.current(), second)
        notices = [event for event in self.log.events if event.kind == NOTICE]
        self.assertEqual([event.fact for event in notices], ["student-reloaded"])
        self.assertIn("je l'ai rechargé (classe NouveauServeur)", plain(notices[0].message))

    def test_failed_reload_keeps_the_previous_version_and_says_it_once(self):
        first = self.code.current()
        write_student_file(self.folder, "class MonServeur(BaseHTTPRequestHandler)\n    pass\n")
        self.assertIs(self.code.current(), first)
        self.assertIs(self.code.current(), first)   # dit une seule fois
        errors = [event for event in self.log.events if event.kind == ERROR]
        self.assertEqual([event.fact for event in errors], ["student-syntax-error"])
        self.assertEqual(dict(errors[0].values)["previous"], "MonServeur")
        self.assertIn("la version précédente (classe MonServeur) continue de tourner",
                      plain(errors[0].message))
        write_student_file(self.folder, GOOD)   # l'élève corrige
        self.assertIsNot(self.code.current(), first)
        self.assertEqual(self.log.events[-1].fact, "student-reloaded")

    def test_a_deleted_file_keeps_the_previous_version(self):
        first = self.code.current()
        os.remove(self.path)
        self.assertIs(self.code.current(), first)
        self.assertIs(self.code.current(), first)
        self.assertEqual([event.fact for event in self.log.events], ["student-file-missing"])


class StartTest(unittest.TestCase):
    def test_a_broken_file_does_not_start_the_server(self):
        folder = student_folder(self)
        path = write_student_file(folder, "class MonServeur(BaseHTTPRequestHandler)\n")
        controller = Controller(EventLog())
        self.addCleanup(controller.stop)
        with self.assertRaises(StartError) as caught:
            controller.start("mon-serveur", 0, folder, student_file=path)
        self.assertEqual(caught.exception.fact, "student-syntax-error")
        self.assertEqual(caught.exception.values["line"], 2)
        self.assertIn("Le serveur n'est pas démarré.", plain(str(caught.exception)))
        self.assertFalse(controller.running)

    def test_the_mode_needs_a_file(self):
        controller = Controller(EventLog())
        self.addCleanup(controller.stop)
        with self.assertRaises(StartError) as caught:
            controller.start("mon-serveur", 0)
        self.assertEqual(caught.exception.fact, "student-no-file")
        self.assertIn("BaseHTTPRequestHandler", str(caught.exception))

    def test_started_names_the_file_and_class(self):
        folder = student_folder(self)
        path = write_student_file(folder, GOOD)
        log = EventLog()
        controller = Controller(log)
        self.addCleanup(controller.stop)
        controller.start("mon-serveur", 0, folder, student_file=path)
        started = log.events[0]
        self.assertEqual(started.mode, "mon-serveur")
        self.assertEqual(dict(started.values)["handler_class"], "MonServeur")


if __name__ == "__main__":
    unittest.main()
