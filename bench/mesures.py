"""Les petits outils communs aux bancs de ce dossier (bibliothèque standard seulement).

Chaque banc se lance seul (``python3 bench/siege.py``) : ce dossier est alors le
premier du chemin d'import, et ``import mesures`` trouve ce fichier.
"""

import socket
import time


def free_port():
    """Un port libre de cet ordinateur (le système le choisit)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=10.0):
    """Attend qu'un serveur écoute sur ``port`` (au plus ``timeout`` secondes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("le serveur du port %d ne répond pas" % port)


def proc_status(pid="self"):
    """Les nombres de ``/proc/<pid>/status`` (Linux) : ``{"VmRSS": Kio, "Threads": n, …}`` ;
    ``{}`` si le processus est parti ou si le système n'a pas ``/proc``."""
    values = {}
    try:
        with open("/proc/%s/status" % pid, encoding="ascii", errors="replace") as handle:
            for line in handle:
                name, _, rest = line.partition(":")
                fields = rest.split()
                if fields and fields[0].isdigit():
                    values[name] = int(fields[0])
    except OSError:
        pass
    return values


def rss_mb(pid="self"):
    """La mémoire résidente d'un processus, en Mo ; 0 si inconnue."""
    return proc_status(pid).get("VmRSS", 0) / 1024


def percentile(values, fraction):
    """Le centile ``fraction`` (0,99 : 99e centile) d'une liste, triée ou non."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
