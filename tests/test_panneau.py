"""Tests de panneau.py, le lanceur : ce qu'il dit quand il manque quelque chose."""

import builtins
import contextlib
import io
import os
import tempfile
import unittest
from unittest import mock

import fenetre
import panneau


class LauncherTest(unittest.TestCase):
    def test_reexports_the_window(self):
        self.assertIs(panneau.Panneau, fenetre.Panneau)
        self.assertEqual(panneau.TITLE, "Panneau serveur")

    def test_nothing_missing_here(self):
        self.assertIsNone(panneau.missing_part())

    def test_folders_missing_after_a_partial_unzip(self):
        with tempfile.TemporaryDirectory() as alone, mock.patch.object(panneau, "HERE", alone):
            problem = panneau.missing_part()
            self.assertIn("extrayez tout le dossier", problem)
            self.assertIn(alone, problem)
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                self.assertEqual(panneau.main(), 1)
        self.assertIn("« serveur » et « fenetre »", err.getvalue())

    def test_tkinter_missing(self):
        real_import = builtins.__import__

        def no_tkinter(name, *args, **kwargs):
            if name == "tkinter" or name.startswith("tkinter."):
                raise ImportError("No module named 'tkinter'")
            return real_import(name, *args, **kwargs)

        with mock.patch.object(builtins, "__import__", no_tkinter):
            problem = panneau.missing_part()
        self.assertIn("python3-tk", problem)
        self.assertIn("python3 -m serveur", problem)
        self.assertTrue(os.path.isdir(os.path.join(panneau.HERE, "fenetre")))

    def test_without_a_console_the_problem_is_shown_in_a_window(self):
        shown = []
        with mock.patch.object(panneau.sys, "stderr", None), \
                mock.patch("tkinter.Tk"), \
                mock.patch("tkinter.messagebox.showerror",
                           side_effect=lambda title, text, **_: shown.append(text)):
            panneau.tell("Il manque quelque chose.")
        self.assertEqual(shown, ["Il manque quelque chose."])

    def test_the_windows_twin_without_console(self):
        with open(os.path.join(panneau.HERE, "panneau.pyw"), encoding="utf-8") as handle:
            twin = handle.read()
        self.assertIn("panneau.main()", twin)


if __name__ == "__main__":
    unittest.main()
