"""Tous les échanges de la séance, gardés sur le disque pour « Toute la séance… ».

« Échange brut » ne garde en mémoire que les derniers échanges (500) : une
séance entière n'y tient pas. Ce module écrit chaque échange (événement
EXCHANGE) et les champs décodés qui l'accompagnent (DATA pour un POST, REQUEST
pour un GET avec paramètres, et les noms des champs mot de passe) dans un
fichier du dossier des journaux de l'utilisateur, à côté du journal de la
séance (``session_log.py``) : jamais dans le dossier servi, puisqu'il contient
ce que les élèves ont tapé, mots de passe compris.

    archive = ExchangeArchive(dossier)   # un nouveau fichier par séance
    archive.add(événement)               # depuis le fil de la fenêtre : rapide
    archive.send()                       # une fois par paquet : le fil d'écriture s'y met
    for item in archive.items(): …       # des printable.Item, dans l'ordre d'arrivée
    archive.start_new()                  # « Effacer » : l'ancien fichier reste
    archive.close()

Une ligne JSON par événement. Un fil écrit : la fenêtre ne touche jamais le
disque. Elle lui passe les événements par paquets (``send``, une fois par paquet
d'événements du serveur), pas un par un : réveiller le fil d'écriture à chaque
événement lui ferait disputer le verrou de Python à la fenêtre plusieurs milliers
de fois par seconde sous une averse. Tout est borné : la file d'attente (``MAX_PENDING`` événements,
``MAX_PENDING_BYTES`` octets : au-delà, les échanges sont comptés, ``dropped``),
le fichier (``MAX_FILE_BYTES`` : au-delà, les suivants sont comptés, ``unkept``,
à partir du n°``full_after`` + 1), le nombre de fichiers gardés (``KEPT``).
Ce qu'un événement ne gardait pas (``bounds.Clipped``…) est retenu : la page
dit encore « … (N caractères de plus) ».

Pas de tkinter ici : ce module se teste sans fenêtre.
"""

import base64
import json
import os
import queue
import threading
from collections import OrderedDict

from serveur.bounds import Clipped, ClippedBytes, Omitted, missing, weight
from serveur.events import DATA, EXCHANGE, REQUEST, Event, Field
from serveur.printable import Item

from .session_log import forget_old, open_fresh

FOLDER = "echanges"                  # sous-dossier du dossier des journaux
PREFIX, SUFFIX = "echanges-", ".jsonl"
MAX_FILE_BYTES = 64 * 1024 * 1024    # une séance de classe : 10 000 échanges environ
MAX_PENDING = 5000                   # événements en attente d'écriture, au plus…
MAX_PENDING_BYTES = 32 * 1024 * 1024  # … et leur poids
KEPT = 20                            # fichiers gardés (les séances précédentes)
REMEMBERED = 1000                    # champs en attente de leur échange, au plus
_TEXTS = ("method", "path", "version", "reason", "client")
_DATA = ("body", "reply_body")


