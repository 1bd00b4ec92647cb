"""Lire ce qu'un espion voit d'une connexion chiffrée (TLS), sans rien déchiffrer.

Une connexion HTTPS commence par une *poignée de main* (handshake) : avant toute
clé, le navigateur envoie en clair un premier message, le **ClientHello**. Il y
dit les façons de chiffrer qu'il connaît, et, dans l'extension « server_name »
(SNI), le **nom du site** qu'il veut joindre : un serveur qui héberge plusieurs
sites choisit ainsi son certificat. Ce nom passe donc en clair sur le réseau ;
tout le reste (l'adresse demandée, les en-têtes, le corps, les cookies, un mot de
passe) voyage chiffré. Un navigateur n'y met jamais une adresse IP : avec
``https://127.0.0.1/``, aucun nom ne passe.

Sur le fil, TLS découpe tout en *enregistrements* (records) : un octet de type
(22 : poignée de main, 23 : données chiffrées, 21 : alerte, 20 : changement de
chiffrement), deux octets de version, deux octets de longueur, puis le contenu ::

    16 03 01 02 00 | 01 00 01 fc 03 03 <32 octets au hasard> …
    enregistrement   ClientHello
    … 00 00 00 0e 00 0c 00 00 09 6c 6f 63 61 6c 68 6f 73 74 …
      extension 0 (SNI) : le nom « localhost », en ASCII

Ce module lit ces octets comme les lirait un espion : ``records`` découpe les
enregistrements, ``client_hello`` lit le ClientHello (nom du site, protocoles
proposés, versions), ``server_name`` n'en rend que le nom.

Il ne fait confiance à rien : des octets tronqués, inventés ou hostiles ne lèvent
jamais d'exception (on rend ``None``, ``""`` ou ce qui a pu être lu), et chaque
boucle est bornée (``MAX_RECORDS``, ``MAX_EXTENSIONS``…). Pas de réseau, pas de
``ssl`` ici : des octets en entrée, des faits en sortie (``tests/test_tls.py``).
"""

from collections import namedtuple

# Les types d'enregistrement (le premier octet de chacun).
CHANGE_CIPHER_SPEC = 20
ALERT = 21
HANDSHAKE = 22
APPLICATION_DATA = 23
RECORD_KINDS = {CHANGE_CIPHER_SPEC: "change_cipher_spec", ALERT: "alert",
                HANDSHAKE: "handshake", APPLICATION_DATA: "application_data"}

CLIENT_HELLO = 1            # le type du premier message de la poignée de main
SERVER_NAME = 0             # les extensions lues : le nom du site (SNI)…
ALPN = 16                   # … les protocoles proposés (« h2 », « http/1.1 »)…
SUPPORTED_VERSIONS = 43     # … et les versions de TLS proposées

HEADER = 5                  # octets de l'en-tête d'un enregistrement
MAX_RECORD = 16384 + 2048   # contenu d'un enregistrement, au plus (chiffré : un peu plus)
MAX_RECORDS = 64            # enregistrements découpés, au plus
MAX_HELLO = HEADER + 16384  # octets lus pour trouver le ClientHello, au plus
MAX_EXTENSIONS = 100        # extensions parcourues, au plus
MAX_NAMES = 10              # noms (ou protocoles) lus dans une extension, au plus
MAX_NAME = 255              # caractères d'un nom de site (la borne du DNS)

VERSIONS = {0x0300: "SSL 3.0", 0x0301: "TLS 1.0", 0x0302: "TLS 1.1", 0x0303: "TLS 1.2",
            0x0304: "TLS 1.3"}

# Un enregistrement : son type (22…), sa version annoncée (0x0303), où il commence dans
# les octets, la longueur annoncée de son contenu, et s'il est arrivé en entier.
Record = namedtuple("Record", "kind version start length complete")

# Ce que dit un ClientHello : le nom du site ("" sans SNI), les protocoles proposés
# (ALPN : ("h2", "http/1.1")), les versions de TLS proposées (("TLS 1.3", "TLS 1.2")).
ClientHello = namedtuple("ClientHello", "server_name protocols versions")


class _Short(Exception):
    """Les octets s'arrêtent avant la fin de ce qu'ils annoncent (usage interne)."""


class _Reader:
    """Lit des octets du début à la fin, sans jamais dépasser : ``_Short`` sinon."""

    def __init__(self, data):
        self.data = data
        self.pos = 0

    def left(self):
        return len(self.data) - self.pos

    def take(self, count):
        if count < 0 or count > self.left():
            raise _Short()
        part = self.data[self.pos:self.pos + count]
        self.pos += count
        return part

    def number(self, size):
        return int.from_bytes(self.take(size), "big")

    def block(self, size):
        """Un bloc précédé de sa longueur (sur ``size`` octets) : un lecteur de ce bloc."""
        return _Reader(self.take(self.number(size)))


def _as_bytes(data):
    """``data`` en ``bytes`` (un ``bytearray``, un ``memoryview``…), ou b"" si ce n'en
    est pas (``None``, un texte…)."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    return b""


def looks_like_tls(data):
    """Vrai si ``data`` commence comme une poignée de main TLS (``16 03 …``)."""
    data = _as_bytes(data)
    return len(data) >= 2 and data[0] == HANDSHAKE and data[1] == 3


def first_record_size(data):
    """Combien d'octets fait le premier enregistrement, en-tête compris (borné à
    ``MAX_HELLO``) ; ``None`` si l'en-tête n'est pas encore là ou n'est pas du TLS."""
    data = _as_bytes(data)
    if len(data) < HEADER or not looks_like_tls(data):
        return None
    return min(HEADER + int.from_bytes(data[3:5], "big"), MAX_HELLO)


