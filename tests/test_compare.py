"""Tests de serveur/compare.py : ce qui distingue deux échanges, en simples données."""

import unittest

from serveur.compare import CHANGED, LABEL, ONLY, TITLE, Difference, differences, marks, side_lines
from serveur.events import EXCHANGE, Event, Field
from serveur.paper_wording import difference_line
from serveur.printable import Item

from .support import ServerTestCase, plain

QUERY = "ville=Besan%C3%A7on&mot_de_passe=s3cret"


def get(number=1):
    return Event(EXCHANGE, exchange=number, method="GET", path="/recherche?" + QUERY,
                 version="HTTP/1.1", headers=(("Host", "h"), ("Accept", "*/*")),
                 status=200, reason="OK", reply_headers=(("Content-Type", "text/html"),),
                 reply_body=b"<p>Recherche</p>")


def post(number=2, body=QUERY.encode("ascii")):
    return Event(EXCHANGE, exchange=number, method="POST", path="/recherche",
                 version="HTTP/1.1", body=body,
                 headers=(("host", "h"), ("Content-Type", "application/x-www-form-urlencoded"),
                          ("Content-Length", str(len(body)))),
                 status=200, reason="OK", reply_headers=(("Content-Type", "text/html"),),
                 reply_body=b"<p>Recherche</p>")


class DifferencesTest(unittest.TestCase):
    def test_the_same_form_in_get_and_in_post(self):
        found = differences(Item(get()), Item(post()))
        kinds = [difference.kind for difference in found]
        self.assertEqual(kinds, ["method", "path", "place", "same-fields", "header-left",
                                 "header-right", "header-right", "body"])
        self.assertEqual(found[0], Difference("method", "", "GET", "POST"))
        self.assertEqual(found[2].left, "query")
        self.assertEqual(found[2].right, "body")
        self.assertEqual(found[3].names, ("ville", "mot_de_passe"))
        self.assertEqual([d.name for d in found[4:7]], ["Accept", "Content-Type", "Content-Length"])
        self.assertEqual(found[7].right, "39 octets")

    def test_headers_are_compared_by_name_whatever_the_case(self):
        # « Host » à gauche, « host » à droite : le même en-tête, la même valeur.
        self.assertNotIn("host", [d.name.lower() for d in differences(Item(get()), Item(post()))])

    def test_changed_values_fields_and_reply(self):
        left = post(body=b"ville=Lyon&a=1")
        right = post(body=b"ville=Paris&b=2")
        right.reply_headers = (("Content-Type", "text/plain"), ("Set-Cookie", "visites=2"))
        right.status, right.reason = 404, "Not Found"
        right.reply_body = b"rien"
        found = differences(Item(left), Item(right))
        by_kind = {(d.kind, d.name): d for d in found}
        self.assertEqual(by_kind[("field-changed", "ville")].left, "Lyon")
        self.assertEqual(by_kind[("field-changed", "ville")].right, "Paris")
        self.assertIn(("field-left", "a"), by_kind)
        self.assertIn(("field-right", "b"), by_kind)
        self.assertIn(("header-changed", "Content-Length"), by_kind)
        self.assertEqual(by_kind[("status", "")].right, "404 Not Found")
        self.assertIn(("reply-header-changed", "Content-Type"), by_kind)
        self.assertIn(("reply-header-right", "Set-Cookie"), by_kind)
        self.assertIn(("reply-body", ""), by_kind)

    def test_identical_exchanges(self):
        self.assertEqual(differences(Item(get(1)), Item(get(2))),
                         [Difference("same-fields", names=("ville", "mot_de_passe"))])
        bare = Event(EXCHANGE, method="GET", path="/", version="HTTP/1.1", status=200)
        self.assertEqual(differences(Item(bare), Item(bare)), [Difference("same")])

    def test_passwords_masked_when_asked(self):
        left = Item(get(), (), ("mot_de_passe",))
        right = Item(post(body=b"ville=Lyon&mot_de_passe=autre"), (), ("mot_de_passe",))
        text = " ".join(map(difference_line, differences(left, right, mask=True)))
        self.assertNotIn("s3cret", text)
        self.assertNotIn("autre", text)
        self.assertIn("••••", text)
        text = " ".join(map(difference_line, differences(left, right)))
        self.assertIn("s3cret", text)

    def test_given_fields_win_over_decoding(self):
        fields = (Field("nom", "Zoé"),)
        found = differences(Item(post(), fields), Item(post(3, b"nom=Lou"), (Field("nom", "Lou"),)))
        self.assertIn(Difference("field-changed", "nom", "Zoé", "Lou"), found)

    def test_hostile_values_are_shown_escaped_and_short(self):
        left = post(body=b"x=" + b"a" * 500)
        right = post(body=b"x=\x1b[2J")
        found = {d.kind: d for d in differences(Item(left), Item(right))}
        self.assertEqual(found["field-changed"].right, "\\x1b[2J")
        self.assertEqual(len(found["field-changed"].left), 81)


