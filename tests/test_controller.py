"""Tests du contrôleur : démarrer, arrêter, libérer le port, expliquer les erreurs."""

import errno
import http.client
import os
import socket
import tempfile
import threading
import unittest
import urllib.request
from unittest import mock

from serveur import controller as controller_module
from serveur.controller import Controller, StartError, parse_port
from serveur.events import ERROR, NOTICE, REQUEST, STARTED, STOPPED

from .test_hostile import read_all
from .support import (WAIT, EventLog, open_fd_count, port_is_free, raw_exchange, take_a_port,
                      wait_until)


class ParsePortTest(unittest.TestCase):
    def test_valid_ports(self):
        self.assertEqual(parse_port("8080"), 8080)
        self.assertEqual(parse_port(" 8081 "), 8081)
        self.assertEqual(parse_port(0), 0)
        self.assertEqual(parse_port("65535"), 65535)

    def test_bad_ports_have_french_messages(self):
        cases = {"": "Indiquez", "abc": "n'est pas un numéro", "-5": "n'est pas un numéro",
                 "80.5": "n'est pas un numéro", "\uff18\uff10\uff18\uff10": "n'est pas un numéro",
                 "70000": "entre 1024 et 65535"}
        for text, expected in cases.items():
            with self.subTest(text=text):
                with self.assertRaises(StartError) as caught:
                    parse_port(text)
                self.assertIn(expected, str(caught.exception))


class StartErrorTest(unittest.TestCase):
    """Le contrôleur donne un fait et ses valeurs ; la phrase vient de wording.py."""

    def test_built_from_a_fact(self):
        error = StartError("port-taken", 8081, port=8080, owner="python3 (PID 7)", free=8081)
        self.assertEqual(str(error), "Le port 8080 est déjà utilisé par python3 (PID 7). "
                                     "Arrêtez-le, ou choisissez un autre port. Le port 8081 "
                                     "est libre.")
        self.assertEqual(error.suggested_port, 8081)
        self.assertEqual(error.fact, "port-taken")
        self.assertEqual(error.values["port"], 8080)

    def test_without_suggested_port(self):
        error = StartError("missing-folder", folder="/nulle/part")
        self.assertEqual(str(error), "Le dossier «\u00a0/nulle/part\u00a0» n'existe pas\u00a0: "
                                     "choisissez un dossier existant.")
        self.assertIsNone(error.suggested_port)

    def test_the_controller_raises_facts(self):
        with self.assertRaises(StartError) as caught:
            parse_port("")
        self.assertEqual(caught.exception.fact, "no-port")
        with self.assertRaises(StartError) as caught:
            Controller(EventLog()).start("get", 0, folder="/chemin/qui/n/existe/pas")
        self.assertEqual(caught.exception.fact, "missing-folder")


