"""L'onglet « Requête à la main » : taper une requête HTTP, l'envoyer, lire la réponse brute.

Sans ``telnet`` ni ``nc`` sur les postes du lycée, c'est ici qu'un élève voit que
HTTP est du texte. Il tape la requête (pré-remplie : ``GET /``, ``Host``, la ligne
vide) ; chaque fin de ligne est montrée par ``↵`` (les deux octets ``\\r\\n``), la
ligne vide qui finit les en-têtes est surlignée ; ce qui cloche est dit pendant
qu'il tape (``serveur/manual.py``). **Envoyer** (ou Ctrl+Entrée, qui existe sur
tous les claviers) l'envoie par un vrai socket au serveur du panneau : la réponse
s'affiche telle qu'elle est arrivée, et le journal raconte le même échange du côté
du serveur.

Le socket vit dans un fil (``serveur/manual_send.py`` attend jusqu'à 5 s) : il ne
touche jamais la fenêtre, il range son résultat dans une file que ``after`` vide.
Par défaut, seul cet ordinateur est joignable ; la case « Autoriser une autre
adresse » (au professeur de décider) ouvre les autres.
"""

import queue
import threading
import tkinter as tk
from tkinter import ttk

from serveur import manual, manual_send
from serveur.events import STARTED
from serveur.french import typography

from .tab import Tab
from .widgets import INK, PAPER, WrappingLabel

DEFAULT_PORT = 8081     # le port du mode GET/POST, tant qu'aucun serveur n'a démarré
POLL_MS = 30            # toutes les 30 ms, la réponse est-elle arrivée ?
UNDO_STEPS = 200        # textes gardés pour « Annuler »
LINE_CHARS = 60
MARKS = manual.CRLF_MARK + manual.LF_MARK

INTRO = ("HTTP est du texte : tapez la requête. ↵ marque chaque fin de ligne (\\r\\n), la "
         "ligne vide surlignée finit les en-têtes. Ctrl+Entrée envoie.")


