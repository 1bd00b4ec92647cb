"""Le journal complet de la séance, écrit au fil de l'eau dans un fichier.

L'écran ne garde que les dernières lignes (voir ``journal.py``) ; tout le
reste est ici, sur le disque, dans le dossier de données de l'utilisateur —
jamais dans le dossier servi, où les élèves pourraient le télécharger avec
les mots de passe qu'ils ont tapés. Un plantage ou une coupure de courant ne
perd que les dernières lignes : chaque paquet est écrit dès qu'il arrive.

Pour qui l'utilise (la fenêtre) ::

    session = SessionLog(dossier)     # un nouveau fichier par séance
    session.write(texte)              # depuis le fil de la fenêtre : rapide, jamais bloquant
    session.copy_to(chemin)           # « Enregistrer… »
    session.start_new()               # « Effacer » : l'ancien fichier reste sur le disque
    session.close()

Un fil d'écriture fait le travail : la fenêtre ne touche jamais le disque. Sa
file est bornée ; si le disque ne suit pas, les paquets en trop sont comptés
et une ligne le dit dans le fichier. Le fichier lui-même est borné
(``MAX_FILE_BYTES``) : au-delà, une ligne le dit et la suite n'est plus écrite.
Les ``KEPT_SESSIONS`` derniers fichiers sont gardés, les plus anciens supprimés.

``save_folder`` et ``is_inside`` disent où proposer d'enregistrer une copie,
et où jamais.

Pas de tkinter ici : ce module se teste sans fenêtre.
"""

import os
import queue
import shutil
import tempfile
import threading
import time

MAX_FILE_BYTES = 512 * 1024 * 1024   # une journée entière de classe tient largement
MAX_PENDING = 1000                   # paquets en attente d'écriture, au plus
KEPT_SESSIONS = 20                   # journaux de séances gardés dans le dossier
SYNC_SECONDS = 5.0                   # au plus toutes les 5 s, le système écrit vraiment sur le disque
PREFIX = "journal-"


