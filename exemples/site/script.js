// Ce programme JavaScript est envoyé par le serveur comme un simple fichier texte.
// C'est le navigateur qui l'exécute : le serveur ne voit rien de ce qu'il fait,
// sauf quand il lui envoie une requête (fetch, plus bas).

let clics = 0;

// 1. Le bouton « local » : tout se passe dans le navigateur, aucune requête ne part.
document.getElementById("local").addEventListener("click", () => {
  clics += 1;
  const resultat = document.getElementById("local-resultat");
  resultat.textContent = "Cliqué " + clics + " fois — changé par le navigateur, " +
                         "le serveur n'en sait rien.";
  resultat.classList.toggle("change");
});

// 2. Le bouton « distant » : le script demande donnees.json au serveur avec fetch().
//    Cette requête-là traverse le réseau : le journal du panneau la montre.
document.getElementById("distant").addEventListener("click", async () => {
  const resultat = document.getElementById("distant-resultat");
  resultat.textContent = "Requête envoyée…";
  try {
    // « cache: no-store » : chaque clic redemande le fichier au serveur.
    const reponse = await fetch("donnees.json?langue=" + encodeURIComponent("français"),
                                { cache: "no-store" });
    const donnees = await reponse.json();
    resultat.textContent = "Réponse " + reponse.status + " : " + donnees.message + " (" +
                           donnees.villes.join(", ") + ")";
  } catch (erreur) {
    resultat.textContent = "Pas de réponse du serveur : " + erreur;
  }
});
