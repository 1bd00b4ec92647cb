"""Une classe hostile, deuxième manche : le temps, la mémoire et l'état de chaque
requête sont bornés, quoi que le client envoie (sockets bruts, vrai serveur).

Chaque classe d'attaque a son test, qui échouait avant les bornes :

- le temps : des clients qui envoient un octet de temps en temps ne privent
  personne de serveur (le gardien coupe les plus lents quand il est plein),
  mais l'élève qui tape sa requête à la main est servi, même lentement ;
  un tube nommé ou un socket dans le dossier servi répond 403 tout de suite ;
- la mémoire : 99 connexions qui envoient chacune 6 Mo d'en-têtes ne font pas
  grossir le serveur de plus de 100 Mo ; un formulaire de plusieurs Mo n'est
  pas lu ;
- ce que dit le journal est ce qui est passé sur le fil : deux Content-Length,
  HTTP/0.9, « Expect » qui fuirait sur la requête suivante.
"""

import os
import re
import resource
import socket
import sys
import threading
import time
import unittest
from unittest import mock

from serveur import body as body_module
from serveur.events import DATA, EXCHANGE, MAX_EVENT_WEIGHT, REQUEST, weight
from serveur.formatter import MAX_LINE_CHARS, format_event
from serveur.get_handler import MAX_REQUEST_LINE
from serveur.post_handler import FORM_LIMIT
from serveur.wire import READING

from .support import WAIT, wait_until
from .test_hostile import FORM, HostileTestCase, read_all, status_of

ANSWER_END = re.compile(rb"\r\n\r\n")


def read_answer(sock):
    """Lit une réponse entière (en-têtes + corps annoncé par Content-Length)."""
    data = b""
    while not ANSWER_END.search(data):
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    match = re.search(rb"(?i)\r\ncontent-length: *([0-9]+)", head)
    length = int(match.group(1)) if match else 0
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return head + b"\r\n\r\n" + rest


