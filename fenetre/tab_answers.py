"""L'onglet « Réponses de la classe » : ce que chaque poste a envoyé avec un formulaire.

Trente élèves envoient ``ressource.html`` : au lieu de passer entre les tables,
le professeur projette ce tableau. Une ligne par poste (« Poste 3 », ou son
adresse), une colonne par champ vu, les valeurs de son dernier envoi de ce
formulaire ; « Formulaire : » choisit lequel (``POST /`` l'inscription,
``GET /recherche`` la recherche, ``POST /cookie``…). Les champs viennent des
événements du serveur : DATA pour un POST (le corps décodé), REQUEST pour un
GET avec paramètres (l'adresse décodée), qui disent aussi quels champs sont des
mots de passe (``secrets``, lus dans les ``type="password"`` de ressource.html).

Les mots de passe sont masqués (``••••``) tant que « Montrer les mots de passe »
n'est pas cochée, et toujours quand le journal les masque (``context.hide``).
Un clic sur une ligne ouvre son échange (``<<ExchangeClicked>>``) ; « Comparer GET
et POST… » demande la comparaison des derniers GET et POST du poste choisi
(``<<CompareChosen>>``, avec ``compare_pair``).

Tout est borné : ``MAX_FORMS`` formulaires, ``MAX_ROWS`` postes par formulaire,
``MAX_COLUMNS`` colonnes montrées ; redessiné au plus toutes les ``DRAW_EVERY`` s.
"""

import collections
import time
import tkinter as tk
from tkinter import ttk

from serveur.body import url_path
from serveur.bounds import kept
from serveur.class_code import FIELD as CODE_FIELD
from serveur.display import shown
from serveur.events import DATA, REQUEST
from serveur.paper_wording import (ANSWERS_EMPTY, ANSWERS_FORM, ANSWERS_HELP, ANSWERS_TITLE,
                                   COMPARE_BUTTON, MORE_COLUMNS, SHOW_PASSWORDS, form_choice)
from serveur.french import number, say, typography

from .flow import FlowRow
from .masking import HIDDEN
from .tab import Tab, Throttle
from .widgets import WrappingLabel, with_scrollbars

MAX_FORMS = 20        # formulaires gardés (les plus anciens oubliés)
MAX_ROWS = 500        # postes par formulaire
MAX_COLUMNS = 20      # champs montrés en colonnes
CELL_CHARS = 60       # caractères d'une valeur dans une case
FIT_CHARS = 22        # une colonne s'élargit jusqu'à cette longueur de valeur
DRAW_EVERY = 0.25     # secondes entre deux dessins, au plus

# Le dernier envoi d'un poste : le numéro de l'échange, l'heure, les champs, les mots de passe.
Answer = collections.namedtuple("Answer", "exchange time fields secrets")


class Form:
    """Un formulaire (méthode et chemin) : les noms de champs vus, le dernier envoi de chaque poste."""

    def __init__(self, method, path):
        self.method, self.path = method, path
        self.names = []                            # dans l'ordre où ils sont apparus
        self.rows = collections.OrderedDict()      # adresse -> Answer

    def note(self, address, answer):
        for field in answer.fields:
            if field.name not in self.names:
                self.names.append(field.name)
        self.rows.pop(address, None)
        self.rows[address] = answer
        while len(self.rows) > MAX_ROWS:
            self.rows.popitem(last=False)


