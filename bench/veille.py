"""Au repos : ce que coûte le panneau démarré quand personne ne lui parle.

    xvfb-run -a python3 bench/veille.py [--secondes 10]

Le panneau est construit, le serveur démarré (port libre), puis on attend
``--secondes`` sans aucune requête. On mesure, pour tout le processus (la
fenêtre et le serveur) :

- le temps processeur consommé, en pourcentage d'un cœur (objectif ≤ 0,2 %) ;
- les réveils par seconde : les changements de contexte volontaires de tous
  les fils (Linux, ``/proc/self/task/*/status``), objectif ≤ 20 ;
- puis le délai d'affichage du premier événement après ce repos (un fil
  range un événement dans la file ; on note quand le journal le montre),
  objectif ≤ 50 ms.

Affiche une mesure par ligne, ``nom: valeur (objectif)``.
"""

import argparse
import glob
import os
import sys
import threading
import time

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, PROJECT)


def context_switches(pid="self"):
    """Changements de contexte volontaires de tous les fils d'un processus (Linux), ou None."""
    total = 0
    paths = glob.glob("/proc/%s/task/*/status" % pid)
    if not paths:
        return None
    for path in paths:
        try:
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("voluntary_ctxt_switches:"):
                        total += int(line.split()[1])
        except OSError:
            pass   # un fil qui vient de finir
    return total


def cpu_seconds(pid):
    """Temps de calcul d'un autre processus (Linux : /proc/<pid>/stat), en secondes."""
    try:
        with open("/proc/%d/stat" % pid, encoding="utf-8") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def main():
    parser = argparse.ArgumentParser(description="Le panneau au repos.")
    parser.add_argument("--secondes", type=float, default=10.0,
                        help="durée du repos mesuré (défaut : 10)")
    args = parser.parse_args()

    import tkinter as tk
    import panneau
    from serveur.events import NOTICE, Event

    from serveur.process import window_controller

    root = tk.Tk()
    panel = panneau.Panneau(root, controller_factory=window_controller)   # comme panneau.py
    panel.controls.port.set("0")
    panel.controls.start_button.invoke()
    process = getattr(panel.controller, "_process", None)
    child = process.pid if process is not None else None
    state = {}

    def settle_then_measure():
        state["cpu"] = time.process_time()
        state["wall"] = time.perf_counter()
        state["switches"] = context_switches()
        if child:
            state["child_cpu"] = cpu_seconds(child)
            state["child_switches"] = context_switches(child)
        root.after(int(args.secondes * 1000), finish_idle)

    def finish_idle():
        wall = time.perf_counter() - state["wall"]
        state["cpu_percent"] = (time.process_time() - state["cpu"]) / wall * 100
        switches = context_switches()
        state["wakeups"] = ((switches - state["switches"]) / wall
                            if switches is not None else float("nan"))
        if child:
            state["child_percent"] = (cpu_seconds(child) - state["child_cpu"]) / wall * 100
            child_switches = context_switches(child)
            state["child_wakeups"] = ((child_switches - state["child_switches"]) / wall
                                      if child_switches is not None else float("nan"))
        # Le premier événement après le repos, rangé par un autre fil comme le ferait le serveur.
        threading.Timer(0.0123, lambda: (state.__setitem__("sent", time.perf_counter()),
                                         panel.events.put(Event(NOTICE, message="réveil"))
                                         )).start()
        root.after(5, watch_wakeup)

    def watch_wakeup():
        if "sent" in state and "réveil" in panel.log.content():
            state["latency_ms"] = (time.perf_counter() - state["sent"]) * 1000
            finish()
            return
        root.after(1, watch_wakeup)

    def finish():
        panel.close()   # arrête le serveur et ferme la fenêtre : la boucle s'arrête

    root.after(2000, settle_then_measure)   # deux secondes pour que tout se pose
    from fenetre.screen import run
    run(root)   # la boucle de panneau.py
    print("machine: %d cœurs, Python %s, Tk %s, %s" % (os.cpu_count(), sys.version.split()[0],
                                                      tk.TkVersion, sys.platform))
    print("repos_mesure_s: %.1f" % args.secondes)
    print("processeur_au_repos_pourcent: %.2f (objectif ≤ 0,2)" % state["cpu_percent"])
    print("reveils_par_seconde: %.1f (objectif ≤ 20)" % state["wakeups"])
    if child:
        print("processus_du_serveur_processeur_pourcent: %.2f" % state["child_percent"])
        print("processus_du_serveur_reveils_par_seconde: %.1f" % state["child_wakeups"])
        print("en_tout_processeur_pourcent: %.2f (objectif ≤ 0,2)"
              % (state["cpu_percent"] + state["child_percent"]))
        print("en_tout_reveils_par_seconde: %.1f (objectif ≤ 20)"
              % (state["wakeups"] + state["child_wakeups"]))
    print("premier_evenement_apres_repos_ms: %.1f (objectif ≤ 50)" % state["latency_ms"])


if __name__ == "__main__":
    main()
