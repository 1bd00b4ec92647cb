"""Tests du gardien (serveur/warden.py) : qui est coupé, et dans quel ordre."""

import unittest

from serveur import warden
from serveur.wire import FRESH, IDLE, READING, WORKING


class Conn:
    """Une connexion vue par le gardien : une phase, un début, une marque."""

    def __init__(self, name, phase, since):
        self.name, self.phase, self.since, self.evicted = name, phase, since, False

    def __repr__(self):
        return self.name


NOW = 1000.0


def names(wires):
    return [wire.name for wire in wires]


class VictimsTest(unittest.TestCase):
    def test_nobody_is_cut_below_the_limit(self):
        wires = [Conn("a", READING, 0.0), Conn("b", IDLE, 0.0)]
        self.assertEqual(warden.victims(wires, NOW, limit=2), [])

    def test_idle_first_then_the_slowest_requests(self):
        wires = [Conn("lente", READING, NOW - 60), Conn("très-lente", READING, NOW - 600),
                 Conn("au-repos", IDLE, NOW - 3), Conn("rapide", READING, NOW - 0.01),
                 Conn("muette", FRESH, NOW - 30), Conn("entre-deux", IDLE, NOW - 0.01)]
        self.assertEqual(names(warden.victims(wires, NOW, limit=1, grace=2.0)),
                         ["au-repos", "très-lente", "lente", "muette"])

    def test_a_client_between_two_requests_is_spared(self):
        wires = [Conn("enchaîne-%d" % i, IDLE, NOW - 0.01) for i in range(10)]
        self.assertEqual(warden.victims(wires, NOW, limit=0, grace=2.0), [])

    def test_a_request_within_its_grace_is_never_cut(self):
        wires = [Conn("jeune-%d" % i, READING, NOW - 0.5) for i in range(10)]
        self.assertEqual(warden.victims(wires, NOW, limit=0, grace=2.0), [])

    def test_a_working_answer_is_cut_only_when_it_drags(self):
        wires = [Conn("travaille", WORKING, NOW - 1), Conn("lecteur-lent", WORKING, NOW - 20)]
        self.assertEqual(names(warden.victims(wires, NOW, limit=0, send_timeout=15.0)),
                         ["lecteur-lent"])

    def test_already_evicted_do_not_count(self):
        gone = Conn("partie", READING, NOW - 100)
        gone.evicted = True
        wires = [gone, Conn("b", READING, NOW - 50), Conn("c", READING, NOW - 10)]
        self.assertEqual(names(warden.victims(wires, NOW, limit=1)), ["b"])

    def test_make_room_takes_the_slowest_older_than_the_floor(self):
        wires = [Conn("a", READING, NOW - 5), Conn("b", READING, NOW - 9),
                 Conn("c", READING, NOW - 0.1)]
        self.assertEqual(warden.make_room(wires, NOW, limit=3, floor=0.5).name, "b")
        young = [Conn("x", READING, NOW - 0.1), Conn("y", FRESH, NOW - 0.2)]
        self.assertIsNone(warden.make_room(young, NOW, limit=2, floor=0.5))


if __name__ == "__main__":
    unittest.main()
