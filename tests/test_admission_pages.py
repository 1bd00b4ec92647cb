"""Tests de serveur/admission_pages.py : les pages de l'entrée, en français."""

import unittest

from serveur.admission_pages import blocked_page, code_page, too_fast_page, wait_page

from .support import plain


class PagesTest(unittest.TestCase):

    def test_the_code_page_has_one_field(self):
        page = code_page()
        self.assertIn('<html lang="fr">', page)
        self.assertEqual(page.count("<input"), 1)
        self.assertIn('name="code_classe"', page)
        self.assertIn('inputmode="numeric"', page)
        self.assertIn('method="post"', page)
        self.assertNotIn("pas le bon code", page)
        self.assertIn("pas le bon code", code_page(wrong=True))

    def test_try_again_in_n_seconds(self):
        self.assertIn("Réessayez dans 42 s", plain(wait_page(42)))
        page = plain(too_fast_page(50, 1))
        self.assertIn("(50 par", page)
        self.assertIn("réessayez dans 1 s", page)

    def test_blocked(self):
        self.assertIn("Ce poste est bloqué", blocked_page())

    def test_french_typography_without_touching_the_style(self):
        page = code_page()
        self.assertIn("font-family: system-ui", page)
        self.assertIn("Pour entrer, tapez", page)
        self.assertIn("\u00a0: il le renvoie", page)


if __name__ == "__main__":
    unittest.main()
