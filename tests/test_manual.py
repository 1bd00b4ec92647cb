"""Tests de serveur/manual.py : du texte tapé aux octets, et chaque erreur expliquée avant l'envoi."""

import unittest

from serveur import manual
from serveur.manual import check, explain, to_bytes

from .support import plain


def facts(text, line_end="\r\n"):
    return [problem.fact for problem in check(to_bytes(text, line_end))]


class ToBytesTest(unittest.TestCase):
    def test_every_line_end_becomes_crlf(self):
        self.assertEqual(to_bytes("GET / HTTP/1.1\nHost: a\n\n"),
                         b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        # Un texte collé depuis Windows (\r\n) ou un vieux Mac (\r) : pas de \r\r\n.
        self.assertEqual(to_bytes("a\r\nb\rc"), b"a\r\nb\r\nc")

    def test_bare_newlines_on_request_and_utf8(self):
        self.assertEqual(to_bytes("GET /\nHost: a\n\n", "\n"), b"GET /\nHost: a\n\n")
        self.assertEqual(to_bytes("nom=Éric"), "nom=Éric".encode("utf-8"))

    def test_prefilled_is_a_correct_request_for_the_running_server(self):
        text = manual.prefilled(8123)
        self.assertEqual(text, "GET / HTTP/1.1\nHost: 127.0.0.1:8123\n\n")
        self.assertEqual(check(to_bytes(text)), [])
        self.assertEqual(manual.host_header("::1", 80), "[::1]:80")

    def test_the_correct_examples_have_nothing_to_say(self):
        for index, (label, _) in enumerate(manual.EXAMPLES):
            problems = check(to_bytes(manual.example(index, port=8081)))
            with self.subTest(label=label):
                self.assertEqual(problems == [], not label.startswith("Erreur"))


class MistakesTest(unittest.TestCase):
    def assert_says(self, text, fact, *words, line_end="\r\n"):
        problems = [problem for problem in check(to_bytes(text, line_end)) if problem.fact == fact]
        self.assertTrue(problems, "%s attendu pour %r : %s" % (fact, text, facts(text, line_end)))
        sentence = plain(explain(problems[0]))
        for word in words:
            self.assertIn(word, sentence)
        return sentence

    def test_no_host_in_http_1_1(self):
        sentence = self.assert_says("GET / HTTP/1.1\n\n", "manual-no-host", "Host",
                                    "obligatoire", "Host: 127.0.0.1:8081")
        self.assertTrue(sentence[0].islower())
        self.assertNotIn("manual-no-host", facts("GET / HTTP/1.0\n\n"))   # HTTP/1.0 : facultatif

    def test_two_hosts(self):
        self.assert_says("GET / HTTP/1.1\nHost: a\nHost: b\n\n", "manual-two-hosts", "deux")

    def test_no_blank_line_at_the_end_of_the_head(self):
        self.assert_says("GET / HTTP/1.1\nHost: a\n", "manual-no-blank-line", "ligne vide", "5 s")
        self.assert_says("GET / HTTP/1.1", "manual-no-blank-line")

    def test_bare_newline(self):
        self.assert_says("GET / HTTP/1.1\nHost: a\n\n", "manual-bare-newline", "\\r\\n",
                         "ligne 1", line_end="\n")
        # Seule la ligne vide finie par \n seul.
        problems = check(b"GET / HTTP/1.1\r\nHost: a\r\n\n")
        self.assertEqual([(p.fact, dict(p.values)) for p in problems],
                         [("manual-bare-newline", {"line": 3})])

    def test_lowercase_and_unknown_methods(self):
        self.assert_says("get / HTTP/1.1\nHost: a\n\n", "manual-lowercase-method", "« get »",
                         "GET", "501")
        self.assert_says("FETCH / HTTP/1.1\nHost: a\n\n", "manual-unknown-method", "FETCH", "501")

    def test_missing_version_or_path(self):
        self.assert_says("GET /\nHost: a\n\n", "manual-missing-version", "GET / HTTP/1.1", "400")
        self.assert_says("GET HTTP/1.1\nHost: a\n\n", "manual-missing-path", "trois parties")
        self.assert_says("GET\nHost: a\n\n", "manual-missing-path")

    def test_bad_version_and_spaces_in_the_path(self):
        self.assert_says("GET / http/1.1\nHost: a\n\n", "manual-bad-version", "http/1.1", "400")
        self.assert_says("GET /mon fichier.html HTTP/1.1\nHost: a\n\n", "manual-space-in-path",
                         "4 parties", "%20")
        self.assert_says("GET index.html HTTP/1.1\nHost: a\n\n", "manual-path-without-slash",
                         "/index.html")

    def test_header_mistakes(self):
        self.assert_says("GET / HTTP/1.1\nHost : a\n\n", "manual-space-before-colon",
                         "« Host : »", "400")
        self.assert_says("GET / HTTP/1.1\nHost: a\nnom=Alice\n\n", "manual-header-no-colon",
                         "ligne 3", "nom=Alice", "ligne vide")
        self.assert_says("GET / HTTP/1.1\nHost: a\n  suite\n\n", "manual-folded-header", "ligne 3")
        self.assert_says("GET /café HTTP/1.1\nHost: a\n\n", "manual-non-ascii", "« é »", "%C3%A9")

    def test_request_starting_with_a_blank_line(self):
        self.assertEqual(facts("\nGET / HTTP/1.1\nHost: a\n\n"), ["manual-blank-first"])

    def test_body_without_content_length(self):
        self.assert_says("POST / HTTP/1.1\nHost: a\n\nnom=Alice", "manual-post-without-length",
                         "411", "Content-Length: 9")
        self.assert_says("POST / HTTP/1.1\nHost: a\n\n", "manual-post-without-length",
                         "Content-Length: 0")
        self.assert_says("GET / HTTP/1.1\nHost: a\n\nnom=Alice", "manual-body-without-length",
                         "9 octets", "requête suivante")

    def test_content_length_that_lies_or_is_not_a_number(self):
        self.assert_says("POST / HTTP/1.1\nHost: a\nContent-Length: 20\n\nnom=Alice",
                         "manual-length-too-big", "20 octets", "9 octets", "Content-Length: 9")
        self.assert_says("POST / HTTP/1.1\nHost: a\nContent-Length: 3\n\nnom=Alice",
                         "manual-length-too-small", "nouvelle requête")
        self.assert_says("POST / HTTP/1.1\nHost: a\nContent-Length: neuf\n\nnom=Alice",
                         "manual-bad-length", "neuf")
        self.assertEqual(facts("POST / HTTP/1.1\nHost: a\nContent-Length: 9\n\nnom=Alice"), [])
        # La taille compte les octets : « é » en vaut deux, et \r\n deux aussi.
        self.assertEqual(facts("POST / HTTP/1.1\nHost: a\nContent-Length: 9\n\nnom=Éric"), [])
        self.assertEqual(facts("POST / HTTP/1.1\nHost: a\nContent-Length: 4\n\na\nb"), [])

    def test_empty_and_too_long(self):
        self.assertEqual(facts(""), ["manual-empty"])
        self.assertEqual(facts("  \n\n"), ["manual-empty"])
        self.assertEqual(facts("GET /" + "a" * manual.MAX_REQUEST + " HTTP/1.1\n\n"),
                         ["manual-too-long"])

    def test_client_text_is_escaped_in_the_sentences(self):
        sentence = explain(check(b"GET / HTTP/1.1\r\nHost: a\r\n\x1b[31m\r\n\r\n")[0])
        self.assertNotIn("\x1b", sentence)
        self.assertIn("\\x1b", sentence)


class DestinationTest(unittest.TestCase):
    def test_only_this_computer_unless_allowed(self):
        for host in ("127.0.0.1", "localhost", "LOCALHOST", "::1", "[::1]"):
            with self.subTest(host=host):
                self.assertIsNone(manual.destination(host, "8081")[2])
        host, port, problem = manual.destination("192.168.1.20", "8081")
        self.assertEqual(problem.fact, "manual-other-host")
        self.assertIn("Autoriser une autre adresse", plain(explain(problem)))
        self.assertEqual(manual.destination("192.168.1.20", "8081", allow_other=True),
                         ("192.168.1.20", 8081, None))

    def test_bad_port_and_host(self):
        for port in ("", "0", "65536", "80a", "-1"):
            with self.subTest(port=port):
                self.assertEqual(manual.destination("127.0.0.1", port)[2].fact, "manual-bad-port")
        for host in ("", "a b", "exemple.fr/page", "é.fr"):
            with self.subTest(host=host):
                self.assertEqual(manual.destination(host, "80", True)[2].fact, "manual-bad-host")


class MarkedTest(unittest.TestCase):
    def test_line_ends_and_the_blank_line_are_visible(self):
        parts = manual.marked(b"HTTP/1.1 200 OK\r\nServer: x\n\r\n<p>\r\nx\n</p>")
        self.assertEqual(parts[:4], [("HTTP/1.1 200 OK", manual.HEAD), ("↵\n", manual.MARK),
                                     ("Server: x", manual.HEAD), ("␊\n", manual.MARK)])
        self.assertEqual(parts[4][1], manual.BLANK)
        self.assertTrue(parts[4][0].startswith("↵"))
        self.assertIn("ligne vide", plain(parts[4][0]))
        self.assertEqual(parts[5], ("<p>↵\nx\n</p>", manual.BODY))

    def test_control_characters_are_escaped(self):
        text = "".join(text for text, _ in manual.marked(b"HTTP/1.1 200 \x1b[2J\r\n\r\n\x07"))
        self.assertNotIn("\x1b", text)
        self.assertNotIn("\x07", text)


if __name__ == "__main__":
    unittest.main()
