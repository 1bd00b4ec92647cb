"""Tests de serveur.wording : chaque fait a sa phrase, et une phrase se remplit sans jamais lever.

Les faits employés par le paquet sont relevés dans son code source
(``fact="…"``, ``StartError("…")``, ``return (404, "…")``) : un fait ajouté
dans un gestionnaire sans sa phrase fait échouer ce test.
"""

import os
import re
import unittest

import serveur
from serveur.events import RESPONSE, Event
from serveur.formatter import format_event
from serveur import wording
from serveur.wording import (ERROR_EXPLANATIONS, ERROR_REASONS, LIBRARY_FACTS, SENTENCES,
                             START_PROBLEMS, STATUS_HINTS, STOP_SENTENCES, STOP_SUMMARIES,
                             and_list, answer_sentence, by_count, explanation, fill, library_fact,
                             start_problem)

PACKAGE = os.path.dirname(serveur.__file__)
# Les façons dont le paquet nomme un fait.
FACT_PATTERNS = (
    re.compile(r'\bfact="([^"]+)"'),                         # Event(…, fact="…"), send_error
    re.compile(r'\bStartError\(\s*"([^"]+)"'),               # StartError("port-taken", …)
    re.compile(r'\breturn \(\d{3}, "([^"]+)"'),              # path_problem, not_found_reason
)
STOP_FACTS = {"stopped"}   # l'arrêt : sa phrase dépend du nombre coupé (STOP_SENTENCES)


def facts_used_by_the_package():
    """{fait: fichier} pour chaque fait nommé dans le code du paquet."""
    found = {}
    for name in sorted(os.listdir(PACKAGE)):
        if not name.endswith(".py") or name == "wording.py":
            continue
        with open(os.path.join(PACKAGE, name), encoding="utf-8") as handle:
            source = handle.read()
        for pattern in FACT_PATTERNS:
            for fact in pattern.findall(source):
                found.setdefault(fact, name)
    return found


class EveryFactHasASentenceTest(unittest.TestCase):
    def test_the_source_scan_finds_the_facts(self):
        # Le relevé lui-même : s'il ne trouvait rien, le test suivant ne prouverait rien.
        found = facts_used_by_the_package()
        for fact in ("https-attempt", "client-gone", "too-many-connections", "hidden-file",
                     "body-too-large", "port-taken", "stopped", "folder-gone"):
            self.assertIn(fact, found)

    def test_every_fact_used_by_the_package_has_a_sentence(self):
        known = set(SENTENCES) | set(ERROR_REASONS) | set(START_PROBLEMS) | STOP_FACTS
        missing = {fact: where for fact, where in facts_used_by_the_package().items()
                   if fact not in known}
        self.assertEqual(missing, {})

    def test_every_library_message_has_a_french_sentence(self):
        for english, fact in LIBRARY_FACTS:
            with self.subTest(english=english):
                self.assertIn(fact, SENTENCES)
        self.assertIn("library-other", SENTENCES)

    def test_sentences_fill_without_values_and_say_something(self):
        for table in (SENTENCES, ERROR_REASONS, ERROR_EXPLANATIONS, START_PROBLEMS,
                      STOP_SENTENCES, STOP_SUMMARIES):
            for fact, template in table.items():
                with self.subTest(fact=fact):
                    self.assertTrue(fill(template).strip())

    def test_journal_sentences_start_lowercase_page_sentences_uppercase(self):
        # Une phrase du journal suit « SERVEUR : » ; une explication ouvre un paragraphe.
        for fact, template in SENTENCES.items():
            if template.startswith("{"):
                continue
            with self.subTest(fact=fact):
                self.assertFalse(template[:1].isupper(), template)
        for template in list(ERROR_REASONS.values()) + list(ERROR_EXPLANATIONS.values()):
            self.assertTrue(template[:1].isupper(), template)


