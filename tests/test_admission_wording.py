"""Tests de serveur/admission_wording.py : les lignes du journal de l'entrée."""

import unittest

from serveur.admission_wording import ADMISSION_FACTS, admission_lines, who
from serveur.events import ERROR, NOTICE, Event
from serveur.formatter import format_event, message_of

from .support import plain


def told(kind, fact, values=(), client="192.168.1.23", label=None):
    return [plain(line) for line in format_event(Event(kind, client=client, fact=fact,
                                                       values=values), label)]


class WordingTest(unittest.TestCase):

    def test_the_poste_is_named_first(self):
        self.assertEqual(who("Poste 7"), "Poste 7")
        self.assertEqual(who("192.168.1.23"), "le poste 192.168.1.23")
        lines = told(ERROR, "code-missing", label=lambda address: "Poste 7")
        self.assertRegex(lines[0], r"^\d\d:\d\d:\d\d  SERVEUR : \[ERREUR\] Poste 7 n'a pas le "
                                   r"code de la classe : je refuse \(403\)")

    def test_every_fact_has_a_sentence_without_a_client(self):
        for fact in ADMISSION_FACTS:
            text = plain(message_of(Event(NOTICE, fact=fact)))
            self.assertNotIn("{", text, fact)
            if fact != "admission-rules":
                self.assertIn("ce poste", text, fact)

    def test_the_accepted_code_teaches_what_a_cookie_is(self):
        lines = told(NOTICE, "code-accepted")
        self.assertIn("panneau_classe=••••", lines[0])
        self.assertIn("Le cookie est la mémoire du serveur", lines[1])
        self.assertTrue(all(line.startswith("   ") for line in lines[1:]))

    def test_counts(self):
        self.assertIn("1 requête refusée",
                      told(NOTICE, "requests-calm", (("refused", 1), ("seconds", 0.0)))[0])
        self.assertIn("1 234 requêtes refusées",
                      told(NOTICE, "requests-calm", (("refused", 1234), ("seconds", 2.5)))[0])
        self.assertIn("ses 3 connexions ouvertes sont coupées",
                      told(NOTICE, "client-blocked", (("cut", 3),))[0])
        self.assertIn("(2 connexions refusées pendant le blocage)",
                      told(NOTICE, "client-unblocked", (("refused", 2),))[0])

    def test_the_rules_never_show_the_code(self):
        lines = admission_lines(Event(NOTICE, fact="admission-rules", values=(
            ("code", True), ("code_here", False), ("limit", 50), ("limit_here", False),
            ("student", False))), "")
        text = plain("\n".join(lines))
        self.assertIn("code de la classe : ••••", text)
        self.assertIn("au plus 50 requêtes par seconde par poste du réseau local", text)
        self.assertIn("cet ordinateur n'est pas limité", text)

    def test_french_typography(self):
        line = format_event(Event(ERROR, client="10.0.0.7", fact="code-wrong",
                                  values=(("tries", 2), ("allowed", 5))))[0]
        self.assertIn("\u00a0: je refuse", line)


if __name__ == "__main__":
    unittest.main()
