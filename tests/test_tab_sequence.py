"""Tests de fenetre/tab_sequence.py : l'onglet « Séquence », dans la vraie fenêtre."""

import os
import shutil
import tempfile
import threading
import unittest

from fenetre import tab_sequence
from fenetre.tab_sequence import SequenceTab
from serveur.events import EXCHANGE, Event

from .gui import PanneauTestCase
from .support import plain

PAGE = b"<!DOCTYPE html><link rel=stylesheet href=style.css><img src=logo.svg><p>Bonjour</p>"


class PageLoadTest(PanneauTestCase):
    """Une page, puis sa feuille de style et son image demandées sur deux connexions à la fois."""

    def setUp(self):
        super().setUp()
        folder = tempfile.mkdtemp(prefix="panneau-sequence-")
        self.addCleanup(shutil.rmtree, folder, True)
        for name, data in (("index.html", PAGE), ("style.css", b"p { color: red }"),
                           ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")):
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(data)
        self.panel.controls.folder.set(folder)
        self.panel.controls.mode_buttons[0].invoke()   # GET : les fichiers d'un dossier
        self.sequence = self.panel.tab_of(SequenceTab)

    def load_page(self):
        port = self.start_on_free_port()
        page = "http://127.0.0.1:%d/" % port
        self.get_page(port, "/", **{"Sec-Fetch-Dest": "document"})
        threads = [threading.Thread(target=self.get_page, args=(port, path), kwargs=dict(
            Referer=page, **{"Sec-Fetch-Dest": dest}))
            for path, dest in (("/style.css", "style"), ("/logo.svg", "image"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.panel.side.select(self.sequence)
        self.assertTrue(self.pump_until(lambda: len(self.sequence.arrow_labels()) == 6))

    def test_arrows_in_order_with_the_python_and_what_the_browser_does(self):
        self.load_page()
        labels = [plain(label) for label in self.sequence.arrow_labels()]
        self.assertEqual(labels[:2], ["GET /", "200 OK"])   # un seul poste : pas son nom
        # La feuille de style et l'image : dans l'ordre où le serveur les a reçues (l'une
        # ou l'autre d'abord), chaque requête avant sa réponse.
        rest = labels[2:]
        for path in ("/style.css", "/logo.svg"):
            self.assertIn("GET " + path, rest)
        self.assertEqual(rest.count("200 OK"), 2)
        self.assertTrue(rest[0].endswith(("/style.css", "/logo.svg")))
        texts = plain("\n".join(self.canvas_texts()))
        self.assertIn("do_GET()", texts)
        self.assertIn("http/server.py:", texts)
        self.assertIn("lit le HTML, puis demande la feuille de style et l'image", texts)

    def test_clicking_an_arrow_opens_its_exchange(self):
        self.load_page()
        canvas = self.sequence.canvas
        number = min(self.panel.exchange_view.exchanges)
        canvas.yview_moveto(0)
        self.root.update()
        item = canvas.find_withtag("arrow&&x%d" % number)[0]
        x0, y0, x1, y1 = canvas.coords(item)
        x, y = int((x0 + x1) / 2), int(canvas.canvasy(0) * -1 + (y0 + y1) / 2)
        canvas.event_generate("<Motion>", x=x, y=y)
        canvas.event_generate("<Button-1>", x=x, y=y)
        self.root.update()
        self.assertEqual(self.sequence.clicked_exchange, number)
        self.assertEqual(self.panel.exchange_view.selected().exchange, number)
        self.assertEqual(self.panel.side.select(), str(self.panel.exchange_view))

    def canvas_texts(self):
        canvas = self.sequence.canvas
        return [canvas.itemcget(item, "text") for item in canvas.find_all()
                if canvas.type(item) == "text"]


def exchange(number, client, at):
    return Event(EXCHANGE, client=client, exchange=number, method="GET", path="/p%d" % number,
                 version="HTTP/1.1", status=200, reason="OK", time=at, duration=0.001)


class ManyClientsTest(PanneauTestCase):
    def setUp(self):
        super().setUp()
        self.sequence = self.panel.tab_of(SequenceTab)
        self.panel.side.select(self.sequence)

    def test_one_client_at_a_time_and_bounded(self):
        events = [exchange(n, "10.0.0.%d" % (n % 35), 1000.0 + n * 0.01)
                  for n in range(1, tab_sequence.MAX_KEPT + 50)]
        self.feed(*events)
        self.sequence.draw()
        self.assertEqual(len(self.sequence.exchanges), tab_sequence.MAX_KEPT)
        self.assertEqual(len(self.sequence.arrow_labels()), 2 * tab_sequence.MAX_DRAWN)
        self.assertIn("plus anciens", self.sequence.title.cget("text"))
        self.assertTrue(all("·" in label for label in self.sequence.arrow_labels()
                            if "GET" in label))   # plusieurs postes : chacun nommé
        self.sequence.show_client("10.0.0.7")
        labels = self.sequence.arrow_labels()
        self.assertTrue(labels)
        requests = [label for label in labels if "GET" in label]
        self.assertTrue(all(int(label.split("/p")[1]) % 35 == 7 for label in requests))
        self.assertFalse([label for label in requests if "·" in label])   # un seul poste : sans nom
        # Le canevas défile : tout ce qui est dessiné tient dans sa région.
        region = [float(value) for value in self.sequence.canvas.cget("scrollregion").split()]
        self.assertGreater(region[3], self.sequence.canvas.winfo_height())


if __name__ == "__main__":
    unittest.main()
