"""La ligne de commande : un serveur sans fenêtre, qui raconte dans le terminal.

    python3 -m serveur --mode get-post --port 8081
    python3 -m serveur --mode get --port 8080 --dossier ~/Documents/site
    python3 -m serveur --mode get-post --https      # chiffré : https://127.0.0.1:8081/
    python3 -m serveur --hote 0.0.0.0               # réseau local : un code de la classe tiré
    python3 -m serveur --code 4821 --limite 50      # code et débit pour tous (admission.py)

Les lignes affichées sont exactement celles du panneau (même formateur).
Ctrl+C arrête le serveur proprement. De mauvais arguments donnent un message
en français et le code de sortie 2.

Le terminal ne fait jamais tomber le serveur :

- une sortie fermée, pleine, ou dont le lecteur est parti (``pythonw``, ``> /dev/full``,
  ``| head -1``) : on cesse d'écrire, le serveur continue, Ctrl+C l'arrête
  proprement (``Output``) ;
- un terminal plus lent que le serveur (cent clients qui envoient des formulaires) :
  au plus ``MAX_WAITING`` événements, et ``MAX_WAITING_BYTES`` octets d'événements
  (leur poids, ``events.weight``), attendent d'être affichés ; au-delà, ils sont
  comptés et jetés, et une ligne dit combien (``TerminalReport``). La mémoire
  reste bornée ;
- une console qui ne sait pas écrire un caractère (« é », l'espace insécable
  d'avant « : ») écrit « ? » ou une espace, au lieu de planter.
"""

import argparse
import codecs
import os
import re
import signal
import sys
import textwrap
import threading
import time

from .admission import command_line_rules
from .class_code import clean_code
from .controller import DEFAULT_HOST, Controller, StartError
from .explanations import Explainer
from .formatter import format_lines
from .french import say, typography
from .modes import DEFAULT_MODE, MODES
from .outbox import Outbox
from .student_wording import student_details
from .wording import PORT_RANGE

MAX_WAITING = 2000    # événements en attente d'affichage, au plus (au-delà : comptés, jetés)
MAX_WAITING_BYTES = 16 * 1024 * 1024   # et leur poids, au plus : 16 Mio (un événement ordinaire
                                       # pèse 4 à 6 Kio, un événement au pire 320 Kio)
BATCH = 500           # événements écrits ensemble, au plus (une seule écriture)
WAIT_SECONDS = 0.2    # attente d'un événement : assez courte pour que Ctrl+C reste réactif
PACE_SECONDS = 0.02   # la file vidée, on laisse le paquet suivant se former (50 écritures/s)
CODE_FOR = ("à donner aux postes du réseau local ; cet ordinateur n'a pas à le taper",
            "demandé à chaque client, cet ordinateur compris")
ERRORS = "panneau-serveur"   # la façon d'écrire un caractère que la console ne connaît pas

# Les messages d'argparse sont en anglais : on traduit ceux qui peuvent arriver.
_TRANSLATIONS = tuple((english, typography(french)) for english, french in (
    (r"^unrecognized arguments: (.*)$", r"arguments inconnus : \1"),
    (r"^argument (\S+): expected one argument$", r"l'option \1 attend une valeur"),
    (r"^argument (\S+): invalid choice: (.*) \(choose from (.*)\)$",
     r"valeur \2 invalide pour \1 (choisir parmi \3)"),
    (r"^argument (\S+): (.*)$", r"option \1 : \2"),
))


