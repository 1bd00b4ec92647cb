"""Tests de fenetre/inbox.py : la boîte aux lettres bornée qui réveille la fenêtre."""

import os
import threading
import unittest

from fenetre.inbox import Inbox


class InboxTest(unittest.TestCase):
    def setUp(self):
        self.inbox = Inbox(capacity=5)
        self.addCleanup(self.inbox.close)

    def test_first_in_first_out_by_batches(self):
        for number in range(4):
            self.inbox.put(number)
        self.assertEqual(self.inbox.take(3), [0, 1, 2])
        self.assertEqual(self.inbox.take(3), [3])
        self.assertTrue(self.inbox.empty())

    def test_bounded_and_counts_what_it_drops(self):
        for number in range(8):
            self.inbox.put(number)
        self.assertEqual(self.inbox.qsize(), 5)
        self.assertEqual(self.inbox.take_dropped(), 3)
        self.assertEqual(self.inbox.take_dropped(), 0)
        self.assertEqual(self.inbox.take(10), [0, 1, 2, 3, 4])

    def test_a_sleeping_window_is_woken_by_the_first_event_only(self):
        self.assertTrue(self.inbox.sleep())
        writer = threading.Thread(target=lambda: [self.inbox.put(n) for n in range(3)])
        writer.start()
        writer.join()
        self.assertEqual(os.read(self.inbox.wake_fd, 100), b"!")   # un seul octet
        self.inbox.woken()
        self.assertFalse(self.inbox.sleep())   # il reste des événements : pas de sommeil

    def test_no_wake_up_when_awake(self):
        self.inbox.put(1)
        self.inbox.woken()
        with self.assertRaises(BlockingIOError):
            os.read(self.inbox.wake_fd, 100)

    def test_without_a_pipe_the_window_polls(self):
        inbox = Inbox(wakeable=False)
        self.assertIsNone(inbox.wake_fd)
        self.assertFalse(inbox.sleep())
        inbox.put(1)
        self.assertEqual(inbox.take(1), [1])


if __name__ == "__main__":
    unittest.main()
