"""Tests de fenetre/tab.py : le protocole commun des onglets."""

import unittest

from fenetre import TABS
from fenetre.tab import Tab, TabContext
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


if __name__ == "__main__":
    unittest.main()
