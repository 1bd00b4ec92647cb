"""Panneau serveur, sans fenêtre de console (Windows).

Sous Windows, un double-clic sur un fichier ``.pyw`` le lance avec
``pythonw`` : la fenêtre du panneau s'ouvre seule, sans la fenêtre noire de
la console à côté. Tout le reste est dans ``panneau.py``, le fichier principal
(qui, lui, ouvre aussi une console : elle montre les erreurs éventuelles).
"""

import panneau

panneau.main()
