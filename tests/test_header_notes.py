"""Tests de serveur/header_notes.py : une ligne par en-tête, familles, inconnus."""

import unittest

from serveur import header_notes
from serveur.header_notes import UNKNOWN, note

from .support import plain

# Les en-têtes qu'un élève voit passer dans « Échange brut » (requête et réponse).
EVERYDAY = ("Host", "User-Agent", "Accept", "Accept-Language", "Accept-Encoding", "Cookie",
            "Referer", "Content-Type", "Content-Length", "Cache-Control", "If-Modified-Since",
            "If-None-Match", "Connection", "Keep-Alive", "Upgrade-Insecure-Requests",
            "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-User", "Sec-Fetch-Dest", "sec-ch-ua",
            "sec-ch-ua-mobile", "sec-ch-ua-platform", "Origin", "Range", "If-Range", "DNT",
            "Pragma", "Set-Cookie", "Last-Modified", "Server", "Date", "Content-Range",
            "Accept-Ranges", "Retry-After", "Location", "ETag", "Expires",
            "Content-Disposition", "Transfer-Encoding")


class HeaderNotesTest(unittest.TestCase):
    def test_every_everyday_header_has_its_own_line(self):
        seen = {}
        for name in EVERYDAY:
            with self.subTest(name=name):
                text = note(name)
                self.assertIsNot(text, UNKNOWN)
                self.assertTrue(header_notes.is_known(name))
                self.assertTrue(text[0].islower() or text[0].isdigit() or text[0] in "«?")
                self.assertFalse(text.endswith("."))
                seen.setdefault(text, []).append(name)
        # Chacun la sienne (pas la ligne d'une famille pour Sec-Fetch-Site…).
        self.assertEqual([names for names in seen.values() if len(names) > 1], [])

    def test_names_ignore_case_and_spaces(self):
        self.assertEqual(note("content-type"), note("Content-Type"))
        self.assertEqual(note("HOST"), note("host"))
        self.assertEqual(note(" Host "), note("Host"))
        self.assertIn("obligatoire en HTTP/1.1", note("Host"))

    def test_families_by_prefix(self):
        self.assertIn("Fetch Metadata", note("Sec-Fetch-Storage-Access"))
        self.assertIn("Client Hints", note("Sec-CH-UA-Full-Version-List"))
        self.assertIn("Client Hints", note("sec-ch-prefers-color-scheme"))
        self.assertIn("?1", note("SEC-CH-UA-MOBILE"))
        self.assertIn("non standard", note("X-Requested-With"))
        self.assertIn("CORS", note("Access-Control-Allow-Origin"))

    def test_unknown_headers_say_so(self):
        for name in ("Mon-En-Tete", "Foo", "", "Hostile\x1b"):
            with self.subTest(name=name):
                self.assertIs(note(name), UNKNOWN)
                self.assertFalse(header_notes.is_known(name))
        self.assertIn("en-tête inconnu de ce panneau", note("Foo"))

    def test_french_typography(self):
        # « : » garde son espace insécable ; aucune espace ordinaire avant « : ; ? ! ».
        for text in list(header_notes.NOTES.values()) + [text for _, text in header_notes.FAMILIES]:
            with self.subTest(text=text[:30]):
                for mark in (" :", " ;", " ?", " !"):
                    self.assertNotIn(mark, text)
        self.assertIn("\u00a0:", note("If-Modified-Since"))
        self.assertIn("les compressions", plain(note("Accept-Encoding")))


if __name__ == "__main__":
    unittest.main()
