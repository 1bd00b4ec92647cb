"""Tests de ``python -m serveur`` lancé pour de vrai, dans un sous-processus.

Chaque attente a un délai maximal : un bogue ne peut pas bloquer la suite.
Le processus est toujours tué à la fin (addCleanup), même si un test échoue.
"""

import http.client
import io
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

from serveur.cli import Output, TerminalReport
from serveur.events import DATA, NOTICE, STOPPED, WAITING_OVERHEAD, Event, weight

from .support import plain, take_a_port

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
        # Au moins la connexion gardée ouverte (sa réponse est arrivée) ; les deux autres
        # attendent peut-être encore dans la file du système, que le serveur n'a pas vue :
        # leur nombre dépend de l'ordre des fils, pas le test.
        self.assertRegex(plain(stdout), r"[0-9]+ connexions? encore ouvertes? coupées?")


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

    def test_help_is_french_with_one_metavar_per_option(self):
        code, out, err = self.run_to_end("--aide")
        self.assertEqual(code, 0, err)
        self.assertTrue(out.startswith("utilisation\u00a0: python3 -m serveur [--mode MODE] "
                                       "[--port PORT]"), out)
        self.assertIn("\noptions\u00a0:\n", out)
        self.assertNotIn("usage", out)
        text = " ".join(out.split())   # les retours à la ligne de l'aide ne comptent pas
        for option, metavar in (("--mode", "MODE"), ("--port", "PORT"), ("--dossier", "DOSSIER"),
                                ("--hote", "ADRESSE")):
            with self.subTest(option=option):
                used = set(re.findall(re.escape(option) + r" (\S+)", text))
                self.assertEqual({word.strip("[]") for word in used}, {metavar})
        self.assertEqual(set(re.findall(r"entre \d+ et \d+", text)), {"entre 1024 et 65535"})
        self.assertIn("get-post", out)   # jamais coupé au trait d'union
        self.assertNotIn("get-\n", out)

    def test_a_file_given_as_folder(self):
        with tempfile.NamedTemporaryFile(suffix=".txt") as handle:
            code, out, err = self.run_to_end("--port", "0", "--dossier", handle.name)
        self.assertEqual(code, 2, "stdout : %s\nstderr : %s" % (out, err))
        self.assertIn("n'est pas un dossier (c'est un fichier)", err)
        self.assertNotIn("n'existe pas", err)

    def test_a_console_that_cannot_write_every_character(self):
        proc = subprocess.Popen([sys.executable, "-m", "serveur", "--port", "abc"],
                                cwd=PROJECT_DIR, env=dict(child_env(), PYTHONIOENCODING="ascii"),
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        self.addCleanup(self.kill, proc)
        out, err = proc.communicate(timeout=TIMEOUT)
        self.assertEqual(proc.returncode, 2)
        self.assertNotIn(b"Traceback", err)
        # L'espace insécable devient une espace, « é » un point d'interrogation.
        self.assertIn(b"Erreur : ? abc ? n'est pas un num?ro de port : tapez", err)


class PortTakenTest(CliTestCase):
    """Un port déjà pris : message clair et code 2."""

    def test_port_in_use(self):
        port = take_a_port(self)
        code, out, err = self.run_to_end("--port", str(port), "--mode", "get-post")
        self.assertEqual(code, 2, "stdout : %s\nstderr : %s" % (out, err))
        self.assertIn("déjà utilisé", err)
        self.assertIn(str(port), err)
        self.assertNotIn("Traceback", err)


def free_port():
    """Un port libre à l'instant (pour un serveur dont on ne peut pas lire la sortie)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@unittest.skipUnless(os.name == "posix", "sortie fermée et Ctrl+C (SIGINT) testés sous POSIX")
class UnusableOutputTest(CliTestCase):
    """Une sortie standard fermée, pleine ou sans lecteur (``pythonw``, ``> /dev/full``,
    ``| head -1``) : le serveur continue de servir, et Ctrl+C l'arrête proprement."""

    def start_with(self, port, stdout, close_stdout=False):
        command = [sys.executable, "-m", "serveur", "--port", str(port), "--mode", "get-post"]
        if close_stdout:   # comme pythonw : aucune sortie standard
            command = ["/bin/sh", "-c", 'exec "$@" >&-', "sh"] + command
        proc = subprocess.Popen(command, cwd=PROJECT_DIR, env=child_env(),
                                stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE)
        self.addCleanup(self.kill, proc)
        return proc

    def wait_for_server(self, port, proc):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT).close()
                return
            except OSError:
                time.sleep(0.02)
        self.fail("le serveur n'écoute pas (code %s)" % proc.poll())

    def assert_serves_then_stops_cleanly(self, proc, port):
        for _ in range(3):   # plusieurs requêtes : chacune fait écrire des lignes
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            connection.request("POST", "/", body=b"nom=Zo%C3%A9",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
            response = connection.getresponse()
            self.assertEqual(response.status, 200)
            self.assertIn("Zoé", response.read().decode("utf-8"))
            connection.close()
        self.assertIsNone(proc.poll(), "le serveur s'est arrêté")
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=TIMEOUT)
        err = proc.stderr.read().decode("utf-8", "replace")
        self.assertEqual(code, 0, err)
        self.assertNotIn("Traceback", err)
        self.assertNotIn("Exception ignored", err)

    def test_closed_output(self):
        port = free_port()
        proc = self.start_with(port, None, close_stdout=True)
        self.wait_for_server(port, proc)
        self.assert_serves_then_stops_cleanly(proc, port)

    @unittest.skipUnless(os.path.exists("/dev/full"), "/dev/full absent")
    def test_full_output(self):
        port = free_port()
        with open("/dev/full", "wb") as full:
            proc = self.start_with(port, full)
        self.wait_for_server(port, proc)
        self.assert_serves_then_stops_cleanly(proc, port)

    def test_broken_pipe(self):
        proc = self.start("--port", "0", "--mode", "get-post")
        first = proc.stdout.readline().decode("utf-8")
        port = int(URL_PATTERN.search(first).group(1))
        proc.stdout.close()   # le lecteur s'en va, comme « | head -1 »
        self.assert_serves_then_stops_cleanly(proc, port)


