"""Tests de fenetre/fonts.py : la taille du texte pour la projection."""

import unittest

from fenetre import settings

from .gui import PanneauTestCase


class FontsTest(PanneauTestCase):
    def test_text_size_for_projection(self):
        fonts = self.panel.fonts
        start = fonts.size
        self.window.event_generate("<Control-plus>")
        self.window.event_generate("<Control-plus>")
        self.assertEqual(fonts.size, start + 2)
        self.assertEqual(fonts.log.cget("size"), start + 2)
        self.assertEqual(fonts.table.cget("size"), start + 2)
        self.assertGreater(fonts.url.cget("size"), fonts.log.cget("size"))
        self.window.event_generate("<Control-minus>")
        self.assertEqual(fonts.size, start + 1)
        self.window.event_generate("<Control-0>")
        self.assertEqual(fonts.size, settings.DEFAULTS["font_size"])
        for _ in range(100):
            fonts.zoom(1)
        self.assertEqual(fonts.size, settings.MAX_FONT_SIZE)

    def test_azerty_and_a_visible_control_reset_the_size(self):
        fonts = self.panel.fonts
        # Sur un clavier AZERTY, la touche du 0 donne « à » : Ctrl à a son raccourci.
        self.assertTrue(self.window.bind("<Control-agrave>"))
        smaller, normal, bigger = self.panel.controls.zoom_buttons
        bigger.invoke()
        bigger.invoke()
        self.assertEqual(fonts.size, settings.DEFAULTS["font_size"] + 2)
        normal.invoke()
        self.assertEqual(fonts.size, settings.DEFAULTS["font_size"])
        smaller.invoke()
        self.assertEqual(fonts.size, settings.DEFAULTS["font_size"] - 1)

    def test_table_columns_follow_the_size_both_ways(self):
        tree = self.panel.exchange_view.tree
        before = tree.column("time", "width")
        for _ in range(6):
            self.panel.fonts.zoom(1)
        self.assertGreater(tree.column("time", "width"), before)
        self.panel.fonts.zoom(0)
        self.assertEqual(tree.column("time", "width"), before)
        heure = self.panel.fonts.table.measure("00:00:00")
        self.assertGreaterEqual(tree.column("time", "width"), heure)   # « Heure » jamais coupée


if __name__ == "__main__":
    unittest.main()
