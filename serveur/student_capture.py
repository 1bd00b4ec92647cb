"""Écouter le code de l'élève au niveau des flux : ce qu'il a vraiment lu et écrit.

Le gestionnaire d'un élève lit la requête dans ``self.rfile`` et écrit sa
réponse dans ``self.wfile``, à sa façon (parfois de travers : c'est tout
l'intérêt). Pour raconter l'échange tel qu'il a voyagé, le mode « Mon serveur »
remplace ces deux flux par des copies qui laissent tout passer et prennent note :

- ``ReadCapture`` (devant le flux de lecture du serveur, ``wire.py``) note la
  ligne de requête et les en-têtes lus, puis les octets du corps que l'élève a
  vraiment lus (``body_count`` : zéro s'il ne l'a jamais lu) ;
- ``WriteCapture`` (devant le flux d'écriture) note les octets écrits, dans
  l'ordre, et ceux qu'on lui a donnés sous forme de texte (``str_writes``) : comme
  le vrai flux, il refuse un ``str`` (``TypeError``), mais le panneau saura dire
  pourquoi.

Tout est borné : on garde au plus ``head_limit`` octets d'en-tête et
``body_limit`` octets de corps lus, ``keep`` octets écrits ; au-delà, on compte.

``WriteCapture`` retient aussi la réponse (au plus ``hold`` octets) jusqu'à la fin
de la requête (``release``) : le panneau la raconte *avant* que le navigateur
puisse l'avoir en entier, et le journal garde l'ordre des requêtes quel que soit
l'ordre des fils (comme ``tap.py`` pour les autres modes). Les octets envoyés sont
les mêmes, dans le même ordre ; seul leur départ peut attendre la fin de ``do_GET``.
"""

DEFAULT_HOLD = 64 * 1024     # octets de réponse retenus avant d'être envoyés, au plus


class ReadCapture:
    """Le flux de lecture du gestionnaire de l'élève : tout passe, l'essentiel est noté."""

    def __init__(self, wire, head_limit=32768, body_limit=1024 * 1024, read_all_patience=None):
        self.wire = wire
        self.head_limit = head_limit
        self.body_limit = body_limit
        self.patience = wire.patience
        # ``read()`` sans taille attend que le client ferme la connexion, ce qu'un navigateur
        # ne fait pas : cette attente-là est raccourcie à ``read_all_patience`` secondes.
        self.read_all_patience = read_all_patience
        self.begin(0)

    def begin(self, served):
        """Une nouvelle requête (``served`` : combien sont déjà servies sur la connexion)."""
        self.in_head = True
        self.head = bytearray()      # ligne de requête et en-têtes, tels que lus
        self.body = bytearray()      # début du corps lu par l'élève
        self.body_count = 0          # octets du corps lus par l'élève, en tout
        self.read_all = False        # l'élève a-t-il appelé read() sans taille, après l'en-tête ?
        self.wire.patience = self.patience
        self.wire.begin(served)

    def head_done(self):
        """Ligne de requête et en-têtes lus : ce qui suit est le corps."""
        self.in_head = False
        self.wire.head_done()

    def _note(self, data):
        if self.in_head:
            room = self.head_limit - len(self.head)
            if room > 0:
                self.head += data[:room]
        else:
            self.body_count += len(data)
            room = self.body_limit - len(self.body)
            if room > 0:
                self.body += data[:room]
        return data

    # -- l'interface d'un flux binaire ------------------------------------------------
    def readline(self, limit=-1):
        return self._note(self.wire.readline(limit))

    def read(self, size=-1):
        if not self.in_head and (size is None or size < 0):
            self.read_all = True
            if self.read_all_patience is not None:
                self.wire.patience = min(self.wire.patience, self.read_all_patience)
        return self._note(self.wire.read(size))

    def read1(self, size=-1):
        return self._note(self.wire.read1(size))

    def readinto(self, buffer):
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[:len(data)] = data
        return len(data)

    def readlines(self, hint=-1):
        lines, total = [], 0
        for line in iter(self.readline, b""):
            lines.append(line)
            total += len(line)
            if 0 < hint <= total:
                break
        return lines

    def __iter__(self):
        return iter(self.readline, b"")

    def peek(self, size=1):
        return self.wire.peek(size)

    def readable(self):
        return True

    def fileno(self):
        return self.wire.sock.fileno()

    def close(self):
        self.wire.close()

    @property
    def closed(self):
        return self.wire.closed


class WriteCapture:
    """Le flux d'écriture du gestionnaire de l'élève : tout passe, dans l'ordre ; le
    début est gardé, le reste compté ; un ``str`` est noté, puis refusé."""

    def __init__(self, stream, keep=32768 + 8192, hold=DEFAULT_HOLD):
        self.stream = stream
        self.keep = keep
        self.hold = hold
        self.pending = bytearray()   # écrit par l'élève, pas encore envoyé
        self.holding = False
        self.begin()

    def begin(self):
        """Une nouvelle réponse : on oublie la précédente, on retient jusqu'à ``release``."""
        self.kept = bytearray()      # le début de ce que l'élève a écrit
        self.total = 0               # octets écrits par l'élève, en tout
        self.str_writes = 0          # appels à write avec un texte (str)
        self.holding = True

    def write(self, data):
        if isinstance(data, str):
            self.str_writes += 1
            raise TypeError("a bytes-like object is required, not 'str'")
        try:
            view = memoryview(data)
        except TypeError:
            raise TypeError("a bytes-like object is required, not '%s'"
                            % type(data).__name__) from None
        if view.format != "B" or view.ndim != 1:
            view = view.cast("B")
        size = view.nbytes
        room = self.keep - len(self.kept)
        if room > 0:
            self.kept += view[:room]
        self.total += size
        self.pending += view
        if len(self.pending) >= self.hold or not self.holding:
            self._send()
        return size

    def _send(self):
        if self.pending:
            data, self.pending = bytes(self.pending), bytearray()
            self.stream.write(data)

    def flush(self):
        # Pendant une requête, la réponse attend ``release`` (voir le haut du module).
        if not self.holding:
            self._send()
            self.stream.flush()

    def release(self):
        """Fin de la requête : ce qui attend part, et les écritures suivantes partent aussitôt."""
        self.holding = False
        self._send()
        self.stream.flush()

    def push(self):
        """Envoie tout de suite ce qui attend (« 100 Continue » : le client attend la
        permission d'envoyer son corps) ; la suite reste retenue."""
        self._send()
        self.stream.flush()

    def add_ours(self, data):
        """Ajoute ``data`` de la part du panneau (une page 500), sans le compter à
        l'élève : il part avec le reste, à ``release``."""
        self.pending += data

    def writable(self):
        return True

    def fileno(self):
        return self.stream.fileno()

    def close(self):
        try:
            self.release()
        except OSError:
            pass   # le client est parti : rien à envoyer de plus
        finally:
            self.stream.close()

    @property
    def closed(self):
        return self.stream.closed
