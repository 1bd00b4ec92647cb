"""Tests de serveur/cookie_form.py et du formulaire « Cookies » servi par post_handler.py."""

import os
import unittest
import urllib.parse

from serveur.cookie_form import form_cookie
from serveur.events import NOTICE, Field
from serveur.formatter import format_event

from .support import ServerTestCase, plain

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fields(**values):
    return tuple(Field(name, value) for name, value in values.items())


class FormCookieTest(unittest.TestCase):
    def test_the_set_cookie_header(self):
        header, facts = form_cookie(fields(cookie_nom="couleur", cookie_valeur="bleu"))
        self.assertEqual(header, "couleur=bleu; Path=/; SameSite=Lax")
        self.assertEqual([fact for fact, _ in facts], ["cookie-form-set"])
        header, _ = form_cookie(fields(cookie_nom="c", cookie_valeur="v", cookie_duree="3600",
                                       cookie_httponly="oui"))
        self.assertEqual(header, "c=v; Path=/; SameSite=Lax; Max-Age=3600; HttpOnly")

    def test_values_are_encoded_and_names_checked(self):
        header, facts = form_cookie(fields(cookie_nom="ville", cookie_valeur="Besançon; x"))
        self.assertEqual(header, "ville=Besan%C3%A7on%3B%20x; Path=/; SameSite=Lax")
        self.assertEqual(facts[0][0], "cookie-form-encoded")
        for name in ("", "a b", "é", "a;b", "x" * 41):
            with self.subTest(name=name):
                self.assertEqual(form_cookie(fields(cookie_nom=name))[1][0][0],
                                 "cookie-form-bad-name")
        self.assertEqual(form_cookie(fields(cookie_nom="Visites"))[1][0][0], "cookie-form-taken")
        self.assertEqual(form_cookie(fields(cookie_nom="a", cookie_valeur="é" * 100))[1][0][0],
                         "cookie-form-too-long")


class CookieFormServedTest(ServerTestCase):
    files = {"ressource.html": open(os.path.join(ROOT, "ressource.html"), "rb").read()}

    def post(self, **values):
        return self.request("POST", "/cookie", urllib.parse.urlencode(values),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def test_the_form_is_in_ressource_html(self):
        _, page = self.request("GET", "/")
        for needle in (b'action="/cookie"', b'name="cookie_nom"', b'name="cookie_valeur"',
                       b'name="cookie_duree"', b'name="cookie_httponly"'):
            self.assertIn(needle, page)

    def test_the_server_sets_the_cookie_and_tells_it(self):
        response, page = self.post(cookie_nom="couleur", cookie_valeur="bleu")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.msg.get_all("Set-Cookie")[0], "couleur=bleu; Path=/; SameSite=Lax")
        self.assertIn(b"couleur", page)
        event = self.log.wait_for(lambda e: e.kind == NOTICE and e.fact == "cookie-form-set")
        self.assertIsNotNone(event)
        said = plain("\n".join(format_event(event)))
        self.assertIn("formulaire « Cookies » : je pose le cookie « couleur »", said)
        self.assertIn("Set-Cookie: couleur=bleu; Path=/; SameSite=Lax", said)

    def test_a_refused_name_sets_nothing_but_the_counter(self):
        response, _ = self.post(cookie_nom="mon cookie", cookie_valeur="x")
        self.assertEqual([value.split("=")[0] for value in response.msg.get_all("Set-Cookie")],
                         ["visites"])
        event = self.log.wait_for(lambda e: e.kind == NOTICE and e.fact == "cookie-form-bad-name")
        self.assertIn("« mon cookie » n'est pas un nom de cookie", plain("\n".join(format_event(event))))

    def test_other_posts_set_no_form_cookie(self):
        response, _ = self.request("POST", "/", "cookie_nom=a&cookie_valeur=b",
                                   {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(len(response.msg.get_all("Set-Cookie")), 1)


if __name__ == "__main__":
    unittest.main()
