"""Tests de serveur/display.py : montrer ce qu'a envoyé un client, borné et honnête."""

import unittest

from serveur.display import shorten, shown, shown_bytes, shown_path
from serveur.events import clip

from .support import plain


class ShortenTest(unittest.TestCase):
    def test_short_text_untouched(self):
        self.assertEqual(shorten("abc", 5), "abc")

    def test_counts_the_characters_left_out(self):
        self.assertEqual(plain(shorten("a" * 12, 5)), "aaaaa… (7 caractères de plus)")

    def test_counts_what_the_event_did_not_keep(self):
        kept = clip("a" * 60000, 2000)
        self.assertEqual(plain(shorten(kept, 5)), "aaaaa… (59 995 caractères de plus)")
        short = clip("b" * 30, 3)   # plus court que la borne, mais coupé : on le dit
        self.assertEqual(plain(shorten(short, 10)), "bbb… (27 caractères de plus)")


class ShownTest(unittest.TestCase):
    def test_escaped_text_stays_within_the_limit(self):
        text = "\u202e" * 1000   # chacun s'écrit \u202e : 6 caractères
        result = plain(shown(text, 60))
        self.assertEqual(result, "\\u202e" * 10 + "… (990 caractères de plus)")

    def test_mixed_text_fits_exactly(self):
        text = "ab\ncd" * 100
        result = shown(text, 11)
        head = result.split("…")[0]
        self.assertLessEqual(len(head), 11)
        self.assertEqual(head, "ab\\ncdab\\nc")   # 11 caractères, 9 du client
        self.assertIn("(491 caractères de plus)", plain(result))

    def test_ordinary_text_is_returned_as_is(self):
        self.assertEqual(shown("Frédéric"), "Frédéric")


class ShownBytesTest(unittest.TestCase):
    def test_utf8_never_cut_in_the_middle(self):
        data = "é".encode("utf-8") * 100   # 200 octets
        result = plain(shown_bytes(data, 51))
        self.assertEqual(result, "é" * 25 + "… (150 octets de plus)")

    def test_true_size_of_a_clipped_body(self):
        body = clip(b"x" * 2 ** 20, 8192)
        self.assertEqual(plain(shown_bytes(body, 100)), "x" * 100 + "… (1 048 476 octets de plus)")
        self.assertEqual(plain(shown_bytes(body, 10000)), "x" * 8192 + "… (1 040 384 octets de plus)")

    def test_control_bytes_fit_and_are_counted_in_bytes(self):
        data = b"\x1b" * 1000
        result = plain(shown_bytes(data, 100))
        self.assertEqual(result, "\\x1b" * 25 + "… (975 octets de plus)")

    def test_invalid_bytes_still_shown_as_replacement(self):
        self.assertEqual(shown_bytes(b"a\xffb", 10), "a\ufffdb")


class ShownPathTest(unittest.TestCase):
    def test_a_clipped_path_says_how_much_the_client_sent(self):
        path = clip("/%C3%A9" + "x" * 60000, 2000)
        text = plain(shown_path(path))
        self.assertEqual(text.count("caractères de plus"), 2)   # décodé et brut
        self.assertIn("(reçu : /%C3%A9", text)
        self.assertIn("… (59 507 caractères de plus))", text)   # la forme brute


if __name__ == "__main__":
    unittest.main()
