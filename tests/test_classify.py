"""Tests de fenetre/classify.py : une seule classification des lignes du journal."""

import unittest

from fenetre import classify
from fenetre.classify import (ANSWERED, ASKED, ERRORS, GET, OTHER, POST, SERVER, TOLD,
                              classify as classify_event, colour_of, shown_families)
from serveur.events import (DATA, ERROR, EXCHANGE, NOTICE, REQUEST, RESPONSE, STARTED, STOPPED,
                            Event)


class ClassifyTest(unittest.TestCase):
    def test_family_and_role(self):
        cases = [
            (Event(STARTED), (SERVER, TOLD)),
            (Event(STOPPED), (SERVER, TOLD)),
            (Event(ERROR, message="x"), (ERRORS, TOLD)),
            (Event(REQUEST, method="GET"), (GET, ASKED)),
            (Event(REQUEST, method="HEAD"), (GET, ASKED)),
            (Event(REQUEST, method="POST"), (POST, ASKED)),
            (Event(REQUEST, method="DELETE"), (OTHER, ASKED)),
            (Event(DATA, method="POST"), (POST, ASKED)),
            (Event(RESPONSE, method="HEAD", status=200), (GET, ANSWERED)),
            (Event(EXCHANGE, method="POST", status=200), (POST, ANSWERED)),
            (Event(RESPONSE, method="GET", status=404), (ERRORS, ANSWERED)),
            (Event(NOTICE, message="x"), (OTHER, TOLD)),
        ]
        for event, expected in cases:
            with self.subTest(kind=event.kind, method=event.method, status=event.status):
                self.assertEqual(classify_event(event), expected)

    def test_the_colour_of_each_event(self):
        cases = [
            (Event(REQUEST, method="GET"), "get"),
            (Event(REQUEST, method="HEAD"), "get"),
            (Event(REQUEST, method="POST"), "post"),
            (Event(REQUEST, method="PUT"), "autres"),
            (Event(DATA, method="POST"), "post"),
            (Event(ERROR, message="boum"), "erreurs"),
            (Event(RESPONSE, status=200), "reponse"),
            (Event(RESPONSE, status=304), "reponse"),
            (Event(RESPONSE, status=400), "erreurs"),
            (Event(RESPONSE, status=404), "erreurs"),
            (Event(RESPONSE, status=500), "erreurs"),
            (Event(STARTED, url="http://127.0.0.1:8080/"), "serveur"),
            (Event(STOPPED), "serveur"),
            (Event(NOTICE, message="calme"), "info"),
        ]
        for event, colour in cases:
            with self.subTest(kind=event.kind, method=event.method, status=event.status):
                self.assertEqual(colour_of(*classify_event(event)), colour)

    def test_the_missing_icon_is_not_an_error(self):
        # Annoncée comme normale (« À savoir »), la 404 de /favicon.ico n'est pas rouge.
        icon = Event(ERROR, method="GET", path="/favicon.ico", status=404)
        self.assertEqual(classify_event(icon), (GET, TOLD))
        self.assertNotEqual(colour_of(*classify_event(icon)), ERRORS)
        other = Event(ERROR, method="GET", path="/image.png", status=404)
        self.assertEqual(colour_of(*classify_event(other)), ERRORS)

    def test_families_for_the_filter(self):
        self.assertEqual(classify.family_of(Event(REQUEST, method="GET")), "get")
        self.assertEqual(classify.family_of(Event(RESPONSE, method="HEAD", status=200)), "get")
        self.assertEqual(classify.family_of(Event(RESPONSE, method="GET", status=404)), "erreurs")
        self.assertEqual(classify.family_of(Event(DATA, method="POST")), "post")

    def test_colours_in_the_same_vocabulary(self):
        # Les anciennes couleurs : requête GET bleue, POST orange, autre méthode brune,
        # réponse verte, erreur rouge, serveur violet, information grise.
        self.assertEqual(colour_of(GET, ASKED), GET)
        self.assertEqual(colour_of(POST, ASKED), POST)
        self.assertEqual(colour_of(OTHER, ASKED), OTHER)
        self.assertEqual(colour_of(GET, ANSWERED), ANSWERED)
        self.assertEqual(colour_of(ERRORS, ANSWERED), ERRORS)
        self.assertEqual(colour_of(SERVER, TOLD), SERVER)
        self.assertEqual(colour_of(OTHER, TOLD), TOLD)

    def test_every_colour_is_styled(self):
        from fenetre.journal import COLOURS   # la fenêtre colore chaque nom du vocabulaire
        names = {colour_of(family, role) for family in classify.FAMILIES
                 for role in (ASKED, ANSWERED, TOLD)} | {classify.HINT}
        self.assertEqual(names - set(COLOURS), set())

    def test_filters_keep_the_server_lines(self):
        self.assertEqual(set(shown_families("tout")), set(classify.FAMILIES))
        for name in ("get", "post", "erreurs"):
            with self.subTest(filter=name):
                self.assertIn(SERVER, shown_families(name))
                self.assertIn(name, shown_families(name))
        self.assertEqual(set(shown_families("inconnu")), set(classify.FAMILIES))

    def test_saved_filter_names_are_the_filter_vocabulary(self):
        from fenetre import settings
        self.assertEqual(set(settings.FILTERS), set(classify.FILTER_NAMES))


if __name__ == "__main__":
    unittest.main()
