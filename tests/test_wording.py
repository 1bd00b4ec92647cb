"""Tests de serveur.wording et serveur.french : chaque fait a sa phrase, une phrase se remplit
sans jamais lever, et s'écrit à la typographie française (espaces insécables exactes).

Les faits employés par le paquet sont relevés dans son code source
(``fact="…"``, ``StartError("…")``, ``return (404, "…")``) : un fait ajouté
dans un gestionnaire sans sa phrase fait échouer ce test.
"""

import os
import re
import string
import unittest

import serveur
from serveur.events import RESPONSE, Event
from serveur.formatter import format_event
from serveur import wording
from serveur.wording import (COOKIE_KEPT, ERROR_EXPLANATIONS, ERROR_REASONS, LIBRARY_FACTS,
                             PASSWORD_WARNINGS, PORT_RANGE, SENTENCES, START_PROBLEMS,
                             STATUS_HINTS, STOP_SENTENCES, STOP_SUMMARIES, and_list,
                             answer_sentence, by_count, decimal, explanation, fill, library_fact,
                             number, password_warning, start_problem, typography)

NBSP, NNBSP = "\u00a0", "\u202f"   # espace insécable (avant « : »), fine insécable (avant « ; ! ? »)

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
            if callable(template):
                template = template({})
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
        self.assertEqual(fill("{m:ou}", {"m": ("get", "get-post")}),
                         "«\u00a0get\u00a0» ou «\u00a0get-post\u00a0»")
        self.assertEqual(fill("{s:g} s", {"s": 15.0}), "15 s")
        self.assertEqual(fill("{s:g} s", {"s": 0.5}), "0,5 s")     # virgule décimale
        self.assertEqual(fill("{s} s", {"s": 2.25}), "2,25 s")
        self.assertEqual(fill("port {p}", {"p": 8080}), "port 8080")   # un port n'a pas de milliers

    def test_never_raises(self):
        self.assertEqual(fill("port {port}"), "port ?")
        self.assertEqual(fill("{n:octets}", {"n": "beaucoup"}), "beaucoup")
        self.assertEqual(fill("{s:g}", {"s": None}), "None")

    def test_a_value_is_never_read_as_a_template(self):
        self.assertEqual(fill("« {folder} »", {"folder": "{port} %s {0}"}),
                         "«\u00a0{port} %s {0}\u00a0»")

    def test_the_template_is_typeset_never_the_values(self):
        # Ce qu'un client a envoyé est montré tel qu'il a voyagé.
        self.assertEqual(fill("reçu : {v} !", {"v": "a : b ; « c » ?"}),
                         "reçu\u00a0: a : b ; « c » ?\u202f!")

    def test_a_template_can_be_a_function_of_the_values(self):
        template = lambda values: "libre : {free}" if values.get("free") else "aucun"
        self.assertEqual(fill(template, {"free": 8081}), "libre\u00a0: 8081")
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
        self.assertEqual(text, "méthode non prise en charge («\u00a0BREW\u00a0») — ce serveur ne "
                               "sait pas traiter cette méthode. Il accepte\u00a0: GET et HEAD.")
        # Une requête illisible : on montre ce qui est arrivé.
        text = answer_sentence(400, "http-0.9", {"request_line": "GET /page"})
        self.assertTrue(text.startswith("Requête à l'ancienne"))
        self.assertTrue(text.endswith("— requête reçue\u00a0: «\u00a0GET /page\u00a0»"))
        # Ni cause ni requête : l'explication seule, celle de la page.
        self.assertEqual(answer_sentence(403, "link-outside"), explanation(403, "link-outside"))


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