class ManualTab(Tab):
    """« Requête à la main » : un éditeur, ses remarques, la réponse brute."""

    tab_title = "Requête à la main"

    def __init__(self, master, context):
        super().__init__(master, context)
        fonts = context.fonts
        self.results = queue.Queue()      # rempli par le fil d'envoi, vidé par _poll
        self.sending = False
        self._poll_id = None
        self.last_outcome = None          # ce qu'a rendu le dernier envoi (manual_send.Outcome)
        self._typed_port = str(DEFAULT_PORT)
        self.allow_other = tk.BooleanVar(master=self, value=False)
        self.bare_newlines = tk.BooleanVar(master=self, value=False)
        WrappingLabel(self, text=INTRO).pack(fill="x")

        row = ttk.Frame(self)
        row.pack(fill="x", pady=(4, 2))
        ttk.Label(row, text="Vers :").pack(side="left")
        self.host = ttk.Entry(row, width=12)
        self.host.insert(0, "127.0.0.1")
        self.host.pack(side="left", padx=(4, 0))
        ttk.Label(row, text=":").pack(side="left")
        self.port = ttk.Entry(row, width=6)
        self.port.insert(0, str(DEFAULT_PORT))
        self.port.pack(side="left")
        self.send_button = ttk.Button(row, text="Envoyer", command=self.send)
        self.send_button.pack(side="right")
        row = ttk.Frame(self)
        row.pack(fill="x")
        self.examples = ttk.Menubutton(row, text="Exemples")
        menu = tk.Menu(self.examples, tearoff=False)
        for index, (label, _) in enumerate(manual.EXAMPLES):
            menu.add_command(label=typography(label),
                             command=lambda index=index: self.use_example(index))
        self.examples.configure(menu=menu)
        self.examples.pack(side="left", padx=(0, 6))
        ttk.Checkbutton(row, text="Fins de ligne \\n seul",
                        variable=self.bare_newlines,
                        command=self._edited).pack(side="left")
        ttk.Checkbutton(self, text="Autoriser une autre adresse (professeur)",
                        variable=self.allow_other).pack(anchor="w")

        panes = ttk.PanedWindow(self, orient="vertical")
        panes.pack(fill="both", expand=True, pady=(4, 0))
        panes.lower()   # premier pour le clavier : l'onglet ouvert, le curseur est dans la requête
        # Annuler (Ctrl+Z) reprend le texte d'avant, sans les marques : la pile de Tk, elle,
        # mêlerait nos marques aux frappes de l'élève.
        self.editor = self._text(panes, fonts, height=5, state="normal", undo=False)
        self._history = []   # les textes tapés, pour « Annuler »
        self._after = []     # ce qui s'est passé au dernier envoi (phrases)
        self.remarks = self._text(panes, fonts, height=3, wrap="word")
        self.answer = self._text(panes, fonts, height=6)
        for widget, weight in ((self.editor, 2), (self.remarks, 1), (self.answer, 5)):
            panes.add(widget.master, weight=weight)
        self.editor.tag_configure("mark", foreground="#8a8a8a")
        self.editor.tag_configure("blank", background="#fff2a8", foreground="#7a5c00")
        self.editor.insert("1.0", manual.prefilled(DEFAULT_PORT))
        self._pristine = self.editor_text()
        for sequence in ("<Control-Return>", "<Control-KP_Enter>"):
            for widget in (self.editor, self.host, self.port):
                widget.bind(sequence, self.send)
        self.editor.bind("<<Modified>>", lambda _event: self._edited())
        self.editor.bind("<Delete>", self._delete_line_end)
        self.editor.bind("<<Undo>>", self._undo)
        self.editor.bind("<<Redo>>", lambda _event: "break")
        for sequence in ("<KeyRelease>", "<ButtonRelease-1>"):
            self.editor.bind(sequence, lambda _event: self._before_mark(), add="+")
        self._edited()

    @staticmethod
    def _text(panes, fonts, height, state="disabled", wrap="char", **options):
        box = ttk.Frame(panes)
        text = tk.Text(box, wrap=wrap, height=height, width=LINE_CHARS, font=fonts.log,
                       background=PAPER, foreground=INK, relief="flat", padx=6, pady=4,
                       state=state, **options)
        text.tag_configure("note", foreground="#613583", font=fonts.heading, wrap="word")
        text.tag_configure("mark", foreground="#8a8a8a")
        text.tag_configure("blank", background="#fff2a8", foreground="#7a5c00")
        scroll = ttk.Scrollbar(box, orient="vertical", command=text.yview)
        text.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")
        text.pack(side="left", fill="both", expand=True)
        return text

    def preferred_width(self):
        """Comme « Échange brut » : une ligne d'en-tête de 60 caractères sans coupure."""
        return self.context.fonts.log.measure("0") * (LINE_CHARS + 2) + 90

    # -- le serveur du panneau ------------------------------------------------------------
    def add(self, event):
        """Au démarrage du serveur, on vise son port (et la requête de départ le suit)."""
        if event.kind != STARTED or not event.port:
            return
        if self.port.get().strip() in ("", self._typed_port):
            self.port.delete(0, "end")
            self.port.insert(0, str(event.port))
            self._typed_port = str(event.port)
        if self.editor_text() == self._pristine:   # l'élève n'y a pas touché
            self.set_request(manual.prefilled(event.port))
            self._pristine = self.editor_text()

    # -- l'éditeur -----------------------------------------------------------------------
    def editor_text(self):
        """Le texte tapé, sans les marques de fin de ligne."""
        text = self.editor.get("1.0", "end-1c")
        return "".join(char for char in text if char not in MARKS)

    def set_request(self, text):
        self.editor.delete("1.0", "end")
        self.editor.insert("1.0", text)
        self._edited()

    def use_example(self, index):
        port = self.port.get().strip()
        self.set_request(manual.example(index, self.host.get().strip() or "127.0.0.1",
                                        int(port) if port.isdigit() else DEFAULT_PORT))

    def request_bytes(self):
        """Les octets qui partiront, fins de ligne comprises."""
        return manual.to_bytes(self.editor_text(), "\n" if self.bare_newlines.get() else "\r\n")

    def _edited(self):
        """Après chaque modification : les marques de fin de ligne, puis les remarques."""
        if not self.winfo_exists():
            return
        self._mark_line_ends()
        self.editor.edit_modified(False)
        typed = self.editor_text()
        if not self._history or self._history[-1] != typed:
            self._history = self._history[-(UNDO_STEPS - 1):] + [typed]
            self._after = []   # ce qui s'est passé à l'envoi parlait d'un autre texte
        self._show_remarks()

    def _show_remarks(self):
        """Avant l'envoi : ce qui cloche dans le texte ; après : ce qui s'est passé."""
        port = self.port.get().strip()
        hint = manual.host_header("127.0.0.1", int(port) if port.isdigit() else DEFAULT_PORT)
        lines = ["⚠ " + manual.explain(problem)
                 for problem in manual.check(self.request_bytes(), hint)]
        count = ("rien à redire." if not lines else
                 "%d remarque%s." % (len(lines), "s" if len(lines) > 1 else ""))
        parts = [(typography("Avant l'envoi : ") + count + "\n", "note")]
        parts += [(self.context.hide(line) + "\n", "") for line in lines]
        if self._after:
            parts.append((typography("Après l'envoi :") + "\n", "note"))
            parts += [("→ " + line + "\n", "") for line in self._after]
        self._write(self.remarks, parts)
        if self._after:
            self.remarks.see("end")

    def _mark_line_ends(self):
        """Une marque (↵, ou ␊ pour un \\n seul) au bout de chaque ligne suivie d'une autre,
        aucune ailleurs ; la marque de la première ligne vide est surlignée."""
        editor = self.editor
        mark = manual.LF_MARK if self.bare_newlines.get() else manual.CRLF_MARK
        lines = editor.get("1.0", "end-1c").split("\n")
        if len(lines) > 5000:
            return   # un collage énorme : check() dira qu'il est trop long
        editor.tag_remove("blank", "1.0", "end")
        blank_seen = False
        for number, line in enumerate(lines, start=1):
            continues = number < len(lines)
            clean = "".join(char for char in line if char not in MARKS)
            if line != (clean + mark if continues else clean):
                for column in reversed([i for i, char in enumerate(line) if char in MARKS]):
                    editor.delete("%d.%d" % (number, column))
                if continues:
                    editor.insert("%d.end" % number, mark, "mark")
            if continues and not blank_seen and not clean:
                blank_seen = True
                editor.tag_add("blank", "%d.0" % number, "%d.end" % number)
        self._before_mark()

    def _before_mark(self):
        # Le curseur ne se pose jamais après la marque : ce qu'on tape va dans la ligne.
        editor = self.editor
        if editor.get("insert-1c") in MARKS and editor.compare("insert", "==", "insert lineend") \
                and editor.compare("insert", "<", "end-1c"):
            editor.mark_set("insert", "insert-1c")

    def _undo(self, _event):
        if len(self._history) > 1:
            self._history.pop()
            self.set_request(self._history.pop())
        return "break"

    def _delete_line_end(self, _event):
        # Suppr devant une marque : la ligne suivante remonte (la marque et le retour partent).
        if self.editor.get("insert") in MARKS and not self.editor.tag_ranges("sel"):
            self.editor.delete("insert", "insert+2c")
            return "break"
        return None

    # -- l'envoi -------------------------------------------------------------------------
    def send(self, _event=None):
        """Envoie la requête dans un fil ; la réponse arrive par ``self.results``."""
        if self.sending:
            return "break"
        host, port, problem = manual.destination(self.host.get(), self.port.get(),
                                                 self.allow_other.get())
        data = self.request_bytes()
        problems = manual.check(data)
        if problem is None and problems and problems[0].fact in ("manual-empty",
                                                                 "manual-too-long"):
            problem = problems[0]
        if problem is not None:
            self._after = [manual.explain(problem)]
            self._show_remarks()
            return "break"
        self.sending = True
        self.send_button.state(["disabled"])
        self._write(self.answer, [(typography("Envoi à %s:%d… (%d octets)\n")
                                   % (host, port, len(data)), "note")])
        head_only = data.split(b" ", 1)[0] == b"HEAD"

        def work():   # dans le fil : aucun widget ici
            outcome = manual_send.exchange(host, port, data, head_only=head_only)
            self.results.put((host, port, problems, outcome))

        threading.Thread(target=work, name="requête à la main", daemon=True).start()
        self._poll_id = self.after(POLL_MS, self._poll)
        return "break"

    def _poll(self):
        try:
            host, port, problems, outcome = self.results.get_nowait()
        except queue.Empty:
            self._poll_id = self.after(POLL_MS, self._poll)
            return
        self._poll_id = None
        self.sending = False
        self.send_button.state(["!disabled"])
        self.last_outcome = outcome
        self._after = manual_send.after_sentences(outcome, host, port, problems)
        self._show_remarks()
        kinds = {manual.MARK: "mark", manual.BLANK: "blank"}
        self._write(self.answer, [
            (self.context.hide(text) if kind in (manual.HEAD, manual.BODY) else text,
             kinds.get(kind, "")) for text, kind in manual.marked(outcome.answer)]
            or [(typography("(rien reçu)"), "note")])

    def answer_text(self):
        """La réponse brute montrée, puis les remarques (avant et après l'envoi)."""
        return self.answer.get("1.0", "end-1c") + "\n" + self.remarks.get("1.0", "end-1c")

    @staticmethod
    def _write(widget, parts):
        widget.configure(state="normal")
        widget.delete("1.0", "end")
        for text, tag in parts:
            widget.insert("end", text, tag)
        widget.configure(state="disabled")

    def redisplay(self):
        self._edited()

    def destroy(self):
        if self._poll_id is not None:
            self.after_cancel(self._poll_id)
            self._poll_id = None
        super().destroy()