class TerminalReportTest(unittest.TestCase):
    """Un terminal plus lent que le serveur : une file bornée, les événements en trop comptés."""

    def test_events_beyond_the_limit_are_counted_where_they_are_missing(self):
        out = io.StringIO()
        terminal = TerminalReport(Output(out), limit=5)
        for n in range(12):
            terminal.report(Event(NOTICE, message="ligne %d" % n))
        terminal.report(Event(NOTICE, message="après"))    # file encore pleine : comptée aussi
        terminal.report(Event(STOPPED, port=8081, fact="stopped", values=(("cut", 0),)))
        terminal.write_waiting()
        lines = [plain(line.split("SERVEUR", 1)[1]) for line in out.getvalue().splitlines()]
        self.assertEqual(lines, [" : ligne %d" % n for n in range(5)] + [
            " : le terminal n'a pas suivi : 8 événements n'ont pas été affichés (le serveur, "
            "lui, a continué de répondre)",
            " : je m'arrête : le port 8081 est de nouveau libre."])

    def test_a_gap_closes_when_an_event_is_kept(self):
        out = io.StringIO()
        terminal = TerminalReport(Output(out), limit=1)
        terminal.report(Event(NOTICE, message="a"))
        terminal.report(Event(NOTICE, message="jetée"))
        terminal.write_next()                               # « a » : la file se vide
        terminal.write_next()                               # la lacune : 1 événement
        terminal.report(Event(NOTICE, message="b"))
        terminal.report(Event(NOTICE, message="jetée"))
        terminal.report(Event(NOTICE, message="jetée"))
        terminal.write_waiting()
        text = plain(out.getvalue())
        self.assertEqual(re.findall(r": (a|b|1 événement|2 événements)", text),
                         ["a", "1 événement", "b", "2 événements"])
        self.assertNotIn("jetée", text)

    def test_a_terminal_that_does_not_read_keeps_the_weight_within_its_budget(self):
        out = io.StringIO()
        budget = 1000000
        terminal = TerminalReport(Output(out), budget=budget)
        big = [Event(DATA, method="POST", exchange=n, body=b"x" * 100000) for n in range(30)]
        cost = weight(big[0]) + WAITING_OVERHEAD
        for event in big:
            terminal.report(event)
            self.assertLessEqual(terminal.waiting_bytes, budget)
        kept = budget // cost
        terminal.report(Event(STOPPED, port=8081, fact="stopped", values=(("cut", 0),)))
        self.assertGreater(terminal.waiting_bytes, 0)
        terminal.write_waiting()                      # le lecteur reprend
        self.assertEqual(terminal.waiting_bytes, 0)
        text = plain(out.getvalue())
        self.assertEqual(text.count("contient des données"), kept)
        self.assertEqual(re.findall(r"(\d+) événements n'ont pas été affichés", text),
                         [str(30 - kept)])
        self.assertIn("est de nouveau libre", text)   # l'arrêt n'est jamais jeté

    def test_every_event_is_written_or_counted_whatever_the_threads(self):
        out = io.StringIO()
        terminal = TerminalReport(Output(out), limit=50, budget=200000)
        sizes = (10, 5000, 50000)

        def produce(first):
            for n in range(first, first + 300):
                terminal.report(Event(NOTICE, fact="library-note", exchange=n,
                                      values=(("text", "t" * sizes[n % 3]),)))
                self.assertLessEqual(terminal.waiting_bytes, 200000)

        producers = [threading.Thread(target=produce, args=(n * 1000,)) for n in range(4)]
        for thread in producers:
            thread.start()
        for thread in producers:
            thread.join(TIMEOUT)
        terminal.write_waiting()
        text = plain(out.getvalue())
        written = text.count(" : ttttt")
        counted = sum(int(n.replace(" ", "")) for n in re.findall(
            r"(\d[\d ]*) événements? n'(?:a|ont) pas été affiché", text))
        self.assertEqual(written + counted, 1200)
        self.assertGreater(counted, 0)
        self.assertEqual(terminal.waiting_bytes, 0)

    def test_an_output_that_fails_stops_being_written(self):
        class Broken:
            def write(self, text):
                raise BrokenPipeError(32, "Broken pipe")

            def flush(self):
                pass

            def fileno(self):
                raise io.UnsupportedOperation("pas de descripteur")

        output = Output(Broken())
        terminal = TerminalReport(output)
        terminal.report(Event(NOTICE, message="x"))
        terminal.report(Event(NOTICE, message="y"))
        terminal.write_waiting()   # ne lève pas
        self.assertFalse(output.working)
        self.assertFalse(Output(None).working)   # pythonw : aucune sortie
        Output(None).write("rien")                # et rien ne lève


