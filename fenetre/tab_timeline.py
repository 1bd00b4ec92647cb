"""L'onglet « Chronologie » : les requêtes d'un chargement de page, dans l'ordre
où le serveur les a reçues, avec la durée de chacune, dessinées sur un ``Canvas``.

Ce qu'il montre, et ce qu'il ne peut pas montrer : le navigateur lit la page,
puis demande *en même temps* ce dont elle a besoin (feuille de style, images,
icône) ; leurs barres se chevauchent. Ce que fait le navigateur entre deux
requêtes (lire, afficher, exécuter le JavaScript), le serveur ne le voit pas.
"""

import tkinter as tk

from serveur.events import EXCHANGE
from serveur.explanations import is_page_request
from serveur.display import decoded_path, escape
from serveur.french import decimal, typography

from .tab import Tab
from .widgets import INK, PAPER, WrappingLabel

MAX_TIMELINE_ROWS = 40       # requêtes au plus dans la chronologie d'un chargement de page
LOAD_GAP_SECONDS = 10.0      # plus de 10 s après la précédente : ce n'est plus le même chargement
LEGEND = ("Chaque ligne est une requête : sa barre commence quand le serveur la reçoit et dure "
          "le temps qu'il met à répondre. Le navigateur lit la page, puis demande en même temps "
          "ce dont elle a besoin (feuille de style, images, icône) : leurs barres se "
          "chevauchent. Ce que fait le navigateur entre deux requêtes (lire, afficher, exécuter "
          "le JavaScript), le serveur ne le voit pas.")


def duration_text(milliseconds):
    """« 0,9 ms », « 250,0 ms », « 1,25 s » : en secondes dès la seconde."""
    if milliseconds >= 1000:
        return "%s s" % decimal(milliseconds / 1000, 2)
    return "%s ms" % decimal(milliseconds, 1)


def _clip(text, limit):
    """Coupe un texte trop long pour une ligne de tableau : « /recherche?ville=B… »."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


class TimelineTab(Tab):
    """« Chronologie » : les requêtes d'un chargement de page, dans l'ordre, avec
    la durée de chacune. Une page demandée (un document HTML) ouvre un nouveau
    chargement ; les requêtes qui suivent de près (icône, feuille de style…) s'y
    ajoutent ; une requête qui arrive longtemps après en ouvre un autre."""

    tab_title = "Chronologie"

    def __init__(self, master, context):
        super().__init__(master, context)
        self.fonts = context.fonts
        self.client_label = context.client_label
        self.loads = {}   # client -> liste des échanges de son dernier chargement de page
        self.title = WrappingLabel(self, text="Aucune page chargée pour l'instant.")
        self.title.pack(fill="x")
        self.canvas = tk.Canvas(self, background=PAPER, highlightthickness=0, height=200)
        self.canvas.pack(fill="both", expand=True, pady=(4, 0))
        self.canvas.bind("<Configure>", lambda _event: self.draw())
        self.bind("<Map>", lambda _event: self.draw())   # l'onglet devient visible
        self.shown = None   # le client dont on montre le chargement
        self.dirty = False  # des échanges sont arrivés depuis le dernier dessin

    def add(self, event):
        if event.kind != EXCHANGE:
            return
        load = self.loads.setdefault(event.client, [])
        far = load and event.time - max(e.time for e in load) > LOAD_GAP_SECONDS
        if is_page_request(event) or far or len(load) >= MAX_TIMELINE_ROWS:
            load.clear()
        load.append(event)
        load.sort(key=lambda e: e.time)   # dans l'ordre d'arrivée, même servies en parallèle
        self.shown = event.client
        self.dirty = True

    def refresh(self):
        """Redessine après un paquet d'échanges, seulement si l'onglet est visible."""
        if self.dirty and self.winfo_ismapped():
            self.draw()

    def show_client(self, client):
        self.shown = client
        self.draw()

    def exchange_chosen(self, event):
        self.show_client(event.client)   # le dernier chargement de ce poste

    def rows(self):
        """Les lignes de la chronologie affichée : (départ en ms, durée en ms, texte)."""
        load = self.loads.get(self.shown, [])
        if not load:
            return []
        origin = load[0].time
        hide = self.context.hide
        return [((event.time - origin) * 1000, event.duration * 1000,
                 "%s %s → %d %s" % (event.method, _clip(hide(escape(decoded_path(event.path))), 28),
                                    event.status, event.reason)) for event in load]

    def redisplay(self):
        self.draw()

    def draw(self):
        self.dirty = False
        canvas = self.canvas
        canvas.delete("all")
        rows = self.rows()
        if not rows:
            return
        load = self.loads.get(self.shown, [])
        what = ("Dernier chargement de page" if is_page_request(load[0])
                else "Dernières requêtes")
        if len(rows) == 1:
            count = "1 requête"
        else:
            count = "%d requêtes, dans l'ordre où le serveur les a reçues" % len(rows)
        self.title.configure(text=typography("%s de %s : %s" % (
            what, self.client_label(self.shown), count)))
        width = max(canvas.winfo_width(), 300)
        line = self.fonts.table.metrics("linespace") + 4
        labels = ["reçue à +%s, réponse en %s" % (duration_text(start), duration_text(length))
                  for start, length, _ in rows]
        reserve = max(self.fonts.table.measure(label) for label in labels) + 16
        span = max(max(start + length for start, length, _ in rows), 1.0)
        scale = max(width - 12 - reserve, 20) / span
        for row, (start, length, text) in enumerate(rows):
            # Deux lignes par requête : son nom, puis sa barre (départ → durée).
            y = 6 + row * 2 * line
            canvas.create_text(6, y, anchor="nw", text="%d. %s" % (row + 1, text),
                               font=self.fonts.table, fill=INK)
            x0 = 12 + start * scale
            x1 = max(x0 + 3, 12 + (start + length) * scale)
            canvas.create_rectangle(x0, y + line + 2, x1, y + 2 * line - 4, fill="#1a5fb4",
                                    outline="")
            canvas.create_text(x1 + 6, y + line, anchor="nw", font=self.fonts.table,
                               fill="#1a5fb4", text=labels[row])
        canvas.create_text(6, 12 + len(rows) * 2 * line, anchor="nw", font=self.fonts.table,
                           fill="#6b6b6b", width=max(width - 12, 100),
                           text=typography(LEGEND))

    def clear(self):
        self.loads.clear()
        self.shown = None
        self.canvas.delete("all")
        self.title.configure(text="Aucune page chargée pour l'instant.")
