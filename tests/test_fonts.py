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


if __name__ == "__main__":
    unittest.main()
