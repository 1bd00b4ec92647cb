"""Tests du carnet des clients (« Poste 1 », « Poste 2 »…)."""

import unittest

from serveur.clients import UNSEEN, ClientBook
from serveur.events import DATA, ERROR, NOTICE, REQUEST, RESPONSE, Event
from serveur.formatter import format_event

from .support import ServerTestCase, wait_until


class ClientBookTest(unittest.TestCase):
    def test_names_in_order_of_arrival(self):
        book = ClientBook()
        book.note(Event(REQUEST, client="10.0.0.7", method="GET", path="/"))
        book.note(Event(REQUEST, client="10.0.0.3", method="GET", path="/"))
        book.note(Event(REQUEST, client="10.0.0.7", method="GET", path="/style.css"))
        self.assertEqual(book.name_of("10.0.0.7"), "Poste 1")
        self.assertEqual(book.name_of("10.0.0.3"), "Poste 2")
        first = book.records()[0]
        self.assertEqual((first.requests, first.last_request), (2, "GET /style.css"))

    def test_last_post_and_clear(self):
        book = ClientBook()
        book.note(Event(REQUEST, client="10.0.0.7", method="POST", path="/"))
        book.note(Event(DATA, client="10.0.0.7", time=1234.5))
        self.assertEqual(book.records()[0].last_post, 1234.5)
        self.assertIsNone(book.note(Event(RESPONSE)))   # sans client : rien à noter
        book.clear()
        self.assertEqual(book.records(), [])
        book.note(Event(REQUEST, client="10.0.0.9", method="GET", path="/"))
        self.assertEqual(book.name_of("10.0.0.9"), "Poste 1")

    def test_only_a_request_makes_a_poste(self):
        book = ClientBook()
        for event in (Event(ERROR, client="10.0.0.5", fact="https-attempt"),
                      Event(NOTICE, client="10.0.0.5", fact="idle-timeout"),
                      Event(ERROR, client="10.0.0.5", status=400, fact="http-0.9"),
                      Event(DATA, client="10.0.0.5")):
            self.assertIsNone(book.note(event))
        # Le journal peut nommer ce client sans l'ajouter au carnet.
        self.assertEqual(book.name_of("10.0.0.5"), UNSEEN)
        self.assertIsNone(book.find("10.0.0.5"))
        self.assertEqual(book.records(), [])
        record = book.note(Event(REQUEST, client="10.0.0.5", method="GET", path="/"))
        self.assertEqual((record.name, record.requests), ("Poste 1", 1))

    def test_last_request_shows_the_path_decoded_and_escaped(self):
        book = ClientBook()
        record = book.note(Event(REQUEST, client="10.0.0.7", method="GET",
                                 path="/S%C3%A9ance%201.txt%0A"))
        self.assertEqual(record.last_request, "GET /Séance 1.txt\\n")

    def test_formatter_uses_the_short_name(self):
        book = ClientBook()
        event = Event(REQUEST, client="192.168.1.23", method="GET", path="/", version="HTTP/1.1")
        book.note(event)
        self.assertIn("du client Poste 1", format_event(event, book.name_of)[0])
        self.assertIn("du client 192.168.1.23", format_event(event)[0])


class RefusedHttpsTest(ServerTestCase):
    """Quelqu'un tape https:// : la tentative est racontée, sans créer de « Poste »."""

    files = {"ressource.html": b"<form method=post></form>"}

    def test_a_refused_https_attempt_makes_no_poste(self):
        self.raw(b"\x16\x03\x01\x00\x05hello")
        self.wait_kind(ERROR)
        book = ClientBook()
        for event in list(self.log.events):
            book.note(event)
        self.assertEqual(book.records(), [])
        attempt = [e for e in self.log.events if e.fact == "https-attempt"][0]
        self.assertIn("client " + UNSEEN, format_event(attempt, book.name_of)[0])
        # Le même poste revient en http:// : il devient « Poste 1 », avec sa requête.
        self.request("GET", "/")
        self.assertTrue(wait_until(lambda: self.log.of_kind(REQUEST)))
        for event in self.log.of_kind(REQUEST):
            book.note(event)
        self.assertEqual([(r.name, r.requests) for r in book.records()], [("Poste 1", 1)])


if __name__ == "__main__":
    unittest.main()
