"""HTTPS pour de vrai : chiffrer chaque connexion avec TLS et le certificat de démonstration.

HTTPS, c'est HTTP dans un tunnel chiffré, TLS. Après une *poignée de main* (le
serveur montre son certificat, « je suis bien localhost », et tous deux choisissent
une clé), les mêmes requêtes et réponses qu'en HTTP voyagent chiffrées. Le serveur
les déchiffre et lit ce qu'il aurait lu en HTTP : le reste du panneau ne change pas.

Ce module en est la mécanique (le module ``ssl`` de la bibliothèque standard) :

- ``make_context`` charge une fois, au démarrage, le certificat et sa clé
  (``certificat/localhost.pem`` et ``certificat/localhost-cle.pem`` : sa clé est
  publique, il ne protège rien de réel ; voir ``certificat/README.md``) ;
- ``open_connection`` fait la poignée de main **dans le fil qui sert la connexion**
  (appelée par ``ClassroomServer.finish_request``), jamais dans la boucle d'écoute :
  un client qui ne la finit pas n'occupe que son propre fil, au plus le délai d'une
  connexion au repos (15 s), et le gardien peut le couper comme toute connexion qui
  n'a encore rien demandé (``wire.py``, ``warden.py``) ;
- ``TlsSession`` chiffre *en mémoire* (``ssl.MemoryBIO``) plutôt qu'avec un socket
  ``ssl`` : le flux de lecture (``Wire``) reçoit lui-même les octets du réseau, garde
  ses phases, sa patience et son plafond, et donne chaque morceau à ``decrypt``. Les
  octets *tels qu'ils ont voyagé* passent donc sous nos yeux : les ``SPIED`` premiers
  de chaque requête sont gardés, pour montrer ce qu'un espion sur le réseau voit ;
- ``TlsWriter`` chiffre ce que le gestionnaire écrit, puis l'envoie.

Ce qu'un événement en dit (``facts``, ajoutés aux ``values`` des événements REQUEST,
DATA et EXCHANGE d'une connexion chiffrée) : ``tls_version`` (« TLSv1.3 »),
``tls_server_name`` (le nom du site envoyé en clair, ``""`` pour une adresse IP) ; et,
sur l'EXCHANGE seulement, ``tls_cipher``, ``tls_bytes`` (les octets reçus pour cette
requête tels qu'un espion les a vus, au plus ``SPIED`` ; pour la première requête d'une
connexion, ils commencent par le ClientHello) et ``tls_bytes_total`` (combien en sont
vraiment arrivés). ``tls.records`` les découpe en enregistrements.

Ce qui tourne mal est un fait, une ligne calme (``tls_wording.py``), et le client
suivant est servi : « tls-certificate-refused », « http-on-https » (HTTP en clair sur le
port chiffré : une page en clair lui dit de taper https://), « tls-handshake-timeout »,
« tls-abandoned » (parti au milieu), « tls-failed ».

Piège : un gestionnaire qui écrirait directement sur le socket (``self.request.sendall``)
enverrait du texte en clair au milieu d'une connexion chiffrée ; tout passe par ``wfile``.
"""

import html
import io
import os
import socket

try:
    import ssl
except ImportError:   # un Python construit sans OpenSSL : le serveur marche, sans HTTPS
    ssl = None

from . import tls
from .events import DATA, ERROR, EXCHANGE, NOTICE, REQUEST, Event, bound
from .pages import error_page_format
from .tls_wording import PLAIN_ON_TLS_PAGE
from .french import fill
from .wire import Evicted

FOLDER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "certificat")
CERTIFICATE = os.path.join(FOLDER, "localhost.pem")     # le certificat (public, comme tous)
KEY = os.path.join(FOLDER, "localhost-cle.pem")         # sa clé (publique ici : une démo)
SPIED = 4096            # octets bruts gardés par requête : ce qu'un espion a vu passer
CHUNK = 65536           # octets déchiffrés demandés à la fois
TOLD = (REQUEST, DATA, EXCHANGE)   # les événements qui disent qu'ils sont arrivés chiffrés
# Les alertes d'un client qui ne croit pas au certificat (« unknown ca »…).
CERTIFICATE_ALERTS = ("certificate_unknown", "unknown_ca", "bad_certificate",
                      "unsupported_certificate", "certificate_expired")


