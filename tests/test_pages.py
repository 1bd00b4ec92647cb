"""Tests de serveur.pages : les pages HTML écrites par le serveur, sans serveur qui tourne."""

import re
import unittest

from serveur import pages
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
        self.assertIn("fichier «\u00a0chat.png\u00a0» (2\u202f048 octets)", page)
        self.assertIn("Attention\u00a0: JSON illisible.", page)
        self.assertIn("le chargement n°4", page)
        # Le compteur compte les pages chargées, et le dit ; le cookie vit jusqu'à la
        # fermeture du navigateur et revient à cet hôte, quel que soit le port.
        self.assertIn("il compte les\npages de ce serveur qu'il a chargées", page)
        self.assertIn("jusqu'à sa fermeture et le renvoie à cet hôte, quel que\nsoit le port", page)
        self.assertIn("<title>Données reçues</title>", page)
        self.assertIn("<h1>Le message a bien été transmis\u202f!</h1>", page)

    def test_get_without_fields(self):
        page = confirmation_page("GET", (), None, 0, visit=1)
        self.assertIn("<title>Recherche reçue</title>", page)
        self.assertIn("<h1>Recherche reçue</h1>", page)
        self.assertNotIn("message", page)
        self.assertIn("<strong>dans l'adresse</strong>", page)
        self.assertIn("aucun champ reconnu", page)
        self.assertNotIn("Attention", page)


class TypographyTest(unittest.TestCase):
    """Le texte des pages à la française ; leurs feuilles de style, intactes."""

    def test_text_is_typeset_and_style_untouched(self):
        for page in (pages.ERROR_PAGE, pages.LISTING_PAGE, pages.CONFIRMATION_PAGE):
            style = re.search("<style>.*</style>", page, re.DOTALL).group()
            self.assertNotIn("\u00a0", style)
            self.assertNotIn("\u202f", style)
        page = listing_page("/", [])
        self.assertIn("Ce serveur GET montre les fichiers du dossier servi\u00a0: cliquez", page)
        self.assertIn("Serveur surchargé\u00a0: trop de connexions", BUSY_PAGE)

    def test_values_are_not_typeset(self):
        page = confirmation_page("POST", (Field("q", "a : b ?"),), None, 3, visit=1)
        self.assertIn("<td>a : b ?</td>", page)


class BusyPageTest(unittest.TestCase):
    def test_busy_page_is_french_and_utf8(self):
        self.assertIn("Serveur surchargé", BUSY_PAGE)
        self.assertIn('charset="utf-8"', BUSY_PAGE)


if __name__ == "__main__":
    unittest.main()