class RssWatch:
    """La mémoire résidente du processus, relevée tous les 20 ms par un fil : le pic."""

    def __init__(self):
        self.peak = self.start = self.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    @staticmethod
    def now():
        try:
            with open("/proc/self/status", encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss   # pic depuis le début
        return usage if sys.platform == "darwin" else usage * 1024

    def _watch(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.now())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(WAIT)
        self.peak = max(self.peak, self.now())

    @property
    def growth(self):
        return self.peak - self.start


class SlowClassTest(HostileTestCase):
    """Le temps : les lents ne bloquent personne, l'élève qui tape est servi."""

    request_timeout = 0.3   # silence permis entre deux requêtes (keep-alive)
    patience = WAIT         # … et au milieu d'une requête

    def server(self):
        return self.controller._server

    def test_a_student_typing_by_hand_is_served_even_with_long_pauses(self):
        sock = self.connect()
        for line in (b"GET /ressource.html HTTP/1.1\r\n", b"Host: localhost\r\n", b"\r\n"):
            sock.sendall(line)
            time.sleep(3 * self.request_timeout)   # plus long que le délai entre deux requêtes
        answer = read_answer(sock)
        self.assert_status(answer, 200)
        self.assertTrue(answer.endswith(FORM))
        self.assert_no_error()

    def test_slow_clients_holding_every_slot_do_not_lock_the_class_out(self):
        server = self.server()
        server.max_connections = 10
        server.grace = server.floor = 0.3
        stop = threading.Event()
        slow = []

        def drip(sock):
            # Un octet d'en-tête toutes les 0,1 s, sans jamais finir la requête.
            try:
                sock.sendall(b"GET / HTTP/1.1\r\nX-Lent: ")
                while not stop.wait(0.1):
                    sock.sendall(b"a")
            except OSError:
                pass   # coupée par le serveur
        for _ in range(server.max_connections):
            sock = self.connect()
            slow.append(sock)
            threading.Thread(target=drip, args=(sock,), daemon=True).start()
        self.addCleanup(stop.set)
        self.assertTrue(wait_until(lambda: server.connection_count() >= server.max_connections))
        time.sleep(2 * server.grace)   # toutes les places sont prises, depuis un moment
        for _ in range(3):
            response, body = self.request("GET", "/ressource.html")
            self.assertEqual(response.status, 200)
            self.assertEqual(body, FORM)
        stop.set()
        # Les plus lentes ont été coupées, avec une réponse 408 et une ligne calme.
        event = self.assert_calm(lambda e: e.fact in ("evicted", "evicted-silent"))
        self.assertIn("plein", event.message)
        closed = 0
        for sock in slow:
            sock.settimeout(0.5)
            answer, was_closed = read_all(sock)
            if was_closed:
                closed += 1
                self.assertIn(status_of(answer), (408, None), answer[:80])
        self.assertGreater(closed, 0)

    def test_a_slow_typist_is_cut_only_when_the_server_is_full(self):
        server = self.server()
        server.max_connections = 5
        typist = self.connect()
        typist.sendall(b"GET /ressource.html HTTP/1.1\r\n")
        self.assertTrue(wait_until(lambda: any(w.phase == READING
                                               for w in list(server._connections.values()))))
        for wire in list(server._connections.values()):
            wire.since -= 100   # elle tape depuis cent secondes
        # Toute la classe se connecte (des connexions jeunes, qui n'ont encore rien
        # envoyé) : le serveur est sous pression, la plus lente cède sa place.
        others = [self.connect() for _ in range(server.max_connections)]
        for sock in others:
            sock.sendall(b"GET /ressource.html HTTP/1.1\r\nHost: x\r\n\r\n")
        for sock in others:
            self.assert_status(read_answer(sock), 200)
        answer, closed = read_all(typist)
        self.assertTrue(closed)
        self.assert_status(answer, 408)
        self.assertIn("plus lente", answer.decode("utf-8"))
        event = self.assert_calm(lambda e: e.status == 408)
        self.assertEqual(event.fact, "evicted")


class SpecialFileTest(HostileTestCase):
    """Un tube nommé, un socket, un périphérique : 403 tout de suite, jamais ouverts."""

    request_timeout = 1.0

    def setUp(self):
        super().setUp()
        if not hasattr(os, "mkfifo"):
            self.skipTest("pas de tube nommé sur ce système")
        os.mkfifo(os.path.join(self.folder, "tube"))
        os.makedirs(os.path.join(self.folder, "dossier"))
        os.mkfifo(os.path.join(self.folder, "dossier", "index.html"))
        if hasattr(socket, "AF_UNIX"):
            listener = socket.socket(socket.AF_UNIX)
            self.addCleanup(listener.close)
            try:
                listener.bind(os.path.join(self.folder, "prise"))
            except OSError:
                pass   # chemin trop long pour un socket : le tube suffit

    def test_many_requests_for_special_files_are_403_at_once(self):
        names = ["/tube", "/dossier/", "/tube?x=1"]
        if os.path.exists(os.path.join(self.folder, "prise")):
            names.append("/prise")
        for _ in range(10):   # avant : chaque requête bloquait un fil pour toujours
            for name in names:
                response, body = self.request("GET", name)
                self.assertEqual(response.status, 403, name)
                self.assertIn("pas un fichier ordinaire", body.decode("utf-8"))
        self.assert_calm(lambda e: e.status == 403 and "tube" in e.message)
        self.assert_serving()

    def test_a_form_file_that_is_a_pipe_neither_hangs_get_nor_post(self):
        os.remove(os.path.join(self.folder, "ressource.html"))
        os.mkfifo(os.path.join(self.folder, "ressource.html"))
        response, _ = self.request("GET", "/")
        self.assertEqual(response.status, 403)
        response, _ = self.request("POST", "/", body=b"nom=Zo%C3%A9",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(response.status, 200)


class HeaderMemoryTest(HostileTestCase):
    """99 connexions × 6 Mo d'en-têtes : un plafond par requête, la mémoire bornée."""

    def test_99_connections_sending_6_mb_of_headers(self):
        line = b"X-Gros: " + b"a" * 60000 + b"\r\n"
        statuses, lock = [], threading.Lock()

        def attack():
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=WAIT)
            try:
                sock.sendall(b"GET /ressource.html HTTP/1.1\r\nHost: x\r\n")
                for _ in range(100):   # 100 × 60 Ko = 6 Mo
                    sock.sendall(line)
                sock.sendall(b"\r\n")
            except OSError:
                pass   # le serveur a répondu et fermé avant la fin : c'est attendu
            try:
                answer, _ = read_all(sock)
            except OSError:
                answer = b""
            finally:
                sock.close()
            with lock:
                statuses.append(status_of(answer))
        with RssWatch() as rss:
            threads = [threading.Thread(target=attack) for _ in range(99)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(4 * WAIT)
        self.assertEqual(len(statuses), 99)
        # Le 431 part avant la fermeture ; un client qui envoie encore peut recevoir
        # une remise à zéro (RST) à la place : jamais un 200.
        self.assertNotIn(200, statuses)
        self.assertGreater(statuses.count(431), 0)
        self.assertLessEqual(rss.growth, 100 * 1024 * 1024,
                             "pic de mémoire : +%d Mo" % (rss.growth // 2 ** 20))
        event = self.assert_calm(lambda e: e.status == 431)
        self.assertIn("32 768 octets", event.message.replace("\u202f", " "))
        self.assert_serving()

    def test_request_line_beyond_its_ceiling_is_414(self):
        answer, _ = self.exchange(b"GET /" + b"a" * MAX_REQUEST_LINE + b" HTTP/1.1\r\n\r\n")
        self.assert_status(answer, 414)
        self.assert_serving()

    def test_headers_just_under_the_ceiling_are_served(self):
        headers = b"".join(b"X-%d: %s\r\n" % (i, b"b" * 300) for i in range(90))
        answer, _ = self.exchange(b"GET /ressource.html HTTP/1.1\r\nHost: x\r\n"
                                  b"Connection: close\r\n" + headers + b"\r\n")
        self.assert_status(answer, 200)


class BodyBudgetTest(HostileTestCase):
    """Les corps lus en même temps se partagent un budget : la mémoire a un plafond."""

    def test_a_body_beyond_the_shared_budget_waits_its_turn(self):
        server = self.controller._server
        server.body_budget = 150
        first = self.connect()
        first.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\n\r\nnom=")
        self.assertTrue(wait_until(lambda: server._bodies == 100))   # il lit ce corps
        answer, _ = self.exchange(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                                  b"\r\n" + b"a" * 100)
        self.assert_status(answer, 503)
        self.assertIn(b"Retry-After: 1", answer)
        self.assert_calm(lambda e: e.fact == "bodies-busy")
        first.sendall(b"b" * 96)
        self.assert_status(read_answer(first), 200)
        self.assertTrue(wait_until(lambda: server._bodies == 0))   # rendu après usage
        response, _ = self.request("POST", "/", body=b"a" * 100)
        self.assertEqual(response.status, 200)


class JournalLineTest(HostileTestCase):
    """Une ligne du journal, un événement : bornés quoi que le client envoie."""

    def test_huge_method_header_name_and_value_give_bounded_lines(self):
        close = b"Connection: close\r\n"
        requests = (
            b"A" * 8000 + b" / HTTP/1.1\r\n" + close + b"\r\n",                    # méthode
            b"GET /ressource.html HTTP/1.1\r\n" + close + b"N" * 30000 + b": v\r\n\r\n",
            b"GET /ressource.html HTTP/1.1\r\n" + close + b"X-Long: " + b"v" * 30000
            + b"\r\n\r\n",                                                          # valeur
            b"GET /" + b"p" * 8000 + b" HTTP/1.1\r\n" + close + b"\r\n",               # chemin
            b"POST / HTTP/1.1\r\n" + close + b"Content-Length: 60000\r\n\r\n"
            + b"nom=" + b"z" * 59996)
        for data in requests:
            self.exchange(data)
        self.assert_serving()
        self.assertTrue(wait_until(lambda: len(self.log.of_kind(EXCHANGE)) >= 6))
        total = 0
        for event in list(self.log.events):
            self.assertLessEqual(weight(event), MAX_EVENT_WEIGHT)
            for line in format_event(event):
                self.assertLessEqual(len(line), MAX_LINE_CHARS)
                total += len(line)
        self.assertLess(total, 200000)   # avant : 19 Mo de journal pour cinq requêtes
        told = "\n".join(line for event in self.log.events for line in format_event(event))
        self.assertIn("de plus", told)   # ce qui manque est dit, pas caché


class FormFileTest(HostileTestCase):
    """ressource.html lu une fois par modification, et jamais au-delà de FORM_LIMIT."""

    def test_an_oversized_form_gets_a_french_error_page(self):
        with open(os.path.join(self.folder, "ressource.html"), "wb") as handle:
            handle.write(b"<p>" + b"x" * (FORM_LIMIT + 10) + b"</p>")
        response, body = self.request("GET", "/")
        self.assertEqual(response.status, 500)
        self.assertIn("trop pour une page de formulaire", body.decode("utf-8"))
        response, _ = self.request("POST", "/", body=b"a=1",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(response.status, 200)   # les données sont reçues quand même
        self.log.wait_for(lambda e: e.kind == DATA)

    def test_the_form_is_parsed_once_per_change_even_with_concurrent_posts(self):
        with open(os.path.join(self.folder, "ressource.html"), "w", encoding="utf-8") as handle:
            handle.write('<form method="post"><input type="password" name="mdp"></form>')
        real = body_module.password_fields
        with mock.patch("serveur.post_handler.password_fields",
                        side_effect=real) as parse:
            barrier = threading.Barrier(10, timeout=WAIT)

            def post():
                barrier.wait()
                self.request("POST", "/", body=b"mdp=secret",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
            threads = [threading.Thread(target=post) for _ in range(10)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(WAIT)
        self.assertEqual(parse.call_count, 1)


class WireHonestyTest(HostileTestCase):
    """Ce que disent le journal et « Échange brut » est ce qui est passé sur le fil."""

    files = {"ressource.html": FORM, "a.txt": b"contenu de a", "cache.txt": b"secret"}

    def test_two_content_lengths_are_refused_and_the_hidden_request_never_served(self):
        hidden = b"GET /cache.txt HTTP/1.1\r\nHost: x\r\n\r\n"
        answer, closed = self.exchange(
            b"GET /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
            b"Content-Length: %d\r\n\r\n" % len(hidden) + hidden)
        self.assert_status(answer, 400)
        self.assertTrue(closed)
        self.assertEqual(answer.count(b"HTTP/1."), 1)
        self.assert_calm(lambda e: e.fact == "repeated-content-length")
        self.assert_serving()
        self.assertFalse([e for e in self.log.of_kind(REQUEST) if "cache" in e.path])

    def test_repeated_identical_content_lengths_in_a_post_are_refused_too(self):
        answer, _ = self.exchange(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                                  b"Content-Length: 3\r\n\r\nabc")
        self.assert_status(answer, 400)

    def test_http09_written_in_full_gets_a_status_line_and_the_journal_says_400(self):
        for version in (b"HTTP/0.9", b"HTTP/0.5"):
            with self.subTest(version=version):
                self.mark()
                answer, _ = self.exchange(b"GET /a.txt " + version + b"\r\n\r\n")
                self.assertRegex(answer, rb"^HTTP/1\.[01] 400 ")
                self.assertNotIn(b"contenu de a", answer)
                self.assert_calm(lambda e: e.status == 400 and e.fact == "http-0.9")
                self.assertFalse([e for e in self.log.of_kind(EXCHANGE) if e.status == 200
                                  and e.path == "/a.txt"])

    def test_expect_on_a_get_does_not_leak_into_the_next_request(self):
        sock = self.connect()
        sock.sendall(b"GET /a.txt HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n")
        first = read_answer(sock)
        self.assert_status(first, 200)
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\n\r\na=1")
        second = read_answer(sock)
        self.assert_status(second, 200)   # et non « 100 Continue » que personne n'a demandé
        self.assertNotIn(b"100 Continue", second)

    def test_a_request_after_any_other_is_answered_as_on_a_new_connection(self):
        # L'état d'une requête ne survit jamais à la suivante : après une série de
        # requêtes « sales » sur une connexion, une requête simple reçoit exactement
        # la réponse qu'elle aurait reçue sur une connexion neuve.
        plain_request = b"GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"
        fresh = self.connect()
        fresh.sendall(plain_request)
        expected = read_answer(fresh)
        dirty = (b"GET /a.txt HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
                 b"HEAD /a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
                 b"GET /a.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=0-2\r\n\r\n",
                 b"GET /recherche?q=1 HTTP/1.1\r\nHost: x\r\nCookie: visites=7\r\n\r\n",
                 b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na=1")
        sock = self.connect()
        for request in dirty:
            sock.sendall(request)
            if request.startswith(b"HEAD"):
                data = b""
                while not data.endswith(b"\r\n\r\n"):
                    byte = sock.recv(1)
                    self.assertTrue(byte, "connexion fermée au milieu d'une réponse")
                    data += byte
            else:
                read_answer(sock)
        sock.sendall(plain_request)
        again = read_answer(sock)
        without_date = re.compile(rb"\r\nDate: [^\r]*")
        self.assertEqual(without_date.sub(b"", again), without_date.sub(b"", expected))


if __name__ == "__main__":
    unittest.main()