class ExchangeArchive:
    """Les échanges de la séance dans un fichier, écrits par un fil à part."""

    def __init__(self, folder):
        self.folder = os.path.join(folder, FOLDER)
        os.makedirs(self.folder, exist_ok=True)
        self._pending = queue.Queue()
        self._lock = threading.Lock()   # protège les compteurs et le fichier
        self._waiting = 0               # poids des événements en attente (paquet compris)
        self._count = 0                 # … et leur nombre
        self._batch = []                # le paquet en cours, pas encore passé au fil
        self._open_new()
        self._forget_old()
        self._writer = threading.Thread(target=self._write_loop, name="archive des échanges",
                                        daemon=True)
        self._writer.start()

    # -- pour la fenêtre ------------------------------------------------------------
    def add(self, event):
        """Garde un échange, ou les champs qui vont avec (les autres événements : rien)."""
        if event.kind != EXCHANGE and not (event.kind in (DATA, REQUEST) and event.fields):
            return
        size = weight(event)
        with self._lock:
            if self._count >= MAX_PENDING or self._waiting + size > MAX_PENDING_BYTES:
                self.dropped += event.kind == EXCHANGE
                return
            self._waiting += size
            self._count += 1
            self._batch.append((event, size))

    def send(self):
        """Passe le paquet en cours au fil d'écriture (une fois par paquet d'événements)."""
        with self._lock:
            batch, self._batch = self._batch, []
        if batch:
            self._pending.put(batch)

    def flush(self, timeout=10.0):
        """Attend que tout ce qui a été donné soit écrit (borne : ``timeout``)."""
        self.send()
        done = threading.Event()
        self._pending.put(done)
        return done.wait(timeout)

    def items(self):
        """Les échanges de la séance (``printable.Item``), lus sur le disque, dans l'ordre
        où ils sont arrivés. Se lit depuis n'importe quel fil (celui d'un export)."""
        self.flush()
        with self._lock:
            path = self.path
        fields = OrderedDict()
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                    if record.get("k") == "f":
                        fields[record["n"]] = (_fields(record["fields"]), tuple(record["secrets"]))
                        while len(fields) > REMEMBERED:
                            fields.popitem(last=False)
                    elif record.get("k") == "x":
                        event = _event(record)
                        found, secrets = fields.pop(event.exchange, ((), ()))
                        yield Item(event, found, secrets)
                except (ValueError, KeyError, TypeError, IndexError):
                    continue   # une ligne abîmée (coupure de courant) : on passe

    def start_new(self):
        """« Effacer » : une nouvelle séance, un nouveau fichier (l'ancien reste)."""
        self.flush()
        with self._lock:
            self._handle.close()
            self._open_new()
        self._forget_old()

    def close(self):
        self.send()
        self._pending.put(None)
        self._writer.join(5.0)
        with self._lock:
            if not self._handle.closed:
                self._handle.close()

    # -- le fil d'écriture ---------------------------------------------------------------
    def _write_loop(self):
        while True:
            item = self._pending.get()
            if item is None:
                return
            if isinstance(item, threading.Event):
                with self._lock:
                    self._flush_file()
                item.set()
                continue
            for event, size in item:   # un paquet
                line = json.dumps(_record(event), ensure_ascii=False,
                                  separators=(",", ":")) + "\n"
                with self._lock:
                    self._waiting -= size
                    self._count -= 1
                    self._write(event, line)
            if self._pending.empty():
                with self._lock:
                    self._flush_file()

    def _write(self, event, line):
        size = len(line.encode("utf-8", errors="replace"))
        if self.full or self._bytes + size > MAX_FILE_BYTES:
            if not self.full:
                self.full, self.full_after = True, self.last
            self.unkept += event.kind == EXCHANGE
            return
        try:
            self._handle.write(line)
        except (OSError, ValueError):
            self.dropped += event.kind == EXCHANGE   # disque plein ou retiré
            return
        self._bytes += size
        if event.kind == EXCHANGE:
            self.count += 1
            self.last = max(self.last, event.exchange)

    def _flush_file(self):
        try:
            self._handle.flush()
        except (OSError, ValueError):
            pass

    def _open_new(self):
        self._handle, self.path = open_fresh(self.folder, PREFIX, SUFFIX, newline="\n")
        self._bytes = 0
        self.count = self.last = self.unkept = self.dropped = self.full_after = 0
        self.full = False

    def _forget_old(self):
        forget_old(self.folder, PREFIX, SUFFIX, KEPT, self.path)


# -- un événement en JSON, et retour --------------------------------------------------
def _text(value):
    value = value if isinstance(value, str) else str(value or "")
    cut = missing(value)
    return [str(value), cut] if cut else str(value)


def _untext(value):
    if isinstance(value, list):
        text = Clipped(value[0])
        text.missing = value[1]
        return text
    return value


def _data(value):
    encoded = base64.b64encode(bytes(value)).decode("ascii")
    cut = missing(value)
    return [encoded, cut] if cut else encoded


def _undata(value):
    if isinstance(value, list):
        data = ClippedBytes(base64.b64decode(value[0]))
        data.missing = value[1]
        return data
    return base64.b64decode(value)


def _pairs(pairs):
    return [[name.count] if type(name) is Omitted else [_text(name), _text(value)]
            for name, value in pairs]


def _unpairs(pairs):
    return tuple(_omitted(entry[0], "") if len(entry) == 1 else
                 (_untext(entry[0]), _untext(entry[1])) for entry in pairs)


def _omitted(count, empty):
    name = Omitted("…")
    name.count = count
    return (name, empty)


def _record(event):
    if event.kind != EXCHANGE:
        return {"k": "f", "n": event.exchange, "secrets": list(event.secrets),
                "fields": [[item.name.count] if type(item.name) is Omitted else
                           [_text(value) if isinstance(value, str) else value
                            for value in item] for item in event.fields]}
    record = {"k": "x", "n": event.exchange, "time": event.time, "status": event.status,
              "duration": event.duration, "headers": _pairs(event.headers),
              "reply_headers": _pairs(event.reply_headers)}
    record.update((name, _text(getattr(event, name))) for name in _TEXTS)
    record.update((name, _data(getattr(event, name))) for name in _DATA)
    return record


def _event(record):
    values = {name: _untext(record[name]) for name in _TEXTS}
    values.update((name, _undata(record[name])) for name in _DATA)
    return Event(EXCHANGE, exchange=record["n"], time=record["time"], status=record["status"],
                 duration=record["duration"], headers=_unpairs(record["headers"]),
                 reply_headers=_unpairs(record["reply_headers"]), **values)


def _fields(entries):
    return tuple(Field(*_omitted(entry[0], "")) if len(entry) == 1 else
                 Field(*[_untext(value) for value in entry]) for entry in entries)
