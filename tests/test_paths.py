"""Tests de serveur/paths.py : ce qu'un chemin demandé ne doit jamais atteindre."""

import os
import unittest

from serveur.paths import windows_name_problem


class WindowsNamesTest(unittest.TestCase):
    def test_device_names_are_refused(self):
        for name in ("CON", "nul.txt", "Com1", "LPT9.html"):
            with self.subTest(name=name):
                problem = windows_name_problem("/x/" + name, [name], "/x")
                self.assertEqual(problem[0], 404)
        self.assertIsNone(windows_name_problem("/x/console.txt", ["console.txt"], "/x"))


if __name__ == "__main__":
    unittest.main()


class PrivateFolderTest(unittest.TestCase):
    def test_private_folders_inside_the_served_one_are_named_from_it(self):
        import tempfile
        from serveur.paths import is_private, private_parts
        home = os.path.realpath(tempfile.mkdtemp())
        inside = os.path.join(home, "Données", "Panneau serveur")
        os.makedirs(inside)
        parts = private_parts(home, (inside, tempfile.gettempdir() + "/ailleurs"))
        self.assertEqual(parts, (("Données", "Panneau serveur"),))
        self.assertTrue(is_private(["Données", "Panneau serveur", "journal.txt"], parts))
        self.assertTrue(is_private(["Données", "Panneau serveur"], parts))
        self.assertFalse(is_private(["Données"], parts))
        self.assertFalse(is_private(["Données", "Panneau serveur 2"], parts))
        self.assertIsNone(private_parts(inside, (inside,)))                 # le servir lui-même
        self.assertIsNone(private_parts(os.path.join(inside), (home,)))     # ou un sous-dossier
        self.assertEqual(private_parts(home, ()), ())
