"""Le code d'un élève ne fige pas le panneau : la vraie fenêtre, pendant le pire.

    xvfb-run -a python3 bench/eleve.py [--cycles 100]

Le panneau (``Panneau``, le serveur dans son propre processus comme avec
``panneau.py``) démarre en mode « Mon serveur » un fichier d'élève qui fait, selon
l'adresse demandée, le pire : une boucle sans fin, ``time.sleep(1000)``, ``input()``,
``sys.exit()``, ``os._exit(1)``, un plantage de Python, 2 Go de mémoire, un million
de ``print``. Pour chaque cas : la requête part, le code de l'élève tourne pendant
1,5 s, puis on clique sur « Arrêter ».

Un métronome programmé avec ``after(10)`` mesure le retard de la boucle de Tk
pendant tout ce temps (le code de l'élève, puis l'arrêt). On mesure aussi le temps
entre le clic sur « Arrêter » et un panneau arrêté, port libre, aucun processus
restant. Enfin, ``--cycles`` démarrages et arrêts à la suite : combien de processus
restent après.

Affiche une mesure par ligne, ``nom: valeur``, avec l'objectif à côté.
"""

import argparse
import http.client
import multiprocessing
import os
import shutil
import socket
import sys
import tempfile
import threading
import time

from mesures import percentile

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, PROJECT)

STUDENT = '''\
import os, sys, time
from http.server import BaseHTTPRequestHandler


class MonServeur(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/boucle":
            while True:
                pass
        if self.path == "/dort":
            time.sleep(1000)
        if self.path == "/clavier":
            input("Votre nom ? ")
        if self.path == "/sortie":
            sys.exit()
        if self.path == "/fin":
            os._exit(1)
        if self.path == "/plantage":
            import ctypes
            ctypes.string_at(0)
        if self.path == "/memoire":
            gros = [0] * (300 * 1000 * 1000)
        if self.path == "/bavard":
            for n in range(1000000):
                print(n)
        corps = b"ok"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(corps)))
        self.end_headers()
        self.wfile.write(corps)
'''
CASES = ("boucle", "dort", "clavier", "sortie", "fin", "plantage", "memoire", "bavard")
TICK_MS = 10
HOSTILE_SECONDS = 1.5


def others():
    return [child for child in multiprocessing.active_children()
            if "resource_tracker" not in child.name]


def port_free(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return False
    except OSError:
        return True


def request(port, path):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        connection.getresponse().read()
    except (OSError, http.client.HTTPException):
        pass


def main():
    parser = argparse.ArgumentParser(description="Le panneau pendant le pire code d'élève.")
    parser.add_argument("--cycles", type=int, default=100, help="démarrages et arrêts (100)")
    args = parser.parse_args()

    import tkinter as tk
    import panneau
    from serveur.modes import MODES
    from serveur.process import ProcessController

    folder = tempfile.mkdtemp(prefix="banc-eleve-")
    path = os.path.join(folder, "mon_serveur.py")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(STUDENT)
    root = tk.Tk()
    root.geometry("980x680")
    panel = panneau.Panneau(root, controller_factory=ProcessController)
    student_mode = list(MODES).index("mon-serveur")
    panel.controls.mode_buttons[student_mode].invoke()
    panel.controls.student_file.set(path)
    panel.controls.port.set("0")
    root.update()

    lags = []
    last = [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        lags.append(max(0.0, (now - last[0]) * 1000 - TICK_MS))
        last[0] = now
        root.after(TICK_MS, tick)

    def pump(condition, limit):
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline and not condition():
            root.update()
            time.sleep(0.001)
        return condition()

    root.after(TICK_MS, tick)
    print("machine: %d cœurs, Python %s, Tk %s, %s" % (os.cpu_count(), sys.version.split()[0],
                                                      tk.TkVersion, sys.platform))
    all_lags, stops = [], []
    for case in CASES:
        panel.controls.start_button.invoke()
        if panel.state != panneau.RUNNING_STATE:
            print("%s: le serveur n'a pas démarré" % case)
            continue
        port = panel.controller.port
        pump(lambda: False, 0.2)
        del lags[:]
        last[0] = time.perf_counter()
        threading.Thread(target=request, args=(port, "/" + case), daemon=True).start()
        pump(lambda: False, HOSTILE_SECONDS)
        clicked = time.perf_counter()
        panel.controls.stop_button.invoke()   # sans effet si le processus est déjà mort
        stopped = pump(lambda: panel.state == panneau.STOPPED_STATE and port_free(port)
                       and not others(), 10.0)
        duration = time.perf_counter() - clicked
        stops.append(duration)
        all_lags.extend(lags)
        print("%s: retard de la boucle Tk p99 %.1f ms, max %.1f ms ; arrêt %s en %.2f s, "
              "port libre %s, processus restants %d" % (
                  case, percentile(lags, 0.99), max(lags or [0]),
                  "fini" if stopped else "PAS FINI", duration,
                  "oui" if port_free(port) else "NON", len(others())))
    print("retard_boucle_p99_ms: %.1f (objectif ≤ 50)" % percentile(all_lags, 0.99))
    print("retard_boucle_max_ms: %.1f" % max(all_lags or [0]))
    print("arret_max_s: %.2f (objectif ≤ 1)" % max(stops or [0]))

    begun = time.perf_counter()
    for _ in range(args.cycles):
        panel.controls.start_button.invoke()
        panel.controls.stop_button.invoke()
        pump(lambda: panel.state == panneau.STOPPED_STATE, 10.0)
    pump(lambda: not others(), 5.0)
    print("cycles_demarrer_arreter: %d en %.1f s ; processus restants : %d (objectif 0)" % (
        args.cycles, time.perf_counter() - begun, len(others())))
    panel.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
