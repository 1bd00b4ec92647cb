"""Outils communs aux tests : un vrai serveur sur le port 0, des clients HTTP.

Comme les tests de CPython (Lib/test/test_httpservers.py) : le serveur écoute
sur un port choisi par le système (port 0), les requêtes passent par de vrais
sockets, et tout ce qui a été démarré est arrêté dans ``addCleanup``.
"""

import dataclasses
import http.client
import os
import shutil
import socket
import tempfile
import threading
import time
import unittest

from serveur import Controller, modes
from serveur.get_handler import GetHandler
from serveur.events import ERROR, NOTICE, STOPPED
from serveur.formatter import message_of

WAIT = 10.0  # secondes : une borne pour ne jamais bloquer la suite, pas une mesure


def plain(text):
    """Le texte tel qu'on le tape : les espaces insécables (U+00A0 avant « : » et dans
    « », U+202F avant « ; ! ? » et entre les milliers) deviennent des espaces.

    Pour chercher une phrase du journal sans écrire ses espaces invisibles ; la
    typographie elle-même a ses tests exacts (test_wording, test_formatter)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


class EventLog:
    """Collecte les événements (appelée depuis les fils du serveur).

    Le serveur raconte des faits (``event.fact``) ; le journal en fait des
    phrases. Chaque événement est gardé avec sa phrase dans ``message``
    (``formatter.message_of``) : un test lit ``event.message`` comme une
    personne lit le journal.
    """

    def __init__(self):
        self.events = []
        self._condition = threading.Condition()

    def __call__(self, event):
        if event.kind in (ERROR, NOTICE, STOPPED) and not event.message:
            event = dataclasses.replace(event, message=message_of(event))
        with self._condition:
            self.events.append(event)
            self._condition.notify_all()

    def wait_for(self, predicate, timeout=WAIT):
        """Attend un événement qui vérifie ``predicate`` ; le rend (ou None)."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while True:
                for event in self.events:
                    if predicate(event):
                        return event
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._condition.wait(remaining)

    def of_kind(self, kind):
        with self._condition:
            return [event for event in self.events if event.kind == kind]


def wait_until(condition, timeout=WAIT):
    """Attend que ``condition()`` soit vraie (borne ``timeout``) ; rend sa dernière valeur."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def open_fd_count():
    """Le nombre de descripteurs de fichiers ouverts (Linux), sinon None."""
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return None


def port_is_free(port, host="127.0.0.1"):
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def take_a_port(test):
    """Occupe un port comme le ferait un autre programme ; rend son numéro.

    Le socket est fermé à la fin du test ``test``."""
    blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    test.addCleanup(blocker.close)
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    return blocker.getsockname()[1]


def raw_exchange(port, data, timeout=WAIT, shut_write=False):
    """Envoie des octets bruts et rend tout ce que le serveur répond (jusqu'à la fermeture)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        if shut_write:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


class ThrowawayHandler(GetHandler):
    """Un gestionnaire d'essai : celui du mode GET, sous un autre nom."""


THROWAWAY = modes.Mode(name="essai", handler=ThrowawayHandler, label="Essai — un mode jetable",
                       short="ESSAI", default_port=8099, description="un mode pour les tests",
                       help="Ce mode n'existe que le temps d'un test.")


def add_throwaway_mode(test):
    """Ajoute le mode jetable au registre, et l'en retire à la fin du test."""
    modes.register(THROWAWAY)
    test.addCleanup(modes.MODES.pop, THROWAWAY.name)


class ServerTestCase(unittest.TestCase):
    """Démarre un serveur du mode ``mode`` sur un dossier temporaire."""

    mode = "get-post"
    request_timeout = 5.0
    patience = 30.0        # silence permis au milieu d'une requête (wire.py)
    max_body_size = 1024 * 1024
    files = {}  # nom relatif -> contenu (bytes) créé dans le dossier servi

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="panneau-test-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        for name, content in self.files.items():
            path = os.path.join(self.folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(content)
        self.log = EventLog()
        self.controller = Controller(self.log, request_timeout=self.request_timeout,
                                     max_body_size=self.max_body_size, patience=self.patience)
        self.controller.start(self.mode, 0, self.folder)
        self.addCleanup(self.controller.stop)
        self.port = self.controller.port

    def request(self, method, path, body=None, headers=None):
        """Une vraie requête http.client ; rend (réponse, corps)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response, response.read()
        finally:
            connection.close()

    def wait_kind(self, kind, path=None):
        """Attend un événement de cette sorte (et de ce chemin) ; le rend."""
        event = self.log.wait_for(lambda e: e.kind == kind and (path is None or e.path == path))
        self.assertIsNotNone(event, "aucun événement %s pour %s" % (kind, path))
        return event

    def raw(self, data, **options):
        return raw_exchange(self.port, data, **options)

    def link_to_outside(self, link, text):
        """Crée, à côté du dossier servi, un fichier contenant ``text``, et dans le
        dossier servi un lien symbolique ``link`` (chemin relatif) qui y mène."""
        outside = os.path.join(os.path.dirname(self.folder), "dehors-%s" % os.path.basename(link))
        with open(outside, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.addCleanup(os.remove, outside)
        os.symlink(outside, os.path.join(self.folder, link))

    def assert_still_serving(self):
        """Après un incident, le serveur répond toujours normalement."""
        response, _ = self.request("HEAD", "/")
        self.assertIn(response.status, (200, 404))
