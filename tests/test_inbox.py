"""Tests de fenetre/inbox.py : la boîte aux lettres bornée qui réveille la fenêtre."""

import os
import threading
import unittest

from fenetre.inbox import Inbox
from serveur.events import DATA, STARTED, STOPPED, WAITING_OVERHEAD, Event, weight


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



def big_event(number, size=100000):
    return Event(DATA, method="POST", exchange=number, body=b"x" * size)


class InboxBudgetTest(unittest.TestCase):
    """La boîte est bornée en octets autant qu'en nombre : une fenêtre qui ne lit plus
    ne fait pas grossir la mémoire, et chaque événement jeté est compté."""

    def test_a_window_that_never_reads_keeps_the_weight_within_the_budget(self):
        inbox = Inbox(budget=1000000, wakeable=False)
        cost = weight(big_event(0)) + WAITING_OVERHEAD
        for number in range(100):
            inbox.put(big_event(number))
            self.assertLessEqual(inbox.waiting_bytes, inbox.budget)
        kept = inbox.budget // cost
        self.assertEqual(inbox.qsize(), kept)
        self.assertEqual(inbox.take_dropped(), 100 - kept)   # exact
        self.assertEqual([event.exchange for event in inbox.take(1000)], list(range(kept)))
        self.assertEqual(inbox.waiting_bytes, 0)
        inbox.put(big_event(100))   # la fenêtre a lu : il y a de nouveau de la place
        self.assertEqual(inbox.take(1)[0].exchange, 100)

    def test_start_and_stop_are_never_dropped(self):
        inbox = Inbox(capacity=2, budget=300000, wakeable=False)
        for number in range(5):
            inbox.put(big_event(number))
        inbox.put(Event(STOPPED, port=8081, fact="stopped"))
        inbox.put(Event(STARTED, port=8081, url="http://127.0.0.1:8081/"))
        kinds = [event.kind for event in inbox.take(10)]
        self.assertEqual(kinds[-2:], [STOPPED, STARTED])
        self.assertEqual(inbox.take_dropped(), 5 - (len(kinds) - 2))

    def test_many_servers_threads_every_event_kept_or_counted(self):
        inbox = Inbox(capacity=400, budget=2000000, wakeable=False)
        sizes = (10, 5000, 50000)

        def produce(first):
            for number in range(first, first + 500):
                inbox.put(big_event(number, sizes[number % 3]))
                self.assertLessEqual(inbox.waiting_bytes, inbox.budget)

        producers = [threading.Thread(target=produce, args=(n * 1000,)) for n in range(4)]
        for thread in producers:
            thread.start()
        for thread in producers:
            thread.join(10)
        taken = inbox.take(10000)
        self.assertEqual(len(taken) + inbox.take_dropped(), 2000)
        self.assertLessEqual(sum(weight(event) + WAITING_OVERHEAD for event in taken),
                             inbox.budget)
        self.assertEqual(inbox.waiting_bytes, 0)


if __name__ == "__main__":
    unittest.main()
