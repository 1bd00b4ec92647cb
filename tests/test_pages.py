"""Tests de serveur.pages : les pages HTML écrites par le serveur, sans serveur qui tourne."""

import unittest

from serveur.events import Field
from serveur.pages import BUSY_PAGE, confirmation_page, error_page_format, listing_page


class ErrorPageTest(unittest.TestCase):
    def test_title_in_french_and_room_for_the_explanation(self):
        page = error_page_format(404) % {"code": 404, "explain": "Pas là.", "message": ""}
        self.assertIn("<title>Erreur 404</title>", page)
        self.assertIn("<strong>Ressource introuvable</strong>", page)
        self.assertIn("<p>Pas là.</p>", page)

    def test_unknown_code(self):
        page = error_page_format(499) % {"code": 499, "explain": "", "message": ""}
        self.assertIn("<strong>Erreur</strong>", page)


class ListingPageTest(unittest.TestCase):
    def test_names_sizes_and_folders(self):
        page = listing_page("/sous/", [("d", True, None), ("a b.txt", False, 1),
                                       ("<i>.txt", False, 2048), ("inconnu", False, None)])
        self.assertIn("Contenu du dossier /sous/", page)
        self.assertIn('<a href="d/">d/</a></li>', page)
        self.assertIn('<a href="a%20b.txt">a b.txt</a> <span class="size">(1 octet)</span>', page)
        self.assertIn("&lt;i&gt;.txt", page)
        self.assertNotIn("<i>", page)
        self.assertIn("2\u202f048 octets", page)
        self.assertIn('<a href="inconnu">inconnu</a></li>', page)

    def test_empty_folder_and_escaped_path(self):
        page = listing_page("/<script>/", [])
        self.assertIn("(dossier vide)", page)
        self.assertNotIn("<script>", page)


class ConfirmationPageTest(unittest.TestCase):
    def test_post_with_fields_a_file_and_a_problem(self):
        fields = (Field("nom", "<b>Léa</b>"), Field("photo", "", "chat.png", 2048, "image/png"))
        page = confirmation_page("POST", fields, "JSON illisible", 300, visit=4)
        self.assertIn("<strong>POST</strong> de 300 octets", page)
        self.assertIn("&lt;b&gt;Léa&lt;/b&gt;", page)
        self.assertIn("fichier « chat.png » (2\u202f048 octets)", page)
        self.assertIn("Attention : JSON illisible.", page)
        self.assertIn("visite n°4", page)

    def test_get_without_fields(self):
        page = confirmation_page("GET", (), None, 0, visit=1)
        self.assertIn("<strong>dans l'adresse</strong>", page)
        self.assertIn("aucun champ reconnu", page)
        self.assertNotIn("Attention", page)


class BusyPageTest(unittest.TestCase):
    def test_busy_page_is_french_and_utf8(self):
        self.assertIn("Serveur surchargé", BUSY_PAGE)
        self.assertIn('charset="utf-8"', BUSY_PAGE)


if __name__ == "__main__":
    unittest.main()
