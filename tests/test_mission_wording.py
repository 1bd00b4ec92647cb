"""Tests de serveur/mission_wording.py : les phrases des missions, à la typographie
française, et leur place dans la table du narrateur."""

import unittest

from serveur import wording
from serveur.mission_wording import (JOURNAL_SENTENCES, PROBLEMS, mission_failed,
                                     problem_text)


class MissionWordingTest(unittest.TestCase):
    def test_a_problem_names_its_line(self):
        text = problem_text("unknown-condition", {"line": 4, "key": "metode",
                                                  "known": ["chemin", "methode"]})
        self.assertEqual(text, "ligne 4\u00a0: condition «\u00a0metode\u00a0» inconnue\u202f; "
                               "les conditions possibles\u00a0: chemin et methode.")

    def test_every_problem_is_a_sentence(self):
        for fact, template in PROBLEMS.items():
            with self.subTest(fact=fact):
                self.assertTrue(template[0].islower(), template)
                self.assertTrue(template.endswith((".", ":")), template)
                self.assertNotIn("{", problem_text(fact, {"line": 1, "key": "k", "value": "v",
                                                          "text": "t", "first": 1, "limit": 2,
                                                          "known": ["a"], "file": "f",
                                                          "reason": "r", "size": 3}))

    def test_mission_failed(self):
        self.assertEqual(mission_failed("x.txt", [1]),
                         "la mission «\u00a0x.txt\u00a0» ne peut pas être ouverte (1 problème)\u00a0:")
        self.assertIn("(2 problèmes)", mission_failed("x.txt", [1, 2]))

    def test_registered_for_the_narrator(self):
        for fact in JOURNAL_SENTENCES:
            self.assertIs(wording.SENTENCES[fact], JOURNAL_SENTENCES[fact])


if __name__ == "__main__":
    unittest.main()
