"""Écouter ce qui passe sur le fil : une copie de ce que le serveur écrit.

Le gestionnaire écrit sa réponse dans ``wfile``, un flux tamponné : les
en-têtes et un petit corps attendent là, puis partent ensemble au ``flush``.
``ReplyTap`` s'intercale devant ce flux : tout passe, inchangé, et il garde
l'en-tête de chaque réponse tel qu'écrit (ligne de statut, en-têtes, ligne vide :
``head``) et le début de son corps (``kept``), pour « Échange brut » et « Sur le
fil ». Ce que montre le panneau est donc ce qui est vraiment parti, pas une
reconstitution.
"""


class ReplyTap:
    """Laisse passer vers le client tout ce que le serveur écrit, et garde une
    copie de l'en-tête de la réponse (``head``) et du début de son corps (``kept``).

    Le gestionnaire met ``recording`` à vrai une fois l'en-tête écrit : ce qui
    est écrit avant est l'en-tête (d'ordinaire en un seul ``write``, celui de
    ``end_headers``), ce qui suit est le corps."""

    def __init__(self, stream, limit=1024, before_flush=None, head_limit=32768):
        self.stream = stream
        self.limit = limit                 # octets du début du corps gardés
        self.head_limit = head_limit       # au-delà, l'en-tête n'est plus copié
        self.before_flush = before_flush   # appelée avant chaque envoi de ce qui attend
        self.recording = False
        self.head = b""
        self.kept = bytearray()

    def restart(self):
        """Une nouvelle réponse commence : on oublie la précédente (« 100 Continue »
        compris : seule la réponse finale est gardée)."""
        self.recording = False
        self.head = b""
        self.kept = bytearray()

    def write(self, data):
        if self.recording:
            if len(self.kept) < self.limit:
                self.kept += data[:self.limit - len(self.kept)]
        elif len(self.head) < self.head_limit:
            # Une référence aux octets écrits (une copie seulement s'il y a plusieurs écritures).
            self.head = self.head + bytes(data) if self.head else bytes(data)
        return self.stream.write(data)

    def flush(self):
        if self.before_flush is not None:
            self.before_flush()
        self.stream.flush()

    def close(self):
        self.stream.close()

    @property
    def closed(self):
        return self.stream.closed
