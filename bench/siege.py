"""Siège : des élèves se servent du serveur pendant que d'autres clients l'attaquent.

    python3 bench/siege.py [--secondes 180] [--normaux 35]

Le serveur est lancé comme le ferait un professeur, dans son propre processus ::

    python3 -m serveur --mode get-post --port 0 --dossier COPIE > journal.txt

(``--port 0`` : un port libre, lu sur la première ligne du journal). Le dossier
servi est une copie temporaire : ``ressource.html``, un petit fichier
``petit.txt``, un gros fichier ``gros.bin`` (5 Mo), un tube nommé ``tube``
(``os.mkfifo``), un socket UNIX ``prise`` et, si on a le droit de le créer,
un périphérique ``zero`` (le même que ``/dev/zero``).

Pendant ``--secondes``, en même temps :

- ``--normaux`` clients ordinaires (des élèves) : la moitié demandent ``/`` et
  ``/petit.txt`` sur une connexion gardée ouverte (keep-alive, comme un
  navigateur), l'autre moitié envoient le formulaire (POST urlencodé), chacun
  sur une connexion neuve ; une pause de 0,5 à 1,5 s entre deux requêtes. Une
  requête est *servie* si elle reçoit une réponse 2xx en moins de 10 s ; un
  échec, c'est une erreur, un 503 ou un délai dépassé. Les latences (médiane,
  99e centile, maximum) portent sur toutes leurs requêtes, réussies ou non ;
- des clients hostiles, chaque attaque dans son (ou ses) fil(s), recommencée en
  boucle jusqu'à la fin :

  - « slowloris » : 100 connexions qui envoient chacune un octet d'en-tête toutes
    les 2 à 3 s, et se reconnectent quand le serveur les ferme ;
  - « en-têtes énormes » : 99 connexions qui envoient chacune environ 6 Mo
    d'en-têtes valides (98 lignes ``X-a: aaa…`` de 60 Ko), puis lisent la réponse ;
  - les fichiers spéciaux : ``GET /tube`` (un tube nommé : ouvrir le lire attend
    un écrivain, pour toujours), ``GET /prise``, ``GET /zero`` (sans fin) ;
  - les bombes à calcul : un en-tête ``Cookie`` de 60 Ko de ``\\a`` (CVE-2024-7592),
    un POST multipart de 1 Mio fait de 95 000 parties vides, un JSON avec un
    entier d'un million de chiffres, un JSON imbriqué 400 000 fois ;
  - les pièges pour le narrateur (le journal doit dire vrai) : le JSON
    ``{"\\ud800": "x"}``, deux ``Content-Length`` sur un GET qui cachent une
    seconde requête, ``GET /petit.txt HTTP/0.9``, ``Expect: 100-continue`` sur
    un GET suivi d'une seconde requête sur la même connexion, un nom de méthode
    et un nom d'en-tête de 40 Ko ;
  - un lecteur lent : il demande ``gros.bin`` et ne lit rien pendant 30 s (puis
    lit ce qui reste, 10 s au plus, pour savoir si le serveur a abandonné).

Pendant ce temps, la mémoire (``VmRSS``) et le nombre de fils (``Threads``) du
processus serveur sont relevés toutes les 0,1 s dans ``/proc/<pid>/status``
(Linux). À la fin, les attaques s'arrêtent, on attend jusqu'à 40 s que les fils
du serveur reviennent au nombre du repos, puis le serveur est arrêté par Ctrl+C
(SIGINT) et son journal est relu.

Affiche une mesure par ligne, ``nom: valeur (objectif …)``, suivie de « atteint »
ou « MANQUÉ », puis une ligne par attaque : le nombre d'essais et les réponses
obtenues (codes d'état, « délai dépassé », « fermée sans réponse »…). Une suite
comme « 100+200 puis 200 » se lit : après le premier envoi, un « 100 Continue »
puis un 200 ; après le second envoi, un 200. Le chemin du journal du serveur
est affiché : il est gardé pour qu'on puisse le lire.

Code de sortie : 0 si tous les objectifs sont atteints, 1 sinon.
"""

