"""Tests de fenetre/tab.py : le protocole commun des onglets."""

import unittest

from fenetre import TABS
from fenetre.tab import Tab, TabContext, Throttle
from serveur.events import NOTICE, Event
from serveur.french import typography

from .gui import PanneauTestCase


class TabProtocolTest(PanneauTestCase):
    def test_a_bare_tab_ignores_everything_quietly(self):
        tab = Tab(self.panel.side, TabContext(fonts=self.panel.fonts, client_label=str,
                                              clients=self.panel.clients, hide=str))
        tab.add(Event(NOTICE, message="rien"))
        tab.refresh()
        tab.clear()
        self.assertEqual(tab.settings(), {})
        tab.apply({})

    def test_every_tab_of_the_window_speaks_the_protocol(self):
        self.assertEqual([tab.__class__ for tab in self.panel.tabs], list(TABS))
        for tab in self.panel.tabs:
            with self.subTest(tab=tab.tab_title):
                self.assertIsInstance(tab, Tab)
                self.assertNotEqual(tab.tab_title, Tab.tab_title)
                self.assertEqual(self.panel.side.tab(tab, "text"), typography(tab.tab_title))


class ThrottleTest(PanneauTestCase):
    def test_at_most_one_drawing_waits(self):
        drawings = []
        throttle = Throttle(self.panel, lambda: (drawings.append(1), throttle.drawn()), 60.0)
        throttle.soon()              # le premier : tout de suite
        self.assertEqual(len(drawings), 1)
        for _ in range(5):           # une averse : un seul dessin prévu, plus tard
            throttle.soon()
        self.assertEqual(len(drawings), 1)
        self.assertIsNotNone(throttle.pending)
        throttle.cancel()            # l'onglet disparaît : le dessin prévu aussi
        self.assertIsNone(throttle.pending)

    def test_the_waiting_drawing_comes(self):
        drawings = []
        throttle = Throttle(self.panel, lambda: (drawings.append(1), throttle.drawn()), 0.01)
        throttle.soon()
        throttle.soon()
        self.assertTrue(self.pump_until(lambda: len(drawings) == 2))


if __name__ == "__main__":
    unittest.main()
