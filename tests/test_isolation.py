"""Tests de l'isolation du mode « Mon serveur » (serveur/process.py, serveur/isolation.py) :
rien de ce qu'écrit l'élève ne fige ni ne tue le panneau, et rien ne reste après l'arrêt.

Chaque cas est un vrai fichier d'élève, servi par un vrai processus, interrogé par un
vrai client HTTP. Aucun test ne mesure une durée (c'est le rôle de ``bench/eleve.py``) :
on vérifie qu'après « Arrêter » le processus est fini, le port libre, et que le journal
dit ce qui s'est passé.
"""

import http.client
import multiprocessing
import os
import shutil
import socket
import sys
import tempfile
import textwrap
import threading
import unittest

from serveur.events import ERROR, EXCHANGE, NOTICE, STARTED, STOPPED
from serveur.formatter import format_event
from serveur.process import ProcessController

from .support import WAIT, EventLog

STUDENT = textwrap.dedent('''\
    import os, sys, time
    from http.server import BaseHTTPRequestHandler


    class MonServeur(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/boucle":
                while True:
                    pass
            if self.path == "/dort":
                time.sleep(1000)
            if self.path == "/clavier":
                input("Votre nom ? ")
            if self.path == "/sortie":
                sys.exit()
            if self.path == "/fin":
                os._exit(1)
            if self.path == "/plantage":
                import ctypes
                ctypes.string_at(0)
            if self.path == "/memoire":
                gros = bytearray(2 * 1024 ** 3)
            if self.path == "/bavard":
                for n in range(1000000):
                    print(n)
            corps = "ok".encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(corps)))
            self.end_headers()
            self.wfile.write(corps)
    ''')


def children():
    """Les processus fils encore vivants de ce processus (sans le gardien de ressources
    de multiprocessing, qui vit autant que lui)."""
    return [child for child in multiprocessing.active_children()
            if "resource_tracker" not in child.name]


class StudentIsolationTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="panneau-eleve-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.file = os.path.join(self.folder, "mon_serveur.py")
        with open(self.file, "w", encoding="utf-8") as handle:
            handle.write(STUDENT)
        self.log = EventLog()
        self.controller = ProcessController(self.log)
        self.addCleanup(self.controller.close)

    def start(self):
        self.controller.start("mon-serveur", 0, None, "127.0.0.1", self.file)
        self.port = self.controller.port
        self.assertIsNotNone(self.log.wait_for(lambda e: e.kind == STARTED))

    def get(self, path, timeout=WAIT):
        """``(statut, corps)``, ou ``None`` si la réponse n'est pas venue (coupée, attendue)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            return None
        finally:
            connection.close()

    def get_in_background(self, path):
        """Une requête qui ne recevra peut-être jamais de réponse (boucle sans fin)."""
        thread = threading.Thread(target=self.get, args=(path, 2 * WAIT), daemon=True)
        thread.start()
        self.log.wait_for(lambda e: e.kind == "request" and e.path == path)
        return thread

    def assert_all_gone(self):
        self.assertFalse(self.controller.running)
        self.assertEqual(children(), [])
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()

    def stop_and_check(self):
        self.controller.stop()
        self.assert_all_gone()

    def lines(self):
        return "\n".join(line for event in self.log.events for line in format_event(event))

    # -- un fil de l'élève ne rend jamais la main : l'arrêt ferme son processus ---------
    def test_endless_loop_then_stop(self):
        self.start()
        self.get_in_background("/boucle")
        self.assertEqual(self.get("/"), (200, b"ok"))   # les autres sont servis
        self.stop_and_check()
        self.assertIn("ne s'est pas arrêté de lui-même", self.lines())
        self.assertIsNotNone(self.log.wait_for(lambda e: e.kind == STOPPED))

    def test_long_sleep_then_stop(self):
        self.start()
        self.get_in_background("/dort")
        self.stop_and_check()

    def test_a_new_start_after_a_stuck_one_is_fresh(self):
        self.start()
        self.get_in_background("/boucle")
        self.stop_and_check()
        self.start()
        self.assertEqual(self.get("/"), (200, b"ok"))
        self.stop_and_check()

    # -- ce qui lève une exception : 500 en français, la requête suivante servie -------
    def test_input_has_no_keyboard(self):
        self.start()
        self.assertEqual(self.get("/clavier")[0], 500)
        self.assertEqual(self.get("/"), (200, b"ok"))
        error = self.log.wait_for(lambda e: e.kind == ERROR and e.fact == "student-exception")
        self.assertIn("n'a pas de clavier", "\n".join(format_event(error)))
        self.stop_and_check()

    def test_sys_exit_is_an_error_not_an_exit(self):
        self.start()
        self.assertEqual(self.get("/sortie")[0], 500)
        self.assertEqual(self.get("/"), (200, b"ok"))
        self.stop_and_check()

    @unittest.skipUnless(hasattr(os, "fork"), "borne de mémoire virtuelle : Linux et macOS")
    def test_two_gigabytes_is_a_memory_error(self):
        self.start()
        self.assertEqual(self.get("/memoire")[0], 500)
        self.assertEqual(self.get("/"), (200, b"ok"))
        self.assertIsNotNone(self.log.wait_for(
            lambda e: e.kind == ERROR and "MemoryError" in dict(e.values).get("error_type", "")))
        self.stop_and_check()

    def test_a_million_prints_are_bounded(self):
        self.start()
        self.assertEqual(self.get("/bavard"), (200, b"ok"))
        self.log.wait_for(lambda e: e.kind == NOTICE and e.fact == "student-print-flood")
        printed = [e for e in self.log.events if e.fact == "student-print"]
        self.assertLess(len(printed), 1000)   # au plus 50 par seconde, pas un million
        self.assertEqual(self.get("/"), (200, b"ok"))
        self.stop_and_check()

    # -- le processus meurt : le panneau le dit, et « Démarrer » repart ----------------
    def assert_death_is_told_and_start_again_works(self, path):
        self.start()
        self.assertIsNone(self.get(path))   # connexion coupée sans réponse
        ended = self.log.wait_for(lambda e: e.fact == "student-process-ended")
        self.assertIsNotNone(ended)
        self.assertIn("Le panneau continue", "\n".join(format_event(ended)))
        self.assertIsNotNone(self.log.wait_for(
            lambda e: e.kind == STOPPED and e.fact == "stopped-after-error"))
        self.assertFalse(self.controller.running)
        self.controller.stop()
        self.assert_all_gone()
        self.start()
        self.assertEqual(self.get("/"), (200, b"ok"))
        self.stop_and_check()

    def test_os_exit_is_told_and_start_again_works(self):
        self.assert_death_is_told_and_start_again_works("/fin")

    def test_interpreter_crash_is_told_and_start_again_works(self):
        self.assert_death_is_told_and_start_again_works("/plantage")

    # -- cent démarrages et arrêts : rien ne reste -------------------------------------
    def test_a_hundred_starts_and_stops_leave_nothing_behind(self):
        for cycle in range(100):
            self.controller.start("mon-serveur", 0, None, "127.0.0.1", self.file)
            self.port = self.controller.port
            if cycle % 10 == 0:   # un sur dix sert une requête, un autre reste bloqué
                self.assertEqual(self.get("/"), (200, b"ok"))
            self.controller.stop()
            self.assert_all_gone()
        exchanges = [e for e in self.log.events if e.kind == EXCHANGE]
        self.assertEqual(len(exchanges), 10)
        self.assertEqual(len([e for e in self.log.events if e.kind == STOPPED]), 100)


if __name__ == "__main__":
    unittest.main()