class SessionLog:
    """Un fichier de journal par séance, écrit par un fil à part."""

    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        self._pending = queue.Queue(MAX_PENDING)
        self._lock = threading.Lock()     # protège les compteurs ci-dessous
        self.lines = 0                    # lignes écrites dans le fichier courant
        self.dropped = 0                  # paquets perdus parce que le disque ne suivait pas
        self.full = False                 # le fichier a atteint MAX_FILE_BYTES
        self.path = None
        self._handle = None
        self._open_new()
        self._forget_old()
        self._writer = threading.Thread(target=self._write_loop, name="journal de la séance",
                                        daemon=True)
        self._writer.start()

    # -- pour la fenêtre ---------------------------------------------------------------
    def write(self, text):
        """Ajoute ``text`` au journal (sans attendre le disque)."""
        if not text:
            return
        try:
            self._pending.put_nowait(text)
        except queue.Full:
            with self._lock:
                self.dropped += 1

    def flush(self, timeout=5.0):
        """Attend que tout ce qui a été donné soit écrit (borne : ``timeout``)."""
        done = threading.Event()
        self._pending.put((done,))      # un repère : le fil le signale en l'atteignant
        return done.wait(timeout)

    def copy_to(self, destination):
        """Copie le journal de la séance dans ``destination`` ; rend le nombre de lignes.

        Lève ``OSError`` si la copie est impossible."""
        self.flush()
        with self._lock:
            self._handle.flush()
            shutil.copyfile(self.path, destination)
            return self.lines

    def text(self):
        """Tout le journal de la séance (pour les tests et les petites séances)."""
        self.flush()
        with self._lock:
            self._handle.flush()
            with open(self.path, encoding="utf-8", newline="") as handle:
                return handle.read()

    def start_new(self):
        """Une nouvelle séance commence (« Effacer ») : un nouveau fichier.
        L'ancien reste dans le dossier, parmi les ``KEPT_SESSIONS`` derniers."""
        self.flush()
        with self._lock:
            self._handle.close()
            self._open_new()
        self._forget_old()

    def close(self):
        self._pending.put(None)
        self._writer.join(5.0)
        with self._lock:
            if not self._handle.closed:
                self._handle.close()

    # -- le fil d'écriture ------------------------------------------------------------
    def _write_loop(self):
        last_sync = time.monotonic()
        while True:
            items = [self._pending.get()]        # on attend le premier paquet…
            while True:
                try:
                    items.append(self._pending.get_nowait())   # … et on prend tout ce qui suit
                except queue.Empty:
                    break
            texts = [item for item in items if isinstance(item, str)]
            if texts:
                last_sync = self._write_batch("".join(texts), last_sync)
            for item in items:
                if isinstance(item, tuple):      # un repère de flush() : c'est écrit
                    item[0].set()
            if None in items:                    # close()
                return

    def _write_batch(self, text, last_sync):
        with self._lock:
            if self.dropped:
                text = ("… %d paquets de lignes non écrits ici : le disque ne suivait pas.\n"
                        % self.dropped) + text
                self.dropped = 0
            if self.full:
                return last_sync
            try:
                size = len(text.encode("utf-8", errors="replace"))
                if self._bytes + size > MAX_FILE_BYTES:
                    self.full = True
                    text = ("… journal de la séance plein (%d lignes) : la suite s'affiche "
                            "encore mais n'est plus écrite.\n" % self.lines)
                    size = len(text.encode("utf-8"))
                self._handle.write(text)
                self._bytes += size
                self._handle.flush()
                self.lines += text.count("\n")
                if time.monotonic() - last_sync > SYNC_SECONDS:
                    os.fsync(self._handle.fileno())
                    last_sync = time.monotonic()
            except (OSError, ValueError):
                pass   # disque plein ou retiré : l'écran continue, le fichier attendra
        return last_sync

    # -- les fichiers -------------------------------------------------------------------
    def _open_new(self):
        self._handle, self.path = open_fresh(self.folder, PREFIX, ".txt", newline="")
        self.lines = 0
        self._bytes = 0
        self.full = False

    def _forget_old(self):
        forget_old(self.folder, PREFIX, ".txt", KEPT_SESSIONS, self.path)


def open_fresh(folder, prefix, suffix, newline):
    """Un nouveau fichier de séance dans ``folder`` (``prefix`` + date + n° + ``suffix``),
    jamais par-dessus un autre ; rend (fichier ouvert, chemin)."""
    stamp = time.strftime("%Y-%m-%d-%Hh%Mm%S")
    for number in range(1, 1000):
        path = os.path.join(folder, "%s%s-%d%s" % (prefix, stamp, number, suffix))
        try:
            return open(path, "x", encoding="utf-8", errors="replace", newline=newline), path
        except FileExistsError:
            continue
    raise FileExistsError(path)


def forget_old(folder, prefix, suffix, kept, current):
    """Supprime les fichiers de séance les plus anciens de ``folder`` : les ``kept`` derniers
    restent, et ``current`` (celui qu'on écrit) toujours."""
    try:
        names = sorted(name for name in os.listdir(folder)
                       if name.startswith(prefix) and name.endswith(suffix))
    except OSError:
        return
    for name in names[:-kept]:
        if os.path.join(folder, name) != current:
            try:
                os.remove(os.path.join(folder, name))
            except OSError:
                pass

def is_inside(path, folder):
    """Vrai si ``path`` est dans ``folder`` (ou l'un de ses sous-dossiers), liens résolus."""
    try:
        path, folder = os.path.realpath(path), os.path.realpath(folder)
        return os.path.commonpath([path, folder]) == folder
    except ValueError:   # Windows : deux lecteurs différents
        return False


def save_folder(served):
    """Où proposer d'enregistrer : les Documents de l'utilisateur (ou son dossier
    personnel), jamais le dossier servi."""
    home = os.path.expanduser("~")
    for folder in (os.path.join(home, "Documents"), home, tempfile.gettempdir()):
        if os.path.isdir(folder) and not is_inside(folder, served):
            return folder
    return None
