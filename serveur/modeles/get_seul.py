"""Mon premier serveur web : il répond à chaque requête GET par une page HTML.

Pour le lancer seul : python3 get_seul.py, puis ouvrir http://127.0.0.1:8082/
dans le navigateur (Ctrl+C dans le terminal pour l'arrêter).
Dans le Panneau serveur : mode « Mon serveur », choisir ce fichier, Démarrer.
Le panneau raconte chaque requête, et explique vos erreurs en français.
"""

from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = 8082   # le port où le serveur attend les navigateurs (quand on le lance seul)


# Une classe « gestionnaire » : le serveur crée un objet de cette classe pour
# chaque requête, puis appelle sa méthode do_GET (GET : « donne-moi cette page »).
class MonServeur(BaseHTTPRequestHandler):

    def do_GET(self):
        # self.path : le chemin demandé, par exemple « / » ou « /contact ».
        if self.path == "/":
            page = ("<!DOCTYPE html>\n"
                    "<html lang=\"fr\"><head><meta charset=\"utf-8\">"
                    "<title>Mon serveur</title></head>\n"
                    "<body><h1>Bonjour !</h1>"
                    "<p>Cette page a été écrite par mon serveur Python.</p></body></html>\n")
            self.repondre(200, page)
        else:
            # Aucune page à cette adresse : 404, comme tous les serveurs du monde.
            self.repondre(404, "<!DOCTYPE html>\n<meta charset=\"utf-8\">"
                               "<h1>Page introuvable</h1>\n")

    def repondre(self, code, page):
        """Envoie une réponse complète : ligne de statut, en-têtes, ligne vide, corps."""
        # Le corps voyage en octets : on transforme le texte avec .encode("utf-8").
        # Attention : « é » prend 2 octets, c'est pourquoi on compte APRÈS encode.
        corps = page.encode("utf-8")
        self.send_response(code)                        # 1. la ligne de statut
        self.send_header("Content-Type", "text/html; charset=utf-8")   # 2. les en-têtes…
        self.send_header("Content-Length", str(len(corps)))
        self.end_headers()                              # 3. … et la ligne vide
        self.wfile.write(corps)                         # 4. le corps


# À vous :
# 1. Ajoutez une page « /contact » qui affiche votre prénom.
# 2. Affichez dans la page l'heure du serveur (module datetime :
#    datetime.datetime.now().strftime("%H:%M:%S")). Rechargez : elle change.
# 3. Mettez un print(self.path) au début de do_GET : où s'affiche-t-il ?
# 4. Supprimez la ligne self.end_headers(), enregistrez, rechargez la page :
#    que dit le panneau ? Remettez-la.

if __name__ == "__main__":
    # Ce bloc ne sert que si l'on lance ce fichier seul (python3 get_seul.py) ;
    # le Panneau serveur, lui, utilise directement la classe MonServeur.
    serveur = HTTPServer(("", PORT), MonServeur)
    print("Serveur démarré : http://127.0.0.1:%d/ (Ctrl+C pour l'arrêter)" % PORT)
    serveur.serve_forever()
