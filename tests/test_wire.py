"""Tests du flux de lecture d'une connexion (serveur/wire.py), sur une vraie paire de sockets."""

import socket
import threading
import unittest

from serveur.wire import (FRESH, IDLE, READING, WORKING, Evicted, HeadTooLarge, Wire)

from .support import WAIT


class WireTestCase(unittest.TestCase):
    def setUp(self):
        self.server_side, self.client = socket.socketpair()
        self.addCleanup(self.server_side.close)
        self.addCleanup(self.client.close)
        self.client.settimeout(WAIT)

    def wire(self, **options):
        options.setdefault("idle_timeout", WAIT)
        options.setdefault("patience", WAIT)
        return Wire(self.server_side, **options)


class ReadingTest(WireTestCase):
    def test_lines_bodies_and_end_of_stream(self):
        wire = self.wire()
        self.client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nBONJOUR")
        self.client.shutdown(socket.SHUT_WR)
        self.assertEqual(wire.peek(3), b"GET")
        self.assertEqual(wire.readline(), b"GET / HTTP/1.1\r\n")
        self.assertEqual(wire.readline(65537), b"Host: x\r\n")
        self.assertEqual(wire.readline(), b"\r\n")
        self.assertEqual(wire.read(3), b"BON")
        self.assertEqual(wire.read1(100), b"JOUR")
        self.assertEqual(wire.readline(), b"")
        self.assertEqual(wire.read(), b"")

    def test_line_cut_at_the_limit(self):
        wire = self.wire()
        self.client.sendall(b"abcdefgh\n")
        self.assertEqual(wire.readline(3), b"abc")
        self.assertEqual(wire.readline(), b"defgh\n")

    def test_a_line_arriving_in_pieces(self):
        wire = self.wire()

        def type_slowly():
            for piece in (b"GE", b"T / HT", b"TP/1.1\r", b"\n"):
                self.client.sendall(piece)
        writer = threading.Thread(target=type_slowly)
        writer.start()
        self.assertEqual(wire.readline(), b"GET / HTTP/1.1\r\n")
        writer.join(WAIT)


class HeadCeilingTest(WireTestCase):
    def test_head_beyond_the_ceiling_is_refused_without_reading_more(self):
        wire = self.wire(max_head=100)
        wire.begin(0)
        self.client.sendall(b"GET / HTTP/1.1\r\n" + b"X-A: " + b"a" * 200 + b"\r\n\r\n")
        wire.readline()
        with self.assertRaises(HeadTooLarge):
            wire.readline(65537)
        self.assertLessEqual(wire.head_bytes, 101)

    def test_many_short_lines_count_too(self):
        wire = self.wire(max_head=100)
        wire.begin(0)
        self.client.sendall(b"X: y\r\n" * 30)
        with self.assertRaises(HeadTooLarge):
            for _ in range(30):
                wire.readline()

    def test_the_body_is_not_counted_in_the_head(self):
        wire = self.wire(max_head=40)
        wire.begin(0)
        self.client.sendall(b"POST / HTTP/1.1\r\n\r\n" + b"x" * 1000)
        wire.readline()
        wire.readline()
        wire.head_done()
        self.assertEqual(len(wire.read(1000)), 1000)

    def test_each_request_has_its_own_ceiling(self):
        wire = self.wire(max_head=30)
        request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
        self.client.sendall(request * 3)
        for served in range(3):
            wire.begin(served)
            while wire.readline() != b"\r\n":
                pass
            wire.head_done()


class PhaseTest(WireTestCase):
    def test_phases_of_a_request(self):
        wire = self.wire()
        self.assertEqual(wire.phase, FRESH)
        self.assertFalse(wire.started)
        self.client.sendall(b"GET / HTTP/1.1\r\n")
        wire.readline()
        self.assertEqual(wire.phase, READING)
        self.assertTrue(wire.started)
        wire.head_done()
        self.assertEqual(wire.phase, WORKING)
        wire.begin(1)
        self.assertEqual(wire.phase, IDLE)

    def test_a_request_already_waiting_is_not_idle(self):
        wire = self.wire()
        self.client.sendall(b"GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n")
        wire.readline()
        wire.readline()
        wire.head_done()
        wire.begin(1)
        self.assertEqual(wire.phase, READING)


class PatienceTest(WireTestCase):
    def test_idle_keep_alive_uses_the_short_timeout(self):
        wire = self.wire(idle_timeout=0.05, patience=WAIT)
        wire.begin(1)
        with self.assertRaises(socket.timeout):
            wire.readline()

    def test_a_started_request_uses_the_long_patience(self):
        # Entre deux lignes, le silence dépasse le délai court : la requête continue.
        wire = self.wire(idle_timeout=0.05, patience=WAIT)
        wire.begin(0)
        self.client.sendall(b"GET / HTTP/1.1\r\n")
        wire.readline()
        later = threading.Timer(0.3, self.client.sendall, (b"Host: x\r\n",))
        later.start()
        self.addCleanup(later.cancel)
        self.assertEqual(wire.readline(), b"Host: x\r\n")

    def test_silence_beyond_patience(self):
        wire = self.wire(idle_timeout=0.05, patience=0.05)
        wire.begin(0)
        self.client.sendall(b"GET / HT")
        with self.assertRaises(socket.timeout):
            wire.readline()


class EvictionTest(WireTestCase):
    def test_an_idle_connection_with_a_request_waiting_is_not_idle(self):
        wire = self.wire()
        wire.begin(1)
        self.assertFalse(wire.stirring())
        self.assertEqual(wire.phase, IDLE)
        self.client.sendall(b"GET / HTTP/1.1\r\n")
        self.assertTrue(wire.stirring())   # arrivée, pas encore lue : le gardien l'épargne
        self.assertEqual(wire.phase, READING)

    def test_eviction_wakes_the_waiting_reader(self):
        wire = self.wire()
        wire.begin(0)
        self.client.sendall(b"GET / HTTP/1.1\r\n")
        wire.readline()
        outcome = []

        def read():
            try:
                wire.readline()
            except Evicted as exc:
                outcome.append(exc)
        reader = threading.Thread(target=read)
        reader.start()
        wire.evict()
        reader.join(WAIT)
        self.assertFalse(reader.is_alive())
        self.assertEqual(len(outcome), 1)
        self.assertIsInstance(outcome[0], socket.timeout)   # traité comme un client trop lent

    def test_an_idle_connection_is_closed_both_ways(self):
        wire = self.wire()
        wire.begin(1)
        wire.evict()
        self.assertEqual(wire.evicted_while, IDLE)
        self.assertEqual(self.client.recv(10), b"")   # le client voit la fermeture
        with self.assertRaises(Evicted):
            wire.readline()

    def test_an_evicted_connection_can_still_answer(self):
        wire = self.wire()
        self.client.sendall(b"GET / HTTP/1.1\r\n")
        wire.readline()
        wire.evict()
        with self.assertRaises(Evicted):
            wire.readline()
        self.server_side.sendall(b"HTTP/1.1 408 Request Timeout\r\n\r\n")
        self.assertTrue(self.client.recv(100).startswith(b"HTTP/1.1 408"))


if __name__ == "__main__":
    unittest.main()