import argparse
import collections
import http.client
import os
import platform
import random
import re
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time

from mesures import percentile, proc_status

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST = "127.0.0.1"

CLIENT_TIMEOUT = 10.0        # un élève attend au plus 10 s sa réponse
THINK_SECONDS = (0.5, 1.5)   # pause d'un élève entre deux requêtes
IDLE_WAIT = 40.0             # attente du retour au repos des fils du serveur, à la fin
SAMPLE_SECONDS = 0.1         # relevé de /proc/<pid>/status

# Les objectifs.
GOAL_SERVED = 99.0           # % de requêtes normales servies, au moins
GOAL_P99 = 2.0               # secondes, au plus
GOAL_RSS_GROWTH = 150.0      # Mo de plus que la mémoire au repos, au plus
GOAL_INTERNAL_ERRORS = 0

# Les phrases du journal que l'on compte (voir serveur/wording.py) : les faits
# « internal-error » et « events-dropped ».
INTERNAL_ERROR_TEXT = "erreur interne du serveur"
DROPPED_TEXT = "le terminal n'a pas suivi"

# Les requêtes des attaques (construites une fois : la mémoire du banc reste modeste).
HUGE_LINE = b"X-a: " + b"a" * (60 * 1024 - 7) + b"\r\n"   # une ligne d'en-tête de 60 Ko
HUGE_LINES = 98            # + Host = 99 en-têtes, sous la limite de 100 de la bibliothèque
SLOW_DRIP = b"X-a: b\r\n"  # les octets d'en-tête du slowloris, un à un, sans fin
BIG_FILE_SIZE = 5 * 1024 * 1024
MAX_BODY = 1024 * 1024     # la taille maximale d'un corps reçu par le serveur (1 Mio)

STOP = threading.Event()   # posé à la fin du siège : tous les fils du banc s'arrêtent


def fr(value, digits=1):
    """Un nombre à la française : virgule décimale (12.5 -> « 12,5 »)."""
    return ("%.*f" % (digits, value)).replace(".", ",")


