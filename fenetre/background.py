"""Une action qui peut être longue, sans figer la fenêtre.

``run_soon(widget, task, on_done)`` exécute ``task()`` dans un fil. Si elle finit
en moins de ``WAIT_SECONDS`` (le cas ordinaire : arrêter un serveur prend quelques
millisecondes), ``on_done(résultat)`` est appelée aussitôt, comme un appel direct ;
sinon la fenêtre continue de vivre et ``on_done`` est appelée plus tard, dans le fil
de Tk, dès que la tâche est finie (on regarde toutes les ``POLL_MS``). Rend vrai si
c'est déjà fait.

Seul le fil de Tk touche la fenêtre : ``task`` ne doit pas le faire.
"""

import threading

WAIT_SECONDS = 0.05   # une tâche plus courte se termine sans état intermédiaire
POLL_MS = 20          # puis on regarde si elle est finie


def run_soon(widget, task, on_done, name="tâche du panneau"):
    result = []
    worker = threading.Thread(target=lambda: result.append(task()), name=name, daemon=True)
    worker.start()
    worker.join(WAIT_SECONDS)
    if not worker.is_alive():
        on_done(result[0] if result else None)
        return True

    def check():
        if worker.is_alive():
            widget.after(POLL_MS, check)
        else:
            on_done(result[0] if result else None)

    widget.after(POLL_MS, check)
    return False