class FillTest(unittest.TestCase):
    def test_values_and_our_formats(self):
        self.assertEqual(fill("port {port}", {"port": 8080}), "port 8080")
        self.assertEqual(fill("{n:octets}", (("n", 2048),)), "2\u202f048 octets")
        self.assertEqual(fill("{n:octets}", {"n": 1}), "1 octet")
        self.assertEqual(fill("{n:nombre}", {"n": 12345}), "12\u202f345")
        self.assertEqual(fill("{m:et}", {"m": ("GET", "HEAD", "POST")}), "GET, HEAD et POST")
        self.assertEqual(fill("{m:ou}", {"m": ("get", "get-post")}), "« get » ou « get-post »")
        self.assertEqual(fill("{s:g} s", {"s": 15.0}), "15 s")

    def test_never_raises(self):
        self.assertEqual(fill("port {port}"), "port ?")
        self.assertEqual(fill("{n:octets}", {"n": "beaucoup"}), "beaucoup")
        self.assertEqual(fill("{s:g}", {"s": None}), "None")

    def test_a_value_is_never_read_as_a_template(self):
        self.assertEqual(fill("« {folder} »", {"folder": "{port} %s {0}"}), "« {port} %s {0} »")

    def test_a_template_can_be_a_function_of_the_values(self):
        template = lambda values: "libre : {free}" if values.get("free") else "aucun"
        self.assertEqual(fill(template, {"free": 8081}), "libre : 8081")
        self.assertEqual(fill(template, {}), "aucun")

    def test_and_list(self):
        self.assertEqual(and_list(()), "")
        self.assertEqual(and_list(("GET",)), "GET")
        self.assertEqual(and_list(("GET", "HEAD")), "GET et HEAD")
        self.assertEqual(and_list("GET et HEAD"), "GET et HEAD")   # un texte reste tel quel

    def test_by_count(self):
        self.assertEqual(by_count(STOP_SUMMARIES, 0), STOP_SUMMARIES[0])
        self.assertEqual(by_count(STOP_SUMMARIES, 1), STOP_SUMMARIES[1])
        self.assertEqual(by_count(STOP_SUMMARIES, 7), STOP_SUMMARIES[wording.MANY])


class ErrorAnswerTest(unittest.TestCase):
    def test_explanation_by_fact_then_by_code(self):
        self.assertIn("cachés", explanation(404, "hidden-file"))
        self.assertEqual(explanation(404), ERROR_EXPLANATIONS[404])
        self.assertEqual(explanation(404, "a-fact-without-reason"), ERROR_EXPLANATIONS[404])
        self.assertEqual(explanation(418), "")
        self.assertIn("GET et HEAD", explanation(501, "", (("methods", ("GET", "HEAD")),)))
        self.assertIn("2\u202f000 octets", explanation(413, "body-too-large",
                                                       {"length": 2000, "limit": 100}))

    def test_library_fact(self):
        self.assertEqual(library_fact("Bad request version ('HTTP/9')"), ("bad-version", "HTTP/9"))
        self.assertEqual(library_fact("File not found"), ("file-not-found", ""))
        self.assertEqual(library_fact("Something new"), ("library-other", "Something new"))

    def test_answer_sentence(self):
        # La cause de la bibliothèque standard, puis l'explication.
        text = answer_sentence(501, "", {"cause": "unsupported-method", "quoted": "BREW",
                                         "methods": ("GET", "HEAD")})
        self.assertEqual(text, "méthode non prise en charge (« BREW ») — ce serveur ne sait pas "
                               "traiter cette méthode. Il accepte : GET et HEAD.")
        # Une requête illisible : on montre ce qui est arrivé.
        text = answer_sentence(400, "http-0.9", {"request_line": "GET /page"})
        self.assertTrue(text.startswith("Requête à l'ancienne"))
        self.assertTrue(text.endswith("— requête reçue : « GET /page »"))
        # Ni cause ni requête : l'explication seule, celle de la page.
        self.assertEqual(answer_sentence(403, "link-outside"), ERROR_REASONS["link-outside"])


class StartProblemTest(unittest.TestCase):
    def test_port_taken_names_the_owner_and_a_free_port(self):
        text = start_problem("port-taken", {"port": 8080, "owner": "python3 (PID 12)",
                                            "free": 8081})
        self.assertEqual(text, "Le port 8080 est déjà utilisé par python3 (PID 12). Arrêtez-le, "
                               "ou choisissez un autre port. Le port 8081 est libre.")

    def test_port_taken_by_someone_unknown_without_free_port(self):
        text = start_problem("port-taken", {"port": 8080, "owner": None, "free": None})
        self.assertIn("par un autre programme", text)
        self.assertTrue(text.endswith("choisissez un autre port."))

    def test_port_refused(self):
        self.assertTrue(start_problem("port-refused", {"port": 9000, "free": 9001})
                        .endswith("Choisissez un autre port, par exemple 9001."))
        self.assertTrue(start_problem("port-refused", {"port": 9000})
                        .endswith("Choisissez un autre port."))

    def test_unknown_fact_gives_its_name(self):
        self.assertEqual(start_problem("no-such-fact"), "no-such-fact")


class StatusHintsTest(unittest.TestCase):
    def test_every_status_of_the_lesson_is_explained(self):
        for code in (200, 301, 304, 400, 403, 404, 405, 411, 413, 414, 431, 500, 501, 503, 505):
            with self.subTest(code=code):
                self.assertIn(code, STATUS_HINTS)
                line = format_event(Event(RESPONSE, client="1.2.3.4", status=code, reason="X"))[0]
                self.assertIn(STATUS_HINTS[code], line)


if __name__ == "__main__":
    unittest.main()
