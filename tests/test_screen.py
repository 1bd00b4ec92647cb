"""Tests de fenetre/screen.py : la fenêtre tient dans chaque écran de classe, sans rien couper."""

import unittest

from fenetre import screen, settings
from fenetre.screen import window_size

from .gui import PanneauTestCase

# Les écrans d'une salle de classe : (largeur, hauteur, échelle de Tk).
AT_100 = screen.POINTS_PER_PIXEL_AT_100
SCREENS = ((1024, 768, AT_100), (1366, 768, AT_100), (1920, 1080, AT_100 * 1.5))
TEXT_WIDGETS = ("TLabel", "TButton", "TCheckbutton", "TRadiobutton", "TEntry")


class WindowSizeTest(unittest.TestCase):
    def test_never_larger_than_the_screen(self):
        self.assertEqual(window_size(1024, 768, AT_100), (1008, 688))
        self.assertEqual(window_size(1366, 768, AT_100), (1180, 688))
        self.assertEqual(window_size(1920, 1080, AT_100 * 1.5), (1770, 1000))
        for width, height, scaling in SCREENS + ((800, 600, 3.0),):
            with self.subTest(screen=(width, height, scaling)):
                w, h = window_size(width, height, scaling)
                self.assertLessEqual(w, width)
                self.assertLessEqual(h, height)


class NothingClippedTest(PanneauTestCase):
    """Chaque étiquette, bouton et case visibles tiennent en entier dans la fenêtre."""

    def clipped(self, top):
        problems = []
        top.update()
        right, bottom = top.winfo_rootx() + top.winfo_width(), top.winfo_rooty() + top.winfo_height()
        pending = [top]
        while pending:
            widget = pending.pop()
            pending.extend(widget.winfo_children())
            if widget.winfo_class() not in TEXT_WIDGETS or not widget.winfo_ismapped():
                continue
            text = str(widget.cget("text")) if widget.winfo_class() != "TEntry" else "(champ)"
            if widget.winfo_width() < widget.winfo_reqwidth() - 1:
                problems.append("%s coupé en largeur (%d < %d)"
                                % (text, widget.winfo_width(), widget.winfo_reqwidth()))
            if widget.winfo_height() < widget.winfo_reqheight() - 1:
                problems.append("%s coupé en hauteur" % text)
            if widget.winfo_rootx() + widget.winfo_width() > right + 1 or \
                    widget.winfo_rooty() + widget.winfo_height() > bottom + 1:
                problems.append("%s hors de la fenêtre" % text)
        return problems

    def check(self, width, height, scaling, font_size, lan=False, running=False):
        old = self.root.tk.call("tk", "scaling")
        self.root.tk.call("tk", "scaling", scaling)
        self.addCleanup(self.root.tk.call, "tk", "scaling", old)
        panel = self.new_panel()
        top = panel.winfo_toplevel()
        w, h = window_size(width, height, scaling)
        top.geometry("%dx%d+0+0" % (w, h))
        panel.fonts.zoom(0)
        panel.fonts.size = font_size - 1
        panel.fonts.zoom(1)
        if lan:
            panel.controls.lan.set(True)
            panel.controls.apply(panel.controls.values())
        if running:
            panel.controls.port.set("0")
            panel.start()
            self.addCleanup(panel.stop)
            panel.status.show_lan_urls(["http://192.168.100.123:65000/",
                                        "http://10.200.100.123:65000/"])
            panel.status.show_count(123456)
        problems = []
        for tab in panel.tabs:
            panel.side.select(tab)
            problems += ["%s, onglet %s : %s" % ((width, height, font_size), tab.tab_title, p)
                         for p in self.clipped(top)]
        return problems

    def test_every_classroom_screen(self):
        problems = []
        for width, height, scaling in SCREENS:
            for font_size in (settings.DEFAULTS["font_size"], settings.MAX_FONT_SIZE):
                problems += self.check(width, height, scaling, font_size)
        self.assertEqual(problems, [])

    def test_running_on_the_local_network_at_the_largest_text(self):
        problems = []
        for width, height, scaling in SCREENS:
            problems += self.check(width, height, scaling, settings.MAX_FONT_SIZE, lan=True,
                                   running=True)
        self.assertEqual(problems, [])

    def test_local_network_warning_fits_too(self):
        self.assertEqual(self.check(1024, 768, AT_100, settings.DEFAULTS["font_size"], lan=True), [])


class RunTest(PanneauTestCase):
    def test_the_loop_ends_with_the_window_and_serves_timers_meanwhile(self):
        seen = []
        panel = self.new_panel()
        window = panel.winfo_toplevel()
        window.after(20, lambda: seen.append("minuteur"))
        window.after(60, panel.close)   # comme la croix de la fenêtre
        screen.run(window)   # rend la main quand la fenêtre est détruite
        self.assertEqual(seen, ["minuteur"])


if __name__ == "__main__":
    unittest.main()
