"""Tests de serveur/sequence.py : les étapes du diagramme de séquence, sans fenêtre."""

import unittest

from serveur.events import EXCHANGE, Event
from serveur.sequence import ANSWER_ARROW, BROWSER_NOTE, REQUEST_ARROW, SERVER_NOTE, steps

from .support import plain

PAGE = "http://127.0.0.1:8080/"
CODE = (("code_method", "do_GET"), ("code_class", "SimpleHTTPRequestHandler"),
        ("code_file", "http/server.py"), ("code_line", 673), ("code_origin", "library"))


def exchange(number, path, at, duration=0.001, dest="document", kind="text/html", body=b"",
             client="10.0.0.7", referer=None, cookie=None):
    headers = (("Sec-Fetch-Dest", dest),) + ((("Referer", referer),) if referer else ())
    reply = (("Content-Type", kind),) + ((("Set-Cookie", cookie),) if cookie else ())
    return Event(EXCHANGE, client=client, exchange=number, method="GET", path=path,
                 version="HTTP/1.1", headers=headers, status=200, reason="OK", time=at,
                 duration=duration, reply_headers=reply, reply_body=body, values=CODE)


def page_load():
    """Une page, puis sa feuille de style et son image demandées en parallèle (deux
    connexions) : l'image arrive avant que la réponse de la feuille de style soit partie."""
    return [exchange(1, "/", 100.0, body=b"<html><script src=a.js></script>",
                     cookie="visites=1; Path=/"),
            exchange(3, "/logo.svg", 100.012, dest="image", kind="image/svg+xml", referer=PAGE),
            exchange(2, "/style.css", 100.010, duration=0.005, dest="style", kind="text/css",
                     referer=PAGE)]


class StepsTest(unittest.TestCase):
    def test_arrows_in_time_order_with_parallel_requests_side_by_side(self):
        drawn = steps(page_load())
        arrows = [(step.kind, step.exchange) for step in drawn
                  if step.kind in (REQUEST_ARROW, ANSWER_ARROW)]
        self.assertEqual(arrows, [(REQUEST_ARROW, 1), (ANSWER_ARROW, 1), (REQUEST_ARROW, 2),
                                  (REQUEST_ARROW, 3), (ANSWER_ARROW, 3), (ANSWER_ARROW, 2)])
        columns = {step.exchange: step.column for step in drawn if step.kind == REQUEST_ARROW}
        self.assertEqual(columns, {1: 0, 2: 0, 3: 1})   # l'image à côté de la feuille de style
        slots = [step.slot for step in drawn if step.kind in (REQUEST_ARROW, ANSWER_ARROW)]
        self.assertEqual(slots, sorted(slots))
        self.assertEqual(len(set(slots)), len(slots))

    def test_labels_cookie_and_the_python_that_ran(self):
        drawn = steps(page_load())
        first = {step.kind: step.lines for step in drawn if step.exchange == 1}
        self.assertEqual(first[REQUEST_ARROW], ("GET /",))
        self.assertEqual(first[ANSWER_ARROW], ("200 OK", "Set-Cookie: visites=1; Path=/"))
        self.assertEqual(first[SERVER_NOTE], (
            "do_GET()", "http/server.py:673", "(bibliothèque standard de Python)"))

    def test_what_only_the_browser_does(self):
        notes = [plain(" / ".join(step.lines)) for step in steps(page_load())
                 if step.kind == BROWSER_NOTE]
        self.assertEqual(notes, ["lit le HTML, puis demande la feuille de style et l'image / "
                                 "exécute le JavaScript de la page : le serveur ne le voit pas"])

    def test_a_fetch_is_sent_by_a_script(self):
        drawn = steps([exchange(1, "/", 100.0),
                       exchange(2, "/donnees.json", 130.0, dest="empty",
                                kind="application/json", referer=PAGE)])
        self.assertEqual([step.kind for step in drawn if step.exchange == 2],
                         [BROWSER_NOTE, REQUEST_ARROW, SERVER_NOTE, ANSWER_ARROW])
        fetch_note = [step for step in drawn if step.kind == BROWSER_NOTE and step.exchange == 2]
        self.assertIn("(fetch)", fetch_note[0].lines[0])
        page_note = [step for step in drawn if step.kind == BROWSER_NOTE and step.exchange == 1]
        self.assertEqual(plain(page_note[0].lines[0]), "lit le HTML et affiche la page")

    def test_the_client_is_named_when_all_are_shown(self):
        drawn = steps([exchange(1, "/", 100.0)], client_label=lambda address: "Poste 4")
        self.assertEqual([step.lines[0] for step in drawn if step.kind == REQUEST_ARROW],
                         ["Poste 4 · GET /"])

    def test_no_python_shown_without_a_method(self):
        event = Event(EXCHANGE, exchange=1, method="PUT", path="/", status=501, time=1.0)
        self.assertEqual([step.kind for step in steps([event])], [REQUEST_ARROW, ANSWER_ARROW])


if __name__ == "__main__":
    unittest.main()