@unittest.skipUnless(os.name == "posix", "Ctrl+C (SIGINT) n'est testé que sur POSIX")
class SlowTerminalTest(CliTestCase):
    """Personne ne lit la sortie pendant une averse de requêtes : la mémoire reste bornée,
    et une ligne dit combien d'événements n'ont pas été affichés."""

    def test_a_terminal_that_does_not_keep_up(self):
        proc = self.start("--port", "0", "--mode", "get-post", "--sans-explications")
        port = int(URL_PATTERN.search(proc.stdout.readline().decode("utf-8")).group(1))
        # Rien n'est lu : le tube se remplit, le serveur continue de répondre.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.addCleanup(connection.close)
        for _ in range(1500):   # 2 événements chacune : bien plus que MAX_WAITING (2 000)
            connection.request("GET", "/style.css")
            connection.getresponse().read()
        out = LineReader(proc.stdout)
        out.start()
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=TIMEOUT)
        text = plain(out.text())
        self.assertEqual(code, 0, proc.stderr.read())
        dropped = re.search(r"le terminal n'a pas suivi : ([\d ]+) événements n'ont pas été "
                            r"affichés", text)
        self.assertIsNotNone(dropped, text[-2000:])
        self.assertGreater(int(dropped.group(1).replace(" ", "")), 0)
        self.assertIn("est de nouveau libre", text)