def records(data, limit=MAX_RECORDS):
    """Les enregistrements TLS de ``data``, dans l'ordre : des ``Record``.

    Le découpage s'arrête au premier en-tête qui n'a pas l'air d'un enregistrement
    (type inconnu, version qui ne commence pas par 3, longueur impossible), au
    premier enregistrement tronqué (rendu avec ``complete=False``), ou après
    ``limit`` enregistrements."""
    data = _as_bytes(data)
    found = []
    start = 0
    while start + HEADER <= len(data) and len(found) < limit:
        kind, major = data[start], data[start + 1]
        length = int.from_bytes(data[start + 3:start + 5], "big")
        if kind not in RECORD_KINDS or major != 3 or length > MAX_RECORD:
            break
        complete = start + HEADER + length <= len(data)
        found.append(Record(kind, int.from_bytes(data[start + 1:start + 3], "big"),
                            start, length, complete))
        if not complete:
            break
        start += HEADER + length
    return tuple(found)


def _handshake_bytes(data):
    """Le contenu des enregistrements de poignée de main qui ouvrent ``data``, mis bout
    à bout (un ClientHello peut, rarement, tenir sur plusieurs enregistrements)."""
    parts = []
    for record in records(data):
        if record.kind != HANDSHAKE:
            break
        begin = record.start + HEADER
        parts.append(data[begin:begin + record.length])
        if not record.complete:
            break
    return b"".join(parts)


def client_hello(data):
    """Ce que dit le ClientHello qui ouvre ``data`` : un ``ClientHello``, ou ``None``
    si ces octets n'en commencent pas un. Un message tronqué rend ce qui a pu être lu
    (le nom du site est souvent dans les premiers octets)."""
    data = _as_bytes(data)
    if not looks_like_tls(data):
        return None
    reader = _Reader(_handshake_bytes(data))
    found = {"name": "", "protocols": (), "versions": ()}
    try:
        if reader.number(1) != CLIENT_HELLO:
            return None
        body = _Reader(reader.take(min(reader.number(3), reader.left())))
        legacy_version = body.number(2)
        found["versions"] = (_version_name(legacy_version),)
        body.take(32)                  # 32 octets tirés au hasard
        body.block(1)                  # identifiant de session
        body.block(2)                  # façons de chiffrer proposées (cipher suites)
        body.block(1)                  # méthodes de compression
        extensions = _Reader(body.take(min(body.number(2), body.left())))
        _read_extensions(extensions, found)
    except _Short:
        pass   # tronqué : on garde ce qui a été lu
    return ClientHello(found["name"], found["protocols"], found["versions"])


def _read_extensions(reader, found):
    """Parcourt les extensions (au plus ``MAX_EXTENSIONS``) et note celles qu'on sait lire."""
    for _ in range(MAX_EXTENSIONS):
        if reader.left() < 4:
            return
        kind = reader.number(2)
        size = reader.number(2)
        content = _Reader(reader.take(min(size, reader.left())))
        try:
            if kind == SERVER_NAME:
                found["name"] = _server_name(content)
            elif kind == ALPN:
                found["protocols"] = _protocols(content)
            elif kind == SUPPORTED_VERSIONS:
                found["versions"] = _versions(content)
        except _Short:
            continue   # une extension tronquée ou fausse : on passe à la suivante


def _server_name(reader):
    """L'extension SNI : une liste de noms, dont le premier de type 0 (un nom d'hôte)."""
    names = reader.block(2)
    for _ in range(MAX_NAMES):
        if names.left() < 3:
            break
        name_type = names.number(1)
        name = names.take(min(names.number(2), names.left()))
        if name_type == 0 and name:
            return name[:MAX_NAME].decode("ascii", "replace")
    return ""


def _protocols(reader):
    """L'extension ALPN : les protocoles proposés, chacun précédé de sa longueur."""
    listed = reader.block(2)
    protocols = []
    while listed.left() and len(protocols) < MAX_NAMES:
        protocols.append(listed.take(listed.number(1))[:MAX_NAME].decode("ascii", "replace"))
    return tuple(protocols)


def _versions(reader):
    """L'extension « supported_versions » : les versions proposées (sans les valeurs
    « GREASE », tirées au hasard par le navigateur pour vérifier que le serveur les ignore)."""
    listed = reader.block(1)
    versions = []
    while listed.left() >= 2 and len(versions) < MAX_NAMES:
        value = listed.number(2)
        if value & 0x0F0F != 0x0A0A:   # GREASE : 0x0A0A, 0x1A1A… 0xFAFA
            versions.append(_version_name(value))
    return tuple(versions)


def _version_name(value):
    return VERSIONS.get(value, "0x%04x" % value)


def server_name(data):
    """Le nom du site que le ClientHello de ``data`` envoie en clair (SNI) ; ``""``
    s'il n'y en a pas (une adresse IP tapée, des octets qui ne sont pas du TLS)."""
    hello = client_hello(data)
    return hello.server_name if hello is not None else ""
