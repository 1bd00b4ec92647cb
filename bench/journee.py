"""Une journée de classe entière à travers la vraie fenêtre : la mémoire reste-t-elle plate ?

    xvfb-run -a python3 bench/journee.py [--requetes 200000] [--clients 35] [--pas 10000]
                                         [--paquet 1000] [--meme-processus] [--traces]

Le panneau est construit comme le fait ``panneau.py`` (``Panneau(root,
controller_factory=window_controller)`` : le serveur dans son propre processus),
mais avec ses réglages et son journal de séance dans un dossier temporaire (le
dossier de données de l'utilisateur n'est pas touché), puis démarré par son
bouton « Démarrer » sur un port libre. ``--meme-processus`` met le serveur dans
le processus de la fenêtre, pour comparer.

Un *autre processus* client envoie les requêtes par paquets de ``--paquet`` :
``--clients`` fils, chacun sur sa connexion gardée ouverte d'un paquet à
l'autre (keep-alive, comme un navigateur), moitié ``GET /ressource.html``,
moitié POST du formulaire. Après chaque paquet, le banc attend que la fenêtre
ait compté toutes les requêtes reçues et vidé sa boîte aux lettres : l'averse
va aussi vite que la fenêtre suit, sans dépasser ses boîtes bornées (un paquet
bien plus gros qu'elles, envoyé plus vite que la fenêtre n'affiche, ferait
jeter des événements, et le journal le dirait).

La boucle de Tk tourne dans le fil principal du banc. Toutes les ``--pas``
requêtes, une ligne : requêtes comptées, mémoire résidente (RSS) du processus
de la fenêtre, de ses processus enfants (le serveur ; client du banc exclu) et
de l'ensemble, lignes du journal à l'écran, taille du journal de la séance,
temps écoulé.

À la fin, une ligne par mesure, ``nom: valeur (objectif …)`` :

- croissance de la mémoire de l'ensemble (fenêtre et serveur) entre la mesure
  après 10 000 requêtes et la fin (objectif : au plus 15 Mo) ;
- pente de la mémoire sur la seconde moitié (moindres carrés, en Mo par
  10 000 requêtes ; objectif : à peu près nulle, au plus 0,5 ; jugée à partir
  de 5 mesures sur cette moitié, sinon donnée pour information) ;
- requêtes comptées par le panneau (objectif : toutes, ni plus ni moins que
  les réponses reçues par le client) ;
- puis la fonction qui est derrière « Enregistrer… » (``Panneau.save_log``,
  sans la boîte de dialogue) copie le journal de la séance dans un dossier
  temporaire, et le banc relit la copie : autant de lignes que le journal de
  la séance, une ligne « j'ai reçu une requête … (requête n°N) » pour chaque
  requête, de n°1 à la dernière, sans trou ni double.

Code de sortie 0 si tous les objectifs sont atteints, 1 sinon.

``--traces`` (débogage) : ``tracemalloc`` photographie la mémoire de Python
après la première mesure qui dépasse 10 000 requêtes et à la fin, et montre
les 15 lignes de code dont la part a le plus grandi (la mémoire de Tk, en C,
n'y figure pas ; seul le processus de la fenêtre est suivi : avec
``--meme-processus``, le serveur l'est aussi). Le banc est alors bien plus lent.
"""

import argparse
import http.client
import os
import platform
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from mesures import proc_status

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, PROJECT)

FORM_BODY = b"nom=Frodon+Sacquet&message=Bonjour+%C3%A0+tous&classe=premiere&langage=Python"
FIRST_STEP = 10000           # la référence : la mémoire après les 10 000 premières requêtes
GOAL_GROWTH_MB = 15.0        # au plus 15 Mo de plus ensuite, jusqu'à la fin
GOAL_SLOPE_MB = 0.5          # au plus 0,5 Mo par 10 000 requêtes sur la seconde moitié…
MIN_SLOPE_POINTS = 5         # … jugée sur 5 mesures au moins (avant : l'échauffement domine)
WAIT_COUNTED_SECONDS = 120   # attente au plus que la fenêtre ait tout compté, après un paquet…
QUIET_SECONDS = 3            # … ou que rien ne bouge plus depuis 3 s (des événements jetés)
REQUEST_LINE = re.compile(r"j'ai reçu une requête de type \S+ de la part du client .*"
                          r" \(requête n°([0-9]+)\)$")


