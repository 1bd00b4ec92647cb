"""La vraie fenêtre sous une averse de requêtes : reste-t-elle fluide, perd-elle des lignes ?

    xvfb-run -a python3 bench/fenetre.py [--requetes 5000] [--clients 8] [--onglet Séquence]

Le panneau (``Panneau(root)``) est construit et démarré par son bouton
« Démarrer » (port libre), puis un *autre processus* lance ``--clients`` fils
qui envoient ensemble ``--requetes`` requêtes, moitié GET, moitié POST, en
gardant leurs connexions ouvertes comme un navigateur.

Pendant ce temps, un métronome programmé avec ``after(10)`` mesure de combien
la boucle d'événements de Tk est en retard (la fenêtre « gèle » quand ce
retard grandit). À la fin : retard médian, 99e centile et maximum, requêtes
par seconde, lignes dans le journal, requêtes comptées par le panneau (elles
doivent toutes y être), et mémoire maximale du processus.

Le serveur tourne dans son propre processus, comme quand ``panneau.py`` est lancé
(``serveur/process.py``) ; ``--meme-processus`` le met dans le processus de la
fenêtre, pour comparer. La mémoire est celle de la fenêtre (pic, ``ru_maxrss``)
et celle du processus du serveur (pic de ``VmRSS``, relevé à chaque tic).

Affiche une mesure par ligne, ``nom: valeur``, avec l'objectif à côté.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time

from mesures import percentile, rss_mb

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, PROJECT)

FORM_BODY = b"nom=Frodon+Sacquet&message=Bonjour+%C3%A0+tous&classe=premiere&langage=Python"
TICK_MS = 10


def flood(port, total, threads):
    """Processus client : ``threads`` fils, ``total`` requêtes en tout (GET et POST)."""
    per_thread = total // threads
    failures = []

    def work(offset):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for number in range(per_thread):
            try:
                if (number + offset) % 2:
                    connection.request("POST", "/", body=FORM_BODY, headers={
                        "Content-Type": "application/x-www-form-urlencoded"})
                else:
                    connection.request("GET", "/ressource.html")
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failures.append(response.status)
            except (OSError, http.client.HTTPException) as exc:
                failures.append(exc)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.close()

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    print("%d %d %.6f" % (per_thread * threads, len(failures), elapsed), flush=True)


def peak_memory_mb():
    try:
        import resource
    except ImportError:   # Windows
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def main():
    parser = argparse.ArgumentParser(description="Le panneau sous une averse de requêtes.")
    parser.add_argument("--requetes", type=int, default=5000, help="requêtes en tout (défaut : 5000)")
    parser.add_argument("--clients", type=int, default=8, help="fils clients (défaut : 8)")
    parser.add_argument("--meme-processus", action="store_true",
                        help="le serveur dans le processus de la fenêtre (pour comparer)")
    parser.add_argument("--onglet", default="",
                        help="l'onglet ouvert pendant la mesure (son titre : « Séquence »…)")
    parser.add_argument("--flood", nargs=3, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.flood:
        flood(*args.flood)
        return

    import tkinter as tk
    import panneau
    from fenetre import journal
    from serveur.controller import Controller
    from serveur.process import ProcessController

    root = tk.Tk()
    root.geometry("980x680")
    factory = Controller if args.meme_processus else ProcessController
    panel = panneau.Panneau(root, controller_factory=factory)
    for tab in panel.tabs:
        if args.onglet and tab.tab_title == args.onglet:
            panel.side.select(tab)   # cet onglet ouvert, redessiné à chaque paquet
    root.update()
    memory_before = peak_memory_mb()
    server_pid = panel.controller._process.pid if factory is ProcessController else None
    server_before = rss_mb(server_pid) if server_pid else 0.0
    server_peak = [server_before]
    panel.controls.port.set("0")
    panel.controls.start_button.invoke()
    port = panel.controller.port

    lags = []
    state = {"last": time.perf_counter(), "client": None, "result": None, "measuring": True}

    def tick():
        now = time.perf_counter()
        if state["measuring"]:
            lags.append(max(0.0, (now - state["last"]) * 1000 - TICK_MS))
            if server_pid and len(lags) % 10 == 0:
                server_peak[0] = max(server_peak[0], rss_mb(server_pid))
        state["last"] = now
        root.after(TICK_MS, tick)

    def watch():
        client = state["client"]
        if client.poll() is None:
            root.after(50, watch)
            return
        if state["result"] is None:
            state["result"] = client.stdout.read().decode("ascii").split()
        sent = int(state["result"][0])
        still = panel.request_count == state.get("seen")
        if panel.request_count < sent and not (still and state.get("quiet", 0) >= 10):
            # le panneau finit d'afficher ce qui est arrivé (et ce qui arrive encore du
            # processus du serveur) ; une seconde sans rien de neuf : on s'arrête là
            state["quiet"] = state.get("quiet", 0) + 1 if still else 0
            state["seen"] = panel.request_count
            root.after(100, watch)
            return
        if not panel.events.empty():
            root.after(50, watch)
            return
        state["measuring"] = False
        root.quit()

    state["client"] = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--flood", str(port), str(args.requetes),
         str(args.clients)], stdout=subprocess.PIPE)
    root.after(TICK_MS, tick)
    root.after(50, watch)
    root.mainloop()

    sent, failures, elapsed = int(state["result"][0]), int(state["result"][1]), float(state["result"][2])
    lines = int(panel.log.text.index("end-1c").split(".")[0])
    print("machine: %d cœurs, Python %s, Tk %s, %s" % (os.cpu_count(), sys.version.split()[0],
                                                      tk.TkVersion, sys.platform))
    print("requetes_envoyees: %d" % sent)
    print("requetes_en_echec: %d" % failures)
    print("onglet_ouvert: %s" % (panel.side.tab(panel.side.select(), "text")))
    print("serveur: %s" % ("dans le processus de la fenêtre" if server_pid is None
                           else "dans son propre processus (comme panneau.py)"))
    print("requetes_comptees_par_le_panneau: %d (objectif : toutes)" % panel.request_count)
    print("requetes_par_seconde: %.0f" % (sent / elapsed))
    print("retard_boucle_p50_ms: %.1f" % statistics.median(lags))
    print("retard_boucle_p99_ms: %.1f (objectif ≤ 50)" % percentile(lags, 0.99))
    print("retard_boucle_max_ms: %.1f (objectif ≤ 200)" % max(lags))
    print("lignes_dans_le_journal: %d (au plus %d)" % (lines, journal.MAX_PANE_LINES))
    print("lignes_retirees_de_l_affichage: %d" % panel.log.trimmed)
    print("memoire_max_avant_mo: %.1f" % memory_before)
    print("memoire_max_apres_mo: %.1f" % peak_memory_mb())
    print("croissance_memoire_fenetre_mo: %.1f (objectif ≤ 30)" % (peak_memory_mb() - memory_before))
    if server_pid:
        print("memoire_serveur_mo: %.1f au départ, %.1f au pic (+ %.1f)"
              % (server_before, server_peak[0], server_peak[0] - server_before))
    panel.controls.stop_button.invoke()
    root.destroy()


if __name__ == "__main__":
    main()
