"""Ce que la fenêtre fait de chaque événement du serveur : le vider de la boîte aux lettres.

``Intake`` est un « mélange » (mixin) de ``Panneau`` (window.py), comme ``Gate``
l'est du serveur : ``pump`` prend les événements de la boîte aux lettres
(``inbox.py``) par paquets, au plus ``BATCH_SECONDS`` secondes (``drain.py``
décide quand), et donne chacun au carnet des postes, au journal (mis en
phrases par le narrateur, ``serveur/formatter.py``), au journal complet de la
séance (sur le disque) et à chaque onglet. Il compte les requêtes.

Ce que ``Panneau`` fournit : ``events``, ``clients``, ``masker``, ``explainer``,
``log``, ``table``, ``tabs``, ``session``, ``paper``, ``status``, ``controller``, ``state``,
``set_state``, ``request_count`` et ``_told_full``.
"""

import time

from serveur.events import NOTICE, REQUEST, STOPPED, Event
from serveur.formatter import format_lines
from serveur.french import number, typography

from . import classify

TAKE_AT_ONCE = 16            # événements pris dans la boîte à la fois (le délai est vérifié entre deux)
BATCH_SECONDS = 0.012        # … pendant 12 ms au plus (puis l'écran), pour ne jamais figer la fenêtre
RUNNING_STATE = "running"    # le même que window.RUNNING_STATE
STOPPED_STATE = "stopped"


class Intake:
    """Les événements du serveur, du fil qui les a produits à l'écran (mélangé à ``Panneau``)."""

    def pump(self):
        """Traite les événements en attente (au plus BATCH_SECONDS secondes)."""
        deadline = time.perf_counter() + BATCH_SECONDS
        chunks, saved = [], []
        counted = self.request_count
        label = self.clients.name_of if self.table.names_shown() else None
        explain = self.log.explanations.get()
        self._masking = self.log.mask_passwords.get()   # lue une fois par paquet (une variable Tk)
        while time.perf_counter() < deadline:
            taken = self.events.take(TAKE_AT_ONCE)
            if not taken:
                break
            self.drain.busy()
            for event in taken:
                try:
                    chunks.extend(self._take(event, label, explain, saved))
                except Exception as exc:   # un événement inattendu ne bloque pas les suivants
                    chunks.append((typography("impossible d'afficher un événement (%s : %s)\n")
                                   % (type(exc).__name__, exc), classify.ERRORS,
                                   classify.ERRORS))
                    saved.append(chunks[-1][0])
        dropped = self.events.take_dropped()
        if dropped:   # la boîte aux lettres était pleine : on dit combien manquent, ici
            chunks.extend(self._take(Event(NOTICE, fact="events-dropped", values=(
                ("count", dropped), ("reader", "panneau"),
                ("last", self.events.take_dropped_last()))), label, explain, saved))
        self.log.append(chunks)
        self.session.write("".join(saved))
        self.paper.refresh()
        if self.session.full and not self._told_full:
            self._told_full = True   # dit une fois à l'écran (le fichier le dit aussi)
            self.events.put(Event(NOTICE, message=typography(
                "journal de la séance plein (%s lignes) : la suite s'affiche encore mais n'est "
                "plus écrite.") % number(self.session.lines)))
        for tab in self.tabs:
            tab.refresh()
        if self.request_count != counted:
            self.status.show_count(self.request_count)

    def _take(self, event, label, explain, saved):
        """Un événement : met à jour le carnet et les onglets ; rend les morceaux du journal
        à l'écran, et ajoute à ``saved`` le texte du journal complet de la séance (avec les
        vrais mots de passe, même quand l'écran les masque)."""
        self.clients.note(event)
        self.masker.learn(event)
        shown = self.masker.mask(event) if self._masking else event
        for tab in self.tabs:
            tab.add(event)   # chaque onglet masque à l'affichage (context.hide)
        self.paper.add(event)   # toute la séance, sur le disque (paper.py)
        if event.kind == REQUEST:
            # Le serveur numérote chaque requête (« requête n°… ») à son arrivée : le
            # compte est le plus grand numéro vu. Il reste juste quand la fenêtre,
            # débordée, n'a pas pu tout montrer (« N événements n'ont pas été
            # affichés »), et quand des fils racontent leurs requêtes dans le désordre.
            if event.exchange:
                self.request_count = max(self.request_count, event.exchange)
            else:   # un événement sans numéro (écrit à la main)
                self.request_count += 1
        elif event.kind == NOTICE and event.fact == "events-dropped":
            # Des événements jetés (la fenêtre ou le processus du serveur n'a pas suivi) : le
            # plus grand numéro parmi eux dit qu'une requête est arrivée, même non montrée.
            self.request_count = max(self.request_count, dict(event.values).get("last", 0))
        elif event.kind == STOPPED and self.state == RUNNING_STATE \
                and not self.controller.running:
            self.set_state(STOPPED_STATE)
            self.status.show_stopped()
        chunks = []
        family, role = classify.classify(event)
        text = format_lines(shown, label)
        if text:
            chunks.append((text, classify.colour_of(family, role), family, event))
        saved.append(text if shown is event else format_lines(event, label))
        notes = self.explainer.notes(event)   # appelé toujours : il suit les pages vues
        if notes and explain:
            chunks.append(("\n".join(notes) + "\n", classify.HINT, family))
            saved.append(chunks[-1][0])
        return chunks