class AnswersTab(Tab):
    """Le tableau des réponses de la classe (voir le haut du module)."""

    tab_title = ANSWERS_TITLE
    compare_pair = None   # (numéro, numéro ou None) avec <<CompareChosen>>

    def __init__(self, master, context):
        super().__init__(master, context)
        self.forms = collections.OrderedDict()   # (méthode, chemin) -> Form
        self.latest = {}                          # adresse -> {"GET": n°, "POST": n°}
        self.shown_form = None                    # la clé du formulaire montré
        self.show_passwords = tk.BooleanVar(master=self, value=False)
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        ttk.Label(bar, text=typography(ANSWERS_FORM)).pack(side="left")
        self.choice = ttk.Combobox(bar, state="readonly", width=18)
        self.choice.pack(side="left", padx=(4, 0), fill="x", expand=True)
        self.choice.bind("<<ComboboxSelected>>", lambda _event: self._form_picked())
        self.help = WrappingLabel(self, text=typography(ANSWERS_EMPTY))
        self.help.pack(fill="x", pady=(4, 4))
        below = FlowRow(self)   # placé avant le tableau, sur deux lignes au besoin : jamais coupé
        below.pack(side="bottom", fill="x", pady=(6, 0))
        below.add(ttk.Checkbutton(below, text=SHOW_PASSWORDS, variable=self.show_passwords,
                                  command=self.redisplay))
        self.compare_button = below.add(ttk.Button(below, text=COMPARE_BUTTON,
                                                   command=self.compare))
        box = ttk.Frame(self)
        box.pack(fill="both", expand=True)
        self.tree = ttk.Treeview(box, columns=(), selectmode="browse", height=8)
        with_scrollbars(box, self.tree)
        self.tree.heading("#0", text="Poste", anchor="w")
        self.tree.bind("<ButtonRelease-1>", self._clicked)
        self.tree.bind("<Return>", lambda _event: self._open(self.tree.focus()))
        self.throttle = Throttle(self, self.draw, DRAW_EVERY)
        self._columns = None   # les noms montrés en colonnes (pour ne reconstruire qu'au besoin)
        self.bind("<Map>", lambda _event: self.draw())
        self.winfo_toplevel().bind("<<FontsChanged>>", lambda _event: self._fit(), add="+")

    # -- les événements ------------------------------------------------------------------
    def add(self, event):
        if not event.fields or not event.client:
            return
        if all(field.name == CODE_FIELD for field in event.fields):
            return   # le code de la classe tapé pour entrer (admission) : pas une réponse
        if event.kind == DATA:
            method = event.method or "POST"
        elif event.kind == REQUEST and event.method in ("GET", "HEAD"):
            method = event.method
        else:
            return
        key = (shown(method, 40), shown(url_path(event.path), 200))
        form = self.forms.pop(key, None) or Form(*key)
        self.forms[key] = form   # le plus récent en dernier
        while len(self.forms) > MAX_FORMS:
            oldest, _ = self.forms.popitem(last=False)
            if oldest == self.shown_form:
                self.shown_form = None
        form.note(event.client, Answer(event.exchange, event.time, tuple(kept(event.fields)),
                                       tuple(event.secrets)))
        kind = "GET" if event.kind == REQUEST else "POST"
        self.latest.setdefault(event.client, {})[kind] = event.exchange
        if self.shown_form is None:
            self.shown_form = key   # le premier formulaire reçu est montré d'office
        self._dirty = True

    _dirty = False

    def refresh(self):
        if self._dirty and self.winfo_ismapped():
            self.throttle.soon()

    def redisplay(self):
        self._columns = None   # tout redessiner (mots de passe montrés ou masqués)
        self.draw()

    def clear(self):
        self.forms.clear()
        self.latest.clear()
        self.shown_form, self._columns = None, None
        self._dirty, self._announced = True, 0
        self.draw()

    # -- le dessin --------------------------------------------------------------------------
    def draw(self):
        self.throttle.drawn()
        self._dirty = False
        keys = list(self.forms)
        self.choice.configure(values=[form_choice(*key, len(self.forms[key].rows))
                                      for key in keys])
        form = self.forms.get(self.shown_form)
        if form is None:
            self.choice.set("")
            self.help.configure(text=typography(ANSWERS_EMPTY))
            self.tree.delete(*self.tree.get_children())
            return
        self.choice.current(keys.index(self.shown_form))
        names = form.names[:MAX_COLUMNS]
        help_text = typography(ANSWERS_HELP)
        if len(form.names) > len(names):
            help_text += " " + say(MORE_COLUMNS, number(len(form.names) - len(names)))
        self.help.configure(text=help_text)
        if names != self._columns:
            self._columns = names
            self.tree.delete(*self.tree.get_children())
            self.tree.configure(columns=["heure"] + ["c%d" % i for i in range(len(names))])
            self.tree.heading("heure", text="Heure", anchor="w")
            for index, name in enumerate(names):
                self.tree.heading("c%d" % index, text=shown(name, 40), anchor="w")
        self._widest = {}   # colonne -> caractères de la plus longue valeur (voir _fit)
        order = {record.address: index
                 for index, record in enumerate(self.context.clients.records())}
        rows = sorted(form.rows.items(), key=lambda row: order.get(row[0], len(order)))
        for index, (address, answer) in enumerate(rows):
            values = [time.strftime("%H:%M:%S", time.localtime(answer.time))]
            values.extend(self._cell(answer, name) for name in names)
            label = self.context.client_label(address)
            for column, value in zip(["#0", "heure"] + ["c%d" % i for i in range(len(names))],
                                     [label] + values):
                self._widest[column] = max(self._widest.get(column, 0), len(value))
            if self.tree.exists(address):
                self.tree.item(address, text=label, values=values)
                if self.tree.index(address) != index:
                    self.tree.move(address, "", index)
            else:
                self.tree.insert("", index, iid=address, text=label, values=values)
        for address in set(self.tree.get_children()) - set(form.rows):
            self.tree.delete(address)
        self._fit()
        wanted = self.preferred_width()
        if wanted > self._announced + 20 and self.winfo_ismapped():
            # Plus de colonnes : la fenêtre refait la place des onglets (screen.Split).
            self._announced = wanted
            self.master.event_generate("<<NotebookTabChanged>>")

    def _cell(self, answer, name):
        for field in answer.fields:
            if field.name == name:
                if field.filename is not None:
                    return shown(field.filename, CELL_CHARS)
                if field.name in answer.secrets and field.value and \
                        not self.show_passwords.get():
                    return HIDDEN
                return self.context.hide(shown(field.value or "", CELL_CHARS))
        return ""

    _widest = {}
    _announced = 0   # la largeur déjà demandée à la fenêtre

    def _fit(self):
        """Chaque colonne assez large pour son titre et sa plus longue valeur (jusqu'à
        ``FIT_CHARS`` caractères : le reste se lit dans l'échange, d'un clic)."""
        table, heading = self.context.fonts.table, self.context.fonts.heading
        digit = table.measure("0")
        for column in ("#0",) + tuple(self.tree["columns"]):
            title = self.tree.heading(column, "text")
            chars = min(max(self._widest.get(column, 0), 4), FIT_CHARS)
            width = max(heading.measure(title), digit * chars) + 20
            self.tree.column(column, width=width, minwidth=40, stretch=False)

    def preferred_width(self):
        """La place de toutes les colonnes (la fenêtre la donne, sans couper le journal)."""
        columns = ("#0",) + tuple(self.tree["columns"])
        return sum(int(self.tree.column(column, "width")) for column in columns) + 40

    # -- les choix --------------------------------------------------------------------------
    def _form_picked(self):
        index = self.choice.current()
        if 0 <= index < len(self.forms):
            self.shown_form = list(self.forms)[index]
            self.draw()

    def show_form(self, method, path):
        """Montre ce formulaire (``("POST", "/")``) ; vrai s'il a été reçu."""
        if (method, path) not in self.forms:
            return False
        self.shown_form = (method, path)
        self.draw()
        return True

    def _clicked(self, event):
        self._open(self.tree.identify_row(event.y))

    def _open(self, address):
        form = self.forms.get(self.shown_form)
        answer = form.rows.get(address) if form and address else None
        if answer is not None:
            self.clicked_exchange = answer.exchange
            self.event_generate("<<ExchangeClicked>>")

    def compare(self):
        """Les derniers GET et POST (avec des données) du poste choisi, ou du premier."""
        chosen = self.tree.selection() or self.tree.get_children()
        if not chosen:
            return
        latest = self.latest.get(chosen[0], {})
        form = self.forms.get(self.shown_form)
        here = form.rows[chosen[0]].exchange if form and chosen[0] in form.rows else None
        first, second = latest.get("GET"), latest.get("POST")
        self.compare_pair = (first or here, second) if first and second else (here, None)
        self.event_generate("<<CompareChosen>>")
