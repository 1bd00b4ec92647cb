"""Tests de fenetre/exchange_archive.py : les échanges de toute la séance, sur le disque."""

import os
import shutil
import tempfile
import unittest
from unittest import mock

from fenetre import exchange_archive
from fenetre.exchange_archive import ExchangeArchive
from serveur.bounds import MAX_BODY, bound, missing, omitted, received
from serveur.events import DATA, EXCHANGE, NOTICE, REQUEST, Event, Field


def exchange(number, **values):
    fields = dict(exchange=number, client="127.0.0.%d" % (number % 250 + 1), method="POST",
                  path="/", version="HTTP/1.1", headers=(("Host", "h"),), body=b"nom=Zo%C3%A9",
                  status=200, reason="OK", reply_headers=(("Server", "x"),),
                  reply_body="<p>é</p>".encode("utf-8"), duration=0.001)
    fields.update(values)
    return Event(EXCHANGE, **bound(fields))


class ArchiveTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="panneau-archive-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.archive = ExchangeArchive(self.folder)
        self.addCleanup(self.archive.close)

    def test_exchanges_come_back_with_their_fields_in_order(self):
        self.archive.add(Event(DATA, exchange=1, fields=(Field("nom", "Zoé", raw="nom=Zo%C3%A9"),
                                                         Field("mdp", "x")), secrets=("mdp",)))
        self.archive.add(exchange(1))
        self.archive.add(Event(NOTICE, message="rien"))                 # ignoré
        self.archive.add(Event(REQUEST, exchange=2, method="GET", path="/"))   # sans champs
        self.archive.add(exchange(2, method="GET", body=b""))
        items = list(self.archive.items())
        self.assertEqual([item.event.exchange for item in items], [1, 2])
        first = items[0]
        self.assertEqual(first.fields[0], Field("nom", "Zoé", raw="nom=Zo%C3%A9"))
        self.assertEqual(first.secrets, ("mdp",))
        self.assertEqual(first.event.body, b"nom=Zo%C3%A9")
        self.assertEqual(first.event.reply_body, "<p>é</p>".encode("utf-8"))
        self.assertEqual(first.event.headers, (("Host", "h"),))
        self.assertEqual(first.event.client, "127.0.0.2")
        self.assertEqual(items[1].fields, ())
        self.assertEqual(self.archive.count, 2)

    def test_what_the_event_did_not_keep_is_still_counted(self):
        many = tuple(("X-%d" % n, "v") for n in range(150))
        self.archive.add(exchange(1, path="/" + "a" * 5000, body=b"b" * 20000, headers=many))
        event = next(self.archive.items()).event
        self.assertEqual(missing(event.path), 3001)
        self.assertEqual(len(event.body), MAX_BODY)
        self.assertEqual(missing(event.body), 20000 - MAX_BODY)
        self.assertEqual(received(event.headers), 150)
        self.assertEqual(omitted(event.headers), 50)

    def test_the_file_is_bounded_and_says_from_where(self):
        with mock.patch.object(exchange_archive, "MAX_FILE_BYTES", 3000):
            for number in range(1, 40):
                self.archive.add(exchange(number))
            self.archive.flush()
        self.assertTrue(self.archive.full)
        kept = list(self.archive.items())
        self.assertEqual(len(kept), self.archive.count)
        self.assertEqual(self.archive.full_after, kept[-1].event.exchange)
        self.assertEqual(self.archive.count + self.archive.unkept, 39)
        self.assertLessEqual(os.path.getsize(self.archive.path), 3000)

    def test_the_waiting_line_is_bounded(self):
        with mock.patch.object(exchange_archive, "MAX_PENDING_BYTES", 0):
            self.archive.add(exchange(1))
        self.assertEqual(self.archive.dropped, 1)

    def test_a_damaged_line_is_skipped(self):
        self.archive.add(exchange(1))
        self.archive.flush()
        with open(self.archive.path, "a", encoding="utf-8") as handle:
            handle.write('{"k": "x", "n": 2, "pa\n')
        self.archive.add(exchange(3))
        self.assertEqual([item.event.exchange for item in self.archive.items()], [1, 3])

    def test_start_new_keeps_the_old_file_and_starts_empty(self):
        self.archive.add(exchange(1))
        old = self.archive.path
        self.archive.start_new()
        self.assertTrue(os.path.exists(old))
        self.assertEqual(list(self.archive.items()), [])
        self.assertEqual(self.archive.count, 0)
        self.assertEqual(os.path.dirname(self.archive.path),
                         os.path.join(self.folder, exchange_archive.FOLDER))

    def test_only_the_last_files_are_kept(self):
        with mock.patch.object(exchange_archive, "KEPT", 2):
            for _ in range(4):
                self.archive.start_new()
        names = os.listdir(os.path.join(self.folder, exchange_archive.FOLDER))
        self.assertEqual(len(names), 2)
        self.assertIn(os.path.basename(self.archive.path), names)


if __name__ == "__main__":
    unittest.main()
