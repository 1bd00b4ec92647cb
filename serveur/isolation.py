"""Le code d'un élève tourne chez lui : des bornes pour son processus.

En mode « Mon serveur », le panneau exécute le fichier Python d'un élève. Ce
code peut tout faire : boucler sans fin, dormir mille secondes, appeler
``input()``, ``sys.exit()``, ``os._exit(1)``, demander 2 Go de mémoire,
afficher un million de lignes, faire planter l'interpréteur. Rien de cela ne
doit figer ni tuer le panneau.

La règle de la maison (celle de Thonny, qui exécute le programme de l'élève
dans un processus « back-end ») : le serveur de l'élève tourne dans **un
processus à lui** (``process.py``), qui ne sert qu'une fois. À l'arrêt, ce
processus est fermé, de force s'il ne répond pas (une boucle sans fin ne rend
jamais la main : on n'arrête pas un fil en Python, on arrête un processus).
Le démarrage suivant en prend un neuf : aucun fil, aucune variable globale,
aucun module modifié par l'élève ne survit d'une fois sur l'autre.

Ce module-ci pose les bornes, **dans** ce processus, avant de charger le code :

- ``limit_memory`` : au-delà de ``MEMORY_LIMIT`` octets de mémoire virtuelle,
  une allocation échoue (``MemoryError``, que le narrateur explique) au lieu
  de faire ramer l'ordinateur de l'élève (Linux, macOS : ``resource``) ;
- ``watch_memory`` : ailleurs (Windows), un fil regarde la mémoire résidente
  et termine le processus au-delà de la borne ; le panneau dit pourquoi ;
- l'entrée standard est vide (``multiprocessing`` la branche sur ``os.devnull``) :
  ``input()`` lève ``EOFError`` au lieu d'attendre pour toujours.
"""

import os
import sys
import threading
import time

MEMORY_LIMIT = 2 * 1024 ** 3   # octets de mémoire virtuelle : les piles de cent fils
                               # (8 Mio chacune, réservées) et Python y tiennent ; 2 Go de plus, non
RESIDENT_LIMIT = 1536 * 1024 ** 2   # octets vraiment occupés, là où la borne virtuelle manque
WATCH_SECONDS = 0.25           # intervalle de la surveillance (Windows)
MEMORY_EXIT_CODE = 75          # le code de sortie d'un processus arrêté par la surveillance


def limit_memory(limit=MEMORY_LIMIT):
    """Borne la mémoire de ce processus ; rend vrai si le système l'a acceptée."""
    try:
        import resource
    except ImportError:   # Windows
        return False
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        return True
    except (ValueError, OSError, AttributeError):
        return False


def resident_bytes():
    """La mémoire résidente de ce processus, en octets ; 0 si le système ne la dit pas."""
    if sys.platform == "win32":
        try:
            import ctypes
            from ctypes import wintypes

            class Counters(ctypes.Structure):
                _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD)] + [
                    (name, ctypes.c_size_t) for name in (
                        "PeakWorkingSetSize", "WorkingSetSize", "QuotaPeakPagedPoolUsage",
                        "QuotaPagedPoolUsage", "QuotaPeakNonPagedPoolUsage",
                        "QuotaNonPagedPoolUsage", "PagefileUsage", "PeakPagefileUsage")]
            counters = Counters()
            counters.cb = ctypes.sizeof(Counters)
            process = ctypes.windll.kernel32.GetCurrentProcess()
            if ctypes.windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters),
                                                        counters.cb):
                return counters.WorkingSetSize
        except (OSError, AttributeError, ValueError):
            return 0
        return 0
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def watch_memory(on_excess, limit=RESIDENT_LIMIT, every=WATCH_SECONDS):
    """Lance un fil qui appelle ``on_excess(octets)`` puis termine le processus si sa
    mémoire résidente dépasse ``limit`` (pour les systèmes sans ``limit_memory``)."""
    def watch():
        while True:
            time.sleep(every)
            used = resident_bytes()
            if used > limit:
                try:
                    on_excess(used)
                    time.sleep(0.3)   # le temps que la phrase parte vers le panneau
                finally:
                    os._exit(MEMORY_EXIT_CODE)

    thread = threading.Thread(target=watch, name="surveillance de la mémoire", daemon=True)
    thread.start()
    return thread


def bound_student_process(on_excess):
    """Toutes les bornes d'un processus qui va exécuter le code d'un élève."""
    if not limit_memory():
        watch_memory(on_excess)