# -- le processus client ------------------------------------------------------------------
def client(port, threads):
    """Lit sur stdin un nombre de requêtes par ligne (0 : fin) ; pour chacun, ``threads``
    fils les envoient ensemble, puis une ligne sur stdout : réponses reçues, requêtes sans
    réponse, requêtes renvoyées sur une connexion neuve, durée."""
    connections = [None] * threads
    turns = [0] * threads        # GET et POST en alternance, d'un paquet à l'autre

    def connect():
        return http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def work(index, count, tally):
        answered = failed = retried = 0
        connection = connections[index] or connect()
        for _ in range(count):
            post = (turns[index] + index) % 2
            turns[index] += 1
            for attempt in (1, 2):
                try:
                    if post:
                        connection.request("POST", "/", body=FORM_BODY, headers={
                            "Content-Type": "application/x-www-form-urlencoded"})
                    else:
                        connection.request("GET", "/ressource.html")
                    response = connection.getresponse()
                    response.read()
                    answered += 1
                    if response.status != 200:
                        failed += 1
                    break
                except (OSError, http.client.HTTPException):
                    # Connexion fermée par le serveur (gardien, délai) : on en ouvre une
                    # neuve et on renvoie une fois, comme un navigateur.
                    connection.close()
                    connection = connect()
                    if attempt == 1:
                        retried += 1
                    else:
                        failed += 1
        connections[index] = connection
        tally[index] = (answered, failed, retried)

    for line in sys.stdin:
        total = int(line)
        if total <= 0:
            break
        shares = [total // threads + (1 if n < total % threads else 0) for n in range(threads)]
        tally = [(0, 0, 0)] * threads
        workers = [threading.Thread(target=work, args=(n, shares[n], tally))
                   for n in range(threads)]
        start = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        elapsed = time.perf_counter() - start
        print("%d %d %d %.6f" % (sum(t[0] for t in tally), sum(t[1] for t in tally),
                                 sum(t[2] for t in tally), elapsed), flush=True)
    for connection in connections:
        if connection is not None:
            connection.close()


# -- la mémoire -------------------------------------------------------------------------------
def rss_kib(pid="self"):
    """Mémoire résidente actuelle d'un processus, en Kio (``/proc``) ; None si illisible."""
    return proc_status(pid).get("VmRSS")


def peak_rss_kib():
    """Repli sans ``/proc`` : la mémoire résidente *maximale* (pas l'actuelle)."""
    try:
        import resource
    except ImportError:   # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def descendants(root_pid, excluded):
    """Les processus descendants de ``root_pid`` (hors ``excluded`` et leurs enfants),
    trouvés en lisant le PPid de chaque ``/proc/*/stat``."""
    children = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return []
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [root_pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in excluded:
                found.append(child)
                todo.append(child)
    return found


def memory_mb(excluded):
    """(mémoire de la fenêtre, de ses enfants, de l'ensemble) en Mo, et la source."""
    own = rss_kib()
    if own is None:
        peak = peak_rss_kib()
        value = float("nan") if peak is None else peak / 1024
        return value, float("nan"), value, "maximum du processus de la fenêtre (resource)"
    children = sum(rss_kib(pid) or 0 for pid in descendants(os.getpid(), excluded))
    return own / 1024, children / 1024, (own + children) / 1024, "VmRSS de /proc"


def slope(points):
    """Pente des moindres carrés de ``points`` [(x, y)] ; nan s'il y en a moins de deux."""
    if len(points) < 2:
        return float("nan")
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if not spread:
        return float("nan")
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def fr(value, digits=1):
    """Un nombre décimal à la française : virgule décimale."""
    return ("%.*f" % (digits, value)).replace(".", ",")


# -- la copie enregistrée -----------------------------------------------------------------
def check_copy(path, expected):
    """Relit la copie : ses lignes, et les numéros des lignes « j'ai reçu une requête »."""
    seen = bytearray(expected + 2)
    lines = requests = doubles = beyond = late = highest = 0
    markers = {"plein": 0, "non_ecrits": 0, "perdus": 0}   # ce que le journal dit avoir perdu
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        for line in handle:
            lines += 1
            if "requête n°" in line:
                found = REQUEST_LINE.search(line.rstrip("\n"))
                if found:
                    requests += 1
                    number = int(found.group(1))
                    if number < highest:
                        late += 1   # arrivée après une requête de numéro plus grand
                    highest = max(highest, number)
                    if number < 1 or number > expected:
                        beyond += 1
                    elif seen[number]:
                        doubles += 1
                    else:
                        seen[number] = 1
            if "journal de la séance plein" in line:
                markers["plein"] += 1
            if "paquets de lignes non écrits" in line:
                markers["non_ecrits"] += 1
            if "n'a pas suivi" in line or "événements perdus" in line:
                markers["perdus"] += 1
    missing = sum(1 for number in range(1, expected + 1) if not seen[number])
    return {"lines": lines, "requests": requests, "doubles": doubles, "beyond": beyond,
            "late": late,
            "missing": missing, "first": expected >= 1 and bool(seen[1]),
            "last": expected >= 1 and bool(seen[expected]), "markers": markers}


# -- tracemalloc (--traces) ---------------------------------------------------------------
def snapshot():
    import tracemalloc
    return tracemalloc.take_snapshot().filter_traces((
        tracemalloc.Filter(False, tracemalloc.__file__),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
        tracemalloc.Filter(False, "<unknown>")))


def show_growth(before, after):
    stats = after.compare_to(before, "lineno")
    print("traces_memoire_de_python_kio: %s après %d requêtes, %s à la fin (%+.1f ; ce que "
          "tracemalloc suit : les objets de Python, pas Tk ni l'allocateur)" % (
              fr(sum(stat.size for stat in before.statistics("filename")) / 1024),
              before.requests, fr(sum(stat.size for stat in after.statistics("filename")) / 1024),
              sum(stat.size_diff for stat in stats) / 1024))
    print("traces_avertissement: tracemalloc et sa photographie gardée pèsent eux-mêmes dans la "
          "mémoire résidente : sous --traces, les objectifs de mémoire ne valent rien")
    print("traces: les 15 lignes de Python dont la mémoire a le plus grandi "
          "(après %d requêtes → fin)" % before.requests)
    for stat in stats[:15]:
        frame = stat.traceback[0]
        print("trace: %s:%d  %+.1f Kio (%s Kio en tout, %+d blocs)" % (
            os.path.relpath(frame.filename, PROJECT) if frame.filename.startswith(PROJECT)
            else frame.filename, frame.lineno, stat.size_diff / 1024,
            fr(stat.size / 1024), stat.count_diff))
    grouped = after.compare_to(before, "traceback")
    for stat in grouped[:5]:
        print("trace_pile: %+.1f Kio, %+d blocs, alloués par :" % (stat.size_diff / 1024,
                                                                    stat.count_diff))
        for line in stat.traceback.format(limit=8, most_recent_first=True):
            print("trace_pile:   " + line.strip())


# -- la fenêtre ------------------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description="Une journée de classe à travers la fenêtre.")
    parser.add_argument("--requetes", type=int, default=200000,
                        help="requêtes en tout (défaut : 200000)")
    parser.add_argument("--clients", type=int, default=35, help="fils clients (défaut : 35)")
    parser.add_argument("--pas", type=int, default=10000,
                        help="une mesure toutes les PAS requêtes (défaut : 10000)")
    parser.add_argument("--paquet", type=int, default=1000,
                        help="requêtes envoyées avant d'attendre que la fenêtre suive "
                             "(défaut : 1000)")
    parser.add_argument("--meme-processus", action="store_true",
                        help="le serveur dans le processus de la fenêtre (pour comparer)")
    parser.add_argument("--traces", action="store_true",
                        help="débogage : ce qui grandit, selon tracemalloc (bien plus lent)")
    parser.add_argument("--client", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client(*args.client)
        return 0
    if min(args.requetes, args.clients, args.pas, args.paquet) < 1:
        parser.error("--requetes, --clients, --pas et --paquet doivent être positifs")
    if args.traces:
        import tracemalloc
        tracemalloc.start(10)

    import tkinter as tk
    import panneau
    from serveur.controller import Controller
    from serveur.process import window_controller

    folder = tempfile.mkdtemp(prefix="banc-journee-")
    root = tk.Tk()
    root.geometry("980x680")
    panel = panneau.Panneau(root, settings_path=os.path.join(folder, "reglages.json"),
                            journal_folder=os.path.join(folder, "journaux"),
                            controller_factory=Controller if args.meme_processus
                            else window_controller)
    root.update()
    panel.controls.port.set("0")
    panel.controls.start_button.invoke()
    if panel.state != panneau.RUNNING_STATE:
        print("erreur: le panneau n'a pas démarré son serveur", file=sys.stderr)
        return 1
    port = panel.controller.port

    process = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--client", str(port), str(args.clients)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    replies = queue.Queue()

    def read_replies():   # un fil qui ne touche pas à Tk : il lit le client, c'est tout
        for line in process.stdout:
            replies.put(line.decode("ascii").split())
        replies.put(None)

    threading.Thread(target=read_replies, daemon=True).start()

    print("machine: %d cœurs, %s, Python %s, Tk %s" % (
        os.cpu_count() or 0, platform.platform(), sys.version.split()[0], tk.TkVersion))
    print("reglages: %d requêtes, %d fils clients, paquets de %d, une mesure toutes les %d "
          "requêtes%s" % (args.requetes, args.clients, args.paquet, args.pas,
                          ", tracemalloc en marche" if args.traces else ""))
    print("serveur: %s" % ("dans son propre processus (comme panneau.py)"
                           if type(panel.controller).__name__ == "ProcessController"
                           else "dans le processus de la fenêtre"))
    excluded = {process.pid}
    state = {"ordered": 0, "answered": 0, "failed": 0, "retried": 0, "sending": 0.0,
             "phase": None, "since": 0.0, "late": 0, "points": [], "problem": None,
             "before": None, "seen": -1, "moved": 0.0, "next_measure": args.pas}
    start = time.perf_counter()

    def measure():
        panel.session.flush(5.0)
        window_mb, children_mb, total_mb, source = memory_mb(excluded)
        shown = int(panel.log.text.index("end-1c").split(".")[0])
        try:
            size = os.path.getsize(panel.session.path) / 1e6
        except OSError:
            size = float("nan")
        state["source"] = source
        state["points"].append((panel.request_count, window_mb, total_mb))
        print("mesure: %6d requêtes comptées, fenêtre %s Mo, serveur %s Mo, en tout %s Mo, "
              "%d ligne%s à l'écran, journal de la séance %s Mo (%d lignes), %s s" % (
                  panel.request_count, fr(window_mb), fr(children_mb), fr(total_mb), shown,
                  "s" if shown > 1 else "", fr(size), panel.session.lines, fr(time.perf_counter() - start)), flush=True)
        if args.traces and state["before"] is None and panel.request_count >= FIRST_STEP:
            state["before"] = snapshot()
            state["before"].requests = panel.request_count

    def send_next():
        if state["ordered"] >= args.requetes:
            process.stdin.write(b"0\n")
            process.stdin.flush()
            state["phase"] = "fin"
            root.quit()
            return
        chunk = min(args.paquet, args.requetes - state["ordered"],
                    state["next_measure"] - state["ordered"])
        state["ordered"] += chunk
        process.stdin.write(b"%d\n" % chunk)
        process.stdin.flush()
        state["phase"] = "envoi"

    def watch():
        if state["phase"] == "envoi":
            try:
                reply = replies.get_nowait()
            except queue.Empty:
                reply = False
            if reply is None:
                state["problem"] = "le processus client s'est arrêté avant la fin"
                state["phase"] = "fin"
                root.quit()
                return
            if reply:
                state["answered"] += int(reply[0])
                state["failed"] += int(reply[1])
                state["retried"] += int(reply[2])
                state["sending"] += float(reply[3])
                state["phase"], state["since"] = "attente", time.monotonic()
        elif state["phase"] == "attente":
            now = time.monotonic()
            if panel.request_count != state["seen"]:
                state["seen"], state["moved"] = panel.request_count, now
            # Tout compté, boîte vide, et plus rien qui bouge depuis 0,1 s (des événements
            # peuvent encore être dans le tuyau du processus du serveur).
            counted = (panel.request_count >= state["answered"] and panel.events.empty()
                       and now - state["moved"] >= 0.1)
            stuck = (now - state["since"] > WAIT_COUNTED_SECONDS
                     or (panel.events.empty() and now - state["moved"] > QUIET_SECONDS))
            if counted or stuck:
                if not counted:
                    state["late"] += 1
                if state["ordered"] >= state["next_measure"] or \
                        state["ordered"] >= args.requetes:
                    measure()
                    state["next_measure"] = state["ordered"] + args.pas
                send_next()
        if state["phase"] != "fin":
            root.after(20, watch)

    measure()
    send_next()
    root.after(20, watch)
    root.mainloop()
    process.wait(30)
    total_elapsed = time.perf_counter() - start

    # -- les objectifs ------------------------------------------------------------------
    points = state["points"]
    missed = []   # les noms des objectifs manqués

    def goal(name, ok):
        if not ok:
            missed.append(name)

    if state["problem"]:
        print("erreur: %s" % state["problem"])
        missed.append("erreur")
    reference = next((p for p in points if p[0] >= FIRST_STEP), None)
    last = points[-1]
    print("source_memoire: %s (« en tout » : la fenêtre et ses processus enfants, dont le "
          "serveur ; client du banc exclu)" % state.get("source"))
    print("duree_totale_s: %s (dont %s s d'envoi par le client)" % (
        fr(total_elapsed), fr(state["sending"])))
    print("requetes_par_seconde: %s" % fr(state["answered"] / state["sending"]
                                          if state["sending"] else float("nan"), 0))
    print("requetes_envoyees: %d (objectif %d)" % (state["answered"], args.requetes))
    goal("requetes_envoyees", state["answered"] == args.requetes and state["failed"] == 0)
    print("requetes_en_echec: %d (objectif 0)" % state["failed"])
    print("requetes_renvoyees_sur_une_connexion_neuve: %d (connexion gardée fermée par le "
          "serveur ; pour information)" % state["retried"])
    goal("requetes_comptees_par_le_panneau", panel.request_count == state["answered"])
    print("requetes_comptees_par_le_panneau: %d (objectif %d, toutes)" % (
        panel.request_count, state["answered"]))
    if state["late"]:
        print("paquets_pas_tous_comptes: %d (la fenêtre n'a plus rien compté pendant %d s)" % (
            state["late"], QUIET_SECONDS))
    print("memoire_au_depart_mo: %s (en tout ; fenêtre %s)" % (fr(points[0][2]),
                                                               fr(points[0][1])))
    if reference is None:
        print("croissance_memoire_mo: non mesurée (moins de %d requêtes)" % FIRST_STEP)
        missed.append("croissance_memoire_mo")
    else:
        growth = last[2] - reference[2]
        goal("croissance_memoire_mo", growth <= GOAL_GROWTH_MB)
        print("memoire_apres_%d_requetes_mo: %s (en tout ; fenêtre %s)" % (
            reference[0], fr(reference[2]), fr(reference[1])))
        print("memoire_a_la_fin_mo: %s (en tout, après %d requêtes ; fenêtre %s)" % (
            fr(last[2]), last[0], fr(last[1])))
        print("croissance_memoire_mo: %s (objectif ≤ %s, de %d requêtes à la fin ; fenêtre "
              "seule %s)" % (fr(growth), fr(GOAL_GROWTH_MB, 0), reference[0],
                             fr(last[1] - reference[1])))
    half = [(p[0] / 10000, p[2]) for p in points if p[0] >= last[0] / 2]
    rate = slope(half)
    if rate == rate and len(half) >= MIN_SLOPE_POINTS:   # pas nan, assez de mesures
        goal("pente_memoire_mo_par_10000_requetes", rate <= GOAL_SLOPE_MB)
        print("pente_memoire_mo_par_10000_requetes: %s (objectif ≈ 0, au plus %s ; moindres "
              "carrés sur la seconde moitié, %d mesures)" % (fr(rate, 2), fr(GOAL_SLOPE_MB),
                                                              len(half)))
    elif rate == rate:
        print("pente_memoire_mo_par_10000_requetes: %s (pour information : %d mesures sur la "
              "seconde moitié, il en faut %d pour juger)" % (fr(rate, 2), len(half),
                                                             MIN_SLOPE_POINTS))
    else:
        print("pente_memoire_mo_par_10000_requetes: non mesurée (trop peu de mesures)")
    print("lignes_dans_le_journal_a_l_ecran: %d (bornées)" % int(
        panel.log.text.index("end-1c").split(".")[0]))
    if args.traces and state["before"] is not None:
        show_growth(state["before"], snapshot())

    # -- « Enregistrer… » : la fonction derrière le bouton, sans la boîte de dialogue ------
    copy = os.path.join(folder, "copie", "journal-enregistre.txt")
    os.makedirs(os.path.dirname(copy))
    session_lines_before = panel.session.lines
    saved = panel.save_log(copy)
    root.update()
    print("enregistrer: %s (objectif réussi)" % ("réussi" if saved else "ÉCHEC"))
    goal("enregistrer", saved)
    if saved:
        found = check_copy(copy, state["answered"])
        goal("copie_lignes", found["lines"] >= session_lines_before)
        print("copie_lignes: %d (objectif ≥ %d, les lignes du journal de la séance avant "
              "l'enregistrement)" % (found["lines"], session_lines_before))
        print("copie_taille_mo: %s" % fr(os.path.getsize(copy) / 1e6))
        goal("copie_lignes_de_requete", found["requests"] == state["answered"])
        print("copie_lignes_de_requete: %d (objectif %d, une par requête)" % (
            found["requests"], state["answered"]))
        goal("copie_numeros_manquants",
             not (found["missing"] or found["doubles"] or found["beyond"]))
        print("copie_numeros_manquants: %d, en double : %d, hors de 1 à %d : %d (objectif 0)" % (
            found["missing"], found["doubles"], state["answered"], found["beyond"]))
        goal("copie_premiere_et_derniere", found["first"] and found["last"])
        print("copie_premiere_et_derniere: n°1 %s, n°%d %s (objectif les deux)" % (
            "présente" if found["first"] else "ABSENTE", state["answered"],
            "présente" if found["last"] else "ABSENTE"))
        print("copie_requetes_apres_un_numero_plus_grand: %d (pour information : les fils du "
              "serveur racontent leurs requêtes dans le désordre)" % found["late"])
        marks = found["markers"]
        goal("copie_avertissements", not any(marks.values()))
        print("copie_avertissements: %d « journal plein », %d « lignes non écrites », %d « n'a "
              "pas suivi » (objectif 0)" % (marks["plein"], marks["non_ecrits"],
                                            marks["perdus"]))

    print("verdict: %s" % ("objectif MANQUÉ : " + ", ".join(missed) if missed
                           else "tous les objectifs sont atteints"))
    panel.controls.stop_button.invoke()
    panel.close()
    shutil.rmtree(folder, ignore_errors=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
