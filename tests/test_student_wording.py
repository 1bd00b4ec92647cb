"""Tests de serveur.student_wording et serveur.python_wording : chaque fait du mode « Mon
serveur » a sa phrase, et les messages de Python ont leur traduction pour un élève."""

import os
import re
import unittest

import serveur
from serveur.python_wording import (EXCEPTIONS, EXCEPTION_MESSAGES, SYNTAX_MESSAGES,
                                    exception_explanation, syntax_translation)
from serveur.student_wording import code_with_caret, student_details
from serveur.wording import ERROR_REASONS, SENTENCES, START_PROBLEMS, fill

from .support import plain

PACKAGE = os.path.dirname(serveur.__file__)
STUDENT_FACT = re.compile(r'"(student-[a-z0-9-]+)"')

# Des messages relevés sous Python 3.8 à 3.13 pour des erreurs d'élèves.
SYNTAX_SAMPLES = (
    "invalid syntax", "expected ':'", "invalid syntax. Perhaps you forgot a comma?",
    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", "'(' was never closed",
    "unmatched ')'", "closing parenthesis ')' does not match opening parenthesis '['",
    "EOL while scanning string literal", "unterminated string literal (detected at line 1)",
    "EOF while scanning triple-quoted string literal",
    "unterminated triple-quoted string literal (detected at line 1)",
    "unexpected EOF while parsing", "unexpected indent", "expected an indented block",
    "expected an indented block after function definition on line 1",
    "unindent does not match any outer indentation level",
    "inconsistent use of tabs and spaces in indentation",
    "Missing parentheses in call to 'print'. Did you mean print(...)?",
    "invalid character in identifier", "invalid non-printable character U+00A0",
    "invalid character '’' (U+2019)", "cannot assign to literal",
    "cannot assign to function call here. Maybe you meant '==' instead of '='?",
    "'return' outside function", "positional argument follows keyword argument",
    "expected 'except' or 'finally' block", "invalid decimal literal",
    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal "
    "integers", "unexpected character after line continuation character",
    "f-string: expecting '}'",
)


class FactsTest(unittest.TestCase):
    def test_every_student_fact_has_a_sentence(self):
        found = set()
        for name in os.listdir(PACKAGE):
            if name.startswith("student_") and name.endswith(".py") and \
                    name != "student_wording.py":
                with open(os.path.join(PACKAGE, name), encoding="utf-8") as handle:
                    found.update(STUDENT_FACT.findall(handle.read()))
        self.assertGreater(len(found), 20)
        known = set(SENTENCES) | set(START_PROBLEMS) | set(ERROR_REASONS)
        self.assertEqual(found - known, set())

    def test_sentences_fill_with_realistic_values(self):
        values = {"file": "mon_serveur.py", "line": 12, "column": 5, "text": "x = = 1",
                  "message": "invalid syntax", "error_type": "NameError", "error": "name 'x'",
                  "family": ("NameError",), "function": "do_GET", "previous": "MonServeur",
                  "announced": 10, "sent": 8, "read": 0, "names": ("X-Tard",), "seconds": 3.0,
                  "count": 7, "limit": 50, "handler_method": "do_GET", "before": 7,
                  "start": "Bonjour", "content_type": "text/html", "handler_class": "MonServeur",
                  "suggested": "text/html; charset=utf-8", "method": "PUT", "path": "/x.py",
                  "call": "serve_forever", "size": 2, "byte": "0xE9", "classes": ("A",),
                  "stream": "stdout", "code": 1, "used": 1700}
        for fact, template in SENTENCES.items():
            if fact.startswith("student-"):
                with self.subTest(fact=fact):
                    text = fill(template, values)
                    self.assertNotIn("{", text)
                    self.assertNotRegex(text, " [:;!?»]|« ")


class PythonMessagesTest(unittest.TestCase):
    def test_every_common_syntax_message_is_translated(self):
        for message in SYNTAX_SAMPLES:
            with self.subTest(message=message):
                self.assertTrue(syntax_translation(message))
        self.assertEqual(syntax_translation("un message inconnu"), "")
        self.assertIn("« == »", plain(syntax_translation(
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")))
        self.assertIn("« [ »", plain(syntax_translation(
            "closing parenthesis ')' does not match opening parenthesis '['")))

    def test_exceptions_by_family_then_by_message(self):
        for name in ("NameError", "TypeError", "AttributeError", "KeyError", "IndexError",
                     "ValueError", "ZeroDivisionError", "UnicodeDecodeError",
                     "JSONDecodeError", "FileNotFoundError"):
            with self.subTest(name=name):
                self.assertTrue(exception_explanation((name,)))
        self.assertIn("JSON", exception_explanation(("JSONDecodeError", "ValueError")))
        self.assertIn("clé", exception_explanation(("MaCleAbsente", "KeyError", "LookupError")))
        self.assertIn(".encode(\"utf-8\")", exception_explanation(
            ("TypeError",), "a bytes-like object is required, not 'str'"))
        self.assertEqual(exception_explanation(("Inconnue",)), "")

    def test_our_texts_are_typeset(self):
        texts = [text for _, text in SYNTAX_MESSAGES] + list(EXCEPTIONS.values()) + \
                [text for _, _, text in EXCEPTION_MESSAGES]
        for text in texts:
            with self.subTest(text=text[:30]):
                filled = fill(text, {"bracket": "(", "char": "’", "closing": ")",
                                     "opening": "[", "other": "int", "what": "x"})
                self.assertNotRegex(filled, " [:;!?»]|« ")


class DetailsTest(unittest.TestCase):
    def test_caret_under_the_column_even_with_tabs(self):
        lines = code_with_caret("\tif x = 3:\n", 7)
        self.assertEqual(lines[0].strip(), "if x = 3:")
        self.assertEqual(lines[1].index("^") - lines[0].index("i"), len("if x "))

    def test_frames_are_listed_failing_line_last(self):
        frames = (("mon_serveur.py", 5, "do_GET", "self.calculer()"),
                  ("mon_serveur.py", 9, "calculer", "return 1 / 0"))
        lines = student_details("student-exception", (("frames", frames),))
        self.assertIn("appelée depuis", lines[0])
        self.assertTrue(lines[-1].strip().endswith("return 1 / 0"))
        self.assertEqual(student_details("student-exception", (("frames", frames[:1]),)), [])
        self.assertEqual(student_details("student-no-answer", ()), [])


if __name__ == "__main__":
    unittest.main()
