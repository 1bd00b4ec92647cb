"""Tests de fenetre.settings : le dossier de configuration, lire et écrire les réglages.

Tout se passe dans un dossier temporaire, effacé à la fin (addCleanup) : les
vrais réglages de l'utilisateur ne sont jamais touchés. ``load_settings`` et
``save_settings`` ne doivent jamais lever d'exception : un problème est décrit
par une phrase en français.
"""

import json
import os
import shutil
import tempfile
import unittest

from serveur.controller import DEFAULT_FOLDER
from fenetre.settings import (DEFAULTS, MAX_FONT_SIZE, MIN_FONT_SIZE, config_dir, load_settings,
                              save_settings, settings_path)

HOME = os.path.join(os.sep, "home", "eleve")


class ConfigDirTest(unittest.TestCase):

    def test_windows_uses_appdata(self):
        appdata = os.path.join(os.sep, "Users", "eleve", "AppData", "Roaming")
        self.assertEqual(config_dir("win32", {"APPDATA": appdata}, HOME),
                         os.path.join(appdata, "panneau-serveur"))

    def test_windows_without_appdata(self):
        self.assertEqual(config_dir("win32", {}, HOME),
                         os.path.join(HOME, "AppData", "Roaming", "panneau-serveur"))

    def test_macos(self):
        self.assertEqual(config_dir("darwin", {"XDG_CONFIG_HOME": "/ailleurs"}, HOME),
                         os.path.join(HOME, "Library", "Application Support", "panneau-serveur"))

    def test_linux_default(self):
        self.assertEqual(config_dir("linux", {}, HOME),
                         os.path.join(HOME, ".config", "panneau-serveur"))

    def test_linux_with_xdg_config_home(self):
        xdg = os.path.abspath(os.path.join(os.sep, "srv", "config"))
        self.assertEqual(config_dir("linux", {"XDG_CONFIG_HOME": xdg}, HOME),
                         os.path.join(xdg, "panneau-serveur"))

    def test_linux_ignores_relative_or_empty_xdg(self):
        for value in ("config-relative", ""):
            with self.subTest(value=value):
                self.assertEqual(config_dir("linux", {"XDG_CONFIG_HOME": value}, HOME),
                                 os.path.join(HOME, ".config", "panneau-serveur"))

    def test_settings_path(self):
        self.assertEqual(settings_path("linux", {}, HOME),
                         os.path.join(HOME, ".config", "panneau-serveur", "reglages.json"))

    def test_defaults_to_the_real_system(self):
        self.assertTrue(config_dir().endswith("panneau-serveur"))


class SettingsFileTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="test-reglages-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.path = os.path.join(self.dir, "config", "reglages.json")

    def write_bytes(self, data):
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(self.path, "wb") as file:
            file.write(data)

    def write_json(self, value):
        self.write_bytes(json.dumps(value).encode("utf-8"))

    def assertFrench(self, problem, *words):
        """Une seule phrase, en français, qui contient ces mots."""
        self.assertIsInstance(problem, str)
        self.assertTrue(problem.endswith("."), problem)
        self.assertTrue(problem.startswith("Réglages "), problem)
        for word in words:
            self.assertIn(word, problem)

    # Lire

    def test_defaults(self):
        self.assertEqual(DEFAULTS, {"mode": "get-post", "port": "8081", "folder": DEFAULT_FOLDER,
                                    "student_file": "", "lan": False, "https": False,
                                    "font_size": 11, "show_names": False,
                                    "explanations": True, "mask_passwords": False,
                                    "filter": "tout", "mission": ""})

    def test_missing_file_is_not_a_problem(self):
        settings, problem = load_settings(self.path)
        self.assertEqual(settings, DEFAULTS)
        self.assertIsNone(problem)
        self.assertIsNot(settings, DEFAULTS)   # une copie : la modifier ne change pas DEFAULTS

    def test_round_trip(self):
        folder = os.path.join(self.dir, "site")
        os.mkdir(folder)
        student_file = os.path.join(folder, "mon_serveur.py")
        open(student_file, "w", encoding="utf-8").close()
        wanted = {"mode": "mon-serveur", "port": "8090", "folder": folder,
                  "student_file": student_file, "lan": True, "https": True,
                  "font_size": 14, "show_names": True, "explanations": False,
                  "mask_passwords": True, "filter": "erreurs",
                  "mission": os.path.join(folder, "ma-mission.txt")}
        self.assertIsNone(save_settings(self.path, wanted))
        self.assertEqual(load_settings(self.path), (wanted, None))

    def test_partial_file_completed_with_defaults(self):
        self.write_json({"port": "9000"})
        settings, problem = load_settings(self.path)
        self.assertIsNone(problem)
        self.assertEqual(settings, dict(DEFAULTS, port="9000"))

    def test_unknown_keys_ignored(self):
        self.write_json({"couleur": "rouge", "mode": "get"})
        settings, problem = load_settings(self.path)
        self.assertIsNone(problem)
        self.assertEqual(settings, dict(DEFAULTS, mode="get"))

    def test_corrupt_json(self):
        self.write_bytes(b'{"mode": "get", ')
        settings, problem = load_settings(self.path)
        self.assertEqual(settings, DEFAULTS)
        self.assertFrench(problem, "illisibles", "abîmé", "défaut")

    def test_empty_file(self):
        self.write_bytes(b"")
        settings, problem = load_settings(self.path)
        self.assertEqual(settings, DEFAULTS)
        self.assertFrench(problem, "illisibles")

    def test_json_list(self):
        self.write_json(["mode", "get"])
        settings, problem = load_settings(self.path)
        self.assertEqual(settings, DEFAULTS)
        self.assertFrench(problem, "objet JSON", "défaut")

    def test_invalid_utf8(self):
        self.write_bytes(b'{"port": "80\xff\xfe"}')
        settings, problem = load_settings(self.path)
        self.assertEqual(settings, DEFAULTS)
        self.assertFrench(problem, "UTF-8", "défaut")

    def test_utf8_bom_accepted(self):
        self.write_bytes(b"\xef\xbb\xbf" + json.dumps({"mode": "get"}).encode("utf-8"))
        self.assertEqual(load_settings(self.path), (dict(DEFAULTS, mode="get"), None))

    def test_deeply_nested_json(self):
        self.write_bytes(b"[" * 100000 + b"]" * 100000)
        settings, problem = load_settings(self.path)
        self.assertEqual(settings, DEFAULTS)
        self.assertFrench(problem, "illisibles")

    def test_unreadable_path_is_a_folder(self):
        os.makedirs(self.path)   # un dossier à la place du fichier : OSError à l'ouverture
        settings, problem = load_settings(self.path)
        self.assertEqual(settings, DEFAULTS)
        self.assertFrench(problem, "illisibles", "défaut")

    def test_bad_values_fall_back_per_key(self):
        bad = {
            "mode": ["post", "GET", 1, None],
            "port": ["123456", "80a", "８０８０", " 8080", 8080, None],
            "folder": [3, "", None, ["/tmp"]],
            "lan": ["true", 1, None],
            "font_size": ["12", 12.5, True, None],
            "show_names": ["oui", 0],
            "explanations": ["non", 1],
            "filter": ["Tout", "put", 0],
            "student_file": [3, None, ["a.py"], "a\0.py"],
        }
        for key, values in bad.items():
            for value in values:
                with self.subTest(key=key, value=value):
                    self.write_json({key: value, "port": "9000"} if key != "port"
                                    else {key: value, "mode": "get"})
                    settings, problem = load_settings(self.path)
                    self.assertEqual(settings[key], DEFAULTS[key])
                    self.assertFrench(problem, "« %s »" % key, "invalide", "défaut")
                    # Les autres clés, valides, sont gardées.
                    if key == "port":
                        self.assertEqual(settings["mode"], "get")
                    else:
                        self.assertEqual(settings["port"], "9000")

    def test_several_bad_values_in_one_sentence(self):
        self.write_json({"mode": "x", "filter": "y", "lan": "z"})
        settings, problem = load_settings(self.path)
        self.assertEqual(settings, DEFAULTS)
        self.assertFrench(problem, "« mode »", "« lan »", "« filter »")
        self.assertEqual(problem.count("."), 1, problem)

    def test_good_values_accepted(self):
        for key, value in [("mode", "get"), ("mode", "get-post"), ("port", "80"),
                           ("port", "65535"), ("port", ""), ("lan", True),
                           ("show_names", True), ("explanations", False), ("filter", "get"),
                           ("filter", "post"), ("filter", "erreurs"), ("filter", "tout")]:
            with self.subTest(key=key, value=value):
                self.write_json({key: value})
                self.assertEqual(load_settings(self.path), (dict(DEFAULTS, **{key: value}), None))

    def test_font_size_clamped(self):
        for stored, expected in [(2, MIN_FONT_SIZE), (-5, MIN_FONT_SIZE), (8, 8), (11, 11),
                                 (40, 40), (41, MAX_FONT_SIZE), (10 ** 6, MAX_FONT_SIZE)]:
            with self.subTest(stored=stored):
                self.write_json({"font_size": stored})
                settings, problem = load_settings(self.path)
                self.assertEqual(settings["font_size"], expected)
                self.assertIsNone(problem)
        self.assertEqual((MIN_FONT_SIZE, MAX_FONT_SIZE), (8, 40))

    def test_missing_folder_falls_back_to_default(self):
        gone = os.path.join(self.dir, "dossier-déplacé")
        self.write_json({"folder": gone, "mode": "get"})
        settings, problem = load_settings(self.path)
        self.assertEqual(settings["folder"], DEFAULT_FOLDER)
        self.assertEqual(settings["mode"], "get")
        self.assertFrench(problem, gone, "n'existe plus", "défaut")

    def test_missing_folder_and_bad_value_in_one_sentence(self):
        gone = os.path.join(self.dir, "parti")
        self.write_json({"folder": gone, "port": "abc"})
        settings, problem = load_settings(self.path)
        self.assertEqual(settings, DEFAULTS)
        self.assertFrench(problem, gone, "« port »")
        self.assertEqual(problem.count(" : "), 1, problem)

    def test_missing_student_file_is_kept_and_said(self):
        gone = os.path.join(self.dir, "Élève", "mon_serveur.py")
        self.write_json({"mode": "mon-serveur", "student_file": gone})
        settings, problem = load_settings(self.path)
        self.assertEqual(settings["student_file"], gone)   # l'élève voit quel fichier manque
        self.assertEqual(settings["mode"], "mon-serveur")
        self.assertFrench(problem, gone, "n'existe plus", "Votre fichier")
        # Avec une autre valeur à corriger : les deux phrases, l'une après l'autre.
        self.write_json({"student_file": gone, "port": "abc"})
        settings, problem = load_settings(self.path)
        self.assertFrench(problem, "« port »", gone)
        self.assertEqual(settings["port"], DEFAULTS["port"])

    def test_no_student_file_is_not_a_problem(self):
        self.write_json({"mode": "mon-serveur", "student_file": ""})
        self.assertEqual(load_settings(self.path), (dict(DEFAULTS, mode="mon-serveur"), None))

    # Écrire

    def test_save_creates_folders(self):
        path = os.path.join(self.dir, "a", "b", "c", "reglages.json")
        self.assertIsNone(save_settings(path, DEFAULTS))
        self.assertTrue(os.path.isfile(path))

    def test_saved_file_is_utf8_json(self):
        folder = os.path.join(self.dir, "Élève — café")
        os.mkdir(folder)
        self.assertIsNone(save_settings(self.path, dict(DEFAULTS, folder=folder)))
        with open(self.path, "rb") as file:
            data = file.read()
        self.assertIn("Élève — café".encode("utf-8"), data)   # pas de \u00c9 : lisible
        with open(self.path, encoding="utf-8") as file:
            self.assertEqual(json.load(file)["folder"], folder)
        settings, problem = load_settings(self.path)
        self.assertIsNone(problem)
        self.assertEqual(settings["folder"], folder)

    def test_save_replaces_and_leaves_no_temp_file(self):
        self.assertIsNone(save_settings(self.path, dict(DEFAULTS, port="1111")))
        self.assertIsNone(save_settings(self.path, dict(DEFAULTS, port="2222")))
        self.assertEqual(load_settings(self.path)[0]["port"], "2222")
        self.assertEqual(os.listdir(os.path.dirname(self.path)), ["reglages.json"])

    def test_save_writes_known_keys_only(self):
        self.assertIsNone(save_settings(self.path, dict(DEFAULTS, inconnu=1)))
        with open(self.path, encoding="utf-8") as file:
            self.assertEqual(list(json.load(file)), list(DEFAULTS))

    def test_save_under_a_file_does_not_raise(self):
        blocker = os.path.join(self.dir, "un-fichier")
        with open(blocker, "w", encoding="utf-8") as file:
            file.write("je suis un fichier, pas un dossier")
        for path in (os.path.join(blocker, "reglages.json"),
                     os.path.join(blocker, "sous-dossier", "reglages.json")):
            with self.subTest(path=path):
                problem = save_settings(path, DEFAULTS)
                self.assertFrench(problem, "non enregistrés")
                self.assertFalse(os.path.exists(path))

    def test_save_onto_a_folder_leaves_no_temp_file(self):
        os.makedirs(self.path)   # os.replace ne peut pas écraser un dossier
        problem = save_settings(self.path, DEFAULTS)
        self.assertFrench(problem, "non enregistrés")
        self.assertEqual(os.listdir(os.path.dirname(self.path)), ["reglages.json"])

    def test_save_value_not_json(self):
        problem = save_settings(self.path, dict(DEFAULTS, folder=object()))
        self.assertFrench(problem, "non enregistrés")
        self.assertFalse(os.path.exists(os.path.dirname(self.path)))


if __name__ == "__main__":
    unittest.main()
