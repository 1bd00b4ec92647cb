"""Écouter ce qui passe sur le fil : une copie de ce que le serveur écrit.

Le gestionnaire écrit sa réponse dans ``wfile``, un flux tamponné : les
en-têtes et un petit corps attendent là, puis partent ensemble au ``flush``.
``ReplyTap`` s'intercale devant ce flux : tout passe, inchangé, et il garde le
début du corps de chaque réponse (pour « Échange brut »). Ce que montre le
panneau est donc ce qui est vraiment parti, pas une reconstitution.
"""


class ReplyTap:
    """Laisse passer vers le client tout ce que le serveur écrit, et garde une
    copie du début du corps de la réponse (pour la vue « échange brut »)."""

    def __init__(self, stream, limit=1024, before_flush=None):
        self.stream = stream
        self.limit = limit
        self.before_flush = before_flush   # appelée avant chaque envoi de ce qui attend
        self.recording = False
        self.kept = bytearray()

    def restart(self):
        """Une nouvelle réponse commence : on oublie la précédente."""
        self.recording = False
        self.kept = bytearray()

    def write(self, data):
        if self.recording and len(self.kept) < self.limit:
            self.kept += data[:self.limit - len(self.kept)]
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