def request(method, path, headers=(), body=b"", version="HTTP/1.1", close=True):
    """Les octets d'une requête HTTP/1.1 ordinaire."""
    lines = ["%s %s %s" % (method, path, version), "Host: %s" % HOST]
    lines += ["%s: %s" % pair for pair in headers]
    if body:
        lines.append("Content-Length: %d" % len(body))
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def multipart_bomb():
    boundary = b"xyz"
    part = b"--" + boundary + b"\r\n\r\n\r\n"   # une partie vide, sans en-tête
    end = b"--" + boundary + b"--\r\n"
    count = min(95000, (MAX_BODY - len(end)) // len(part))
    body = part * count + end
    return request("POST", "/", (("Content-Type",
                                  "multipart/form-data; boundary=" + boundary.decode()),),
                   body)


def json_post(body):
    return request("POST", "/", (("Content-Type", "application/json"),), body)


def two_content_lengths():
    hidden = b"GET /petit.txt HTTP/1.1\r\nHost: " + HOST.encode() + b"\r\n\r\n"
    return (b"GET / HTTP/1.1\r\nHost: " + HOST.encode() + b"\r\nContent-Length: 0\r\n"
            b"Content-Length: %d\r\n\r\n" % len(hidden) + hidden)


def huge_headers():
    yield b"GET / HTTP/1.1\r\nHost: " + HOST.encode() + b"\r\n"
    for _ in range(HUGE_LINES):
        yield HUGE_LINE
    yield b"Connection: close\r\n\r\n"


# -- lire des réponses sur un socket brut ------------------------------------------
def label_of(exc):
    """Une exception du client -> une étiquette courte en français."""
    if isinstance(exc, socket.timeout):
        return "délai dépassé"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "fermée sans réponse"
    if isinstance(exc, ConnectionRefusedError):
        return "connexion refusée"
    if isinstance(exc, (ConnectionResetError, BrokenPipeError)):
        return "coupée (%s)" % type(exc).__name__
    if isinstance(exc, http.client.HTTPException):
        return "réponse illisible (%s)" % type(exc).__name__
    return "erreur (%s)" % type(exc).__name__


class Closed(Exception):
    """Le serveur a fermé la connexion."""


class Reader:
    """Lit des réponses HTTP sur un socket, sans garder les corps en mémoire."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""
        self.closing = False   # la dernière réponse annonçait « Connection: close »

    def _fill(self, deadline):
        self.sock.settimeout(max(0.01, deadline - time.monotonic()))
        data = self.sock.recv(65536)
        if not data:
            raise Closed()
        self.buffer += data

    def _drain(self, deadline, count=None):
        """Jette ``count`` octets (ou tout jusqu'à la fermeture si None)."""
        while True:
            if count is not None and len(self.buffer) >= count:
                self.buffer = self.buffer[count:]
                return
            if count is not None:
                count -= len(self.buffer)
            self.buffer = b""
            try:
                self._fill(deadline)
            except Closed:
                if count is None:
                    return
                raise

    def response(self, timeout):
        """Une réponse : rend son code d'état (texte), ou lève OSError / Closed."""
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buffer:
            if len(self.buffer) >= 5 and not self.buffer.startswith(b"HTTP/"):
                self._drain(deadline)   # HTTP/0.9 : le corps seul, jusqu'à la fermeture
                return "réponse sans ligne d'état"
            try:
                self._fill(deadline)
            except Closed:
                if self.buffer and not self.buffer.startswith(b"HTTP/"[:len(self.buffer)]):
                    self.buffer = b""
                    return "réponse sans ligne d'état"
                raise
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        parts = lines[0].split(None, 2)
        code = parts[1].decode("latin-1") if len(parts) > 1 else "?"
        fields = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            fields[name.strip().lower()] = value.strip()
        self.closing = fields.get(b"connection", b"").lower() == b"close"
        if code.startswith("1") or code in ("204", "304"):
            return code
        if b"content-length" in fields and b"transfer-encoding" not in fields:
            try:
                length = int(fields[b"content-length"])
            except ValueError:
                length = None
            self._drain(deadline, length)
        else:
            self._drain(deadline)
        return code

    def answers(self, at_most, timeout, then_timeout=2.0):
        """Au plus ``at_most`` réponses finales (les 1xx en plus) : une liste d'étiquettes.

        La première est attendue ``timeout`` secondes (son absence devient une
        étiquette) ; les suivantes ``then_timeout`` seulement, et leur absence
        termine la liste sans rien dire."""
        labels, finals, required = [], 0, True
        while finals < at_most:
            try:
                code = self.response(timeout if required else then_timeout)
            except Closed:
                if required:
                    labels.append("fermée sans réponse")
                break
            except OSError as exc:
                if required:
                    labels.append(label_of(exc))
                break
            labels.append(code)
            if code.startswith("1") and code != "101":
                required = True
                continue
            finals += 1
            required = False
        return labels


def exchange(port, steps, timeout):
    """Une connexion, plusieurs envois : ``steps`` est une liste de ``(octets, réponses)``
    (``octets`` : des octets ou une suite de morceaux). Rend l'étiquette de l'échange."""
    try:
        sock = socket.create_connection((HOST, port), timeout=timeout)
    except OSError as exc:
        return label_of(exc)
    reader = Reader(sock)
    said = []
    try:
        for payload, at_most in steps:
            chunks = [payload] if isinstance(payload, bytes) else payload
            cut = None
            try:
                sock.settimeout(timeout)
                for chunk in chunks:
                    sock.sendall(chunk)
            except OSError as exc:
                cut = exc   # le serveur a peut-être répondu avant de fermer : on lit
            labels = reader.answers(at_most, timeout if cut is None else 2.0)
            if cut is not None and (not labels or not labels[0][0].isdigit()):
                said.append("coupée pendant l'envoi (%s)" % type(cut).__name__)
                break
            said.append("+".join(labels))
            if not labels or not labels[-1][0].isdigit() or reader.closing:
                break   # inutile d'envoyer la suite : la connexion est finie
    finally:
        sock.close()
    return " puis ".join(said)


# -- les comptes -------------------------------------------------------------------
class Tally:
    """Les essais d'une attaque (ou des clients normaux) : étiquettes et durées."""

    def __init__(self, name):
        self.name = name
        self.outcomes = collections.Counter()
        self.durations = []
        self.lock = threading.Lock()

    def record(self, outcome, seconds=None):
        with self.lock:
            self.outcomes[outcome] += 1
            if seconds is not None:
                self.durations.append(seconds)

    def attempts(self):
        return sum(self.outcomes.values())

    def summary(self):
        with self.lock:
            outcomes = self.outcomes.most_common()
            durations = sorted(self.durations)
        text = "%d essais" % sum(count for _, count in outcomes)
        if outcomes:
            text += " ; réponses : " + ", ".join("%s × %d" % pair for pair in outcomes)
        if durations:
            text += " ; durée médiane %s s, max %s s" % (fr(percentile(durations, 0.5)),
                                                        fr(durations[-1]))
        return text


# -- les attaques --------------------------------------------------------------
def repeat(stop, tally, attempt, pause):
    """Recommence ``attempt()`` jusqu'à l'arrêt ; chaque essai est compté avec sa durée."""
    while not stop.is_set():
        start = time.monotonic()
        try:
            outcome = attempt()
        except Exception as exc:   # le banc ne tombe jamais : l'essai est compté
            outcome = "erreur du banc (%s)" % type(exc).__name__
        tally.record(outcome, time.monotonic() - start)
        stop.wait(pause)


def slowloris(port, stop, tally, count=100):
    """``count`` connexions qui envoient un octet d'en-tête toutes les 2 à 3 s.

    Un seul fil s'occupe de toutes. Une connexion fermée par le serveur (ce qu'il
    a répondu est compté) est rouverte à son tour suivant."""
    sockets = [None] * count
    drip = [0] * count
    due = [time.monotonic() + i * 0.02 for i in range(count)]

    def finish(i, outcome):
        try:
            sockets[i].close()
        except OSError:
            pass
        sockets[i] = None
        tally.record(outcome)

    while not stop.is_set():
        now = time.monotonic()
        for i in range(count):
            if due[i] > now or stop.is_set():
                continue
            due[i] = now + random.uniform(2.0, 3.0)
            if sockets[i] is None:
                try:
                    sock = socket.create_connection((HOST, port), timeout=2)
                    sock.sendall(b"GET / HTTP/1.1\r\n")
                except OSError as exc:
                    tally.record(label_of(exc))
                    continue
                sockets[i] = sock
                drip[i] = 0
            else:
                try:
                    sockets[i].send(SLOW_DRIP[drip[i] % len(SLOW_DRIP):][:1])
                    drip[i] += 1
                except OSError as exc:
                    finish(i, label_of(exc))
        live = [sock for sock in sockets if sock is not None]
        try:
            readable = select.select(live, [], [], 0.1)[0] if live else []
        except (OSError, ValueError):
            readable = []
        if not live:
            stop.wait(0.1)
        for sock in readable:
            i = sockets.index(sock)
            try:
                data = sock.recv(4096)
            except OSError as exc:
                finish(i, label_of(exc))
                continue
            if data.startswith(b"HTTP/"):
                parts = data.split(None, 2)
                finish(i, parts[1].decode("latin-1") if len(parts) > 1 else "?")
            else:
                finish(i, "fermée sans réponse" if not data else "réponse sans ligne d'état")
    for i in range(count):
        if sockets[i] is not None:
            finish(i, "toujours ouverte à la fin")


def slow_reader(port, hold=30.0):
    """Demande les 5 Mo, ne lit rien pendant ``hold`` s, puis lit ce qui reste."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)   # un téléphone lent
        sock.settimeout(CLIENT_TIMEOUT)
        sock.connect((HOST, port))
        sock.sendall(request("GET", "/gros.bin"))
        deadline = time.monotonic() + hold
        while time.monotonic() < deadline and not STOP.is_set():
            STOP.wait(0.5)
        head = sock.recv(12, socket.MSG_PEEK)
        parts = head.split(None, 2)
        code = parts[1].decode("latin-1") if len(parts) > 1 else "fermée sans réponse"
        # Puis on lit tout, 10 s au plus : le serveur avait-il abandonné ?
        received, deadline = 0, time.monotonic() + 10.0
        try:
            while time.monotonic() < deadline:
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                data = sock.recv(1024 * 1024)
                if not data:
                    break
                received += len(data)
            else:
                return "%s, jamais lue, puis pas finie après 10 s de lecture" % code
        except OSError as exc:
            return "%s, jamais lue, puis %s à la lecture" % (code, label_of(exc))
        if received >= BIG_FILE_SIZE:
            return "%s, servie en entier une fois lue" % code
        return "%s, abandonnée par le serveur" % code
    except OSError as exc:
        return label_of(exc)
    finally:
        sock.close()


def attacks(port, special_files):
    """La liste des attaques : ``(nom, fils, fonction d'un essai, pause entre deux)``.

    Une fonction d'essai rend l'étiquette de ce qui s'est passé."""
    host = HOST.encode()
    cookie = request("GET", "/", (("Cookie", 'a="' + "\\a" * 30000 + '"'),))
    multipart = multipart_bomb()
    huge_int = json_post(b"[" + b"1" * 1000000 + b"]")
    deep = json_post(b"[" * 400000 + b"]" * 400000)
    lone_surrogate = json_post(b'{"\\ud800": "x"}')
    smuggle = two_content_lengths()
    http09 = b"GET /petit.txt HTTP/0.9\r\n\r\n"
    expect_first = (b"GET / HTTP/1.1\r\nHost: " + host + b"\r\nExpect: 100-continue\r\n\r\n")
    expect_second = request("GET", "/petit.txt")
    long_method = b"A" * 40000 + b" / HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
    long_name = (b"GET / HTTP/1.1\r\nHost: " + host + b"\r\n" + b"X" * 40000
                 + b": v\r\nConnection: close\r\n\r\n")

    def once(payload, answers=1, timeout=30.0):
        return lambda: exchange(port, [(payload, answers)], timeout)

    table = [
        ("en-têtes énormes (99 × 6 Mo)", 99,
         lambda: exchange(port, [(huge_headers(), 1)], 30.0), 1.0),
    ]
    for name in special_files:
        table.append(("fichier spécial /%s" % name, 1,
                      once(request("GET", "/" + name), timeout=5.0), 1.0))
    table += [
        ("cookie de 60 Ko de \\a", 1, once(cookie), 0.2),
        ("multipart de 95 000 parties vides", 1, once(multipart), 0.2),
        ("JSON : entier d'un million de chiffres", 1, once(huge_int), 0.2),
        ("JSON : imbrication profonde", 1, once(deep), 0.2),
        ("JSON : {\"\\ud800\": \"x\"}", 1, once(lone_surrogate), 0.5),
        ("deux Content-Length sur un GET", 1, once(smuggle, answers=2, timeout=10.0), 0.5),
        ("GET /petit.txt HTTP/0.9", 1, once(http09, timeout=10.0), 0.5),
        ("Expect: 100-continue sur un GET, puis une requête", 1,
         lambda: exchange(port, [(expect_first, 1), (expect_second, 1)], 10.0), 0.5),
        ("nom de méthode de 40 Ko", 1, once(long_method, timeout=10.0), 0.5),
        ("nom d'en-tête de 40 Ko", 1, once(long_name, timeout=10.0), 0.5),
        ("lecteur lent (5 Mo jamais lus)", 1, lambda: slow_reader(port), 0.5),
    ]
    return table


# -- les élèves ------------------------------------------------------------------
def record_normal(tally, outcome, seconds):
    """Une réponse 2xx arrivée après plus de 10 s ne compte pas comme servie."""
    if isinstance(outcome, int) and seconds > CLIENT_TIMEOUT:
        outcome = "%d après plus de %s s" % (outcome, fr(CLIENT_TIMEOUT, 0))
    tally.record(outcome, seconds)


def normal_getter(port, stop, tally):
    """Un élève qui recharge la page et un petit fichier, connexion gardée ouverte."""
    connection, turn = None, 0
    while not stop.is_set():
        path = ("/", "/petit.txt")[turn % 2]
        turn += 1
        start = time.monotonic()
        outcome = None
        for retry in (False, True):
            reused = connection is not None
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                outcome = response.status
                if response.will_close:
                    connection.close()
                    connection = None
                break
            except (OSError, http.client.HTTPException) as exc:
                outcome = label_of(exc)
                if connection is not None:
                    connection.close()
                connection = None
                # Un navigateur réessaie une fois quand une connexion gardée ouverte
                # a été fermée entre deux requêtes.
                if retry or not reused or isinstance(exc, socket.timeout):
                    break
        record_normal(tally, outcome, time.monotonic() - start)
        stop.wait(random.uniform(*THINK_SECONDS))
    if connection is not None:
        connection.close()


def normal_poster(port, stop, tally, number):
    """Un élève qui envoie le formulaire, chaque fois sur une connexion neuve."""
    sent = 0
    while not stop.is_set():
        sent += 1
        body = ("nom=%C3%89l%C3%A8ve+" + str(number) + "&age=" + str(15 + sent % 4)).encode()
        start = time.monotonic()
        connection = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT)
        try:
            connection.request("POST", "/", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded"})
            response = connection.getresponse()
            response.read()
            outcome = response.status
        except (OSError, http.client.HTTPException) as exc:
            outcome = label_of(exc)
        finally:
            connection.close()
        record_normal(tally, outcome, time.monotonic() - start)
        stop.wait(random.uniform(*THINK_SECONDS))


# -- le serveur ------------------------------------------------------------------
def prepare_folder():
    """La copie du dossier servi ; rend (dossier, noms des fichiers spéciaux, socket UNIX)."""
    folder = tempfile.mkdtemp(prefix="banc-siege-")
    shutil.copy(os.path.join(PROJECT, "ressource.html"), folder)
    with open(os.path.join(folder, "petit.txt"), "w", encoding="utf-8") as handle:
        handle.write("Bonjour, ceci est un petit fichier.\n")
    with open(os.path.join(folder, "gros.bin"), "wb") as handle:
        block = bytes(range(256)) * 4096
        for _ in range(BIG_FILE_SIZE // len(block)):
            handle.write(block)
    special, unix_socket = [], None
    try:
        os.mkfifo(os.path.join(folder, "tube"))
        special.append("tube")
    except (OSError, AttributeError):
        pass
    if hasattr(socket, "AF_UNIX"):
        try:
            unix_socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            unix_socket.bind(os.path.join(folder, "prise"))
            special.append("prise")
        except OSError:
            unix_socket = None
    try:
        os.mknod(os.path.join(folder, "zero"), stat.S_IFCHR | 0o644, os.makedev(1, 5))
        special.append("zero")
    except (OSError, AttributeError):
        pass   # il faut en général être administrateur pour créer un périphérique
    return folder, special, unix_socket


def read_status(pid):
    """(VmRSS en Mo, nombre de fils) du processus, ou None s'il est parti."""
    status = proc_status(pid)
    if "VmRSS" not in status or "Threads" not in status:
        return None
    return status["VmRSS"] / 1024, status["Threads"]


class Sampler(threading.Thread):
    """Relève la mémoire et les fils du serveur toutes les 0,1 s."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss = 0.0
        self.peak_threads = 0
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            status = read_status(self.pid)
            if status:
                self.peak_rss = max(self.peak_rss, status[0])
                self.peak_threads = max(self.peak_threads, status[1])
            self.halt.wait(SAMPLE_SECONDS)


def start_server(folder, journal_path):
    journal = open(journal_path, "wb")
    server = subprocess.Popen([sys.executable, "-m", "serveur", "--mode", "get-post",
                               "--port", "0", "--dossier", folder],
                              cwd=PROJECT, stdout=journal, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL)
    journal.close()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with open(journal_path, encoding="utf-8", errors="replace") as handle:
            first = handle.readline()
        found = re.search(r"http://[^/\s]+:(\d+)/", first)
        if found:
            return server, int(found.group(1))
        if server.poll() is not None:
            break
        time.sleep(0.05)
    server.kill()
    with open(journal_path, encoding="utf-8", errors="replace") as handle:
        raise RuntimeError("le serveur n'a pas démarré :\n" + handle.read()[:2000])


def stop_server(server):
    """Ctrl+C, comme le professeur ; au bout de 15 s, on force."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
            return "arrêté par Ctrl+C (code %d)" % server.returncode
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            return "ne s'arrête pas sur Ctrl+C en 15 s : tué"
    return "déjà arrêté (code %d)" % server.returncode


def read_journal(path):
    internal, dropped_lines, dropped = 0, 0, 0
    lines = 0
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            lines += 1
            if INTERNAL_ERROR_TEXT in line:
                internal += 1
            if DROPPED_TEXT in line:
                dropped_lines += 1
                found = re.search(r"([\d\u202f\u00a0 ]+) événements? n", line)
                digits = re.sub(r"\D", "", found.group(1)) if found else ""
                dropped += int(digits) if digits else 1
    return lines, internal, dropped_lines, dropped


# -- le banc ---------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(
        description="Des élèves se servent du serveur pendant que d'autres clients l'attaquent.")
    parser.add_argument("--secondes", type=float, default=180.0,
                        help="durée du siège (défaut : 180)")
    parser.add_argument("--normaux", type=int, default=35,
                        help="nombre de clients normaux (défaut : 35)")
    args = parser.parse_args()

    folder, special, unix_socket = prepare_folder()
    journal_fd, journal_path = tempfile.mkstemp(prefix="banc-siege-journal-", suffix=".txt")
    os.close(journal_fd)
    server, port = start_server(folder, journal_path)
    goals = []

    def goal(line, reached):
        goals.append(reached)
        print("%s : %s" % (line, "atteint" if reached else "MANQUÉ"))

    try:
        print("machine: %d cœurs, %s, Python %s" % (os.cpu_count() or 0, platform.platform(),
                                                   sys.version.split()[0]))
        print("reglages: %s s de siège, %d clients normaux, port %d, fichiers spéciaux : %s"
              % (fr(args.secondes, 0), args.normaux, port, ", ".join(special) or "aucun"))
        print("journal_du_serveur: %s" % journal_path)
        sys.stdout.flush()
        time.sleep(1.0)   # que le serveur se pose
        idle = read_status(server.pid)
        if idle is None:
            raise RuntimeError("/proc/%d/status illisible (Linux seulement)" % server.pid)
        idle_rss, idle_threads = idle
        sampler = Sampler(server.pid)
        sampler.start()

        normals = Tally("normaux")
        workers = []
        for number in range(args.normaux):
            if number % 2 == 0:
                target, extra = normal_getter, ()
            else:
                target, extra = normal_poster, (number,)
            workers.append(threading.Thread(target=target, args=(port, STOP, normals) + extra,
                                            daemon=True))
        tallies = [Tally("slowloris (100 connexions, un octet toutes les 2 à 3 s)")]
        workers.append(threading.Thread(target=slowloris, args=(port, STOP, tallies[0]),
                                        daemon=True))
        for name, threads, attempt, pause in attacks(port, special):
            tally = Tally(name)
            tallies.append(tally)
            for _ in range(threads):
                workers.append(threading.Thread(target=repeat,
                                                args=(STOP, tally, attempt, pause), daemon=True))
        random.shuffle(workers)   # élèves et attaquants arrivent mêlés
        begin = time.monotonic()
        for worker in workers:
            worker.start()
        STOP.wait(args.secondes)
        STOP.set()
        deadline = time.monotonic() + 45   # l'essai le plus long : 30 s de délai
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        still_running = sum(worker.is_alive() for worker in workers)
        siege_seconds = time.monotonic() - begin

        # Le retour au repos : les fils du serveur reviennent-ils au nombre du début ?
        end_status = read_status(server.pid)
        waited = 0.0
        wait_start = time.monotonic()
        while end_status and end_status[1] > idle_threads and waited < IDLE_WAIT:
            time.sleep(0.5)
            end_status = read_status(server.pid) or end_status
            waited = time.monotonic() - wait_start
        sampler.halt.set()
        sampler.join()
        final_rss, final_threads = end_status if end_status else (float("nan"), -1)
    finally:
        STOP.set()
        how_stopped = stop_server(server)
        if unix_socket is not None:
            unix_socket.close()
        shutil.rmtree(folder, ignore_errors=True)

    lines, internal, dropped_lines, dropped = read_journal(journal_path)
    durations = sorted(normals.durations)
    total = len(durations)
    served = 0
    with normals.lock:
        for outcome, count in normals.outcomes.items():
            if isinstance(outcome, int) and 200 <= outcome < 300:
                served += count
    share = 100.0 * served / total if total else 0.0
    p50, p99 = percentile(durations, 0.5), percentile(durations, 0.99)

    print("duree_du_siege_s: %s (fils du banc encore en route à la fin : %d)"
          % (fr(siege_seconds), still_running))
    print("normaux_requetes: %d" % total)
    goal("normaux_servis_pourcent: %s (objectif ≥ %s)" % (fr(share), fr(GOAL_SERVED, 0)),
         share >= GOAL_SERVED)
    print("normaux_latence_p50_s: %s" % fr(p50, 3))
    goal("normaux_latence_p99_s: %s (objectif ≤ %s)" % (fr(p99, 3), fr(GOAL_P99, 0)),
         p99 <= GOAL_P99)
    print("normaux_latence_max_s: %s" % fr(durations[-1] if durations else float("nan"), 3))
    print("normaux_reponses: %s" % ", ".join("%s × %d" % pair
                                              for pair in normals.outcomes.most_common()))
    print("serveur_memoire_au_repos_mo: %s" % fr(idle_rss))
    growth = sampler.peak_rss - idle_rss
    goal("serveur_memoire_croissance_max_mo: %s (pic %s ; objectif ≤ %s)"
         % (fr(growth), fr(sampler.peak_rss), fr(GOAL_RSS_GROWTH, 0)),
         growth <= GOAL_RSS_GROWTH)
    print("serveur_memoire_apres_la_fin_mo: %s" % fr(final_rss))
    print("serveur_fils_au_repos: %d" % idle_threads)
    print("serveur_fils_au_pic: %d" % sampler.peak_threads)
    goal("serveur_fils_apres_la_fin: %d, après %s s d'attente (objectif : %d, comme au repos)"
         % (final_threads, fr(waited), idle_threads),
         0 <= final_threads <= idle_threads)
    goal("serveur_erreurs_internes: %d (objectif %d)" % (internal, GOAL_INTERNAL_ERRORS),
         internal <= GOAL_INTERNAL_ERRORS)
    print("serveur_lignes_evenements_non_affiches: %d (%d événements non affichés)"
          % (dropped_lines, dropped))
    print("serveur_lignes_du_journal: %d" % lines)
    print("serveur_arret: %s" % how_stopped)
    for tally in tallies:
        print("attaque %s: %s" % (tally.name, tally.summary()))
    reached = all(goals)
    print("verdict: %s" % ("tous les objectifs sont atteints" if reached
                           else "%d objectif(s) manqué(s) sur %d" % (goals.count(False),
                                                                     len(goals))))
    return 0 if reached else 1


if __name__ == "__main__":
    sys.exit(main())