class ControllerTest(unittest.TestCase):
    def setUp(self):
        self.log = EventLog()
        self.controller = Controller(self.log, request_timeout=5)
        self.addCleanup(self.controller.stop)

    def test_port_zero_reports_the_real_port(self):
        url = self.controller.start("get", 0)
        port = self.controller.port
        self.assertNotEqual(port, 0)
        self.assertEqual(url, "http://127.0.0.1:%d/" % port)
        started = self.log.wait_for(lambda e: e.kind == STARTED)
        self.assertEqual((started.url, started.port, started.mode), (url, port, "get"))
        with urllib.request.urlopen(url, timeout=WAIT) as answer:
            self.assertEqual(answer.status, 200)

    def test_stop_frees_the_port_at_once(self):
        self.controller.start("get-post", 0)
        port = self.controller.port
        self.assertFalse(port_is_free(port))
        self.controller.stop()
        self.assertFalse(self.controller.running)
        self.assertTrue(port_is_free(port))
        self.assertIsNotNone(self.log.wait_for(lambda e: e.kind == STOPPED))
        # … et un nouveau serveur peut le reprendre tout de suite.
        self.controller.start("get-post", port)
        self.assertEqual(self.controller.port, port)

    def test_stop_cuts_idle_keep_alive_connections(self):
        self.controller.start("get", 0)
        port = self.controller.port
        clients = []
        for _ in range(5):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
            self.addCleanup(connection.close)
            connection.request("GET", "/")
            connection.getresponse().read()   # la connexion reste ouverte (keep-alive)
            clients.append(connection.sock)
        self.assertEqual(self.controller.connection_count(), 5)
        cut = self.controller.stop()
        self.assertEqual(cut, 5)
        for client in clients:
            rest = b""
            try:
                rest = client.recv(65536)
            except ConnectionResetError:
                pass
            self.assertEqual(rest, b"")   # fin de connexion vue par le client
        self.assertTrue(port_is_free(port))
        stopped = self.log.wait_for(lambda e: e.kind == STOPPED)
        self.assertIn("5 connexions", stopped.message)
        self.assertEqual((stopped.fact, stopped.values), ("stopped", (("cut", 5),)))

    def test_port_taken_by_another_program(self):
        port = take_a_port(self)
        with self.assertRaises(StartError) as caught:
            self.controller.start("get", port)
        message = str(caught.exception)
        self.assertIn("déjà utilisé", message)
        self.assertFalse(self.controller.running)
        suggested = caught.exception.suggested_port
        self.assertIsNotNone(suggested)
        self.assertIn(str(suggested), message)
        self.assertTrue(port_is_free(suggested))
        if os.path.isdir("/proc/net"):   # Linux : le programme qui occupe le port est nommé
            self.assertIn("PID %d" % os.getpid(), message)

    def test_port_taken_by_our_own_second_server(self):
        self.controller.start("get", 0)
        other = Controller(EventLog())
        self.addCleanup(other.stop)
        with self.assertRaises(StartError) as caught:
            other.start("get-post", self.controller.port)
        self.assertIn("déjà utilisé", str(caught.exception))
        self.assertFalse(other.running)

    def test_privileged_port_is_explained(self):
        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")
        with mock.patch.object(controller_module, "server_class_for", return_value=refuse):
            with self.assertRaises(StartError) as caught:
                self.controller.start("get", 80)
        self.assertIn("inférieur à 1024", str(caught.exception))
        self.assertFalse(self.controller.running)

    def test_address_not_on_this_machine(self):
        # 192.0.2.1 : adresse réservée à la documentation, jamais sur cette machine.
        with self.assertRaises(StartError) as caught:
            self.controller.start("get", 0, host="192.0.2.1")
        self.assertIn("n'appartient pas à cet ordinateur", str(caught.exception))

    def test_missing_folder(self):
        with self.assertRaises(StartError) as caught:
            self.controller.start("get", 0, folder="/chemin/qui/n/existe/pas")
        self.assertIn("n'existe pas", str(caught.exception))

    def test_a_file_is_not_a_folder(self):
        with tempfile.NamedTemporaryFile(suffix=".txt") as handle:
            with self.assertRaises(StartError) as caught:
                self.controller.start("get", 0, folder=handle.name)
        self.assertEqual(caught.exception.fact, "not-a-folder")
        self.assertIn("n'est pas un dossier (c'est un fichier)", str(caught.exception))
        self.assertNotIn("n'existe pas", str(caught.exception))

    def test_unknown_mode(self):
        with self.assertRaises(StartError):
            self.controller.start("ftp", 0)

    def test_never_two_servers(self):
        self.controller.start("get", 0)
        with self.assertRaises(StartError) as caught:
            self.controller.start("get", 0)
        self.assertIn("déjà démarré", str(caught.exception))

    def test_stop_twice_and_stop_before_start(self):
        self.assertEqual(self.controller.stop(), 0)
        self.controller.start("get", 0)
        self.controller.stop()
        self.assertEqual(self.controller.stop(), 0)

    def held_server(self, count=3):
        """Un serveur limité à ``count`` connexions, toutes prises par des clients muets."""
        limited = Controller(self.log, max_connections=count)
        self.addCleanup(limited.stop)
        limited.start("get", 0)
        held = [socket.create_connection(("127.0.0.1", limited.port), timeout=WAIT)
                for _ in range(count)]
        for client in held:
            self.addCleanup(client.close)
        self.assertTrue(wait_until(lambda: limited.connection_count() == count))
        return limited, limited._server, held

    def test_beyond_the_limit_the_slowest_gives_its_place(self):
        limited, server, held = self.held_server()
        server.floor = 0.0   # muets depuis assez longtemps
        answer = raw_exchange(limited.port, b"GET / HTTP/1.1\r\nHost: x\r\n"
                                            b"Connection: close\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 200 "), answer[:40])
        self.assertIsNotNone(self.log.wait_for(lambda e: e.fact == "evicted-silent"))

    def test_beyond_the_limit_a_newcomer_waits_for_a_free_place(self):
        limited, server, held = self.held_server()
        server.floor = 1000.0   # personne n'est assez lent pour céder sa place
        newcomer = socket.create_connection(("127.0.0.1", limited.port), timeout=WAIT)
        self.addCleanup(newcomer.close)
        newcomer.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertTrue(wait_until(lambda: len(server._waiting) == 1))   # il attend son tour
        held[0].close()   # une place se libère : elle est pour lui
        answer, _ = read_all(newcomer)
        self.assertTrue(answer.startswith(b"HTTP/1.1 200 "), answer[:40])

    def test_when_the_waiting_line_is_full_too_the_answer_is_503(self):
        limited, server, held = self.held_server()
        server.floor = 1000.0
        server.max_waiting = 0
        answer = raw_exchange(limited.port, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 503 "), answer[:40])
        self.assertIn("Réessayez".encode("utf-8"), answer)
        self.assertIsNotNone(self.log.wait_for(lambda e: e.kind == ERROR and e.status == 503))

    def test_a_newcomer_waits_at_most_wait_for_room(self):
        limited, server, held = self.held_server()
        server.floor = 1000.0
        server.wait_for_room = 0.0
        answer = raw_exchange(limited.port, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 503 "), answer[:40])

    def test_idle_keep_alive_connections_are_closed_after_the_timeout(self):
        quick = Controller(self.log, request_timeout=0.3)
        self.addCleanup(quick.stop)
        quick.start("get", 0)
        connection = http.client.HTTPConnection("127.0.0.1", quick.port, timeout=WAIT)
        self.addCleanup(connection.close)
        connection.request("GET", "/")
        connection.getresponse().read()
        self.assertEqual(connection.sock.recv(1), b"")   # le serveur a fermé, sans nous
        self.assertTrue(wait_until(lambda: quick.connection_count() == 0))   # fil terminé
        # Fermer une connexion keep-alive inactive est normal : rien d'inquiétant au journal.
        self.assertEqual([e for e in self.log.events if e.kind in (ERROR, NOTICE)], [])

    def test_two_hundred_cycles_with_clients_leave_nothing_behind(self):
        self.controller.start("get-post", 0)
        self.controller.stop()
        threads_before = threading.active_count()
        fds_before = open_fd_count()
        for cycle in range(200):
            self.controller.start("get-post" if cycle % 2 else "get", 0)
            port = self.controller.port
            keep_alive = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
            keep_alive.request("GET", "/")
            keep_alive.getresponse().read()          # reste ouverte (keep-alive)
            silent = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
            self.controller.stop()
            keep_alive.close()
            silent.close()
            self.assertTrue(port_is_free(port))
        self.assertEqual(threading.active_count(), threads_before)
        if fds_before is not None:
            self.assertEqual(open_fd_count(), fds_before)

    def test_fifty_cycles_leave_nothing_behind(self):
        # Un premier cycle pour que les modules paresseux soient chargés.
        self.controller.start("get-post", 0)
        self.controller.stop()
        threads_before = threading.active_count()
        fds_before = open_fd_count()
        for _ in range(50):
            self.controller.start("get-post", 0)
            port = self.controller.port
            with urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=WAIT) as answer:
                answer.read()
            idle = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
            self.controller.stop()
            idle.close()
            self.assertTrue(port_is_free(port))
        self.assertEqual(threading.active_count(), threads_before)
        if fds_before is not None:
            self.assertEqual(open_fd_count(), fds_before)


class NumbersAcrossRestartsTest(unittest.TestCase):
    def test_request_numbers_go_on_after_a_restart(self):
        log = EventLog()
        controller = Controller(log)
        self.addCleanup(controller.stop)
        for _ in range(2):
            controller.start("get", 0)
            connection = http.client.HTTPConnection("127.0.0.1", controller.port, timeout=WAIT)
            connection.request("GET", "/")
            connection.getresponse().read()
            connection.close()
            controller.stop()
        numbers = [e.exchange for e in log.of_kind(REQUEST)]
        self.assertEqual(numbers, [1, 2])


if __name__ == "__main__":
    unittest.main()


class PrivateFolderTest(unittest.TestCase):
    """Le dossier où le panneau écrit ce que tapent les élèves n'est jamais servi, même quand le
    professeur sert un dossier qui le contient (tout son dossier personnel, par exemple)."""

    def setUp(self):
        self.home = tempfile.mkdtemp()
        self.private = os.path.join(self.home, "Application Support", "Panneau serveur")
        os.makedirs(os.path.join(self.private, "echanges"))
        with open(os.path.join(self.private, "journal-1.txt"), "w", encoding="utf-8") as handle:
            handle.write("mot_de_passe = « secret42 »\n")
        with open(os.path.join(self.home, "page.txt"), "w", encoding="utf-8") as handle:
            handle.write("publique\n")
        self.controller = Controller(report=lambda event: None)
        self.addCleanup(self.controller.stop)

    def get(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.controller.port, timeout=WAIT)
        self.addCleanup(connection.close)
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")

    def test_the_journal_is_refused_and_not_listed(self):
        self.controller.start("get", 0, self.home, private=(self.private,))
        self.assertEqual(self.get("/page.txt"), (200, "publique\n"))
        for path in ("/Application%20Support/Panneau%20serveur/journal-1.txt",
                     "/Application%20Support/Panneau%20serveur/",
                     "/Application%20Support/Panneau%20serveur/echanges/",
                     "/Application%20Support/./Panneau%20serveur/journal-1.txt"):
            with self.subTest(path=path):
                status, page = self.get(path)
                self.assertEqual(status, 403)
                self.assertNotIn("secret42", page)
                self.assertIn("journal de la séance", page)
        status, listing = self.get("/Application%20Support/")
        self.assertEqual(status, 200)
        self.assertNotIn("Panneau serveur", listing)

    def test_serving_the_journal_folder_itself_is_refused(self):
        for folder in (self.private, os.path.join(self.private, "echanges")):
            with self.subTest(folder=folder):
                with self.assertRaises(StartError) as caught:
                    self.controller.start("get", 0, folder, private=(self.private,))
                self.assertEqual(caught.exception.fact, "private-folder")
                self.assertIn("choisissez un autre dossier", str(caught.exception))
                self.assertFalse(self.controller.running)

    def test_without_a_private_folder_inside_nothing_is_checked(self):
        elsewhere = tempfile.mkdtemp()
        self.controller.start("get", 0, self.home, private=(elsewhere,))
        self.assertEqual(self.get("/Application%20Support/Panneau%20serveur/journal-1.txt")[0],
                         200)   # pas le dossier privé de ce panneau-là : un fichier comme un autre
