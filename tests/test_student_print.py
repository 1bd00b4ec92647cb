"""Tests de serveur.student_print : les print() d'un élève deviennent des lignes du journal,
bornées en longueur et en débit."""

import sys
import unittest

from serveur import student_print
from serveur.bounds import missing
from serveur.formatter import format_lines
from serveur.student_print import StudentPrinter, StudentStream

from .support import EventLog, plain


class FakeClock:
    """Une horloge que le test avance lui-même : aucune durée n'est mesurée."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class PrinterTest(unittest.TestCase):
    def setUp(self):
        self.log = EventLog()
        self.clock = FakeClock()
        self.printer = StudentPrinter(self.log, max_line=20, per_second=3, clock=self.clock)
        self.stream = StudentStream(self.printer)

    def texts(self):
        return [dict(event.values)["text"] for event in self.log.events
                if event.fact == "student-print"]

    def test_lines_become_events(self):
        print("bonjour", "élève", file=self.stream)
        print("a", end="", file=self.stream)
        print("b", file=self.stream)
        self.assertEqual(self.texts(), ["bonjour élève", "ab"])
        self.assertEqual(dict(self.log.events[0].values)["stream"], "stdout")

    def test_a_started_line_leaves_on_flush(self):
        print("sans fin", end="", file=self.stream)
        self.assertEqual(self.texts(), [])
        self.stream.flush()
        self.assertEqual(self.texts(), ["sans fin"])

    def test_a_long_line_is_cut_and_says_how_much(self):
        print("x" * 25, end="", file=self.stream)
        print("y" * 25, file=self.stream)
        text = self.texts()[0]
        self.assertEqual(text, "x" * 20)
        self.assertEqual(missing(text), 30)
        self.assertIn("30 caractères de plus", plain(format_lines(self.log.events[0])))

    def test_a_burst_is_counted_in_one_line(self):
        for number in range(10):
            print(number, file=self.stream)
        self.assertEqual(self.texts(), ["0", "1", "2"])
        self.clock.now += 1.0   # la seconde suivante
        print("après", file=self.stream)
        facts = [event.fact for event in self.log.events]
        self.assertEqual(facts, ["student-print"] * 3 + ["student-print-flood", "student-print"])
        flood = self.log.events[3]
        self.assertEqual(dict(flood.values), {"count": 7, "limit": 3})
        self.assertIn("7 lignes de plus", plain(flood.message))

    def test_settle_tells_the_count_at_once(self):
        for number in range(5):
            print(number, file=self.stream)
        self.printer.settle()
        self.assertEqual(self.log.events[-1].fact, "student-print-flood")
        self.printer.settle()
        self.assertEqual(len(self.log.events), 4)   # dit une fois

    def test_the_request_number_follows_the_thread(self):
        self.printer.exchange = 12
        print("dans la requête", file=self.stream)
        self.assertEqual(self.log.events[-1].exchange, 12)


class InstallTest(unittest.TestCase):
    def test_install_and_uninstall(self):
        log = EventLog()
        stdout, stderr = sys.stdout, sys.stderr
        student_print.install(log)
        try:
            print("vers le journal")
            print("erreur", file=sys.stderr)
        finally:
            student_print.uninstall()
        self.assertIs(sys.stdout, stdout)
        self.assertIs(sys.stderr, stderr)
        self.assertIsNone(student_print.installed())
        values = [dict(event.values) for event in log.events]
        self.assertEqual(values, [{"text": "vers le journal", "stream": "stdout"},
                                  {"text": "erreur", "stream": "stderr"}])
        self.assertIn("sortie d'erreur", plain(log.events[1].message))


if __name__ == "__main__":
    unittest.main()
