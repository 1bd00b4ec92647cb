"""Tests de la file bornée entre les fils du serveur et leur lecteur (serveur/outbox.py)."""

import threading
import unittest

from serveur.events import NOTICE, REQUEST, STARTED, Event, weight
from serveur.formatter import message_of
from serveur.outbox import Outbox

from .support import WAIT, plain


def request(number=1, size=0):
    return Event(REQUEST, method="GET", path="/%d" % number, body=b"x" * size)


class OutboxTest(unittest.TestCase):
    def test_first_in_first_out_in_batches(self):
        outbox = Outbox()
        for number in range(5):
            outbox.put(request(number))
        self.assertEqual([e.path for e in outbox.take(3)], ["/0", "/1", "/2"])
        self.assertEqual([e.path for e in outbox.take(10)], ["/3", "/4"])
        self.assertEqual(outbox.take(1, timeout=0), [])

    def test_beyond_the_limit_events_are_counted_where_they_are_missing(self):
        outbox = Outbox(limit=2, reader="panneau")
        for number in range(6):
            outbox.put(request(number))
        outbox.put(Event(STARTED, url="http://x/"))   # jamais jeté
        taken = outbox.take(10)
        self.assertEqual([e.kind for e in taken], [REQUEST, REQUEST, NOTICE, STARTED])
        self.assertEqual(dict(taken[2].values)["count"], 4)
        self.assertIn("le panneau n'a pas suivi : 4 événements", plain(message_of(taken[2])))

    def test_a_gap_names_the_highest_exchange_it_swallowed(self):
        # Les numéros des requêtes jetées ne sont pas perdus : le panneau les compte encore.
        outbox = Outbox(limit=1)
        for number in (3, 9, 5):
            outbox.put(Event(REQUEST, path="/", exchange=number))
        taken = outbox.take(10)
        self.assertEqual(dict(taken[1].values), {"count": 2, "reader": "panneau", "last": 9})

    def test_the_byte_budget_holds_whatever_the_events_weigh(self):
        big = request(size=8000)
        outbox = Outbox(limit=1000, budget=5 * weight(big))
        for _ in range(100):
            outbox.put(big)
            self.assertLessEqual(outbox.waiting_bytes, outbox.budget)
        taken = outbox.take(1000)
        self.assertEqual(sum(1 for e in taken if e.kind == REQUEST), 4)
        self.assertEqual(outbox.waiting_bytes, 0)

    def test_a_waiting_reader_is_woken_and_closing_ends_it(self):
        outbox = Outbox()
        got = []

        def read():
            while True:
                batch = outbox.take(10)
                if batch is None:
                    return
                got.extend(batch)
        reader = threading.Thread(target=read)
        reader.start()
        outbox.put(request(1))
        outbox.put(request(2))
        outbox.close()
        reader.join(WAIT)
        self.assertFalse(reader.is_alive())
        self.assertEqual([e.path for e in got], ["/1", "/2"])


if __name__ == "__main__":
    unittest.main()
