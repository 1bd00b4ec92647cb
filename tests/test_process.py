"""Tests du serveur dans un processus à part (serveur/process.py) : même interface que
Controller, vrais processus, vrais sockets sur le port 0."""

import http.client
import os
import shutil
import socket
import tempfile
import unittest

from unittest import mock

from serveur.controller import Controller, StartError
from serveur.events import DATA, ERROR, REQUEST, STARTED, STOPPED
from serveur.process import ProcessController, window_controller

from .support import WAIT, EventLog, wait_until

FORM = b"<!DOCTYPE html><title>Formulaire</title><form method=post></form>"


class ProcessControllerTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="panneau-processus-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        with open(os.path.join(self.folder, "ressource.html"), "wb") as handle:
            handle.write(FORM)
        self.log = EventLog()
        self.controller = ProcessController(self.log)
        self.addCleanup(self.controller.close)

    def get(self, path="/"):
        connection = http.client.HTTPConnection("127.0.0.1", self.controller.port, timeout=WAIT)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def test_start_serve_tell_and_stop(self):
        url = self.controller.start("get-post", 0, self.folder)
        self.assertTrue(self.controller.running)
        self.assertEqual(url, "http://127.0.0.1:%d/" % self.controller.port)
        self.assertIsNotNone(self.log.wait_for(lambda e: e.kind == STARTED))
        self.assertEqual(self.get(), (200, FORM))
        request = self.log.wait_for(lambda e: e.kind == REQUEST)
        self.assertEqual((request.method, request.path), ("GET", "/"))
        connection = http.client.HTTPConnection("127.0.0.1", self.controller.port, timeout=WAIT)
        connection.request("POST", "/", body="nom=Zo%C3%A9",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(connection.getresponse().status, 200)
        connection.close()
        data = self.log.wait_for(lambda e: e.kind == DATA)
        self.assertEqual(data.fields[0].value, "Zoé")   # l'événement a traversé intact
        self.controller.stop()
        self.assertFalse(self.controller.running)
        self.assertIsNotNone(self.log.wait_for(lambda e: e.kind == STOPPED))
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", self.controller.port), timeout=1).close()

    def test_start_errors_are_the_same_start_errors(self):
        holder = socket.socket()
        self.addCleanup(holder.close)
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with self.assertRaises(StartError) as caught:
            self.controller.start("get", port, self.folder)
        self.assertEqual(caught.exception.fact, "port-taken")
        self.assertIn(str(port), str(caught.exception))
        with self.assertRaises(StartError) as caught:
            self.controller.start("get", 0, os.path.join(self.folder, "absent"))
        self.assertEqual(caught.exception.fact, "missing-folder")
        self.assertFalse(self.controller.running)

    def test_a_dead_server_process_is_told_and_replaced(self):
        self.controller.start("get", 0, self.folder)
        self.controller._process.kill()
        crashed = self.log.wait_for(lambda e: e.kind == ERROR and e.fact == "server-crashed")
        self.assertIsNotNone(crashed)
        self.assertIsNotNone(self.log.wait_for(
            lambda e: e.kind == STOPPED and e.fact == "stopped-after-error"))
        self.assertTrue(wait_until(lambda: not self.controller.running))
        self.controller.start("get", 0, self.folder)   # un processus neuf
        self.assertEqual(self.get("/ressource.html"), (200, FORM))

    def test_numbering_restarts_across_the_process(self):
        self.controller.start("get", 0, self.folder)
        self.get("/ressource.html")
        self.get("/ressource.html")
        self.assertTrue(wait_until(lambda: len(self.log.of_kind(REQUEST)) == 2))
        self.controller.restart_numbering()
        self.get("/ressource.html")
        self.assertTrue(wait_until(lambda: len(self.log.of_kind(REQUEST)) == 3))
        self.assertEqual([e.exchange for e in self.log.of_kind(REQUEST)], [1, 2, 1])

    def test_close_leaves_no_process(self):
        self.controller.start("get", 0, self.folder)
        process = self.controller._process
        self.controller.close()
        self.assertFalse(process.is_alive())
        self.assertFalse(self.controller.running)


class WindowControllerTest(unittest.TestCase):
    def test_a_python_that_cannot_start_a_process_keeps_the_server_in_a_thread(self):
        with mock.patch("multiprocessing.context.SpawnContext.Process",
                        side_effect=OSError("interdit")):
            controller = window_controller(EventLog())
        self.assertIsInstance(controller, Controller)

    def test_the_panel_gets_its_own_process_when_it_can(self):
        controller = window_controller(EventLog())
        self.addCleanup(controller.close)
        self.assertIsInstance(controller, ProcessController)


if __name__ == "__main__":
    unittest.main()
