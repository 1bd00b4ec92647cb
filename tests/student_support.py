"""Outils des tests du mode « Mon serveur » : un fichier d'élève, servi sur le port 0.

Le fichier de l'élève est écrit dans un dossier temporaire (jamais dans le dépôt),
puis servi par un vrai contrôleur ; les requêtes passent par ``http.client``.
"""

import http.client
import os
import shutil
import tempfile
import textwrap
import unittest

from serveur import Controller
from serveur.events import ERROR, EXCHANGE, NOTICE

from .support import WAIT, EventLog

HEADER = "from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, HTTPServer\n"


def student_folder(test):
    """Un dossier temporaire pour les fichiers de l'élève, effacé à la fin du test."""
    folder = tempfile.mkdtemp(prefix="panneau-eleve-")
    test.addCleanup(shutil.rmtree, folder, True)
    return folder


def write_student_file(folder, source, name="mon_serveur.py", header=HEADER, encoding="utf-8"):
    """Écrit ``source`` (retrait commun enlevé, précédé de ``header``) ; rend le chemin.

    Chaque écriture change la date du fichier d'au moins une seconde : un
    rechargement se voit même sur un système de fichiers à la date grossière."""
    path = os.path.join(folder, name)
    before = os.stat(path).st_mtime_ns if os.path.exists(path) else None
    data = (header + textwrap.dedent(source).lstrip("\n")) if isinstance(source, str) else source
    with open(path, "wb") as handle:
        handle.write(data.encode(encoding) if isinstance(data, str) else data)
    if before is not None:
        stamp = before + 1_000_000_000
        os.utime(path, ns=(stamp, stamp))
    return path


class StudentServerTestCase(unittest.TestCase):
    """Sert le fichier ``source`` (une classe d'élève) en mode « Mon serveur »."""

    source = """
        class MonServeur(BaseHTTPRequestHandler):
            def do_GET(self):
                corps = "Bonjour".encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(corps)))
                self.end_headers()
                self.wfile.write(corps)
    """

    def setUp(self):
        self.folder = student_folder(self)
        self.path = write_student_file(self.folder, self.source)
        self.log = EventLog()
        self.controller = Controller(self.log, request_timeout=5.0, patience=30.0)
        self.controller.start("mon-serveur", 0, self.folder, student_file=self.path)
        self.addCleanup(self.controller.stop)
        self.port = self.controller.port

    def rewrite(self, source):
        """L'élève modifie son fichier et l'enregistre."""
        write_student_file(self.folder, source)

    def request(self, method="GET", path="/", body=None, headers=None, connection=None):
        """Une vraie requête http.client ; rend (réponse, corps)."""
        own = connection is None
        connection = connection or http.client.HTTPConnection("127.0.0.1", self.port,
                                                              timeout=WAIT)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response, response.read()
        finally:
            if own:
                connection.close()

    def exchange_of(self, path):
        """L'événement EXCHANGE de la requête pour ``path`` (attendu)."""
        event = self.log.wait_for(lambda e: e.kind == EXCHANGE and e.path == path)
        self.assertIsNotNone(event, "aucun échange pour %s" % path)
        return event

    def facts_of(self, number):
        """Les faits (ERROR et NOTICE) racontés pour la requête n°``number``."""
        return [event.fact for event in self.log.events
                if event.kind in (ERROR, NOTICE) and event.exchange == number and event.fact]

    def mistakes_for(self, path, method="GET", body=None, headers=None):
        """Fait la requête, attend son échange ; rend (réponse, corps, faits relevés)."""
        response, data = self.request(method, path, body, headers)
        exchange = self.exchange_of(path)
        return response, data, self.facts_of(exchange.exchange)

    def wait_fact(self, fact):
        event = self.log.wait_for(lambda e: e.fact == fact)
        self.assertIsNotNone(event, "aucun fait %s" % fact)
        return event
