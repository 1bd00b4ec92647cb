"""Tests de serveur/cookie_jar.py : les cookies de chaque poste, d'après de vrais échanges."""

import unittest
import urllib.parse
from unittest import mock

from serveur import cookie_jar
from serveur.cookie_jar import CookieJar, cookie_pairs, describe
from serveur.events import EXCHANGE, REQUEST, Event

from .support import ServerTestCase, plain

FORM = b"<!DOCTYPE html><title>F</title><form method=post></form>"


def exchange(client="10.0.0.1", cookie=None, *set_cookies):
    return Event(EXCHANGE, client=client, method="GET", path="/",
                 headers=(("Cookie", cookie),) if cookie else (),
                 reply_headers=tuple(("Set-Cookie", value) for value in set_cookies))


class RealExchangesTest(ServerTestCase):
    files = {"ressource.html": FORM}

    def test_the_cookie_form_then_the_cookie_coming_back(self):
        body = urllib.parse.urlencode({"cookie_nom": "couleur", "cookie_valeur": "bleu",
                                       "cookie_duree": "session", "cookie_httponly": "oui"})
        response, _ = self.request("POST", "/cookie", body, {
            "Content-Type": "application/x-www-form-urlencoded"})
        self.assertIn("couleur=bleu; Path=/; SameSite=Lax; HttpOnly",
                      response.msg.get_all("Set-Cookie"))
        self.request("GET", "/", headers={"Cookie": "couleur=bleu; visites=1"})
        jar = CookieJar()
        self.log.wait_for(lambda e: len(self.log.of_kind(EXCHANGE)) == 2)
        for event in self.log.events:
            jar.note(event)
        self.assertEqual(jar.clients(), ["127.0.0.1"])
        cookies = {cookie.name: cookie for cookie in jar.cookies_of("127.0.0.1")}
        colour = cookies["couleur"]
        self.assertEqual((colour.value, colour.lifetime(), colour.rules()),
                         ("bleu", "session", "Path=/ SameSite=Lax HttpOnly"))
        self.assertEqual((colour.set_count, colour.returned), (1, 1))
        self.assertEqual(cookies["visites"].set_count, 2)   # le compteur du serveur, aussi
        said = plain(describe(colour))
        for words in ("« couleur » = « bleu »", "cookie de session", "HttpOnly",
                      "Revenu 1 fois"):
            self.assertIn(words, said)


class JarTest(unittest.TestCase):
    def test_attributes_lifetime_and_removal(self):
        jar = CookieJar()
        jar.note(exchange("a", None, "s=1; Max-Age=60; path=/x; samesite=Strict; Secure",
                          "d=2; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
                          "f=3; Expires=Wed, 21 Oct 2099 07:28:00 GMT", "pas-un-cookie"))
        cookies = {cookie.name: cookie for cookie in jar.cookies_of("a")}
        self.assertEqual(sorted(cookies), ["d", "f", "s"])
        self.assertEqual((cookies["s"].lifetime(), cookies["s"].rules()),
                         ("Max-Age=60", "Path=/x SameSite=Strict Secure"))
        self.assertEqual(cookies["d"].lifetime(), "supprimé")   # une date passée l'efface
        self.assertTrue(cookies["f"].lifetime().startswith("Expires="))
        jar.note(exchange("a", None, "s=; Max-Age=0"))
        self.assertIn("effacer", describe(jar.cookies_of("a")[0]))

    def test_what_comes_back_without_having_left(self):
        jar = CookieJar()
        self.assertEqual(jar.note(exchange("a", "ailleurs=1")), "a")
        cookie = jar.cookies_of("a")[0]
        self.assertEqual((cookie.set_count, cookie.returned), (0, 1))
        self.assertIn("autre port", plain(describe(cookie)))

    def test_a_cookie_sent_back_with_another_value_is_told(self):
        jar = CookieJar()
        jar.note(exchange("a", None, "visites=1"))
        jar.note(exchange("a", "visites=1", "visites=2"))   # l'échange normal : rien à dire
        self.assertNotIn("falsifie", describe(jar.cookies_of("a")[0]))
        jar.note(exchange("a", "visites=41"))                # tapé à la main
        self.assertIn("falsifie", describe(jar.cookies_of("a")[0]))

    def test_only_exchanges_count(self):
        jar = CookieJar()
        self.assertIsNone(jar.note(Event(REQUEST, client="a", headers=(("Cookie", "x=1"),))))
        self.assertIsNone(jar.note(exchange("a")))
        self.assertEqual(jar.clients(), [])

    def test_bounds(self):
        jar = CookieJar()
        with mock.patch.object(cookie_jar, "MAX_CLIENTS", 3), \
                mock.patch.object(cookie_jar, "MAX_COOKIES", 4):
            for number in range(10):
                jar.note(exchange("10.0.0.%d" % number, None, "a=1"))
            self.assertEqual(jar.clients(), ["10.0.0.7", "10.0.0.8", "10.0.0.9"])
            jar.note(exchange("10.0.0.9", "; ".join("c%d=%d" % (n, n) for n in range(50))))
            self.assertEqual(len(jar.cookies_of("10.0.0.9")), 4)
        self.assertGreater(jar.forgotten, 0)
        # Un en-tête hostile : lu en temps linéaire, sur ses premiers caractères seulement.
        huge = "a=" + "x" * 10 ** 6 + ";" + "b=1;" * 10 ** 5
        pairs = cookie_pairs(huge)
        self.assertLessEqual(len(pairs), cookie_jar.MAX_PAIRS)
        self.assertLess(len(pairs[0][1]), cookie_jar.HEADER_LIMIT)
        jar.note(exchange("z", huge, "n=" + "v" * 10 ** 6))
        self.assertTrue(all(len(cookie.value) < 1000 for cookie in jar.cookies_of("z")))
        jar.clear()
        self.assertEqual((jar.clients(), jar.forgotten), ([], 0))


if __name__ == "__main__":
    unittest.main()
