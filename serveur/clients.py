"""Qui est connecté ? Un carnet des clients vus, avec un nom court pour chacun.

Au tableau, on ne veut pas projeter les adresses IP des élèves : chaque
nouveau client reçoit, dans l'ordre d'arrivée, un nom court (« Poste 1 »,
« Poste 2 »…). Le carnet compte aussi ses requêtes, retient la dernière et
l'heure de son dernier POST.

Le carnet se nourrit des événements du serveur (``note(event)``) ; il ne sait
rien de l'écran : le panneau l'affiche dans un tableau.
"""

from .events import DATA, REQUEST


class ClientRecord:
    """Ce que l'on sait d'un client."""

    __slots__ = ("name", "address", "requests", "last_request", "last_post")

    def __init__(self, name, address):
        self.name = name                # « Poste 1 »
        self.address = address          # « 192.168.1.23 »
        self.requests = 0               # nombre de requêtes bien formées
        self.last_request = ""          # « GET /ressource.html »
        self.last_post = None           # heure du dernier POST, ou None


class ClientBook:
    """Les clients vus depuis le début (ou depuis ``clear``), dans l'ordre d'arrivée."""

    def __init__(self):
        self._records = {}   # adresse -> ClientRecord (un dict garde l'ordre d'arrivée)

    def name_of(self, address):
        """« Poste N » pour cette adresse (un nouveau nom si elle est nouvelle)."""
        return self._record(address).name

    def find(self, address):
        """La fiche de cette adresse, ou None si elle n'a jamais été vue."""
        return self._records.get(address)

    def _record(self, address):
        record = self._records.get(address)
        if record is None:
            record = ClientRecord("Poste %d" % (len(self._records) + 1), address)
            self._records[address] = record
        return record

    def note(self, event):
        """Tient compte d'un événement ; rend le client concerné (ou None)."""
        if not event.client:
            return None
        record = self._record(event.client)
        if event.kind == REQUEST:
            record.requests += 1
            record.last_request = "%s %s" % (event.method, event.path)
        elif event.kind == DATA:
            record.last_post = event.time
        return record

    def records(self):
        return list(self._records.values())

    def clear(self):
        self._records.clear()