if __name__ == "__main__":
    unittest.main()


class StudentModeTest(CliTestCase):
    """``--mode mon-serveur --fichier F`` : le serveur d'un élève, raconté, arrêté par Ctrl+C."""

    def write(self, text):
        folder = tempfile.mkdtemp(prefix="panneau-cli-eleve-")
        self.addCleanup(shutil.rmtree, folder, True)
        path = os.path.join(folder, "mon_serveur.py")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path

    def test_a_template_served_narrated_and_stopped(self):
        from serveur.student_templates import write_template
        path = self.write("")
        os.remove(path)
        write_template("get-post", path)
        proc = self.start("--mode", "mon-serveur", "--fichier", path, "--port", "0")
        out, err = LineReader(proc.stdout), LineReader(proc.stderr)
        out.start()
        err.start()
        first = out.next_line()
        self.assertIsNotNone(first, "aucune ligne ; stderr : %r" % err.all)
        url = URL_PATTERN.search(first.decode("utf-8")).group(0)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        request = urllib.request.Request(
            url, data="nom=Zoé".encode("utf-8"),
            headers={"Content-Type": "application/x-www-form-urlencoded"}, method="POST")
        with opener.open(request, timeout=TIMEOUT) as response:
            self.assertEqual(response.status, 200)
            self.assertIn("Zoé", response.read().decode("utf-8"))
        if os.name != "posix":
            self.skipTest("Ctrl+C (SIGINT) n'est testé que sur POSIX")
        proc.send_signal(signal.SIGINT)
        self.assertEqual(proc.wait(timeout=TIMEOUT), 0)
        stdout, stderr = out.text(), err.text()
        self.assertNotIn("Traceback", stderr)
        self.assertIn("MON SERVEUR", stdout)
        self.assertIn("votre fichier", stdout)
        self.assertIn("POST", stdout)
        self.assertIn("est de nouveau libre", stdout)

    def test_a_syntax_error_is_shown_with_its_line_and_caret(self):
        path = self.write("from http.server import BaseHTTPRequestHandler\n\n"
                          "class MonServeur(BaseHTTPRequestHandler)\n    pass\n")
        code, out, err = self.run_to_end("--mode", "mon-serveur", "--fichier", path,
                                         "--port", "0")
        self.assertEqual(code, 2)
        text = err
        self.assertNotIn("Traceback", text)
        self.assertIn("mon_serveur.py", text)
        self.assertIn("ligne 3", text)
        self.assertIn("class MonServeur(BaseHTTPRequestHandler)", text)
        self.assertIn("^", text)

    def test_no_file_given(self):
        code, out, err = self.run_to_end("--mode", "mon-serveur", "--port", "0")
        self.assertEqual(code, 2)
        self.assertNotIn("Traceback", err)
        self.assertIn("--fichier", err)


