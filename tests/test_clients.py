"""Tests du carnet des clients (« Poste 1 », « Poste 2 »…)."""

import unittest

from serveur.clients import ClientBook
from serveur.events import DATA, REQUEST, RESPONSE, Event
from serveur.formatter import format_event


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
        self.assertEqual(book.name_of("10.0.0.9"), "Poste 1")

    def test_formatter_uses_the_short_name(self):
        book = ClientBook()
        event = Event(REQUEST, client="192.168.1.23", method="GET", path="/", version="HTTP/1.1")
        self.assertIn("du client Poste 1", format_event(event, book.name_of)[0])
        self.assertIn("du client 192.168.1.23", format_event(event)[0])


if __name__ == "__main__":
    unittest.main()
