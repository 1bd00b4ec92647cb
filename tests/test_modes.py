"""Tests du registre des modes : un enregistrement par mode, lu par tous.

Un mode « jetable » est ajouté le temps d'un test, par la seule porte prévue
(``register``) : le contrôleur le démarre, la ligne de commande l'accepte et le
narrateur le nomme, sans qu'aucun autre fichier ne change.
"""

import io
import unittest
from contextlib import redirect_stdout

from serveur import modes
from serveur.cli import build_parser
from serveur.controller import Controller, StartError
from serveur.events import STARTED
from serveur.formatter import format_lines

from .support import THROWAWAY, EventLog, add_throwaway_mode, plain


class RegistryTest(unittest.TestCase):
    def test_the_two_modes_of_the_tutorial_then_the_students_own(self):
        self.assertEqual(list(modes.MODES), ["get", "get-post", "mon-serveur"])
        self.assertEqual(modes.MODES["get"].default_port, 8080)
        self.assertEqual(modes.MODES["get-post"].default_port, 8081)
        self.assertEqual(modes.MODES["mon-serveur"].default_port, 8082)
        self.assertIn("Mon serveur", modes.MODES["mon-serveur"].label)
        self.assertEqual([mode.name for mode in modes.MODES.values() if mode.needs_file],
                         ["mon-serveur"])
        self.assertIn(modes.DEFAULT_MODE, modes.MODES)
        for mode in modes.MODES.values():
            with self.subTest(mode=mode.name):
                for text in (mode.label, mode.short, mode.description, mode.help):
                    self.assertTrue(text.strip())
                self.assertTrue(hasattr(mode.handler, "handle_one_request"))

    def test_a_name_is_registered_once(self):
        add_throwaway_mode(self)
        with self.assertRaises(ValueError):
            modes.register(THROWAWAY)

    def test_unknown_mode_names_every_mode(self):
        with self.assertRaises(StartError) as caught:
            Controller(EventLog()).start("inconnu", 0)
        self.assertIn("« get » ou « get-post »", plain(str(caught.exception)))


class ThrowawayModeTest(unittest.TestCase):
    def test_a_new_mode_is_one_record(self):
        add_throwaway_mode(self)
        log = EventLog()
        controller = Controller(log)
        self.addCleanup(controller.stop)
        controller.start("essai", 0)
        started = log.wait_for(lambda event: event.kind == STARTED)
        self.assertIn("en mode ESSAI", format_lines(started))
        args = build_parser().parse_args(["--mode", "essai"])
        self.assertEqual(args.mode, "essai")
        out = io.StringIO()
        with redirect_stdout(out), self.assertRaises(SystemExit):
            build_parser().parse_args(["--aide"])
        help_text = " ".join(out.getvalue().split())
        self.assertIn("essai : un mode pour les tests", help_text)
        self.assertIn("8099 en mode essai", help_text)


if __name__ == "__main__":
    unittest.main()
