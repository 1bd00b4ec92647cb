"""Sur papier et côte à côte : ce que la fenêtre fait pour imprimer et comparer des échanges.

``Paper(panneau)`` est créé par la fenêtre (``window.py``) ; il garde toute la
séance sur le disque (``exchange_archive.py``, dans le dossier des journaux) et
les champs décodés des derniers échanges, et répond à trois événements
virtuels, générés par les boutons de « Échange brut » et de « Réponses de la
classe » :

- ``<<PrintChosen>>``  : les échanges choisis dans « Échange brut » ;
- ``<<PrintSession>>`` : toute la séance, lue sur le disque (dans un fil : la
  fenêtre ne se fige pas pendant qu'une longue séance s'écrit) ;
- ``<<CompareChosen>>`` : deux échanges côte à côte (``compare_view.py`` ; la
  paire vient de ``compare_pair`` du widget qui l'a demandée, sinon du choix
  dans « Échange brut »).

La page est enregistrée où le professeur le dit (ses Documents sont proposés),
jamais dans le dossier servi, puis ouverte dans le navigateur (``webbrowser``).
Ce qui s'est passé est dit dans le journal.
"""

import collections
import os
import pathlib
import re
import time
import webbrowser
from tkinter import filedialog

from serveur.events import DATA, ERROR, NOTICE, REQUEST, Event
from serveur.french import say, typography
from serveur.paper_wording import (CANNOT_SAVE, NOT_IN_SERVED, NOTHING_CHOSEN, PAGE_TITLE_ONE,
                                   PAGE_TITLE_SESSION, SAVED, SESSION_WHAT, exchanges_text)
from serveur.printable import HIDDEN, Item, archive_notes, many_title, write_page

from .background import run_soon
from .compare_view import CompareView
from .exchange_archive import ExchangeArchive
from .print_dialog import PrintDialog
from .session_log import is_inside, save_folder

REMEMBERED = 1000   # échanges dont on garde les champs décodés en mémoire


