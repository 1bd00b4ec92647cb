"""Lire ce qu'un client envoie, sans jamais l'attendre ni le garder sans limite.

La bibliothèque standard lit la requête dans ``rfile``, un flux tamponné posé
sur le socket, avec un délai d'attente *par lecture* (15 s) : un client qui
envoie un octet toutes les dix secondes garde sa place pour toujours, et un
client qui envoie 6 Mo d'en-têtes les fait tous garder en mémoire. ``Wire``
remplace ce flux (mêmes méthodes : ``readline``, ``read``, ``read1``,
``peek``) et ajoute trois choses :

- **une phase**, lue par le gardien du serveur (``warden.py``) : la connexion
  attend-elle une première requête (``FRESH``), la suivante (``IDLE``),
  reçoit-elle une requête commencée (``READING``), ou le serveur travaille-t-il
  pour elle (``WORKING``) ? Et depuis quand (``since``) ;
- **une patience qui dépend de la phase** : une connexion gardée ouverte entre
  deux requêtes (keep-alive) est fermée après ``idle_timeout`` secondes de
  silence (15 s) ; mais une requête commencée, ou une première requête, peut
  prendre son temps (``patience`` : cinq minutes de silence) — c'est un élève
  qui tape sa requête à la main. Quand le serveur est plein, c'est le gardien
  qui coupe les plus lentes (``evict``), pas un délai court pour tout le monde ;
- **un plafond pour l'en-tête** : la ligne de requête et les en-têtes d'une
  requête ne dépassent jamais ``max_head`` octets (``HeadTooLarge`` au-delà) ;
  la mémoire d'une connexion est donc bornée quoi que le client envoie.

Une connexion chiffrée (HTTPS, ``secure.py``) garde ce même flux : ``handshake`` fait
la poignée de main TLS avec les mêmes bornes (le délai d'une connexion au repos, le
gardien), puis chaque morceau reçu du réseau est déchiffré (``tls``) avant d'entrer
dans le tampon ; ``writer`` donne le flux d'écriture qui chiffre.

Couper une connexion depuis un autre fil : ``evict`` marque la connexion puis
ferme son côté lecture (``shutdown``) ; le fil qui attendait dans ``recv`` est
réveillé aussitôt (Linux, macOS) et lève ``Evicted``. Là où ``shutdown`` ne
réveille pas un ``recv`` en cours, l'attente est découpée en tranches du délai
du socket (``steady`` : celui des envois, 15 s) et la marque est vue à la fin
de la tranche.
"""

import select
import socket
import time

# Les phases d'une connexion (``Wire.phase``).
FRESH = "fresh"       # ouverte, rien reçu encore (ni requête servie)
IDLE = "idle"         # une requête servie, on attend la suivante (keep-alive)
READING = "reading"   # une requête a commencé d'arriver, elle n'est pas complète
WORKING = "working"   # la requête est lue : le serveur répond

CHUNK = 65536          # octets demandés au système à chaque lecture (corps)…
HEAD_CHUNK = 8192      # … et pendant l'en-tête (assez pour presque toutes les requêtes)
SLACK = 0.1            # une tranche plus courte que le délai du socket de moins que ça : la même


class HeadTooLarge(Exception):
    """Ligne de requête et en-têtes dépassent ``max_head`` octets."""


class Evicted(socket.timeout):
    """Le gardien a coupé cette connexion pour faire de la place (serveur plein).

    C'est un dépassement de délai (``socket.timeout``) : le code qui sait
    traiter un client trop lent le traite aussi."""


