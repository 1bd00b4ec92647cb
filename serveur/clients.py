"""Qui est connecté ? Un carnet des clients vus, avec un nom court pour chacun.

Au tableau, on ne veut pas projeter les adresses IP des élèves : chaque
nouveau client reçoit, dans l'ordre d'arrivée, un nom court (« Poste 1 »,
« Poste 2 »…). Le carnet compte aussi ses requêtes, retient la dernière et
l'heure de son dernier POST.

Un client n'entre au carnet qu'avec sa première requête HTTP : une tentative
HTTPS refusée, une connexion muette ou une requête illisible ne créent pas de
« Poste » à 0 requête. D'ici là, le journal le nomme ``UNSEEN``.

Le carnet se nourrit des événements du serveur (``note(event)``) ; il ne sait
rien de l'écran : le panneau l'affiche dans un tableau.
"""

from .display import decoded_path, escape, shorten
from .events import DATA, REQUEST, missing

UNSEEN = "poste sans requête"   # le nom d'un client qui n'a encore envoyé aucune requête


class ClientRecord:
    """Ce que l'on sait d'un client."""

    __slots__ = ("name", "address", "requests", "last_request", "last_post")

    def __init__(self, name, address):
        self.name = name                # « Poste 1 »
        self.address = address          # « 192.168.1.23 »
        self.requests = 0               # nombre de requêtes bien formées
        self.last_request = ""          # « GET /Séance 1.txt » (chemin décodé, échappé)
        self.last_post = None           # heure du dernier POST, ou None


class ClientBook:
    """Les clients vus depuis le début (ou depuis ``clear``), dans l'ordre d'arrivée."""

    def __init__(self):
        self._records = {}   # adresse -> ClientRecord (un dict garde l'ordre d'arrivée)

    def name_of(self, address):
        """« Poste N » pour cette adresse, ou ``UNSEEN`` si elle n'a encore envoyé
        aucune requête (rien n'est créé : seul ``note`` ajoute un poste)."""
        record = self._records.get(address)
        return record.name if record is not None else UNSEEN

    def find(self, address):
        """La fiche de cette adresse, ou None si elle n'a jamais envoyé de requête."""
        return self._records.get(address)

    def note(self, event):
        """Tient compte d'un événement ; rend le client concerné (ou None). Seule une
        requête (REQUEST) fait entrer un nouveau client au carnet."""
        record = self._records.get(event.client) if event.client else None
        if event.kind == REQUEST and event.client:
            if record is None:
                record = ClientRecord("Poste %d" % (len(self._records) + 1), event.client)
                self._records[event.client] = record
            record.requests += 1
            record.last_request = "%s %s" % (escape(event.method),
                                             escape(shorten(decoded_path(event.path), 200,
                                                           missing(event.path))))
        elif event.kind == DATA and record is not None:
            record.last_post = event.time
        return record

    def records(self):
        return list(self._records.values())

    def clear(self):
        self._records.clear()