class Paper:
    """Imprimer et comparer, pour la fenêtre ``panel`` (voir le haut du module)."""

    def __init__(self, panel):
        self.panel = panel
        self.archive = ExchangeArchive(panel.session.folder)
        self.fields = collections.OrderedDict()   # n° -> (champs, noms des mots de passe)
        self.open_page = webbrowser.open           # remplacée dans les tests
        window = panel.winfo_toplevel()
        window.bind("<<PrintChosen>>", lambda _event: self.print_chosen(), add="+")
        window.bind("<<PrintSession>>", lambda _event: self.print_session(), add="+")
        window.bind("<<CompareChosen>>", lambda event: self.compare(event.widget), add="+")

    # -- ce que la fenêtre lui donne ----------------------------------------------------
    def add(self, event):
        """Chaque événement du serveur (rapide : l'archive écrit dans son fil)."""
        self.archive.add(event)
        if event.fields and event.kind in (DATA, REQUEST):
            self.fields[event.exchange] = (tuple(event.fields), tuple(event.secrets))
            while len(self.fields) > REMEMBERED:
                self.fields.popitem(last=False)

    def refresh(self):
        """Une fois par paquet d'événements : l'archive les écrit, dans son fil."""
        self.archive.send()

    def clear(self):
        """« Effacer » : une nouvelle séance (l'ancienne archive reste sur le disque)."""
        self.fields.clear()
        self.archive.start_new()

    def close(self):
        self.archive.close()

    def item(self, event):
        """L'échange ``event`` et ses champs décodés, s'ils sont connus."""
        return Item(event, *self.fields.get(event.exchange, ((), ())))

    # -- imprimer ---------------------------------------------------------------------
    def print_chosen(self):
        events = self.panel.exchange_view.chosen()
        if not events:
            self.panel.events.put(Event(NOTICE, message=typography(NOTHING_CHOSEN)))
            return None
        one = len(events) == 1
        title = say(PAGE_TITLE_ONE, events[0].exchange) if one else many_title(len(events))
        name = ("echange-%d" % events[0].exchange if one else
                "echanges-%d-a-%d" % (events[0].exchange, events[-1].exchange))
        return PrintDialog(self.panel, title, masked=self._masked(), on_confirm=lambda options, _:
                           self.ask_where(name, lambda: [self.item(e) for e in events],
                                          options, title))

    def print_session(self):
        what = say(SESSION_WHAT, exchanges_text(self.archive.count))
        title = say(PAGE_TITLE_SESSION, time.strftime("%d/%m/%Y"))
        return PrintDialog(self.panel, what, masked=self._masked(), session=True,
                           on_confirm=lambda options, forms_only: self.ask_where(
                               time.strftime("seance-%Y-%m-%d-%Hh%M"),
                               lambda: self.session_items(forms_only), options, title,
                               background=True))

    def session_items(self, forms_only=False):
        """Les échanges de la séance, lus sur le disque (seulement ceux qui envoient des
        données, si ``forms_only``)."""
        for item in self.archive.items():
            if not forms_only or item.fields or item.event.body or "?" in item.event.path:
                yield item

    def ask_where(self, name, items, options, title, background=False):
        path = filedialog.asksaveasfilename(
            parent=self.panel, title=typography("Enregistrer la page à imprimer"),
            initialdir=save_folder(self.panel.controls.chosen_folder()),
            initialfile=name + ".html", defaultextension=".html",
            filetypes=[("Pages HTML", "*.html"), ("Tous les fichiers", "*")])
        if path:
            self.save_page(path, items, options, title, background)

    def save_page(self, path, items, options, title, background=False):
        """Écrit la page de ``items()`` dans ``path`` et l'ouvre ; refuse le dossier servi.
        Vrai si l'écriture est lancée."""
        served = self.panel.controls.chosen_folder()
        if is_inside(path, served):
            self._report(ERROR, say(NOT_IN_SERVED, served))
            return False
        hide = _hider(self.panel.masker.forms()) if options.mask else None
        label = self._labels()
        notes = archive_notes(self.archive.full_after, self.archive.unkept,
                              self.archive.dropped) if background else ()

        def task():
            try:
                with open(path, "w", encoding="utf-8", newline="\n") as out:
                    return path, write_page(out, items(), options, hide=hide,
                                            client_label=label, title=title, notes=notes), None
            except Exception as exc:   # disque plein, dossier disparu… : dit, jamais une trace
                return path, 0, exc

        if background:
            run_soon(self.panel, task, self._written, name="page à imprimer")
        else:
            self._written(task())
        return True

    def _written(self, result):
        path, count, problem = result
        if problem is not None:
            reason = getattr(problem, "strerror", None) or problem
            self._report(ERROR, say(CANNOT_SAVE, path, reason))
            return
        self._report(NOTICE, say(SAVED, path, exchanges_text(count)))
        self.open_page(pathlib.Path(os.path.abspath(path)).as_uri())

    # -- comparer ---------------------------------------------------------------------
    def compare(self, source=None):
        pair = getattr(source, "compare_pair", None)
        if not pair:
            chosen = [event.exchange for event in self.panel.exchange_view.chosen()]
            pair = (chosen + [None, None])[:2] if chosen else (None, None)
        return CompareView(self.panel, self.panel.fonts, self.panel.exchange_view.kept(),
                           self.item, self.panel.client_label, self.panel.hide,
                           self._masked(), pick=pair)

    # -- petits outils ------------------------------------------------------------------
    def _masked(self):
        return bool(self.panel.log.mask_passwords.get())

    def _labels(self):
        """Les noms des postes au moment de l'export (un fil peut s'en servir)."""
        if not self.panel.table.names_shown():
            return None
        names = {record.address: record.name for record in self.panel.clients.records()}
        return lambda address: names.get(address, address)

    def _report(self, kind, message):
        self.panel.events.put(Event(kind, message=message))


def _hider(forms):
    """Masque en un passage chaque mot de passe vu (``Masker.forms()``, sous toutes ses
    formes), jamais collé à une lettre, comme l'écran ; None s'il n'y en a aucun."""
    if not forms:
        return None
    pattern = re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(map(re.escape, forms)))
    return lambda text: pattern.sub(HIDDEN, text)