class Wire:
    """Le flux de lecture d'une connexion : tampon, phase, patience, plafond."""

    def __init__(self, sock, idle_timeout=15.0, patience=300.0, max_head=32768):
        self.sock = sock
        self.idle_timeout = idle_timeout   # silence permis entre deux requêtes
        self.patience = patience           # silence permis dans une requête commencée
        self.send_timeout = idle_timeout   # attente d'un client qui ne lit pas sa réponse
        # Le délai du socket, d'un bout à l'autre : celui des envois, et une tranche
        # d'attente en lecture (la marque du gardien est vue au plus tard à sa fin).
        self.steady = self.send_timeout
        try:
            sock.settimeout(self.steady)
        except OSError:
            pass
        self.max_head = max_head           # octets de ligne de requête + en-têtes, au plus
        self.phase = FRESH
        self.since = time.monotonic()      # début de la phase (d'une requête : son premier octet)
        self.evicted = False               # marqué par le gardien…
        self.evicted_while = ""            # … dans cette phase
        self.in_head = True                # lit-on encore la ligne de requête et les en-têtes ?
        self.head_bytes = 0                # octets de l'en-tête de la requête en cours
        self.head_lines = []               # … ses lignes, telles que reçues (voir ``head``)
        self.received = 0                  # octets reçus sur cette connexion
        self.closed = False
        self._buffer = b""                 # octets reçus, pas encore lus…
        self._pos = 0                      # … à partir de cette position
        self._eof = False
        self.tls = None                    # la couche TLS d'une connexion chiffrée (secure.py)

    # -- les phases (appelées par le gestionnaire) ----------------------------------
    def begin(self, served):
        """Une nouvelle requête peut arriver (``served`` : requêtes déjà servies)."""
        self.in_head = True
        self.head_bytes = 0
        self.head_lines = []
        self.phase = IDLE if served else FRESH
        self.since = time.monotonic()
        if self._waiting():   # la requête suivante est déjà là (envoyée d'avance)
            self.phase = READING

    def head_done(self):
        """Ligne de requête et en-têtes lus : le serveur travaille."""
        self.in_head = False
        self.phase = WORKING

    def head(self):
        """La ligne de requête et les en-têtes de la requête en cours, octet pour octet
        comme ils sont arrivés (``\\r\\n``, espaces, ligne vide comprises) : au plus
        ``max_head`` octets, et un de plus quand le client dépasse le plafond."""
        return b"".join(self.head_lines)

    @property
    def started(self):
        """Vrai si la requête en cours a commencé d'arriver (au moins un octet)."""
        return self.phase in (READING, WORKING)

    # -- couper (appelée par le gardien, depuis un autre fil) -------------------------
    def stirring(self):
        """Vrai si une connexion « au repos » a en fait une requête qui attend dans le
        système (arrivée à l'instant, pas encore lue) : elle n'est plus au repos."""
        if self.phase != IDLE or self.closed:
            return False
        try:
            readable, _, _ = select.select([self.sock], [], [], 0)
        except (OSError, ValueError):
            return False
        if readable:
            self._request_arrives()   # le fil qui la sert le notera aussi en lisant
        return bool(readable)

    def _request_arrives(self):
        """Le premier octet d'une requête est là. L'heure d'abord, la phase ensuite :
        qui lit la phase READING (le gardien, dans un autre fil) lit aussi la bonne heure."""
        self.since = time.monotonic()
        self.phase = READING

    def evict(self):
        """Marque la connexion et réveille le fil qui attend le client.

        Une requête commencée garde le droit d'écrire (``SHUT_RD``) : on lui dit
        pourquoi on coupe (408). Une connexion au repos (``IDLE``) est fermée dans les
        deux sens, sans un mot, comme à la fin du délai keep-alive : si le client y
        envoyait sa requête au même instant, il la renvoie sur une connexion neuve
        (c'est ce que font les navigateurs). ``WORKING`` : peut-être bloqué dans un envoi."""
        phase = self.phase
        self.evicted_while = phase
        self.evicted = True
        how = socket.SHUT_RD if phase in (FRESH, READING) else socket.SHUT_RDWR
        try:
            self.sock.shutdown(how)
        except OSError:
            pass

    # -- attendre des octets ------------------------------------------------------
    def _fill(self):
        """Attend des octets du client ; faux à la fin du flux."""
        if self._eof:
            return False
        working = self.phase == WORKING
        limit = self.idle_timeout if self.phase == IDLE else self.patience
        if working:
            self.phase = READING   # un corps qui arrive : une requête en cours de réception
        deadline = time.monotonic() + limit
        try:
            while True:
                if self.evicted:
                    raise Evicted("connexion coupée par le gardien")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise socket.timeout("timed out")
                data = self._receive(remaining)
                if data is not None:
                    break
        finally:
            if working:
                self.phase = WORKING
        if not data:
            if self.evicted:
                raise Evicted("connexion coupée par le gardien")
            self._eof = True
            return False
        if self.phase in (FRESH, IDLE):
            self._request_arrives()
        self.received += len(data)
        self._buffer = self._buffer[self._pos:] + data if self._waiting() else data
        self._pos = 0
        return True

    def _receive(self, remaining):
        """Un ``recv`` qui attend au plus une tranche : ``None`` si rien n'est venu.

        Le socket garde d'ordinaire un seul délai, ``steady`` (celui des envois) :
        changer de délai est un appel système qui rend le verrou de Python, et
        chaque requête en payait deux. Seule la dernière tranche d'une attente,
        plus courte, change le délai le temps d'un ``recv``."""
        short = remaining < self.steady - SLACK
        try:
            if short:
                self.sock.settimeout(remaining)
            data = self.sock.recv(HEAD_CHUNK if self.in_head else CHUNK)
        except socket.timeout:
            return None
        finally:
            if short:
                try:
                    self.sock.settimeout(self.steady)
                except OSError:
                    pass
        # Chiffrée : ces octets du réseau complètent peut-être un enregistrement TLS
        # (None sinon : rien à lire encore, l'attente continue).
        return data if self.tls is None else self.tls.decrypt(data)

    # -- une connexion chiffrée (HTTPS) ------------------------------------------------
    def handshake(self, session, seconds):
        """La poignée de main TLS (``session`` : une ``secure.TlsSession``), dans le fil de
        la connexion : finie en ``seconds`` au plus (l'égrener octet par octet n'y change
        rien), et le gardien peut la couper comme toute connexion qui n'a encore rien
        demandé (``Evicted``). Ensuite, tout ce que lit ce flux est déchiffré. Lève
        ``socket.timeout``, ``ConnectionAbortedError`` si le client part, ``ssl.SSLError``
        si elle échoue, ``secure.PlainText`` pour du HTTP."""
        deadline = time.monotonic() + seconds
        while not session.handshake_step():
            if self.evicted:
                raise Evicted("connexion coupée par le gardien")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise socket.timeout("timed out")
            data = self._receive(remaining)
            if data is None:
                continue
            if not data:
                if self.evicted:
                    raise Evicted("connexion coupée par le gardien")
                raise ConnectionAbortedError("le client est parti pendant la poignée de main")
            session.feed(data)
        self.tls = session
        # La requête a pu arriver avec la fin de la poignée de main, dans le même paquet :
        # elle est déjà reçue, il faut la déchiffrer maintenant (le client attend).
        ready = session.ready()
        if ready:
            self.received += len(ready)
            self._buffer, self._pos = ready, 0
        elif ready == b"":
            self._eof = True

    def writer(self, plain):
        """Le flux d'écriture de la connexion : ``plain`` (celui de la bibliothèque
        standard), ou, sur une connexion chiffrée, un flux qui chiffre à sa place."""
        return plain if self.tls is None else self.tls.writer(plain)

    def _waiting(self):
        """Combien d'octets reçus attendent d'être lus."""
        return len(self._buffer) - self._pos

    def _take(self, count):
        start = self._pos
        data = self._buffer[start:start + count]
        self._pos = start + len(data)
        if self._pos >= len(self._buffer):
            self._buffer, self._pos = b"", 0
        if data and self.phase in (FRESH, IDLE):   # pris dans ce qui attendait déjà
            self._request_arrives()
        return data

    # -- l'interface d'un flux binaire tamponné -------------------------------------
    def readline(self, limit=-1):
        if self.in_head:
            room = self.max_head - self.head_bytes + 1   # un octet de trop suffit à savoir
            limit = room if limit is None or limit < 0 else min(limit, room)
        searched = 0   # octets déjà parcourus sans trouver de fin de ligne
        while True:
            end = self._buffer.find(b"\n", self._pos + searched)
            if end >= 0 and (limit is None or limit < 0 or end - self._pos < limit):
                line = self._take(end + 1 - self._pos)
                break
            if limit is not None and 0 <= limit <= self._waiting():
                line = self._take(limit)
                break
            searched = self._waiting()
            if not self._fill():
                line = self._take(self._waiting())
                break
        if self.in_head:
            self.head_bytes += len(line)
            self.head_lines.append(line)   # une référence, pas une copie : presque gratuit
            if self.head_bytes > self.max_head:
                raise HeadTooLarge(self.head_bytes)
        return line

    def read1(self, size=-1):
        if not self._waiting():
            self._fill()
        if size is None or size < 0:
            size = self._waiting()
        return self._take(size)

    def read(self, size=-1):
        if size is None or size < 0:
            while self._fill():
                pass
            return self._take(self._waiting())
        while self._waiting() < size and self._fill():
            pass
        return self._take(size)

    def peek(self, size=1):
        if not self._waiting():
            self._fill()
        return self._buffer[self._pos:self._pos + max(size, 1)]

    def readable(self):
        return True

    def close(self):
        self.closed = True
        self._buffer, self._pos = b"", 0
