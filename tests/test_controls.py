"""Tests de fenetre/controls.py : le champ du port, les boutons de mode."""

import unittest

from .gui import PanneauTestCase


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


if __name__ == "__main__":
    unittest.main()