class MarksTest(unittest.TestCase):
    def test_what_to_highlight_on_each_side(self):
        left, right = marks(Item(get()), Item(post()))
        self.assertEqual(left["method"], CHANGED)
        self.assertEqual(right["method"], CHANGED)
        self.assertEqual(left[("header", "accept")], ONLY)
        self.assertNotIn(("header", "accept"), right)
        self.assertEqual(right[("header", "content-type")], ONLY)
        self.assertEqual(right["body"], CHANGED)
        self.assertNotIn(("header", "host"), left)


class SideLinesTest(unittest.TestCase):
    def test_each_side_is_shown_like_the_raw_exchange_view_with_its_keys(self):
        event = post()
        event.reply_headers = (("Set-Cookie", "visites=3"), ("Set-Cookie", "couleur=bleu"))
        lines = side_lines(Item(event, (), ("mot_de_passe",)), mask=True)
        labels = [text for text, _, style in lines if style == LABEL]
        self.assertEqual(labels, ["ligne de requête", "en-têtes (3)", "ligne vide",
                                  "corps (39 octets)", "champs décodés (2)", "ligne de statut",
                                  "en-têtes (2)", "ligne vide", "début du corps"])
        keyed = {keys: text for text, keys, _ in lines if keys}
        self.assertEqual(keyed[("method", "path", "version")], "POST /recherche HTTP/1.1")
        self.assertEqual(keyed[(("header", "content-type"),)],
                         "Content-Type: application/x-www-form-urlencoded")
        self.assertEqual(keyed[("body",)], "ville=Besan%C3%A7on&mot_de_passe=••••")
        self.assertEqual(plain(keyed[(("field", "mot_de_passe"),)]), "mot_de_passe = « •••• »")
        # Un en-tête répété : une ligne par valeur, comme il a voyagé.
        cookies = [text for text, keys, _ in lines if keys == (("reply-header", "set-cookie"),)]
        self.assertEqual(cookies, ["Set-Cookie: visites=3", "Set-Cookie: couleur=bleu"])
        self.assertTrue(lines[0][0].startswith("REQUÊTE n°2"))
        self.assertEqual(lines[0][2], TITLE)


class WordingTest(unittest.TestCase):
    def test_each_difference_is_a_french_sentence(self):
        lines = [difference_line(d) for d in differences(Item(get()), Item(post()))]
        self.assertEqual(plain(lines[0]), "La méthode : GET à gauche, POST à droite.")
        self.assertIn("dans l'adresse (après le «\u00a0?\u00a0») à gauche", lines[2])
        self.assertEqual(plain(lines[3]), "Les mêmes champs, avec les mêmes valeurs, des deux "
                                          "côtés : ville et mot_de_passe.")
        self.assertEqual(plain(difference_line(Difference("same"))),
                         "Mêmes requêtes, à l'octet près dans ce que le panneau a gardé.")


class RealGetAndPostTest(ServerTestCase):
    """Le même formulaire envoyé en GET puis en POST au vrai serveur."""

    def test_real_get_and_post_of_the_same_form(self):
        self.request("GET", "/recherche?ville=Lyon")
        self.request("POST", "/", body=b"ville=Lyon",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        first = self.wait_kind(EXCHANGE, "/recherche?ville=Lyon")
        second = self.wait_kind(EXCHANGE, "/")
        kinds = [d.kind for d in differences(Item(first), Item(second))]
        self.assertEqual(kinds[:3], ["method", "path", "place"])
        self.assertIn("same-fields", kinds)
        self.assertIn("header-right", kinds)


if __name__ == "__main__":
    unittest.main()