class TlsUnavailable(Exception):
    """HTTPS ne peut pas démarrer : ``fact`` (« tls-no-certificate »…) et ses ``values``."""

    def __init__(self, fact, **values):
        super().__init__(fact)
        self.fact = fact
        self.values = values


class PlainText(Exception):
    """Le client parle en clair (une requête HTTP) sur le port chiffré : ``data``."""

    def __init__(self, data):
        super().__init__("pas une poignée de main TLS")
        self.data = data


def make_context(certificate=CERTIFICATE, key=KEY):
    """Le contexte TLS du serveur : le certificat et sa clé, TLS 1.2 au moins, HTTP/1.1.
    Lève ``TlsUnavailable`` si c'est impossible."""
    if ssl is None:
        raise TlsUnavailable("tls-no-ssl")
    for path in (certificate, key):
        if not os.path.isfile(path):
            raise TlsUnavailable("tls-no-certificate", file=path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.options |= getattr(ssl, "OP_NO_RENEGOTIATION", 0)
    if ssl.HAS_ALPN:
        context.set_alpn_protocols(["http/1.1"])   # ce serveur parle HTTP/1.1, pas HTTP/2
    try:
        context.load_cert_chain(certificate, key)
    except (OSError, ValueError) as exc:   # ssl.SSLError est un OSError
        raise TlsUnavailable("tls-bad-certificate", file=certificate,
                             error=str(getattr(exc, "reason", None) or exc)[:200]) from None
    return context


class TlsSession:
    """La couche TLS d'une connexion : ce qui arrive est déchiffré, ce qui part est chiffré.

    Un seul fil s'en sert (celui qui sert la connexion) ; ``sock`` est le socket du
    client, que le flux de lecture (``Wire``) continue de lire lui-même."""

    def __init__(self, context, sock):
        self.sock = sock
        self._incoming = ssl.MemoryBIO()   # octets reçus, à déchiffrer
        self._outgoing = ssl.MemoryBIO()   # octets chiffrés, à envoyer
        self._tls = context.wrap_bio(self._incoming, self._outgoing, server_side=True)
        self.hello = b""          # les premiers octets (le ClientHello), le temps de la poignée
        self.received = 0         # octets reçus du réseau sur cette connexion
        self.version = ""         # « TLSv1.3 », une fois la poignée de main faite
        self.cipher = ""          # « TLS_AES_256_GCM_SHA384 »
        self.server_name = ""     # le nom du site, lu dans le ClientHello (SNI)
        self.spied = bytearray()  # les octets de la requête en cours, tels qu'ils ont voyagé
        self.spied_total = 0
        self.ended = False        # le client a fini (ou ses octets sont illisibles)

    # -- recevoir --------------------------------------------------------------------
    def feed(self, data):
        """Des octets reçus du réseau (``b""`` : le client a fermé)."""
        if not data:
            self._incoming.write_eof()
            return
        if not self.received and data[:1] != bytes((tls.HANDSHAKE,)):
            raise PlainText(data)   # « GET / HTTP/1.1 » : du HTTP en clair
        self.received += len(data)
        if not self.version and len(self.hello) < tls.MAX_HELLO:
            self.hello += data[:tls.MAX_HELLO - len(self.hello)]
        self.spied_total += len(data)
        room = SPIED - len(self.spied)
        if room > 0:
            self.spied += data[:room]
        self._incoming.write(data)

    def handshake_step(self):
        """Avance la poignée de main ; vrai quand elle est finie (``ssl.SSLError`` si
        elle échoue : le client en reçoit l'alerte)."""
        try:
            self._tls.do_handshake()
        except ssl.SSLWantReadError:
            self.send_pending()
            return False
        except ssl.SSLError:
            try:
                self.send_pending()   # l'alerte, pour que le client sache pourquoi
            except OSError:
                pass
            raise
        self.send_pending()
        self.version = self._tls.version() or ""
        cipher = self._tls.cipher()
        self.cipher = cipher[0] if cipher else ""
        self.server_name = tls.server_name(self.hello)
        self.hello = b""
        return True

    def decrypt(self, data):
        """Des octets du réseau -> le texte en clair qu'ils complètent : ``None`` s'il n'y
        en a pas encore (un enregistrement pas encore arrivé en entier), ``b""`` à la fin."""
        self.feed(data)
        return self.ready()

    def ready(self):
        """Ce qui peut déjà être déchiffré (``None`` : rien, ``b""`` : c'est fini)."""
        chunks = []
        try:
            while True:
                chunk = self._tls.read(CHUNK)
                if not chunk:
                    self.ended = True
                    break
                chunks.append(chunk)
        except ssl.SSLWantReadError:
            pass
        except ssl.SSLError:   # fermé (close_notify), coupé, ou des octets abîmés
            self.ended = True
        self.send_pending()
        if chunks:
            return b"".join(chunks)
        return b"" if self.ended else None

    # -- envoyer ---------------------------------------------------------------------
    def send(self, data):
        """Chiffre ``data`` et l'envoie."""
        view = memoryview(data).cast("B")
        while view.nbytes:
            view = view[self._tls.write(view):]
        self.send_pending()

    def send_pending(self):
        data = self._outgoing.read()
        if data:
            self.sock.sendall(data)

    def goodbye(self):
        """Dit au client que la connexion chiffrée se termine (close_notify), sans attendre."""
        try:
            self._tls.unwrap()
        except (ssl.SSLError, ValueError):
            pass   # la réponse du client n'est pas attendue
        try:
            self.send_pending()
        except OSError:
            pass

    def writer(self, plain):
        """Le flux d'écriture chiffré qui remplace ``plain`` (celui que la bibliothèque
        standard ouvre sur le socket, et qui écrirait en clair) : tamponné comme lui."""
        buffered = isinstance(plain, io.BufferedWriter)
        try:
            plain.close()
        except OSError:
            pass
        raw = TlsWriter(self)
        return io.BufferedWriter(raw, io.DEFAULT_BUFFER_SIZE) if buffered else raw

    # -- ce que les événements en disent ----------------------------------------------
    def facts(self, kind):
        """Les valeurs qu'un événement ``kind`` reçoit de cette connexion (voir le haut)."""
        values = (("tls_version", self.version), ("tls_server_name", self.server_name))
        if kind == EXCHANGE:   # la requête est finie : ses octets bruts partent avec elle
            values += (("tls_cipher", self.cipher), ("tls_bytes", bytes(self.spied)),
                       ("tls_bytes_total", self.spied_total))
            self.spied = bytearray()
            self.spied_total = 0
        return values


class TlsWriter(io.RawIOBase):
    """Ce qu'écrit le gestionnaire, chiffré puis envoyé ; à la fermeture, « au revoir »."""

    def __init__(self, session):
        super().__init__()
        self.session = session

    def writable(self):
        return True

    def write(self, data):
        size = memoryview(data).nbytes
        self.session.send(data)
        return size

    def close(self):
        if not self.closed:
            self.session.goodbye()
        super().close()


def with_tls(session, kind, fields):
    """Les champs d'un événement ``kind`` (REQUEST, DATA, EXCHANGE), avec ce que la
    connexion chiffrée ``session`` en dit ; inchangés en HTTP (``session`` None)."""
    if session is not None and kind in TOLD:
        fields["values"] = tuple(fields.get("values") or ()) + session.facts(kind)
    return fields


# -- la poignée de main, dans le fil de la connexion -----------------------------------
def open_connection(server, request, client_address):
    """La poignée de main TLS de la connexion ``request`` ; vrai si elle est prête.
    Sinon, ce qui s'est passé est raconté (une ligne) et la connexion sera fermée."""
    wire = server.wire_of(request)
    session = TlsSession(server.tls_context, request)
    told = None
    try:
        wire.handshake(session, server.request_timeout)
        return True
    except PlainText as plain:
        _answer_in_clear(server, request, client_address, plain.data)
    except Evicted:   # serveur plein : elle n'avait encore rien demandé
        told = (NOTICE, "evicted-silent", ())
    except socket.timeout:
        told = (NOTICE, "tls-handshake-timeout", (("seconds", server.request_timeout),))
    except ssl.SSLError as exc:
        told = _failure(exc)
    except OSError:   # le client est parti ; sans avoir rien envoyé, rien à raconter
        told = (NOTICE, "tls-abandoned", ()) if session.received else None
    if told is not None and not server.stopping:
        kind, fact, values = told
        server.emit(Event(kind, client=client_address[0], **bound(dict(fact=fact,
                                                                        values=values))))
    return False


def _failure(exc):
    """Une ``ssl.SSLError`` de la poignée de main -> ``(sorte, fait, valeurs)``."""
    reason = str(getattr(exc, "reason", None) or "")
    alert = reason.partition("ALERT_")[2].lower()
    if alert in CERTIFICATE_ALERTS:
        return (NOTICE, "tls-certificate-refused", (("alert", alert.replace("_", " ")),))
    return (NOTICE, "tls-failed", (("error", reason or str(exc)[:200]),))


def _answer_in_clear(server, request, client_address, data):
    """Une requête HTTP en clair sur le port chiffré : une page 400, en clair (le client
    ne comprendrait rien d'autre), qui donne la bonne adresse ; et une ligne au journal."""
    line = data.split(b"\n", 1)[0].rstrip(b"\r")[:200].decode("iso-8859-1")
    try:
        host, port = request.getsockname()[:2]
    except OSError:
        host, port = "127.0.0.1", 0
    url = "https://%s:%d/" % ("[%s]" % host if ":" in host else host, port)
    explain = html.escape(fill(PLAIN_ON_TLS_PAGE, {"url": ""})) + '<a href="%s">%s</a>' % (
        html.escape(url), html.escape(url))
    body = (error_page_format(400) % {"code": 400, "explain": explain}).encode("utf-8")
    head = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html; charset=utf-8\r\n"
            "Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
    try:
        request.sendall(head.encode("ascii") + body)
    except OSError:
        pass
    if not server.stopping:
        server.emit(Event(ERROR, client=client_address[0], status=400, reason="Bad Request",
                          **bound(dict(fact="http-on-https", values=(("request_line", line),)))))


# -- devant le serveur HTTP : quelqu'un a tapé https:// ----------------------------------
def hello_facts(wire, seconds=1.0):
    """Le serveur HTTP reçoit une poignée de main TLS (``16 03``) : il lit ce ClientHello
    (borné : ``tls.MAX_HELLO`` octets, ``seconds`` de silence au plus, la connexion sera
    fermée ensuite) et rend ce qu'un espion en lit : ``tls_server_name`` (si le message a pu
    être lu) et ``tls_bytes`` (ses premiers octets)."""
    wire.patience = min(wire.patience, seconds)
    data = b""
    try:
        while len(data) < (tls.first_record_size(data) or tls.HEADER):   # ≤ MAX_HELLO
            chunk = wire.read1(tls.MAX_HELLO - len(data))
            if not chunk:
                break
            data += chunk
    except OSError:   # trop lent, ou parti : on garde ce qui est arrivé
        pass
    hello = tls.client_hello(data)
    values = (("tls_bytes", data[:SPIED]),)
    if hello is not None:
        values = (("tls_server_name", hello.server_name),) + values
    return values
