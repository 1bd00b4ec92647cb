"""Tests de ``python -m serveur`` lancé pour de vrai, dans un sous-processus.

Chaque attente a un délai maximal : un bogue ne peut pas bloquer la suite.
Le processus est toujours tué à la fin (addCleanup), même si un test échoue.
"""

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.request

from .support import take_a_port

# Le dossier du projet (celui qui contient le paquet serveur/).
PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = 10   # secondes, pour chaque attente
URL_PATTERN = re.compile(r"http://127\.0\.0\.1:(\d+)/")


def child_env():
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


class LineReader(threading.Thread):
    """Lit un flux d'octets ligne par ligne dans une file, jusqu'à la fin.

    Lire dans un fil permet d'attendre une ligne avec un délai (queue.get) ;
    le même fil garde tout ce qui suit, pour les vérifications finales.
    """

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream = stream
        self.lines = queue.Queue()
        self.all = []

    def run(self):
        try:
            for line in iter(self.stream.readline, b""):
                self.all.append(line)
                self.lines.put(line)
        except (OSError, ValueError):
            pass   # flux fermé par le nettoyage
        finally:
            self.lines.put(None)   # fin du flux

    def next_line(self, timeout=TIMEOUT):
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def text(self, timeout=TIMEOUT):
        self.join(timeout)
        return b"".join(self.all).decode("utf-8")


class CliTestCase(unittest.TestCase):

    def start(self, *args):
        """Lance ``python -m serveur`` ; rend le processus (tué au nettoyage)."""
        proc = subprocess.Popen(
            [sys.executable, "-m", "serveur"] + list(args), cwd=PROJECT_DIR, env=child_env(),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(self.kill, proc)
        return proc

    @staticmethod
    def kill(proc):
        if proc.poll() is None:
            proc.kill()
        try:
            proc.wait(timeout=TIMEOUT)
        finally:
            for stream in (proc.stdout, proc.stderr):
                if stream:
                    stream.close()

    def run_to_end(self, *args):
        """Lance la commande, attend sa fin ; rend (code, stdout, stderr) en texte."""
        proc = self.start(*args)
        out, err = proc.communicate(timeout=TIMEOUT)
        return proc.returncode, out.decode("utf-8"), err.decode("utf-8")


class ServeAndInterruptTest(CliTestCase):
    """Démarrer, recevoir un vrai POST, puis s'arrêter avec Ctrl+C."""

    def test_post_then_ctrl_c(self):
        proc = self.start("--port", "0", "--mode", "get-post")
        out = LineReader(proc.stdout)
        err = LineReader(proc.stderr)
        out.start()
        err.start()

        first = out.next_line()
        self.assertIsNotNone(first, "aucune ligne sur stdout ; stderr : %r" % err.all)
        first = first.decode("utf-8")
        match = URL_PATTERN.search(first)
        self.assertIsNotNone(match, "pas d'adresse dans la première ligne : %r" % first)
        port = int(match.group(1))
        self.assertGreater(port, 0)
        url = match.group(0)

        # Un vrai POST, sans passer par un éventuel proxy de l'environnement.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        request = urllib.request.Request(
            url, data=b"nom=Fr%C3%A9d%C3%A9ric",
            headers={"Content-Type": "application/x-www-form-urlencoded"}, method="POST")
        with opener.open(request, timeout=TIMEOUT) as response:
            status = response.status
            page = response.read().decode("utf-8")
        self.assertEqual(status, 200)
        self.assertIn("Frédéric", page)

        if os.name != "posix":
            self.skipTest("Ctrl+C (SIGINT) n'est testé que sur POSIX")
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=TIMEOUT)
        stdout = out.text()
        stderr = err.text()
        self.assertEqual(code, 0, "stderr : %s" % stderr)
        self.assertNotIn("Traceback", stderr)
        self.assertIn("Ctrl+C", stdout)
        narrated = [line for line in stdout.splitlines() if "Frédéric" in line]
        self.assertTrue(narrated, "Frédéric absent du récit :\n%s" % stdout)
        self.assertIn("POST", stdout)
        self.assertIn("200", stdout)
        # le récit finit par l'arrêt, et le port est rendu
        self.assertIn("est de nouveau libre", stdout)


class InterruptWithOpenConnectionsTest(CliTestCase):
    """Ctrl+C pendant que des clients gardent des connexions ouvertes."""

    @unittest.skipUnless(os.name == "posix", "Ctrl+C (SIGINT) n'est testé que sur POSIX")
    def test_ctrl_c_with_connections_open(self):
        proc = self.start("--port", "0", "--mode", "get")
        out = LineReader(proc.stdout)
        err = LineReader(proc.stderr)
        out.start()
        err.start()
        port = int(URL_PATTERN.search(out.next_line().decode("utf-8")).group(1))
        clients = []
        for data in (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",   # keep-alive, puis muet
                     b"GET / HTTP/1.1\r\nHost: x\r\n",         # requête à moitié envoyée
                     b""):                                         # connexion muette
            client = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
            self.addCleanup(client.close)
            client.sendall(data)
            clients.append(client)
        clients[0].recv(65536)   # la première réponse est arrivée : 3 connexions ouvertes
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=TIMEOUT)
        stdout, stderr = out.text(), err.text()
        self.assertEqual(code, 0, stderr)
        self.assertNotIn("Traceback", stderr + stdout)
        self.assertIn("connexions encore ouvertes coupées", stdout)


class BadArgumentsTest(CliTestCase):
    """De mauvais arguments : message en français, code 2, pas de trace Python."""

    def test_bad_arguments(self):
        for args in (["--mode", "nope"], ["--port", "abc"], ["--inconnu"], ["--port"],
                     ["--port", "70000"]):
            with self.subTest(args=args):
                code, out, err = self.run_to_end(*args)
                self.assertEqual(code, 2, "stdout : %s\nstderr : %s" % (out, err))
                self.assertIn("Erreur", err)
                self.assertNotIn("Traceback", err)
                self.assertNotIn("Traceback", out)

    def test_unknown_argument_message(self):
        code, out, err = self.run_to_end("--inconnu")
        self.assertIn("--inconnu", err)
        self.assertIn("arguments inconnus", err)

    def test_invalid_choice_message(self):
        code, out, err = self.run_to_end("--mode", "nope")
        self.assertIn("invalide pour --mode", err)
        self.assertIn("nope", err)

    def test_bad_port_message(self):
        code, out, err = self.run_to_end("--port", "abc")
        self.assertIn("abc", err)
        self.assertIn("numéro de port", err)

    def test_missing_folder(self):
        with tempfile.TemporaryDirectory() as parent:
            missing = os.path.join(parent, "absent")
            code, out, err = self.run_to_end("--port", "0", "--dossier", missing)
        self.assertEqual(code, 2, "stdout : %s\nstderr : %s" % (out, err))
        self.assertIn("Erreur", err)
        self.assertIn("n'existe pas", err)
        self.assertNotIn("Traceback", err)

    def test_help(self):
        code, out, err = self.run_to_end("--aide")
        self.assertEqual(code, 0)
        self.assertIn("--mode", out)
        self.assertNotIn("Traceback", err)


class PortTakenTest(CliTestCase):
    """Un port déjà pris : message clair et code 2."""

    def test_port_in_use(self):
        port = take_a_port(self)
        code, out, err = self.run_to_end("--port", str(port), "--mode", "get-post")
        self.assertEqual(code, 2, "stdout : %s\nstderr : %s" % (out, err))
        self.assertIn("déjà utilisé", err)
        self.assertIn(str(port), err)
        self.assertNotIn("Traceback", err)


if __name__ == "__main__":
    unittest.main()