class ClassCodeAndLimitTest(CliTestCase):
    """``--code``, ``--hote`` sur le réseau local, ``--limite`` : de vraies requêtes vers
    ``python -m serveur``, depuis 127.0.0.1 (cet ordinateur) et 127.0.0.2 (un autre poste,
    Linux seulement)."""

    def started(self, *args):
        proc = self.start("--port", "0", *args)
        out = LineReader(proc.stdout)
        out.start()
        LineReader(proc.stderr).start()
        lines = []
        while True:
            line = out.next_line()
            self.assertIsNotNone(line, "pas d'adresse : %r" % lines)
            lines.append(line.decode("utf-8"))
            match = URL_PATTERN.search(lines[-1])
            if match:
                return proc, out, int(match.group(1)), lines

    def stopped(self, proc, out):
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=TIMEOUT)
        return plain(out.text())

    @staticmethod
    def ask(port, method="GET", path="/", body=None, headers=None, source="127.0.0.1"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT,
                                                source_address=(source, 0))
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode("utf-8")
        finally:
            connection.close()

    @unittest.skipUnless(os.name == "posix", "Ctrl+C (SIGINT) n'est testé que sur POSIX")
    def test_code_for_everyone_this_computer_included(self):
        proc, out, port, lines = self.started("--code", "4821")
        self.assertIn("Code de la classe : 4821", plain(lines[0]))
        status, _headers, page = self.ask(port)
        self.assertEqual(status, 403)
        self.assertIn("Code de la classe", page)
        status, headers, _page = self.ask(port, "POST", "/", "code_classe=4821",
                                          {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 303)
        cookie = headers["Set-Cookie"].split(";")[0]
        self.assertEqual(self.ask(port, headers={"Cookie": cookie})[0], 200)
        journal = self.stopped(proc, out)
        self.assertEqual(journal.count("4821"), 1, journal)   # la première ligne seulement
        self.assertNotIn(cookie.partition("=")[2], journal)
        self.assertIn("code_classe=••••", journal)
        self.assertIn("demandé à tous les clients, cet ordinateur compris", journal)
        self.assertIn("a tapé le bon code", journal)

    @unittest.skipUnless(os.name == "posix", "Ctrl+C (SIGINT) n'est testé que sur POSIX")
    def test_a_lan_host_draws_a_code_that_this_computer_does_not_type(self):
        proc, out, port, lines = self.started("--hote", "0.0.0.0")
        match = re.search(r"Code de la classe : ([0-9]{4}) ", plain(lines[0]))
        self.assertIsNotNone(match, lines)
        self.assertEqual(self.ask(port)[0], 200)
        journal = self.stopped(proc, out)
        self.assertEqual(journal.count(match.group(1)), 1, journal)
        self.assertIn("demandé aux postes du réseau local, jamais à cet ordinateur", journal)

    def test_sans_code_and_a_bad_code(self):
        code, _out, err = self.run_to_end("--code", "12")
        self.assertEqual(code, 2)
        self.assertIn("de 4 à 6 chiffres", plain(err))
        code, _out, err = self.run_to_end("--limite", "beaucoup")
        self.assertEqual(code, 2)
        self.assertIn("--limite", err)

    @unittest.skipUnless(os.name == "posix", "Ctrl+C (SIGINT) n'est testé que sur POSIX")
    def test_a_limit_for_every_client_while_another_is_served(self):
        try:
            with socket.socket() as probe:
                probe.bind(("127.0.0.2", 0))
        except OSError:
            self.skipTest("il faut plusieurs adresses de boucle locale")
        proc, out, port, _lines = self.started("--mode", "get", "--limite", "10",
                                               "--sans-code")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.addCleanup(connection.close)
        statuses = []
        for _ in range(100):   # cet ordinateur, limité lui aussi
            connection.request("GET", "/README.md")
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        self.assertIn(429, statuses)
        self.assertEqual(response.headers["Retry-After"], "1")
        self.assertEqual(self.ask(port, path="/README.md", source="127.0.0.2")[0], 200)
        journal = self.stopped(proc, out)
        self.assertEqual(journal.count("envoie plus de 10 requêtes par seconde"), 1, journal)
        self.assertEqual(journal.count("[GET]"), 100 - statuses.count(429) + 1)