def _write_what_can_be(error):
    """Un caractère que la console ne sait pas écrire : une espace ordinaire pour nos
    espaces insécables, « ? » pour le reste."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start:error.end]
    return "".join(" " if char in "\u00a0\u202f" else "?" for char in chunk), error.end


codecs.register_error(ERRORS, _write_what_can_be)


class Output:
    """Une sortie (``sys.stdout``, ``sys.stderr``) qui ne fait jamais tomber le serveur.

    ``pythonw`` n'en donne aucune (``None``) ; une sortie fermée, pleine ou dont le
    lecteur est parti lève ``OSError``. Dans ces cas, on cesse d'écrire (``working``
    devient faux) et le descripteur est branché sur ``os.devnull`` : à la fin du
    programme, Python vide encore ``sys.stdout``, et une erreur à ce moment-là
    afficherait « Exception ignored… » et changerait le code de sortie.
    """

    def __init__(self, stream):
        self.stream = stream
        self.working = stream is not None
        self.writing = False   # en train d'écrire (peut-être bloqué : Ctrl+C l'interrompt)

    def write(self, text):
        if not self.working:
            return
        self.writing = True
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError, AttributeError):   # ValueError : flux fermé
            self.working = False
            self._silence()
        finally:
            self.writing = False

    def _silence(self):
        try:
            with open(os.devnull, "wb") as devnull:
                os.dup2(devnull.fileno(), self.stream.fileno())
        except (OSError, ValueError, AttributeError):
            pass


class TerminalReport:
    """Le pont entre les fils du serveur (``report``) et le fil principal, seul à
    écrire (``write_next``) : une file bornée à ``limit`` événements et à ``budget``
    octets (``outbox.py`` : au-delà, comptés et jetés, et une ligne dit combien
    n'ont pas été affichés, là où ils manquent).
    """

    def __init__(self, output, explain=True, limit=MAX_WAITING, budget=MAX_WAITING_BYTES):
        self.output = output
        self.explain = explain
        self._outbox = Outbox(limit, budget, reader="terminal")
        self._taken = []   # le paquet pris dans la file, pas encore écrit
        self._explainer = Explainer()

    @property
    def waiting_bytes(self):
        """Le poids des événements qui attendent d'être écrits."""
        return self._outbox.waiting_bytes

    def report(self, event):
        self._outbox.put(event)   # ne bloque jamais un fil du serveur

    def write_next(self, timeout=None):
        """Écrit les événements qui attendent, au plus ``BATCH`` (en attendant le premier
        au plus ``timeout`` secondes) ; rend combien, ou faux s'il n'y en avait pas.

        Un paquet, une seule écriture : sous une averse, chaque écriture est un appel
        système qui rend le verrou de Python aux fils du serveur puis doit le reprendre."""
        if not self._taken:
            self._taken = self._outbox.take(BATCH, timeout if timeout else 0)
            if not self._taken:
                return False
        # Un Ctrl+C pendant l'écriture laisse le paquet dans ``_taken`` : write_waiting,
        # à l'arrêt, l'écrit encore (la dernière requête servie n'est pas perdue).
        if self.output.working:   # sinon, personne ne lit : on vide seulement la file
            self.output.write("".join(self._text_of(event) for event in self._taken))
        written, self._taken = len(self._taken), []
        return written

    def write_waiting(self):
        """Écrit tout ce qui attend encore (à l'arrêt)."""
        while self.write_next():
            pass

    def _text_of(self, event):
        try:
            text = format_lines(event)
            notes = self._explainer.notes(event)
            if notes and self.explain:
                text += "\n".join(notes) + "\n"
            return text
        except Exception as exc:   # un événement inattendu n'arrête jamais le serveur
            return say("impossible d'afficher un événement (%s : %s)\n", type(exc).__name__, exc)


class FrenchHelpFormatter(argparse.HelpFormatter):
    """L'aide d'argparse en français : « utilisation : », des titres à la française."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = typography("utilisation : ")
        super().add_usage(usage, actions, groups, prefix)

    def _split_lines(self, text, width):
        # Jamais de coupure après un trait d'union : « get-post » se tape d'un seul morceau.
        text = re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()   # pas \s : l'espace insécable reste
        return textwrap.wrap(text, width, break_on_hyphens=False)

    def start_section(self, heading):
        # argparse écrit « titre: » ; on donne au titre l'espace insécable d'avant « : ».
        super().start_section(typography(heading + " :")[:-1])


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse, mais les erreurs sont en français (et le code de sortie reste 2)."""

    def error(self, message):
        for english, french in _TRANSLATIONS:
            translated, count = re.subn(english, french, message)
            if count:
                message = translated
                break
        self.print_usage(sys.stderr)
        self.exit(2, say("Erreur : %s\nAide : python3 -m serveur --aide\n", message))

    def _print_message(self, message, file=None):
        if message:
            Output(file or sys.stderr).write(message)   # même sans sortie (pythonw)


def build_parser():
    parser = FrenchArgumentParser(
        prog="python3 -m serveur", add_help=False, formatter_class=FrenchHelpFormatter,
        description=typography("Démarre un petit serveur HTTP qui raconte en français chaque "
                               "requête reçue et chaque réponse envoyée."))
    modes_help = " ; ".join("%s : %s" % (mode.name, mode.description) for mode in MODES.values())
    parser.add_argument("--mode", choices=list(MODES), default=DEFAULT_MODE, metavar="MODE",
                        help=typography("%s (par défaut : %s)" % (modes_help, DEFAULT_MODE)))
    defaults = ", ".join("%d en mode %s" % (mode.default_port, mode.name)
                         for mode in MODES.values())
    parser.add_argument("--port", default=None, metavar="PORT",
                        help=typography("numéro de port, %s (par défaut : %s) ; 0 : un port "
                                        "libre choisi par le système" % (PORT_RANGE, defaults)))
    parser.add_argument("--dossier", default=None, metavar="DOSSIER",
                        help=typography("dossier servi (par défaut : celui de panneau.py)"))
    parser.add_argument("--fichier", default=None, metavar="FICHIER",
                        help=typography("mode mon-serveur : votre fichier Python (une classe "
                                        "BaseHTTPRequestHandler avec do_GET, do_POST)"))
    parser.add_argument("--hote", default=DEFAULT_HOST, metavar="ADRESSE",
                        help=typography("adresse d'écoute (par défaut : 127.0.0.1, cet "
                                        "ordinateur seulement ; 0.0.0.0 pour tout le réseau "
                                        "local)"))
    parser.add_argument("--https", action="store_true",
                        help=typography("chiffrer (HTTPS) avec le certificat de démonstration "
                                        "du dossier certificat/ : le navigateur avertira, le "
                                        "journal dit pourquoi et comment continuer"))
    parser.add_argument("--code", default=None, metavar="CODE",
                        help=typography("code de la classe (4 à 6 chiffres) demandé à chaque "
                                        "client, cet ordinateur compris ; sans lui, un serveur "
                                        "ouvert au réseau local en tire un au hasard pour les "
                                        "autres postes"))
    parser.add_argument("--sans-code", action="store_true",
                        help=typography("aucun code de la classe, même sur le réseau local"))
    parser.add_argument("--limite", default=None, metavar="N",
                        help=typography("au plus N requêtes par seconde par client, cet "
                                        "ordinateur compris (0 : aucune limite ; par défaut, "
                                        "50 pour les postes du réseau local seulement)"))
    parser.add_argument("--sans-explications", action="store_true",
                        help=typography("ne pas ajouter les lignes « À savoir » pour débutants"))
    parser.add_argument("-h", "--aide", "--help", action="help",
                        help="afficher cette aide et quitter")
    parser._optionals.title = "options"
    return parser


def _admit(parser, controller, args):
    """Les règles d'entrée (code de la classe, débit) données au contrôleur ; rend le code
    à afficher ("" : aucun). Le serveur d'un élève répond lui-même : pas de code."""
    code = clean_code(args.code) if args.code is not None else None
    if args.code is not None and code is None:
        parser.error(typography("le code de la classe a de 4 à 6 chiffres : --code 4821"))
    limit = args.limite
    if limit is not None and not (limit.isdigit() and int(limit) <= 100000):
        parser.error(typography("--limite attend un nombre de requêtes par seconde (0 à 100000)"))
    rules = command_line_rules(args.hote, code, args.sans_code, limit and int(limit))
    controller.admit(rules)
    return "" if MODES[args.mode].needs_file else rules.code


def _catch_ctrl_c(output):
    """Ctrl+C demande l'arrêt : la boucle principale le voit au plus tard à la fin de son
    attente (``WAIT_SECONDS``). Pas d'exception lancée n'importe où : un
    ``KeyboardInterrupt`` tombé au milieu d'un ``with verrou:`` de la file laisserait le
    verrou pris, et l'arrêt l'attendrait pour toujours. Seule une écriture bloquée (une
    sortie pleine que personne ne lit) est interrompue, hors de tout verrou."""
    stop = threading.Event()

    def on_ctrl_c(signum, frame):
        stop.set()
        if output.writing:
            raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGINT, on_ctrl_c)
    except (ValueError, OSError):   # pas dans le fil principal : KeyboardInterrupt ordinaire
        pass
    return stop


