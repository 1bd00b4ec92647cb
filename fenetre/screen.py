"""La taille de la fenêtre, d'après l'écran où elle s'ouvre.

Une salle de classe a de tout : un vidéoprojecteur en 1024×768, un portable
en 1366×768, un grand écran agrandi à 150 %. La fenêtre prend la taille
prévue (1180×720 à 100 %), agrandie comme le texte du système (l'échelle de
Tk, ``tk scaling``), et jamais plus grande que l'écran : ni bord coupé, ni
bouton hors de vue.
"""

DESIGN_WIDTH, DESIGN_HEIGHT = 1180, 720   # la taille prévue, à 100 % (96 points par pouce)
MARGIN_WIDTH, MARGIN_HEIGHT = 16, 80      # les bords, la barre des tâches et celle du titre
MIN_WIDTH, MIN_HEIGHT = 760, 480          # plus petit, la fenêtre ne serait plus lisible
POINTS_PER_PIXEL_AT_100 = 96 / 72         # l'échelle de Tk à 100 %


def window_size(screen_width, screen_height, scaling):
    """``(largeur, hauteur)`` de la fenêtre pour cet écran et cette échelle."""
    factor = max(1.0, scaling / POINTS_PER_PIXEL_AT_100)
    width = min(int(DESIGN_WIDTH * factor), screen_width - MARGIN_WIDTH)
    height = min(int(DESIGN_HEIGHT * factor), screen_height - MARGIN_HEIGHT)
    return width, height


def fit_to_screen(toplevel):
    """Donne à ``toplevel`` sa taille d'après l'écran, centrée, et sa taille minimale."""
    screen_width, screen_height = toplevel.winfo_screenwidth(), toplevel.winfo_screenheight()
    scaling = float(toplevel.tk.call("tk", "scaling"))
    width, height = window_size(screen_width, screen_height, scaling)
    x = max((screen_width - width) // 2, 0)
    y = max((screen_height - MARGIN_HEIGHT - height) // 2, 0)
    toplevel.geometry("%dx%d+%d+%d" % (width, height, x, y))
    toplevel.minsize(min(MIN_WIDTH, width), min(MIN_HEIGHT, height))
    return width, height
