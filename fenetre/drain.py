"""Quand la fenêtre regarde sa boîte aux lettres (``inbox.py``).

Pendant une averse de requêtes, toutes les 30 ms : assez souvent pour un
journal vivant, assez peu pour que la fenêtre reste fluide. Si la boîte n'a
pas été vidée (chaque paquet dure au plus 12 ms), la suivante vient 20 ms plus
tard : la fenêtre rattrape son retard au lieu de laisser les événements
s'entasser en mémoire, et entre deux paquets, elle répond encore. Au calme, la
boîte réveille la fenêtre dès qu'un événement arrive (un octet dans un tube
que Tcl surveille) : un coup d'œil par seconde suffit alors, et le panneau
démarré mais muet ne consomme presque rien. Là où Tcl ne sait pas surveiller
un tube (Windows), la fenêtre regarde toutes les 50 ms.
"""

import time
import tkinter

POLL_MS = 30                 # pendant une averse
BEHIND_POLL_MS = 20          # … quand la boîte n'a pas pu être vidée d'un coup
IDLE_POLL_MS = 50            # au calme, sans réveil possible
ASLEEP_POLL_MS = 1000        # au calme, quand un événement sait réveiller la fenêtre
IDLE_AFTER_SECONDS = 1.0     # « au calme » : rien depuis une seconde


class Drain:
    """Appelle ``pump()`` au bon moment, dans le fil de la fenêtre ``widget``.

    ``pump`` vide la boîte ; ``busy()`` lui dit que des événements sont arrivés.
    ``stop()`` à la fermeture de la fenêtre."""

    def __init__(self, widget, inbox, pump):
        self.widget, self.inbox, self.pump = widget, inbox, pump
        self._last_event = time.monotonic()
        self._wakeable = inbox.wake_fd is not None and hasattr(widget.tk, "createfilehandler")
        if self._wakeable:
            widget.tk.createfilehandler(inbox.wake_fd, tkinter.READABLE, self._woken)
        self._after_id = widget.after(POLL_MS, self._tick)

    def busy(self):
        self._last_event = time.monotonic()

    def stop(self):
        if self._wakeable:
            self.widget.tk.deletefilehandler(self.inbox.wake_fd)
            self._wakeable = False
        if self._after_id is not None:
            self.widget.after_cancel(self._after_id)
            self._after_id = None

    def _tick(self):
        # Toujours reprogrammé : une erreur dans un paquet n'arrête jamais le journal.
        self._after_id = None
        try:
            self.pump()
        finally:
            self._after_id = self.widget.after(self._next_ms(), self._tick)

    def _next_ms(self):
        if time.monotonic() - self._last_event < IDLE_AFTER_SECONDS:
            return POLL_MS if self.inbox.empty() else BEHIND_POLL_MS
        if self._wakeable and self.inbox.sleep():
            return ASLEEP_POLL_MS
        return IDLE_POLL_MS

    def _woken(self, _fd, _mask):
        """Un événement est arrivé pendant que la fenêtre dormait : on le montre aussitôt."""
        self.inbox.woken()
        if self._after_id is not None:
            self.widget.after_cancel(self._after_id)
        self._tick()