def _ignore_ctrl_c():
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):   # pas dans le fil principal (tests) : rien à faire
        pass


def main(argv=None):
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors=ERRORS)
            except (OSError, ValueError):
                pass
    out, err = Output(sys.stdout), Output(sys.stderr)
    parser = build_parser()
    args = parser.parse_args(argv)
    if MODES[args.mode].needs_file and not args.fichier:
        parser.error(typography("le mode %s demande votre fichier Python : --fichier "
                                "mon_serveur.py" % args.mode))
    port = args.port if args.port is not None else MODES[args.mode].default_port

    # Les événements arrivent de plusieurs fils : une file d'attente les remet
    # en ordre dans le fil principal, qui est le seul à écrire.
    terminal = TerminalReport(out, explain=not args.sans_explications)
    if MODES[args.mode].needs_file:
        # Le code d'un élève tourne dans son propre processus (process.py, isolation.py) :
        # une boucle sans fin ne bloque pas Ctrl+C, os._exit ne ferme pas le terminal.
        from .process import ProcessController
        controller = ProcessController(report=terminal.report)
        options = {"student_file": args.fichier}
    else:
        controller, options = Controller(report=terminal.report), {}
    code = _admit(parser, controller, args)
    try:
        controller.start(args.mode, port, args.dossier, args.hote, https=args.https, **options)
        if code:   # à projeter : jamais dans le journal (qui écrit ••••)
            out.write(say("Code de la classe : %s   (%s)\n", code, CODE_FOR[args.code is not None]))
    except StartError as exc:
        err.write(say("Erreur : %s\n", exc))
        for line in student_details(exc.fact, exc.values):   # la ligne fautive et son ^
            err.write("   " + line + "\n")
        if hasattr(controller, "close"):
            controller.close()
        return 2
    try:
        stop = _catch_ctrl_c(out)
        while not stop.is_set():
            if 0 < terminal.write_next(timeout=WAIT_SECONDS) < BATCH:
                # Réveiller ce fil à chaque événement coûte plus que de l'écrire : sous une
                # averse, trois réveils par requête, chacun prend le verrou de Python aux fils du
                # serveur. La file vidée, le paquet suivant se forme (en retard, on continue).
                # time.sleep, pas stop.wait : Ctrl+C dans le verrou de l'Event le bloquerait.
                time.sleep(PACE_SECONDS)
        out.write(typography("\nCtrl+C : arrêt demandé.\n"))
    except KeyboardInterrupt:
        out.write(typography("\nCtrl+C : arrêt demandé.\n"))
    finally:
        _ignore_ctrl_c()   # un second Ctrl+C n'interrompt pas l'arrêt en route
        controller.stop()
        if hasattr(controller, "close"):
            controller.close()
        terminal.write_waiting()
    return 0
