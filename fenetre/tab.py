"""Le petit protocole que parlent tous les onglets du panneau.

La fenêtre ne connaît pas ses onglets un par un : elle leur donne à tous
chaque événement du serveur, puis leur dit qu'un paquet est fini, comme les
vues de Thonny qui s'abonnent aux messages. Un onglet ::

    class MonOnglet(Tab):
        tab_title = "Mon onglet"             # le texte de l'onglet

        def __init__(self, master, context):
            super().__init__(master, context)
            ...                              # ses widgets, avec master=self

        def add(self, event):                # chaque événement (il ignore ceux
            ...                              # qui ne le concernent pas) : rapide !

        def refresh(self):                   # une fois par paquet d'événements :
            ...                              # redessiner, si l'onglet est visible

        def clear(self):                     # « Effacer » : tout oublier
            ...

``context`` donne ce que les onglets partagent : ``fonts`` (les tailles de
texte), ``client_label(adresse)`` (« Poste 3 » ou l'adresse), ``clients``
(le carnet des postes, ``serveur/clients.py``), ``hide(texte)`` (le texte
à montrer : mots de passe masqués si l'écran les masque), ``missions`` (l'avancement
de la mission de la classe, ``serveur/mission_progress.py``) et ``report(événement)``
(une ligne de plus au journal, racontée par le narrateur). ``redisplay()``
redessine tout ce que l'onglet montre (après « Masquer les mots de passe »). Ajouter un onglet : un
fichier ``tab_*.py`` et une ligne dans ``TABS`` (``window.py``).

Un échange choisi (d'un clic dans le journal, dans « Échange brut »…) est donné à
chaque onglet par ``exchange_chosen(événement)``. Un onglet où l'on clique sur un
échange le dit comme le journal : il pose ``clicked_exchange`` (son numéro) et génère
``<<ExchangeClicked>>`` ; la fenêtre l'ouvre dans « Échange brut », sauf si l'onglet
ouvert montre déjà les échanges (``shows_exchange``). Une ligne du journal sans
échange (https:// tapé devant le serveur HTTP) génère ``<<EventClicked>>`` avec
``clicked_event`` : l'onglet qui sait la montrer (« Sur le fil ») s'y abonne.
"""

import time
from collections import namedtuple
from tkinter import ttk

TabContext = namedtuple("TabContext", "fonts client_label clients hide missions report",
                        defaults=(None, None))


class Tab(ttk.Frame):
    """Un onglet du panneau. Par défaut, il ignore tout : chaque onglet
    redéfinit ce qui le concerne."""

    tab_title = "Onglet"
    shows_exchange = False   # vrai : un clic sur un échange du journal garde cet onglet ouvert
    clicked_exchange = None  # le numéro de l'échange cliqué ici (avec <<ExchangeClicked>>)

    def __init__(self, master, context):
        super().__init__(master, padding=6)
        self.context = context

    def exchange_chosen(self, event):
        """Un échange (événement EXCHANGE) vient d'être choisi : le montrer, si l'onglet en montre."""

    def add(self, event):
        """Un événement du serveur vient d'arriver (appelée pour chacun : rester rapide)."""

    def refresh(self):
        """Un paquet d'événements est fini : mettre l'affichage à jour."""

    def redisplay(self):
        """Redessiner ce qui est montré (les mots de passe viennent d'être masqués)."""

    def clear(self):
        """Tout oublier (le journal a été effacé)."""

    def preferred_width(self):
        """La largeur (en pixels) qu'il faut à l'onglet pour être lisible ; la fenêtre
        la lui donne tant qu'il est ouvert, si le journal garde la sienne (0 : aucune)."""
        return 0

    def settings(self):
        """Les réglages de l'onglet à retenir d'une séance à l'autre (un dict)."""
        return {}

    def destroy(self):
        # Un dessin prévu (``Throttle``) ne survit pas à l'onglet : Tcl dirait sinon
        # « invalid command name … » à la fermeture.
        throttle = getattr(self, "throttle", None)
        if throttle is not None:
            throttle.cancel()
        super().destroy()

    def apply(self, values):
        """Affiche des réglages retenus (les clés de ``settings``)."""


class Throttle:
    """Redessiner un onglet au plus toutes les ``every`` secondes, même sous une averse.

    ``soon()`` (à chaque paquet) dessine tout de suite si le dernier dessin est assez
    ancien, sinon une seule fois un peu plus tard (``after``) ; ``drawn()`` (au début du
    dessin) note l'heure. Le dessin prévu est annulé avec le widget (``cancel``)."""

    def __init__(self, widget, draw, every):
        self.widget, self.draw, self.every = widget, draw, every
        self.last = 0.0
        self.pending = None   # l'identifiant du dessin prévu (after)

    def soon(self):
        if self.pending is not None:
            return
        wait = self.last + self.every - time.monotonic()
        if wait <= 0:
            self.draw()
        else:
            self.pending = self.widget.after(int(wait * 1000) + 1, self._later)

    def _later(self):
        self.pending = None
        if self.widget.winfo_ismapped():
            self.draw()

    def drawn(self):
        self.last = time.monotonic()

    def cancel(self):
        if self.pending is not None:
            self.widget.after_cancel(self.pending)
            self.pending = None
