"""Tests de serveur/paths.py : ce qu'un chemin demandé ne doit jamais atteindre."""

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