class TypographyTest(unittest.TestCase):
    """Une seule fonction met nos phrases à la typographie française."""

    def test_colon_guillemets_and_stops(self):
        self.assertEqual(typography("Mode :"), "Mode" + NBSP + ":")
        self.assertEqual(typography("« x »"), "«" + NBSP + "x" + NBSP + "»")
        self.assertEqual(typography("a ; b ! c ?"), "a" + NNBSP + "; b" + NNBSP + "! c" + NNBSP + "?")
        self.assertEqual(typography("«x»"), "«" + NBSP + "x" + NBSP + "»")   # espaces ajoutées
        # Un point d'interrogation entre guillemets garde l'espace des guillemets.
        self.assertEqual(typography("le « ? »"), "le «" + NBSP + "?" + NBSP + "»")
        # Une mauvaise espace (fine avant « : », insécable avant « ; ») est corrigée.
        self.assertEqual(typography("a" + NNBSP + ": b" + NBSP + "; c"),
                         "a" + NBSP + ": b" + NNBSP + "; c")

    def test_what_is_not_prose_is_untouched(self):
        for text in ("http://x", "https://127.0.0.1:8081/", "12:30:00", "Host: a",
                     "/recherche?ville=Lyon&x=1", "&amp;", "<!DOCTYPE html>", "{n:octets}",
                     "body { color: red; margin: 0 !important; }"[:28], "a:b;c!d?", "",
                     "Content-Type: text/html; charset=utf-8", "a\n: b"):
            with self.subTest(text=text):
                self.assertEqual(typography(text), text)

    def test_idempotent(self):
        for text in ("Mode : « x » ; ok ? oui !", "le « ? »", "«»", "a  : b", "« « x » »",
                     "Serveur arrêté : 3 connexions encore ouvertes ont été coupées."):
            with self.subTest(text=text):
                once = typography(text)
                self.assertEqual(typography(once), once)

    def test_every_sentence_of_ours_is_typeset(self):
        # Remplie, chaque phrase n'a plus une seule espace ordinaire devant « : ; ! ? »
        # ni à l'intérieur des guillemets.
        tables = (SENTENCES, ERROR_REASONS, ERROR_EXPLANATIONS, START_PROBLEMS, STOP_SENTENCES,
                  STOP_SUMMARIES, PASSWORD_WARNINGS, COOKIE_KEPT)
        for table in tables:
            for fact, template in table.items():
                with self.subTest(fact=fact):
                    model = template({"count": 3, "free": 8081, "owner": "x"}) \
                        if callable(template) else template
                    names = [name for _, name, _, _ in string.Formatter().parse(model) if name]
                    text = fill(model, {name: "x" for name in names})
                    self.assertEqual(typography(text), text)
                    self.assertNotRegex(text, " [:;!?»]|« ")
        for code, hint in STATUS_HINTS.items():
            self.assertEqual(typography(hint), hint)


class NumberTest(unittest.TestCase):
    def test_thousands(self):
        self.assertEqual(number(12345), "12" + NNBSP + "345")
        self.assertEqual(number(999), "999")

    def test_decimal_comma(self):
        self.assertEqual(decimal(0.93, 1), "0,9")
        self.assertEqual(decimal(0.25, 2), "0,25")
        self.assertEqual(decimal(1234.56, 1), "1" + NNBSP + "234,6")
        self.assertEqual(decimal(15.0), "15")
        self.assertEqual(decimal(0.5), "0,5")
        self.assertEqual(decimal(0.1 + 0.2), "0,3")
        self.assertEqual(decimal(12, 1), "12,0")
        self.assertEqual(decimal("beaucoup"), "beaucoup")   # jamais d'exception


class PortRangeTest(unittest.TestCase):
    def test_one_port_range_in_every_message(self):
        ranges = set()
        for fact, template in START_PROBLEMS.items():
            text = fill(template, {"port": 70000, "text": "abc", "free": 8081})
            ranges.update(re.findall(r"entre \d+ et \d+", text))
        self.assertEqual(ranges, {"entre 1024 et 65535"})
        self.assertIn("entre 1024 et 65535", PORT_RANGE)
        for fact in ("no-port", "not-a-port", "port-out-of-range", "port-privileged"):
            self.assertIn(PORT_RANGE, start_problem(fact, {"port": 80, "text": "x"}))

    def test_a_file_is_not_a_folder(self):
        self.assertEqual(start_problem("not-a-folder", {"folder": "/tmp/notes.txt"}),
                         "«" + NBSP + "/tmp/notes.txt" + NBSP + "» n'est pas un dossier (c'est un "
                         "fichier)" + NBSP + ": choisissez le dossier qui le contient, ou un autre "
                         "dossier.")


class PasswordWarningTest(unittest.TestCase):
    """L'avertissement dit où le mot de passe est passé, et ce que HTTPS y aurait changé."""

    def test_in_the_body_on_this_computer(self):
        text = password_warning("POST", "same-computer", "mdp")
        self.assertTrue(text.startswith("⚠ «" + NBSP + "mdp" + NBSP + "» est un champ mot de "
                                        "passe" + NBSP + ": il a voyagé EN CLAIR (HTTP), mais "
                                        "sans quitter cet ordinateur"), text)
        self.assertIn("HTTPS l'aurait chiffré en route, mais le serveur, lui, le lirait quand "
                      "même.", text)

    def test_in_the_body_over_the_network(self):
        text = password_warning("POST", "network", "mdp")
        self.assertIn("EN CLAIR sur le réseau (HTTP)" + NBSP + ": n'importe qui sur le chemin", text)
        self.assertIn("HTTPS l'aurait chiffré en route, mais le serveur, lui, le lit quand même.",
                      text)
        self.assertNotIn("sans quitter", text)

    def test_in_the_address_is_worse(self):
        for route in ("same-computer", "network"):
            with self.subTest(route=route):
                text = password_warning("GET", route, "mdp")
                self.assertIn("envoyé dans l'adresse (GET)" + NBSP + ": c'est pire qu'en POST", text)
                self.assertIn("la barre d'adresse, dans l'historique du navigateur et dans le "
                              "journal du serveur", text)
        self.assertIn("sans quitter cet ordinateur", password_warning("HEAD", "same-computer", "m"))
        self.assertIn("sur le réseau", password_warning("GET", "", "m"))   # inconnu : le pire


if __name__ == "__main__":
    unittest.main()
