"""Tests de serveur/class_code.py : le code, les laissez-passer, les codes faux comptés."""

import unittest

from serveur import class_code
from serveur.class_code import (COOKIE, Guesses, Passes, clean_code, code_typed, new_code,
                                pass_in, same_code)


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class CodeTest(unittest.TestCase):

    def test_a_new_code_has_four_digits_and_changes(self):
        codes = {new_code() for _ in range(50)}
        for code in codes:
            self.assertRegex(code, r"^[0-9]{4}$")
        self.assertGreater(len(codes), 1)

    def test_a_typed_code_has_four_to_six_digits(self):
        self.assertEqual(clean_code(" 4821 "), "4821")
        self.assertEqual(clean_code("48 21"), "4821")
        self.assertEqual(clean_code("482193"), "482193")
        for bad in ("", "123", "1234567", "12a4", "١٢٣٤", None):
            self.assertIsNone(clean_code(bad), bad)

    def test_same_code(self):
        self.assertTrue(same_code("4821", "4821"))
        self.assertFalse(same_code("4822", "4821"))
        self.assertFalse(same_code("", "4821"))

    def test_the_typed_code_is_read_from_the_form(self):
        self.assertEqual(code_typed(b"code_classe=4821"), "4821")
        self.assertEqual(code_typed(b"a=1&code_classe=+4821+&b=2"), "4821")
        self.assertEqual(code_typed(b"nom=Zoe"), "")
        self.assertEqual(code_typed(b"\xff\xfe"), "")
        # Un formulaire de plus de 20 champs : pas de code lu, et pas d'exception.
        self.assertEqual(code_typed(b"a=1&" * 25 + b"code_classe=4821"), "")


class PassTest(unittest.TestCase):

    def test_a_pass_is_unguessable_and_is_not_the_code(self):
        passes = Passes()
        token = passes.give("192.168.1.23")
        self.assertGreaterEqual(len(token), 24)
        self.assertTrue(passes.valid(token))
        self.assertFalse(passes.valid("x" * 32))
        self.assertFalse(passes.valid(""))
        self.assertNotEqual(token, passes.give("192.168.1.23"))

    def test_the_pass_is_found_among_the_cookies(self):
        token = "A" * 32
        self.assertEqual(pass_in(["visites=3; %s=%s; couleur=bleu" % (COOKIE, token)]), token)
        self.assertEqual(pass_in(["%s=\"%s\"" % (COOKIE, token)]), token)
        self.assertEqual(pass_in(["visites=3", "%s=%s" % (COOKIE, token)]), token)
        self.assertEqual(pass_in(["x%s=%s" % (COOKIE, token)]), "")
        self.assertEqual(pass_in(None), "")
        # Après 10 Kio d'autres cookies (exercices sur les cookies, même hôte) : encore trouvé,
        # sinon le bon code tapé redonnerait la page du code, en boucle.
        many = "; ".join("exercice%d=%s" % (number, "x" * 90) for number in range(100))
        self.assertEqual(pass_in(["%s; %s=%s" % (many, COOKIE, token)]), token)

    def test_a_hostile_cookie_header_is_read_quickly(self):
        header = (COOKIE + "=" + "A;" * 200000)
        self.assertEqual(pass_in([header]), "")

    def test_the_passes_are_bounded(self):
        passes = Passes()
        first = passes.give("a")
        for _ in range(class_code.MAX_PASSES):
            passes.give("b")
        self.assertEqual(len(passes), class_code.MAX_PASSES)
        self.assertFalse(passes.valid(first))


class GuessesTest(unittest.TestCase):

    def test_five_wrong_codes_then_wait_until_the_minute_is_over(self):
        clock = FakeClock()
        guesses = Guesses(tries=5, window=60.0, clock=clock)
        for count in range(1, 6):
            self.assertEqual(guesses.wait("p7"), 0)
            self.assertEqual(guesses.wrong("p7"), count)
            clock.now += 1
        self.assertEqual(guesses.wait("p7"), 55)
        self.assertEqual(guesses.wait("p8"), 0)   # un autre poste n'attend pas
        clock.now += 55
        self.assertEqual(guesses.wait("p7"), 0)

    def test_the_addresses_are_bounded(self):
        guesses = Guesses()
        for index in range(class_code.MAX_ADDRESSES + 10):
            guesses.wrong("10.0.%d.%d" % divmod(index, 256))
        self.assertLessEqual(len(guesses._wrong), class_code.MAX_ADDRESSES)


if __name__ == "__main__":
    unittest.main()
