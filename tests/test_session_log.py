"""Tests de fenetre/session_log.py : le journal de la séance, écrit au fil de l'eau."""

import os
import shutil
import tempfile
import unittest
from unittest import mock

from fenetre import session_log
from fenetre.session_log import SessionLog, is_inside, save_folder


class SessionLogTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="panneau-test-journal-")
        self.addCleanup(shutil.rmtree, self.folder, True)

    def open_log(self):
        log = SessionLog(self.folder)
        self.addCleanup(log.close)
        return log

    def test_written_as_it_goes_and_copied(self):
        log = self.open_log()
        log.write("première ligne\n")
        log.write("élève : « Zoé »\n")
        self.assertTrue(log.flush())
        with open(log.path, encoding="utf-8") as handle:   # déjà sur le disque
            self.assertEqual(handle.read(), "première ligne\nélève : « Zoé »\n")
        copy = os.path.join(self.folder, "copie.txt")
        self.assertEqual(log.copy_to(copy), 2)
        with open(copy, encoding="utf-8") as handle:
            self.assertIn("« Zoé »", handle.read())

    def test_a_new_session_keeps_the_old_file(self):
        log = self.open_log()
        log.write("avant\n")
        old = log.path
        log.start_new()
        log.write("après\n")
        self.assertEqual(log.text(), "après\n")
        with open(old, encoding="utf-8") as handle:
            self.assertEqual(handle.read(), "avant\n")

    def test_only_the_last_sessions_are_kept(self):
        with mock.patch.object(session_log, "KEPT_SESSIONS", 3):
            log = self.open_log()
            for _ in range(5):
                log.start_new()
        names = [name for name in os.listdir(self.folder) if name.startswith("journal-")]
        self.assertEqual(len(names), 3)
        self.assertIn(os.path.basename(log.path), names)

    def test_a_full_file_says_so_and_stops(self):
        with mock.patch.object(session_log, "MAX_FILE_BYTES", 100):
            log = self.open_log()
            for number in range(20):
                log.write("ligne numéro %d\n" % number)
            text = log.text()
        self.assertTrue(log.full)
        self.assertIn("journal de la séance plein", text)
        self.assertLess(len(text.encode("utf-8")), 200)

    def test_never_offered_in_the_served_folder(self):
        home = os.path.expanduser("~")
        self.assertFalse(is_inside(save_folder(home), home))   # servir tout son dossier personnel
        served = os.path.join(self.folder, "site")
        os.makedirs(served)
        self.assertTrue(is_inside(os.path.join(served, "sous", "journal.txt"), served))
        self.assertFalse(is_inside(os.path.join(self.folder, "journal.txt"), served))
        self.assertFalse(is_inside(save_folder(served), served))


if __name__ == "__main__":
    unittest.main()
