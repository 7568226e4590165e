<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
  <context>
    <name>ConsultationPanelBase</name>
    <message>
      <source>Register</source>
      <translation>Registre</translation>
    </message>
    <message>
      <source>A GeoPackage register, or pg:&lt;connection&gt;/&lt;schema&gt; for a PostGIS register; empty: the default register</source>
      <translation>Un registre GeoPackage, ou pg:&lt;connexion&gt;/&lt;schéma&gt; pour un registre PostGIS ; vide : le registre par défaut</translation>
    </message>
    <message>
      <source>Record sites for the flags</source>
      <translation>Consigner les sites des signalements</translation>
    </message>
    <message>
      <source>Add a consultation site (not started) for every consultation flag of the project's flags layer that has none, and bring the recorded overlaps up to date</source>
      <translation>Ajouter un site de consultation (non amorcée) pour chaque signalement de consultation de la couche de signalements du projet qui n'en a pas, et mettre à jour les chevauchements consignés</translation>
    </message>
    <message>
      <source>Add consultation layers</source>
      <translation>Ajouter les couches de consultation</translation>
    </message>
    <message>
      <source>Add the sites, events and commitments to the project, with their forms</source>
      <translation>Ajouter au projet les sites, contacts et engagements, avec leurs formulaires</translation>
    </message>
    <message>
      <source>Summary per Nation</source>
      <translation>Bilan par Nation</translation>
    </message>
  </context>
  <context>
    <name>ImperialLand</name>
    <message>
      <source>Imperial Land needs these Python packages in QGIS's Python: {packages}. {how}Never install fiona, pyproj or rasterio from pip into QGIS's Python: they bring their own GDAL and PROJ. Restart QGIS afterwards.</source>
      <translation>Imperial Land a besoin de ces paquets Python dans le Python de QGIS : {packages}. {how}N'installez jamais fiona, pyproj ou rasterio avec pip dans le Python de QGIS : ils apportent leurs propres GDAL et PROJ. Redémarrez ensuite QGIS.</translation>
    </message>
    <message>
      <source>In the OSGeo4W Shell: python -m pip install {pip}.</source>
      <translation>Dans l'OSGeo4W Shell : python -m pip install {pip}.</translation>
    </message>
    <message>
      <source>In QGIS's Python: python3 -m pip install {pip}.</source>
      <translation>Dans le Python de QGIS : python3 -m pip install {pip}.</translation>
    </message>
    <message>
      <source>On Debian or Ubuntu: sudo apt install {debs} (where the distribution's is too old, as shapely on Debian 12: python3 -m pip install --user {pip}).</source>
      <translation>Sous Debian ou Ubuntu : sudo apt install {debs} (si celui de la distribution est trop ancien, comme shapely sous Debian 12 : python3 -m pip install --user {pip}).</translation>
    </message>
    <message>
      <source>In the OSGeo4W installer (Advanced install): {packages}.</source>
      <translation>Dans l'installateur OSGeo4W (installation avancée) : {packages}.</translation>
    </message>
    <message>
      <source>Cancelled by the user; nothing was written.</source>
      <translation>Annulé par l'utilisateur ; rien n'a été écrit.</translation>
    </message>
    <message>
      <source>'{path}' is a folder; choose a file name.</source>
      <translation>« {path} » est un dossier ; choisissez un nom de fichier.</translation>
    </message>
    <message>
      <source>Unexpected error; details are in the log panel.</source>
      <translation>Erreur inattendue ; les détails sont dans le panneau des journaux.</translation>
    </message>
    <message>
      <source>Not started</source>
      <translation>Non amorcée</translation>
    </message>
    <message>
      <source>Notified</source>
      <translation>Avisée</translation>
    </message>
    <message>
      <source>In discussion</source>
      <translation>En discussion</translation>
    </message>
    <message>
      <source>Commitments agreed</source>
      <translation>Engagements convenus</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>Letter</source>
      <translation>Lettre</translation>
    </message>
    <message>
      <source>E-mail</source>
      <translation>Courriel</translation>
    </message>
    <message>
      <source>Meeting</source>
      <translation>Rencontre</translation>
    </message>
    <message>
      <source>Call</source>
      <translation>Appel</translation>
    </message>
    <message>
      <source>Site visit</source>
      <translation>Visite du site</translation>
    </message>
    <message>
      <source>Parcel</source>
      <translation>Lot</translation>
    </message>
    <message>
      <source>Area of interest</source>
      <translation>Zone d'intérêt</translation>
    </message>
    <message>
      <source>Claim or claim group</source>
      <translation>Titre ou groupe de titres</translation>
    </message>
    <message>
      <source>No consultation record yet</source>
      <translation>Aucun dossier de consultation</translation>
    </message>
    <message>
      <source>Overlap new since the last contact</source>
      <translation>Chevauchement nouveau depuis le dernier contact</translation>
    </message>
    <message>
      <source>Overlap grew since the last contact</source>
      <translation>Chevauchement agrandi depuis le dernier contact</translation>
    </message>
    <message>
      <source>No contact recorded yet</source>
      <translation>Aucun contact consigné</translation>
    </message>
    <message>
      <source>No contact in {days} days</source>
      <translation>Aucun contact depuis {days} jours</translation>
    </message>
    <message>
      <source>Consultation sites</source>
      <translation>Sites de consultation</translation>
    </message>
    <message>
      <source>Consultation events</source>
      <translation>Contacts de consultation</translation>
    </message>
    <message>
      <source>Commitments</source>
      <translation>Engagements</translation>
    </message>
    <message>
      <source>Kind of site</source>
      <translation>Type de site</translation>
    </message>
    <message>
      <source>Site (lot, area or title)</source>
      <translation>Site (lot, zone ou titre)</translation>
    </message>
    <message>
      <source>Site name</source>
      <translation>Nom du site</translation>
    </message>
    <message>
      <source>Nation</source>
      <translation>Nation</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Statut</translation>
    </message>
    <message>
      <source>Owner</source>
      <translation>Responsable</translation>
    </message>
    <message>
      <source>Project step</source>
      <translation>Étape du projet</translation>
    </message>
    <message>
      <source>Overlap with the territory (ha)</source>
      <translation>Chevauchement avec le territoire (ha)</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>Notes</translation>
    </message>
    <message>
      <source>Site</source>
      <translation>Site</translation>
    </message>
    <message>
      <source>Date of the contact</source>
      <translation>Date du contact</translation>
    </message>
    <message>
      <source>Form of contact</source>
      <translation>Forme du contact</translation>
    </message>
    <message>
      <source>Participants</source>
      <translation>Participants</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>Résumé</translation>
    </message>
    <message>
      <source>Concerns raised</source>
      <translation>Préoccupations soulevées</translation>
    </message>
    <message>
      <source>Answers</source>
      <translation>Réponses</translation>
    </message>
    <message>
      <source>Documents (paths or URLs)</source>
      <translation>Documents (chemins ou URL)</translation>
    </message>
    <message>
      <source>Event</source>
      <translation>Contact</translation>
    </message>
    <message>
      <source>What was agreed</source>
      <translation>Ce qui a été convenu</translation>
    </message>
    <message>
      <source>By whom</source>
      <translation>Par qui</translation>
    </message>
    <message>
      <source>Due date</source>
      <translation>Échéance</translation>
    </message>
    <message>
      <source>Done date</source>
      <translation>Date de réalisation</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>Fiche</translation>
    </message>
    <message>
      <source>Events of the site</source>
      <translation>Contacts du site</translation>
    </message>
    <message>
      <source>Commitments of the event</source>
      <translation>Engagements pris lors du contact</translation>
    </message>
    <message>
      <source>Commitments of the site</source>
      <translation>Engagements du site</translation>
    </message>
    <message>
      <source>Consultation</source>
      <translation>Consultation</translation>
    </message>
    <message>
      <source>Events</source>
      <translation>Contacts</translation>
    </message>
    <message>
      <source>The consultation relation '{name}' could not be set up.</source>
      <translation>La relation de consultation « {name} » n'a pas pu être établie.</translation>
    </message>
    <message>
      <source>The register has no table '{table}' that QGIS can open.</source>
      <translation>Le registre n'a pas de table « {table} » que QGIS peut ouvrir.</translation>
    </message>
    <message>
      <source>Needs attention</source>
      <translation>À traiter</translation>
    </message>
    <message>
      <source>Consultation status</source>
      <translation>État de la consultation</translation>
    </message>
    <message>
      <source>Last contact</source>
      <translation>Dernier contact</translation>
    </message>
    <message>
      <source>Open commitments</source>
      <translation>Engagements en cours</translation>
    </message>
    <message>
      <source>Open commitments (count)</source>
      <translation>Engagements en cours (nombre)</translation>
    </message>
    <message>
      <source>Next commitment due</source>
      <translation>Prochaine échéance d'engagement</translation>
    </message>
    <message>
      <source>Overlap (ha)</source>
      <translation>Chevauchement (ha)</translation>
    </message>
    <message>
      <source>The consultation records could not be read: {error}</source>
      <translation>Les dossiers de consultation n'ont pas pu être lus : {error}</translation>
    </message>
    <message>
      <source>'{target}' holds no claim register with consultation records.</source>
      <translation>« {target} » ne contient pas de registre avec des dossiers de consultation.</translation>
    </message>
    <message>
      <source>{what} (due {date})</source>
      <translation>{what} (échéance {date})</translation>
    </message>
    <message>
      <source>the default register</source>
      <translation>le registre par défaut</translation>
    </message>
    <message>
      <source>date of the contact</source>
      <translation>date du contact</translation>
    </message>
    <message>
      <source>form of contact</source>
      <translation>forme du contact</translation>
    </message>
    <message>
      <source>due date</source>
      <translation>échéance</translation>
    </message>
    <message>
      <source>done date</source>
      <translation>date de réalisation</translation>
    </message>
    <message>
      <source>'{value}' is not a {what}; use one of: {choices}.</source>
      <translation>« {value} » ne convient pas ({what}) ; choisissez parmi : {choices}.</translation>
    </message>
    <message>
      <source>kind of site</source>
      <translation>type de site</translation>
    </message>
    <message>
      <source>consultation status</source>
      <translation>état de la consultation</translation>
    </message>
    <message>
      <source>A consultation site needs its key and its Nation.</source>
      <translation>Un site de consultation doit avoir sa clé et sa Nation.</translation>
    </message>
    <message>
      <source>A consultation event needs the date of the contact.</source>
      <translation>Un contact de consultation doit avoir sa date.</translation>
    </message>
    <message>
      <source>A commitment needs what was agreed.</source>
      <translation>Un engagement doit dire ce qui a été convenu.</translation>
    </message>
    <message>
      <source>'{value}' is not a date ({what}); write it as YYYY-MM-DD.</source>
      <translation>« {value} » n'est pas une date ({what}) ; écrivez-la AAAA-MM-JJ.</translation>
    </message>
    <message>
      <source>{key} already has a consultation site with {nation}.</source>
      <translation>{key} a déjà un site de consultation avec {nation}.</translation>
    </message>
    <message>
      <source>There is no consultation site {site}; record the site first.</source>
      <translation>Il n'y a pas de site de consultation {site} ; consignez d'abord le site.</translation>
    </message>
    <message>
      <source>There is no consultation event {event}.</source>
      <translation>Il n'y a pas de contact de consultation {event}.</translation>
    </message>
    <message>
      <source>Consultation summary</source>
      <translation>Bilan des consultations</translation>
    </message>
    <message>
      <source>Sites</source>
      <translation>Sites</translation>
    </message>
    <message>
      <source>Overdue commitments</source>
      <translation>Engagements en retard</translation>
    </message>
    <message>
      <source>Next due date</source>
      <translation>Prochaine échéance</translation>
    </message>
    <message>
      <source>Consultations recorded in the register, per Nation, on {date}.</source>
      <translation>Consultations consignées au registre, par Nation, au {date}.</translation>
    </message>
    <message>
      <source>No open commitment.</source>
      <translation>Aucun engagement en cours.</translation>
    </message>
    <message>
      <source>No consultation recorded.</source>
      <translation>Aucune consultation consignée.</translation>
    </message>
    <message>
      <source>'{target}' holds no claim register yet: run a sync first.</source>
      <translation>« {target} » ne contient pas encore de registre des titres : lancez d'abord une synchronisation.</translation>
    </message>
    <message>
      <source>Per Nation</source>
      <translation>Par Nation</translation>
    </message>
    <message>
      <source>The returned pack '{pack}' was refused ({problems}); no note was imported.</source>
      <translation>Le paquet retourné « {pack} » a été refusé ({problems}) ; aucune note n'a été importée.</translation>
    </message>
    <message>
      <source>read-only files missing: {files}</source>
      <translation>fichiers en lecture seule manquants : {files}</translation>
    </message>
    <message>
      <source>read-only files changed: {files}</source>
      <translation>fichiers en lecture seule modifiés : {files}</translation>
    </message>
    <message>
      <source>columns missing: {files}</source>
      <translation>colonnes manquantes : {files}</translation>
    </message>
    <message>
      <source>columns of another type: {files}</source>
      <translation>colonnes d'un autre type : {files}</translation>
    </message>
    <message>
      <source>geometry not a point: {files}</source>
      <translation>géométrie autre qu'un point : {files}</translation>
    </message>
    <message>
      <source>note {fid}</source>
      <translation>note {fid}</translation>
    </message>
    <message>
      <source>note {uuid}</source>
      <translation>note {uuid}</translation>
    </message>
    <message>
      <source>The pack '{pack}' was built without a field-notes layer; there is nothing to import.</source>
      <translation>Le paquet « {pack} » a été construit sans couche de notes de terrain ; il n'y a rien à importer.</translation>
    </message>
    <message>
      <source>the notes file {file} is missing</source>
      <translation>le fichier de notes {file} est absent</translation>
    </message>
    <message>
      <source>the notes file {file} cannot be read</source>
      <translation>le fichier de notes {file} est illisible</translation>
    </message>
    <message>
      <source>{note}: recorded twice</source>
      <translation>{note} : enregistrée deux fois</translation>
    </message>
    <message>
      <source>{note}: unknown kind '{kind}'</source>
      <translation>{note} : type inconnu « {kind} »</translation>
    </message>
    <message>
      <source>{note}: no location</source>
      <translation>{note} : sans emplacement</translation>
    </message>
    <message>
      <source>the notes file {file} has no layer {layer}</source>
      <translation>le fichier de notes {file} n'a pas de couche {layer}</translation>
    </message>
    <message>
      <source>the notes layer is not the one the pack left with: {problems}</source>
      <translation>la couche de notes n'est pas celle avec laquelle le paquet est parti : {problems}</translation>
    </message>
    <message>
      <source>{note}: no valid identifier</source>
      <translation>{note} : sans identifiant valide</translation>
    </message>
    <message>
      <source>{note}: photo outside the pack: {photo}</source>
      <translation>{note} : photo hors du paquet : {photo}</translation>
    </message>
    <message>
      <source>{note}: photo missing: {photo}</source>
      <translation>{note} : photo manquante : {photo}</translation>
    </message>
    <message>
      <source>Unzipping the pack…</source>
      <translation>Décompression du paquet…</translation>
    </message>
    <message>
      <source>Field notes of '{pack}': {new} new, {updated} updated, {unchanged} already in the register; {photos} photos copied.</source>
      <translation>Notes de terrain de « {pack} » : {new} nouvelles, {updated} mises à jour, {unchanged} déjà au registre ; {photos} photos copiées.</translation>
    </message>
    <message>
      <source>A PostGIS register keeps the photos' paths only: choose a photo folder the team can reach.</source>
      <translation>Un registre PostGIS ne garde que le chemin des photos : choisissez un dossier de photos accessible à l'équipe.</translation>
    </message>
    <message>
      <source>Checking the returned pack…</source>
      <translation>Vérification du paquet retourné…</translation>
    </message>
    <message>
      <source>Copying the photos…</source>
      <translation>Copie des photos…</translation>
    </message>
    <message>
      <source>The pack '{path}' does not exist.</source>
      <translation>Le paquet « {path} » n'existe pas.</translation>
    </message>
    <message>
      <source>'{target}' holds no claim register; run a sync first.</source>
      <translation>« {target} » ne contient aucun registre de claims ; lancez d'abord une synchronisation.</translation>
    </message>
    <message>
      <source>Could not read the GESTIM file {path}: {detail}</source>
      <translation>Impossible de lire le fichier GESTIM {path} : {detail}</translation>
    </message>
    <message>
      <source>The .cpg file of {where} names an encoding this plugin does not know: '{name}'. Fix the .cpg (for example UTF-8 or 1252) or remove it to read the file as cp1252.</source>
      <translation>Le fichier .cpg de {where} nomme un encodage que l’extension ne connaît pas : « {name} ». Corrigez le .cpg (par exemple UTF-8 ou 1252) ou supprimez-le pour lire le fichier en cp1252.</translation>
    </message>
    <message>
      <source>The texts of {where} are not {encoding} ('{sample}' cannot be read that way): the .cpg file beside the .dbf names the wrong encoding. Fix or remove the .cpg and read the file again; the register is unchanged.</source>
      <translation>Les textes de {where} ne sont pas en {encoding} (« {sample} » ne se lit pas ainsi) : le fichier .cpg à côté du .dbf nomme le mauvais encodage. Corrigez ou supprimez le .cpg et relisez le fichier ; le registre est inchangé.</translation>
    </message>
    <message>
      <source>The texts of {where} look wrongly decoded: {field} holds '{value}' (UTF-8 read as {encoding}). Add a .cpg file holding UTF-8 beside the .dbf (or fix the one there) and read the file again; the register is unchanged.</source>
      <translation>Les textes de {where} semblent mal décodés : {field} contient « {value} » (de l’UTF-8 lu en {encoding}). Ajoutez à côté du .dbf un fichier .cpg contenant UTF-8 (ou corrigez celui qui s’y trouve) et relisez le fichier ; le registre est inchangé.</translation>
    </message>
    <message>
      <source>GESTIM source unchanged since the last run (HTTP 304).</source>
      <translation>Source GESTIM inchangée depuis la dernière exécution (HTTP 304).</translation>
    </message>
    <message>
      <source>GESTIM source unchanged since the last run (same checksum).</source>
      <translation>Source GESTIM inchangée depuis la dernière exécution (même somme de contrôle).</translation>
    </message>
    <message>
      <source>No shapefile (.shp) found in {where}.</source>
      <translation>Aucun fichier de formes (.shp) trouvé dans {where}.</translation>
    </message>
    <message>
      <source>{where} has no {suffix} file beside {shp}: the shapefile is incomplete.</source>
      <translation>{where} ne contient pas de fichier {suffix} à côté de {shp} : le fichier de formes est incomplet.</translation>
    </message>
    <message>
      <source>The GESTIM file {path} does not exist.</source>
      <translation>Le fichier GESTIM {path} n'existe pas.</translation>
    </message>
    <message>
      <source>{path} is not a valid zip file (corrupt or incomplete download). Download it again.</source>
      <translation>{path} n'est pas un fichier zip valide (corrompu ou téléchargement incomplet). Téléchargez-le de nouveau.</translation>
    </message>
    <message>
      <source>{path} is damaged: {member} fails its checksum. Download it again.</source>
      <translation>{path} est endommagé : la somme de contrôle de {member} est fausse. Téléchargez-le de nouveau.</translation>
    </message>
    <message>
      <source>The coordinate system in the .prj of {where} is not recognised.</source>
      <translation>Le système de coordonnées du .prj de {where} n'est pas reconnu.</translation>
    </message>
    <message>
      <source>The GESTIM source {path} does not exist.</source>
      <translation>La source GESTIM {path} n'existe pas.</translation>
    </message>
    <message>
      <source>{where} has no .prj file beside {shp}: the coordinate system cannot be known (GESTIM's files always have one). Get the complete file again.</source>
      <translation>{where} ne contient pas de fichier .prj à côté de {shp} : le système de coordonnées ne peut pas être connu (les fichiers de GESTIM en ont toujours un). Procurez-vous de nouveau le fichier complet.</translation>
    </message>
    <message>
      <source>{path} is not a valid zip file ({detail}). Download it again.</source>
      <translation>{path} n'est pas un fichier zip valide ({detail}). Téléchargez-le de nouveau.</translation>
    </message>
    <message>
      <source>The GESTIM file {path} has no {field} field (title number); fields found: {fields}. Is it really a GESTIM titles file?</source>
      <translation>Le fichier GESTIM {path} n'a pas de champ {field} (numéro de titre) ; champs trouvés : {fields}. Est-ce bien un fichier de titres GESTIM ?</translation>
    </message>
    <message>
      <source>The WFS tile size must be positive.</source>
      <translation>La taille des tuiles WFS doit être positive.</translation>
    </message>
    <message>
      <source>The WFS at {url} returned features outside the requested area: the server reads the area's longitude and latitude in the other order. Nothing was written; check the WFS address and its axis order (bbox=minlon,minlat,maxlon,maxlat,EPSG:4326).</source>
      <translation>Le WFS à {url} a renvoyé des entités hors de la zone demandée : le serveur lit la longitude et la latitude de la zone dans l’autre ordre. Rien n’a été écrit ; vérifiez l’adresse du WFS et son ordre des axes (bbox=minlon,minlat,maxlon,maxlat,EPSG:4326).</translation>
    </message>
    <message>
      <source>WFS: {count} features from {tiles} tiles.</source>
      <translation>WFS : {count} entités obtenues de {tiles} tuiles.</translation>
    </message>
    <message>
      <source>The area {bbox} is empty: its minimum must be below its maximum.</source>
      <translation>La zone {bbox} est vide : son minimum doit être inférieur à son maximum.</translation>
    </message>
    <message>
      <source>The area {bbox} is not in longitude/latitude degrees (WGS 84).</source>
      <translation>La zone {bbox} n'est pas en degrés de longitude/latitude (WGS 84).</translation>
    </message>
    <message>
      <source>The area needs {count} WFS requests (more than {limit}): use the province download for areas this large, or a larger tile size.</source>
      <translation>La zone demande {count} requêtes WFS (plus de {limit}) : pour une zone aussi grande, utilisez le téléchargement provincial, ou des tuiles plus grandes.</translation>
    </message>
    <message>
      <source>The WFS was not found (HTTP 404): {url}. Check the WFS address in the plugin settings.</source>
      <translation>Le WFS est introuvable (HTTP 404) : {url}. Vérifiez l’adresse du WFS dans les paramètres de l’extension.</translation>
    </message>
    <message>
      <source>The WFS answer for {layer} holds no feature collection.</source>
      <translation>La réponse du WFS pour {layer} ne contient aucune collection d'entités.</translation>
    </message>
    <message>
      <source>The WFS layer {layer} has no NO_TITRE (title number); properties: {fields}</source>
      <translation>La couche WFS {layer} n'a pas de NO_TITRE (numéro de titre) ; propriétés : {fields}</translation>
    </message>
    <message>
      <source>The WFS did not answer GeoJSON for {layer}: {start}</source>
      <translation>Le WFS n'a pas répondu en GeoJSON pour {layer} : {start}</translation>
    </message>
    <message>
      <source>The WFS returned only part of the features of a tile even after splitting it; use a smaller tile size or the province download.</source>
      <translation>Le WFS n'a renvoyé qu'une partie des entités d'une tuile même après l'avoir divisée ; utilisez des tuiles plus petites ou le téléchargement provincial.</translation>
    </message>
    <message>
      <source>Claim history</source>
      <translation>Historique du titre</translation>
    </message>
    <message>
      <source>History</source>
      <translation>Historique</translation>
    </message>
    <message>
      <source>mining claims</source>
      <translation>titres miniers</translation>
    </message>
    <message>
      <source>ancestral territories</source>
      <translation>territoires ancestraux</translation>
    </message>
    <message>
      <source>area of interest</source>
      <translation>zone d'intérêt</translation>
    </message>
    <message>
      <source>The {what} layer could not be opened.</source>
      <translation>La couche des {what} n'a pas pu être ouverte.</translation>
    </message>
    <message>
      <source>The {what} layer '{layer}' is not a polygon layer; choose a polygon layer.</source>
      <translation>La couche des {what} « {layer} » n'est pas une couche de polygones ; choisissez une couche de polygones.</translation>
    </message>
    <message>
      <source>The {what} layer '{layer}' has no coordinate reference system; set one.</source>
      <translation>La couche des {what} « {layer} » n'a pas de système de coordonnées de référence ; définissez-en un.</translation>
    </message>
    <message>
      <source>The field '{field}' of the {what} layer '{layer}' holds no dates (e.g. '{value}'); choose the field that holds the expiry date.</source>
      <translation>Le champ « {field} » de la couche des {what} « {layer} » ne contient pas de dates (p. ex. « {value} ») ; choisissez le champ qui contient la date d'expiration.</translation>
    </message>
    <message>
      <source>The {what} layer '{layer}' has no field '{field}'; choose the field that holds it (the plugin's settings, or the algorithm's field parameters in Processing).</source>
      <translation>La couche des {what} « {layer} » n'a pas de champ « {field} » ; choisissez le champ qui contient cette information (paramètres de l'extension, ou champs de l'algorithme dans Processing).</translation>
    </message>
    <message>
      <source>Imperial Land</source>
      <translation>Terres Imperial</translation>
    </message>
    <message>
      <source>Choose at least one layer to load.</source>
      <translation>Choisissez au moins une couche à charger.</translation>
    </message>
    <message>
      <source>Added '{layer}' ({count} features).</source>
      <translation>« {layer} » ajoutée ({count} entités).</translation>
    </message>
    <message>
      <source>The sample layer '{layer}' could not be opened from {path}.</source>
      <translation>La couche d'exemple « {layer} » n'a pas pu être ouverte depuis {path}.</translation>
    </message>
    <message>
      <source>Expired</source>
      <translation>Expiré</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>Actif</translation>
    </message>
    <message>
      <source>Suspended (held)</source>
      <translation>Suspendu (droit détenu)</translation>
    </message>
    <message>
      <source>Renewal pending (held)</source>
      <translation>En attente de renouvellement (droit détenu)</translation>
    </message>
    <message>
      <source>Other status</source>
      <translation>Autre statut</translation>
    </message>
    <message>
      <source>Expiring within {days} days</source>
      <translation>Expire d'ici {days} jours</translation>
    </message>
    <message>
      <source>The download of {url} stopped early: {got} of {expected} bytes received. Run it again: it resumes where it stopped.</source>
      <translation>Le téléchargement de {url} s'est interrompu : {got} octets reçus sur {expected}. Relancez-le : il reprendra là où il s'est arrêté.</translation>
    </message>
    <message>
      <source>The server refused to resume the download of {url}.</source>
      <translation>Le serveur a refusé de reprendre le téléchargement de {url}.</translation>
    </message>
    <message>
      <source>Downloaded {done:.1f} of {total:.1f} MB</source>
      <translation>{done:.1f} Mo téléchargés sur {total:.1f} Mo</translation>
    </message>
    <message>
      <source>Downloaded {done:.1f} MB</source>
      <translation>{done:.1f} Mo téléchargés</translation>
    </message>
    <message>
      <source>The server resumed the download of {url} at the wrong place.</source>
      <translation>Le serveur a repris le téléchargement de {url} au mauvais endroit.</translation>
    </message>
    <message>
      <source>The proxy asks for a user name and password (HTTP 407): set them in QGIS's network settings (Settings &gt; Options &gt; Network).</source>
      <translation>Le proxy demande un nom d'utilisateur et un mot de passe (HTTP 407) : saisissez-les dans les réglages réseau de QGIS (Préférences &gt; Options &gt; Réseau).</translation>
    </message>
    <message>
      <source>The request to {url} failed: {detail}</source>
      <translation>La requête vers {url} a échoué : {detail}</translation>
    </message>
    <message>
      <source>The server answered HTTP {status} ({reason}) for {url}.</source>
      <translation>Le serveur a répondu HTTP {status} ({reason}) pour {url}.</translation>
    </message>
    <message>
      <source>Could not connect to {host} (connection refused or host unreachable). Check the address, the network and QGIS's proxy settings.</source>
      <translation>Connexion impossible à {host} (connexion refusée ou hôte injoignable). Vérifiez l'adresse, le réseau et les réglages de proxy de QGIS.</translation>
    </message>
    <message>
      <source>The server {host} did not answer within the time allowed (connect {connect} s, read {read} s). Try again later or raise the timeout in the plugin settings.</source>
      <translation>Le serveur {host} n'a pas répondu dans le délai permis (connexion {connect} s, lecture {read} s). Réessayez plus tard ou augmentez le délai dans les réglages de l'extension.</translation>
    </message>
    <message>
      <source>The secure connection to {host} failed: its certificate could not be verified ({detail}). TLS verification cannot be switched off.</source>
      <translation>La connexion sécurisée à {host} a échoué : son certificat n'a pas pu être vérifié ({detail}). La vérification TLS ne peut pas être désactivée.</translation>
    </message>
    <message>
      <source>The proxy refused or failed the request to {host}. Check QGIS's proxy settings (Settings &gt; Options &gt; Network).</source>
      <translation>Le proxy a refusé ou fait échouer la requête vers {host}. Vérifiez les réglages de proxy de QGIS (Préférences &gt; Options &gt; Réseau).</translation>
    </message>
    <message>
      <source>The connection to {host} broke during the transfer. Try again.</source>
      <translation>La connexion à {host} a été coupée pendant le transfert. Réessayez.</translation>
    </message>
    <message>
      <source>The file was not found on the server (HTTP 404): {url}. GESTIM may have moved its province files: the current address is linked from GESTIM's document site, {site}. Set it as the source address in the plugin settings.</source>
      <translation>Le fichier est introuvable sur le serveur (HTTP 404) : {url}. GESTIM a peut-être déplacé ses fichiers de la province : l’adresse actuelle est donnée sur le site de documents de GESTIM, {site}. Inscrivez-la comme adresse de la source dans les paramètres de l’extension.</translation>
    </message>
    <message>
      <source>The server answered HTTP {status} ({reason}) for {url}, even after retrying. It may be busy or down: try again later.</source>
      <translation>Le serveur a répondu HTTP {status} ({reason}) pour {url}, même après plusieurs essais. Il est peut-être surchargé ou en panne : réessayez plus tard.</translation>
    </message>
    <message>
      <source>Computing the overlaps in the database needs every layer in the same PostGIS database; these come from different databases: {layers}. Untick the option to compute them here.</source>
      <translation>Le calcul des chevauchements dans la base de données exige que toutes les couches soient dans la même base PostGIS ; celles-ci viennent de bases différentes : {layers}. Décochez l'option pour les calculer ici.</translation>
    </message>
    <message>
      <source>Computing the overlaps in the database needs every layer in one PostGIS database; not in PostGIS: {layers}. Untick the option to compute them here.</source>
      <translation>Le calcul des chevauchements dans la base de données exige que toutes les couches soient dans une même base PostGIS ; hors de PostGIS : {layers}. Décochez l'option pour les calculer ici.</translation>
    </message>
    <message>
      <source>Nation not given</source>
      <translation>Nation non indiquée</translation>
    </message>
    <message>
      <source>Writing the overlap geometries...</source>
      <translation>Écriture des géométries de chevauchement...</translation>
    </message>
    <message>
      <source>The consultation distance must be zero or more metres (got {value}).</source>
      <translation>La distance de consultation doit être de zéro mètre ou plus (valeur reçue : {value}).</translation>
    </message>
    <message>
      <source>The sliver threshold must be zero or more hectares (got {value}).</source>
      <translation>Le seuil des micro-chevauchements doit être de zéro hectare ou plus (valeur reçue : {value}).</translation>
    </message>
    <message>
      <source>The output CRS '{crs}' is not a valid coordinate reference system.</source>
      <translation>Le SCR de sortie « {crs} » n'est pas un système de coordonnées de référence valide.</translation>
    </message>
    <message>
      <source>Overlaying {a} with {b}...</source>
      <translation>Superposition : {a} et {b}...</translation>
    </message>
    <message>
      <source>Reading the {what} layer '{layer}'...</source>
      <translation>Lecture de la couche « {layer} » ({what})...</translation>
    </message>
    <message>
      <source>Territory '{name}' has a consultation distance of '{value}'; give zero or more metres.</source>
      <translation>Le territoire « {name} » a une distance de consultation de « {value} » ; indiquez zéro mètre ou plus.</translation>
    </message>
    <message>
      <source>Some coordinates in {src} fall outside the area that CRS covers.</source>
      <translation>Certaines coordonnées en {src} sont hors de l'étendue couverte par ce SCR.</translation>
    </message>
    <message>
      <source>Unknown ellipsoid '{name}'.</source>
      <translation>Ellipsoïde inconnu « {name} ».</translation>
    </message>
    <message>
      <source>PROJ could not build the equal-area frame on '{name}'.</source>
      <translation>PROJ n’a pas pu construire le repère à aires égales sur « {name} ».</translation>
    </message>
    <message>
      <source>Coordinates could not be transformed from {src} to {dst}: {error}</source>
      <translation>Les coordonnées n'ont pas pu être transformées de {src} vers {dst} : {error}</translation>
    </message>
    <message>
      <source>QGIS cannot transform coordinates from {crs} to the equal-area frame (PROJ could not build the operation); check the layer's CRS and the PROJ installation.</source>
      <translation>QGIS ne peut pas transformer les coordonnées de {crs} vers le repère à aires égales (PROJ n’a pas pu construire l’opération) ; vérifiez le SCR de la couche et l’installation de PROJ.</translation>
    </message>
    <message>
      <source>the working frame</source>
      <translation>le repère de calcul</translation>
    </message>
    <message>
      <source>Self-intersection</source>
      <translation>Auto-intersection</translation>
    </message>
    <message>
      <source>Ring self-intersection</source>
      <translation>Auto-intersection d'anneau</translation>
    </message>
    <message>
      <source>Too few points</source>
      <translation>Trop peu de points</translation>
    </message>
    <message>
      <source>Interior is disconnected</source>
      <translation>Intérieur non connexe</translation>
    </message>
    <message>
      <source>Hole outside its polygon</source>
      <translation>Trou hors de son polygone</translation>
    </message>
    <message>
      <source>Nested holes</source>
      <translation>Trous imbriqués</translation>
    </message>
    <message>
      <source>Nested polygons</source>
      <translation>Polygones imbriqués</translation>
    </message>
    <message>
      <source>Duplicate rings</source>
      <translation>Anneaux en double</translation>
    </message>
    <message>
      <source>Invalid coordinate</source>
      <translation>Coordonnée invalide</translation>
    </message>
    <message>
      <source>No geometry</source>
      <translation>Aucune géométrie</translation>
    </message>
    <message>
      <source>No area left after repair ({reason})</source>
      <translation>Aucune superficie après réparation ({reason})</translation>
    </message>
    <message>
      <source>empty</source>
      <translation>vide</translation>
    </message>
    <message>
      <source>The {what} layer '{layer}' was prepared in full and is kept for the next runs ({folder}).</source>
      <translation>La couche « {layer} » ({what}) a été préparée en entier et est gardée pour les prochaines exécutions ({folder}).</translation>
    </message>
    <message>
      <source>The {what} layer '{layer}' was prepared near the other layers and is kept for the next runs ({folder}).</source>
      <translation>La couche « {layer} » ({what}) a été préparée près des autres couches et est gardée pour les prochaines exécutions ({folder}).</translation>
    </message>
    <message>
      <source>The {what} layer '{layer}' was prepared in full but could not be kept for the next runs ({folder}: {error}).</source>
      <translation>La couche « {layer} » ({what}) a été préparée en entier mais n'a pas pu être gardée pour les prochaines exécutions ({folder} : {error}).</translation>
    </message>
    <message>
      <source>The {what} layer '{layer}' was prepared near the other layers but could not be kept for the next runs ({folder}: {error}).</source>
      <translation>La couche « {layer} » ({what}) a été préparée près des autres couches mais n'a pas pu être gardée pour les prochaines exécutions ({folder} : {error}).</translation>
    </message>
    <message>
      <source>The {what} layer '{layer}' was read back as an earlier run prepared it.</source>
      <translation>La couche « {layer} » ({what}) a été relue telle qu'une exécution précédente l'avait préparée.</translation>
    </message>
    <message>
      <source>Choose at least two layers to compare (claims, parcels, territories or area of interest).</source>
      <translation>Choisissez au moins deux couches à comparer (titres miniers, lots, territoires ou zone d'intérêt).</translation>
    </message>
    <message>
      <source>{pairs} pairs, {flagged} flagged; {slivers} sliver overlaps dropped.</source>
      <translation>{pairs} paires, {flagged} signalées ; {slivers} micro-chevauchements écartés.</translation>
    </message>
    <message>
      <source>No feature is selected in the area of interest layer '{layer}'.</source>
      <translation>Aucune entité n'est sélectionnée dans la couche de zones d'intérêt « {layer} ».</translation>
    </message>
    <message>
      <source>The in-database report needs every layer in one PostGIS database; use the in-process overlap engine.</source>
      <translation>Le rapport dans la base exige que toutes les couches soient dans une même base PostGIS ; utilisez le moteur de chevauchement intégré.</translation>
    </message>
    <message>
      <source>The {what} layer '{layer}' is not a PostGIS table with one integer key; use the in-process overlap engine for it.</source>
      <translation>La couche {what} « {layer} » n'est pas une table PostGIS à clé entière unique ; utilisez pour elle le moteur de chevauchement intégré.</translation>
    </message>
    <message>
      <source>The {what} layer '{layer}' has a filter; the in-database report reads whole tables. Remove the filter or use the in-process engine.</source>
      <translation>La couche {what} « {layer} » a un filtre ; le rapport dans la base lit les tables entières. Retirez le filtre ou utilisez le moteur intégré.</translation>
    </message>
    <message>
      <source>The register's claims cannot be opened as a layer.</source>
      <translation>Les titres du registre ne peuvent pas être ouverts comme couche.</translation>
    </message>
    <message>
      <source>The register's claims cannot be filtered by title.</source>
      <translation>Les titres du registre ne peuvent pas être filtrés par numéro.</translation>
    </message>
    <message>
      <source>Overlap state updated: {titles} titles, {pairs} pairs now held for them.</source>
      <translation>État des chevauchements mis à jour : {titles} titres, {pairs} paires tenues pour eux.</translation>
    </message>
    <message>
      <source>The {role} layer '{source}' of the overlap state cannot be opened.</source>
      <translation>La couche {role} « {source} » de l'état des chevauchements ne peut pas être ouverte.</translation>
    </message>
    <message>
      <source>Overlap state not updated (the sync itself was applied): {problem}</source>
      <translation>État des chevauchements non mis à jour (la synchronisation elle-même a été appliquée) : {problem}</translation>
    </message>
    <message>
      <source>Overlap state computed again in full (a compared layer or the plugin's pair rules changed): {pairs} pairs.</source>
      <translation>État des chevauchements recalculé en entier (une couche comparée ou les règles de paires de l'extension ont changé) : {pairs} paires.</translation>
    </message>
    <message>
      <source>The {role} layer '{source}' has no field '{field}'.</source>
      <translation>La couche {role} « {source} » n'a pas de champ « {field} ».</translation>
    </message>
    <message>
      <source>Select a polygon feature in a polygon layer for the area of interest.</source>
      <translation>Sélectionnez une entité polygonale dans une couche de polygones pour la zone d'intérêt.</translation>
    </message>
    <message>
      <source>Draw a rectangle on the map for the area of interest first.</source>
      <translation>Dessinez d'abord un rectangle sur la carte pour la zone d'intérêt.</translation>
    </message>
    <message>
      <source>No feature is selected in '{layer}'; select the area of interest.</source>
      <translation>Aucune entité n'est sélectionnée dans « {layer} » ; sélectionnez la zone d'intérêt.</translation>
    </message>
    <message>
      <source>Offline pack style</source>
      <translation>Style du paquet hors ligne</translation>
    </message>
    <message>
      <source>Rendering the basemap tiles…</source>
      <translation>Rendu des tuiles du fond de carte…</translation>
    </message>
    <message>
      <source>Writing the project…</source>
      <translation>Écriture du projet…</translation>
    </message>
    <message>
      <source>Writing the manifest and the zip…</source>
      <translation>Écriture du manifeste et du zip…</translation>
    </message>
    <message>
      <source>Cannot save the style of '{layer}' in the pack: {error}</source>
      <translation>Impossible d'enregistrer le style de « {layer} » dans le paquet : {error}</translation>
    </message>
    <message>
      <source>A pack named '{name}' already exists in {folder}; choose another name.</source>
      <translation>Un paquet nommé « {name} » existe déjà dans {folder} ; choisissez un autre nom.</translation>
    </message>
    <message>
      <source>Clipping '{layer}' to the area…</source>
      <translation>Découpage de « {layer} » selon la zone…</translation>
    </message>
    <message>
      <source>The area of interest holds no feature of the chosen layers ({layers}); no pack was written.</source>
      <translation>La zone d'intérêt ne contient aucune entité des couches choisies ({layers}) ; aucun paquet n'a été écrit.</translation>
    </message>
    <message>
      <source>{count} invalid geometries of '{layer}' were repaired before the cut.</source>
      <translation>{count} géométries non valides de « {layer} » ont été réparées avant le découpage.</translation>
    </message>
    <message>
      <source>Cannot write the layer '{layer}' into the pack: {error}</source>
      <translation>Impossible d'écrire la couche « {layer} » dans le paquet : {error}</translation>
    </message>
    <message>
      <source>Cannot write a feature of '{layer}' into the pack: {error}</source>
      <translation>Impossible d'écrire une entité de « {layer} » dans le paquet : {error}</translation>
    </message>
    <message>
      <source>Adding the pack's layers…</source>
      <translation>Ajout des couches du paquet…</translation>
    </message>
    <message>
      <source>Checking the pack's files…</source>
      <translation>Vérification des fichiers du paquet…</translation>
    </message>
    <message>
      <source>The pack's manifest does not list its own files: {files}.</source>
      <translation>Le manifeste du paquet ne liste pas ses propres fichiers : {files}.</translation>
    </message>
    <message>
      <source>Unzipped into {folder}.</source>
      <translation>Décompressé dans {folder}.</translation>
    </message>
    <message>
      <source>'{file}' is not a readable zip: {error}</source>
      <translation>« {file} » n'est pas un zip lisible : {error}</translation>
    </message>
    <message>
      <source>The zip '{file}' was refused: these entries would be written outside the target folder: {entries}.</source>
      <translation>Le zip « {file} » a été refusé : ces entrées seraient écrites hors du dossier cible : {entries}.</translation>
    </message>
    <message>
      <source>The folder '{folder}' already exists; load that folder or choose another target folder.</source>
      <translation>Le dossier « {folder} » existe déjà ; chargez ce dossier ou choisissez un autre dossier cible.</translation>
    </message>
    <message>
      <source>The zip '{file}' is damaged ({entry}: {error}); copy it again.</source>
      <translation>Le zip « {file} » est endommagé ({entry} : {error}) ; copiez-le de nouveau.</translation>
    </message>
    <message>
      <source>missing: {files}</source>
      <translation>manquants : {files}</translation>
    </message>
    <message>
      <source>altered: {files}</source>
      <translation>modifiés : {files}</translation>
    </message>
    <message>
      <source>'{folder}' is not an offline pack: it has no {manifest}.</source>
      <translation>« {folder} » n'est pas un paquet hors ligne : il n'a pas de {manifest}.</translation>
    </message>
    <message>
      <source>The pack's {manifest} has no file list.</source>
      <translation>Le {manifest} du paquet n'a pas de liste de fichiers.</translation>
    </message>
    <message>
      <source>The pack's {manifest} names files outside the pack: {files}.</source>
      <translation>Le {manifest} du paquet nomme des fichiers hors du paquet : {files}.</translation>
    </message>
    <message>
      <source>The pack '{pack}' does not match its manifest ({problems}); copy it again.</source>
      <translation>Le paquet « {pack} » ne correspond pas à son manifeste ({problems}) ; copiez-le de nouveau.</translation>
    </message>
    <message>
      <source>The pack's {manifest} cannot be read: {error}</source>
      <translation>Le {manifest} du paquet ne peut pas être lu : {error}</translation>
    </message>
    <message>
      <source>Identifier</source>
      <translation>Identifiant</translation>
    </message>
    <message>
      <source>Kind of note</source>
      <translation>Type de note</translation>
    </message>
    <message>
      <source>Observed on</source>
      <translation>Observé le</translation>
    </message>
    <message>
      <source>Author</source>
      <translation>Auteur</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>Claim title</source>
      <translation>Titre minier</translation>
    </message>
    <message>
      <source>Parcel lot</source>
      <translation>Lot</translation>
    </message>
    <message>
      <source>Photo 1</source>
      <translation>Photo 1</translation>
    </message>
    <message>
      <source>Photo 2</source>
      <translation>Photo 2</translation>
    </message>
    <message>
      <source>Photo 3</source>
      <translation>Photo 3</translation>
    </message>
    <message>
      <source>Field notes</source>
      <translation>Notes de terrain</translation>
    </message>
    <message>
      <source>Basemap</source>
      <translation>Fond de carte</translation>
    </message>
    <message>
      <source>The layer '{layer}' of the pack cannot be opened.</source>
      <translation>La couche « {layer} » du paquet ne peut pas être ouverte.</translation>
    </message>
    <message>
      <source>Cannot write the pack's project: {error}</source>
      <translation>Impossible d'écrire le projet du paquet : {error}</translation>
    </message>
    <message>
      <source>outside the pack: {files}</source>
      <translation>hors du paquet : {files}</translation>
    </message>
    <message>
      <source>absolute paths: {files}</source>
      <translation>chemins absolus : {files}</translation>
    </message>
    <message>
      <source>The pack has no project file '{file}'.</source>
      <translation>Le paquet n'a pas de fichier de projet « {file} ».</translation>
    </message>
    <message>
      <source>The pack's project '{file}' points to files it does not hold ({problems}).</source>
      <translation>Le projet « {file} » du paquet renvoie à des fichiers qu'il ne contient pas ({problems}).</translation>
    </message>
    <message>
      <source>The pack's project '{file}' cannot be read.</source>
      <translation>Le projet « {file} » du paquet ne peut pas être lu.</translation>
    </message>
    <message>
      <source>The area of interest has no coordinate reference system.</source>
      <translation>La zone d'intérêt n'a pas de système de coordonnées de référence.</translation>
    </message>
    <message>
      <source>The area of interest is empty; pick a polygon feature, use the map extent or draw a rectangle.</source>
      <translation>La zone d'intérêt est vide ; choisissez une entité polygonale, utilisez l'emprise de la carte ou dessinez un rectangle.</translation>
    </message>
    <message>
      <source>The area of interest must be a polygon.</source>
      <translation>La zone d'intérêt doit être un polygone.</translation>
    </message>
    <message>
      <source>Choose at least one layer to put in the pack.</source>
      <translation>Choisissez au moins une couche à mettre dans le paquet.</translation>
    </message>
    <message>
      <source>A layer chosen for the pack cannot be opened.</source>
      <translation>Une couche choisie pour le paquet ne peut pas être ouverte.</translation>
    </message>
    <message>
      <source>The area of interest lies outside every chosen layer ({layers}); check the area and its coordinate reference system. No pack was written.</source>
      <translation>La zone d'intérêt est en dehors de toutes les couches choisies ({layers}) ; vérifiez la zone et son système de coordonnées de référence. Aucun paquet n'a été écrit.</translation>
    </message>
    <message>
      <source>The zoom range {low}-{high} is not valid; use 0 to {max} with min &lt;= max.</source>
      <translation>La plage de zoom {low}-{high} n'est pas valide ; utilisez 0 à {max} avec min &lt;= max.</translation>
    </message>
    <message>
      <source>The pack name '{name}' is not usable as a folder name; use letters, digits, spaces, '-', '_' or '.'.</source>
      <translation>Le nom de paquet « {name} » ne peut pas servir de nom de dossier ; utilisez des lettres, des chiffres, des espaces, « - », « _ » ou « . ».</translation>
    </message>
    <message>
      <source>The layers chosen for the pack hold no features ({layers}); no pack was written.</source>
      <translation>Les couches choisies pour le paquet n'ont aucune entité ({layers}) ; aucun paquet n'a été écrit.</translation>
    </message>
    <message>
      <source>The layer '{layer}' chosen for the pack has no coordinate reference system; set one.</source>
      <translation>La couche « {layer} » choisie pour le paquet n'a pas de système de coordonnées de référence ; définissez-en un.</translation>
    </message>
    <message>
      <source>The basemap would need {count} tiles (at most {limit}); lower the maximum zoom or choose a smaller area.</source>
      <translation>Le fond de carte demanderait {count} tuiles (au plus {limit}) ; baissez le zoom maximal ou choisissez une zone plus petite.</translation>
    </message>
    <message>
      <source>Claim post</source>
      <translation>Poteau de claim</translation>
    </message>
    <message>
      <source>Access</source>
      <translation>Accès</translation>
    </message>
    <message>
      <source>Cultural site</source>
      <translation>Site culturel</translation>
    </message>
    <message>
      <source>Environmental</source>
      <translation>Environnement</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>Autre</translation>
    </message>
    <message>
      <source>Written {done} of {total} rows</source>
      <translation>{done} lignes écrites sur {total}</translation>
    </message>
    <message>
      <source>'{path}' has a 'claims' table that is not a claim register; choose another file.</source>
      <translation>« {path} » contient une table « claims » qui n'est pas un registre de titres ; choisissez un autre fichier.</translation>
    </message>
    <message>
      <source>The register '{path}' has no claims layer.</source>
      <translation>Le registre « {path} » n'a pas de couche de claims.</translation>
    </message>
    <message>
      <source>The register '{path}' has version {found}, newer than this plugin knows ({known}); update the plugin.</source>
      <translation>Le registre « {path} » est en version {found}, plus récente que celle que connaît cette extension ({known}) ; mettez l'extension à jour.</translation>
    </message>
    <message>
      <source>The register '{path}' is locked by another program (an editing session in QGIS?): save or stop the edits and try again. ({error})</source>
      <translation>Le registre « {path} » est verrouillé par un autre programme (une session d'édition dans QGIS?) : enregistrez ou arrêtez les modifications et réessayez. ({error})</translation>
    </message>
    <message>
      <source>The register '{path}' is not a GeoPackage: {error}</source>
      <translation>Le registre « {path} » n'est pas un GeoPackage : {error}</translation>
    </message>
    <message>
      <source>Field note: {kind}</source>
      <translation>Note de terrain : {kind}</translation>
    </message>
    <message>
      <source>Field note: {kind} ({author})</source>
      <translation>Note de terrain : {kind} ({author})</translation>
    </message>
    <message>
      <source>Field note edited: {kind}</source>
      <translation>Note de terrain modifiée : {kind}</translation>
    </message>
    <message>
      <source>Claims (register)</source>
      <translation>Claims (registre)</translation>
    </message>
    <message>
      <source>Field notes (register)</source>
      <translation>Notes de terrain (registre)</translation>
    </message>
    <message>
      <source>The register '{path}' has no claims layer yet: run a sync first.</source>
      <translation>Le registre « {path} » n'a pas encore de couche de claims : lancez d'abord une synchronisation.</translation>
    </message>
    <message>
      <source>The register '{path}' has no field notes layer.</source>
      <translation>Le registre « {path} » n'a pas de couche de notes de terrain.</translation>
    </message>
    <message>
      <source>The register keeps no overlap state: configure it first.</source>
      <translation>Le registre ne tient pas d'état des chevauchements : configurez-le d'abord.</translation>
    </message>
    <message>
      <source>Name the PostgreSQL schema that holds the register.</source>
      <translation>Nommez le schéma PostgreSQL qui contient le registre.</translation>
    </message>
    <message>
      <source>The register connection is closed.</source>
      <translation>La connexion au registre est fermée.</translation>
    </message>
    <message>
      <source>Register created in schema '{schema}' ({crs}).</source>
      <translation>Registre créé dans le schéma « {schema} » ({crs}).</translation>
    </message>
    <message>
      <source>Schema '{schema}' already holds a register; it was left as it was.</source>
      <translation>Le schéma « {schema} » contient déjà un registre ; il a été laissé tel quel.</translation>
    </message>
    <message>
      <source>Rows of register '{schema}' stayed locked by another session; try again.</source>
      <translation>Des lignes du registre « {schema} » sont restées verrouillées par une autre session ; réessayez.</translation>
    </message>
    <message>
      <source>Schema '{schema}' has no claim register; create it first.</source>
      <translation>Le schéma « {schema} » ne contient aucun registre de titres ; créez-le d'abord.</translation>
    </message>
    <message>
      <source>The register needs an EPSG coordinate reference system, not '{crs}'.</source>
      <translation>Le registre exige un système de coordonnées EPSG, pas « {crs} ».</translation>
    </message>
    <message>
      <source>The register in schema '{schema}' has version {found}, newer than this plugin knows ({known}); update the plugin.</source>
      <translation>Le registre du schéma « {schema} » est en version {found}, plus récente que celle que connaît l'extension ({known}) ; mettez l'extension à jour.</translation>
    </message>
    <message>
      <source>The register in schema '{schema}' needs an upgrade to version {known} that only its owner can make: ask the owner to run the plugin once.</source>
      <translation>Le registre du schéma « {schema} » doit passer à la version {known}, ce que seul son propriétaire peut faire : demandez-lui d'ouvrir le registre avec l'extension une fois.</translation>
    </message>
    <message>
      <source>Schema '{schema}' holds part of a register only (missing: {missing}); choose another schema or ask the administrator to repair it.</source>
      <translation>Le schéma « {schema} » ne contient qu'une partie d'un registre (manque : {missing}) ; choisissez un autre schéma ou demandez à l'administrateur de le réparer.</translation>
    </message>
    <message>
      <source>{role} (syncing since {time} UTC)</source>
      <translation>{role} (synchronisation en cours depuis {time} UTC)</translation>
    </message>
    <message>
      <source>Another sync of register '{schema}' is running; waiting for it.</source>
      <translation>Une autre synchronisation du registre « {schema} » est en cours ; attente de sa fin.</translation>
    </message>
    <message>
      <source>Another sync of register '{schema}' is still running after {seconds} s (held by {holder}); nothing was written, try again when it has finished.</source>
      <translation>Une autre synchronisation du registre « {schema} » tourne encore après {seconds} s (tenue par {holder}) ; rien n'a été écrit, réessayez quand elle sera terminée.</translation>
    </message>
    <message>
      <source>'{target}' is not a PostGIS register; expected pg:&lt;connection&gt;/&lt;schema&gt;.</source>
      <translation>« {target} » n'est pas un registre PostGIS ; forme attendue : pg:&lt;connexion&gt;/&lt;schéma&gt;.</translation>
    </message>
    <message>
      <source>owner (new GESTIM columns)</source>
      <translation>propriétaire (nouvelles colonnes GESTIM)</translation>
    </message>
    <message>
      <source>Styled by flag</source>
      <translation>Symbolisé par signalement</translation>
    </message>
    <message>
      <source>Could not open '{path}' as a GeoPackage.</source>
      <translation>Impossible d'ouvrir « {path} » comme GeoPackage.</translation>
    </message>
    <message>
      <source>Could not create the layer '{layer}' in '{path}'.</source>
      <translation>Impossible de créer la couche « {layer} » dans « {path} ».</translation>
    </message>
    <message>
      <source>No flag</source>
      <translation>Sans signalement</translation>
    </message>
    <message>
      <source>Could not write the flags layer to '{path}': {message}</source>
      <translation>Impossible d'écrire la couche des signalements dans « {path} » : {message}</translation>
    </message>
    <message>
      <source>Overlap report</source>
      <translation>Rapport de chevauchements</translation>
    </message>
    <message>
      <source>Mining titles, parcels and First Nations' ancestral territories that overlap or come within the consultation distance. Generated on {date}.</source>
      <translation>Titres miniers, lots et territoires ancestraux des Premières Nations qui se chevauchent ou se trouvent à distance de consultation. Produit le {date}.</translation>
    </message>
    <message>
      <source>Claim × territory</source>
      <translation>Titre × territoire</translation>
    </message>
    <message>
      <source>Parcel × territory</source>
      <translation>Lot × territoire</translation>
    </message>
    <message>
      <source>Parcel × claim</source>
      <translation>Lot × titre</translation>
    </message>
    <message>
      <source>Area of interest × territory</source>
      <translation>Zone d'intérêt × territoire</translation>
    </message>
    <message>
      <source>Area of interest × claim</source>
      <translation>Zone d'intérêt × titre</translation>
    </message>
    <message>
      <source>Area of interest × parcel</source>
      <translation>Zone d'intérêt × lot</translation>
    </message>
    <message>
      <source>Overlaps</source>
      <translation>Chevauche</translation>
    </message>
    <message>
      <source>Within</source>
      <translation>À l'intérieur</translation>
    </message>
    <message>
      <source>Contains</source>
      <translation>Contient</translation>
    </message>
    <message>
      <source>Within distance</source>
      <translation>À distance de consultation</translation>
    </message>
    <message>
      <source>Third-party title</source>
      <translation>Titre de tiers</translation>
    </message>
    <message>
      <source>Company title</source>
      <translation>Titre de la société</translation>
    </message>
    <message>
      <source>Claim</source>
      <translation>Titre</translation>
    </message>
    <message>
      <source>Territory</source>
      <translation>Territoire</translation>
    </message>
    <message>
      <source>Repaired</source>
      <translation>Réparée</translation>
    </message>
    <message>
      <source>Skipped</source>
      <translation>Ignorée</translation>
    </message>
    <message>
      <source>Area examined</source>
      <translation>Zone examinée</translation>
    </message>
    <message>
      <source>Overview</source>
      <translation>Vue d’ensemble</translation>
    </message>
    <message>
      <source>Overlap flags</source>
      <translation>Signalements de chevauchement</translation>
    </message>
    <message>
      <source>Data sources</source>
      <translation>Sources des données</translation>
    </message>
    <message>
      <source>Legend</source>
      <translation>Légende</translation>
    </message>
    <message>
      <source>Generated on {date} · {pairs} pairs, {flagged} flagged · CRS {crs}</source>
      <translation>Produit le {date} · {pairs} paires, {flagged} signalées · SCR {crs}</translation>
    </message>
    <message>
      <source>{role}: {layer} ({source}, {crs}, {count} features)</source>
      <translation>{role} : {layer} ({source}, {crs}, {count} entités)</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>inconnue</translation>
    </message>
    <message>
      <source>N ↑</source>
      <translation>N ↑</translation>
    </message>
    <message>
      <source>date of the claims data: {date}</source>
      <translation>date des données sur les titres : {date}</translation>
    </message>
    <message>
      <source>Pair</source>
      <translation>Paire</translation>
    </message>
    <message>
      <source>Relation</source>
      <translation>Relation</translation>
    </message>
    <message>
      <source>Flag</source>
      <translation>Signalement</translation>
    </message>
    <message>
      <source>Side A</source>
      <translation>Côté A</translation>
    </message>
    <message>
      <source>A feature id</source>
      <translation>Identifiant A</translation>
    </message>
    <message>
      <source>A key</source>
      <translation>Clé A</translation>
    </message>
    <message>
      <source>A name</source>
      <translation>Nom A</translation>
    </message>
    <message>
      <source>Side B</source>
      <translation>Côté B</translation>
    </message>
    <message>
      <source>B feature id</source>
      <translation>Identifiant B</translation>
    </message>
    <message>
      <source>B key</source>
      <translation>Clé B</translation>
    </message>
    <message>
      <source>B name</source>
      <translation>Nom B</translation>
    </message>
    <message>
      <source>Title holder</source>
      <translation>Titulaire</translation>
    </message>
    <message>
      <source>Title status</source>
      <translation>Statut du titre</translation>
    </message>
    <message>
      <source>Title expiry</source>
      <translation>Expiration du titre</translation>
    </message>
    <message>
      <source>Lot</source>
      <translation>Lot</translation>
    </message>
    <message>
      <source>Share of A (%)</source>
      <translation>Part de A (%)</translation>
    </message>
    <message>
      <source>Share of B (%)</source>
      <translation>Part de B (%)</translation>
    </message>
    <message>
      <source>Distance (m)</source>
      <translation>Distance (m)</translation>
    </message>
    <message>
      <source>Claims per Nation and holder</source>
      <translation>Titres par Nation et par titulaire</translation>
    </message>
    <message>
      <source>No claim touches or comes near an ancestral territory.</source>
      <translation>Aucun titre ne touche un territoire ancestral ni ne s'en approche.</translation>
    </message>
    <message>
      <source>Summary per Nation</source>
      <translation>Résumé par Nation</translation>
    </message>
    <message>
      <source>No feature touches or comes near an ancestral territory.</source>
      <translation>Aucune entité ne touche un territoire ancestral ni ne s'en approche.</translation>
    </message>
    <message>
      <source>Parcels and areas of interest</source>
      <translation>Lots et zones d'intérêt</translation>
    </message>
    <message>
      <source>No parcel or area of interest is part of a pair.</source>
      <translation>Aucun lot ni aucune zone d'intérêt ne fait partie d'une paire.</translation>
    </message>
    <message>
      <source>Mining titles on each parcel or area</source>
      <translation>Titres miniers sur chaque lot ou zone</translation>
    </message>
    <message>
      <source>No mining title sits on a parcel or area of interest.</source>
      <translation>Aucun titre minier ne se trouve sur un lot ou une zone d'intérêt.</translation>
    </message>
    <message>
      <source>Repaired and skipped features</source>
      <translation>Entités réparées et ignorées</translation>
    </message>
    <message>
      <source>Every geometry was valid.</source>
      <translation>Toutes les géométries étaient valides.</translation>
    </message>
    <message>
      <source>Input layers</source>
      <translation>Couches en entrée</translation>
    </message>
    <message>
      <source>No input layer.</source>
      <translation>Aucune couche en entrée.</translation>
    </message>
    <message>
      <source>Run</source>
      <translation>Exécution</translation>
    </message>
    <message>
      <source>Consultation: flags that need attention first</source>
      <translation>Consultation : signalements à traiter en premier</translation>
    </message>
    <message>
      <source>No Nation to consult.</source>
      <translation>Aucune Nation à consulter.</translation>
    </message>
    <message>
      <source>Field notes on these titles and parcels</source>
      <translation>Notes de terrain sur ces titres et lots</translation>
    </message>
    <message>
      <source>No field note on these titles and parcels.</source>
      <translation>Aucune note de terrain sur ces titres et lots.</translation>
    </message>
    <message>
      <source>Recorded in QField and imported from returned packs (the claim or lot each concerns).</source>
      <translation>Saisies dans QField et importées des paquets rapportés (le titre ou le lot que chacune concerne).</translation>
    </message>
    <message>
      <source>Record of contact</source>
      <translation>Registre des contacts</translation>
    </message>
    <message>
      <source>To fill in: one row per Nation whose territory the run touched.</source>
      <translation>À remplir : une ligne par Nation dont le territoire est touché.</translation>
    </message>
    <message>
      <source>Every claim × territory pair, one by one, is in the CSV and in the flags layer.</source>
      <translation>Chaque paire titre × territoire, une à une, figure dans le CSV et dans la couche des signalements.</translation>
    </message>
    <message>
      <source>Company or third party</source>
      <translation>Entreprise ou tiers</translation>
    </message>
    <message>
      <source>Claims</source>
      <translation>Titres</translation>
    </message>
    <message>
      <source>Of which within distance only</source>
      <translation>Dont à distance seulement</translation>
    </message>
    <message>
      <source>Feature type</source>
      <translation>Type d'entité</translation>
    </message>
    <message>
      <source>Features touched</source>
      <translation>Entités touchées</translation>
    </message>
    <message>
      <source>Parcel or area</source>
      <translation>Lot ou zone</translation>
    </message>
    <message>
      <source>Area (ha)</source>
      <translation>Superficie (ha)</translation>
    </message>
    <message>
      <source>Nations to consult</source>
      <translation>Nations à consulter</translation>
    </message>
    <message>
      <source>Titles on it</source>
      <translation>Titres dessus</translation>
    </message>
    <message>
      <source>Third-party titles</source>
      <translation>Titres de tiers</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Titre</translation>
    </message>
    <message>
      <source>Share of the parcel or area (%)</source>
      <translation>Part du lot ou de la zone (%)</translation>
    </message>
    <message>
      <source>Feature id</source>
      <translation>Identifiant</translation>
    </message>
    <message>
      <source>Key</source>
      <translation>Clé</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>Action</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Raison</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>Rôle</translation>
    </message>
    <message>
      <source>Layer</source>
      <translation>Couche</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>Source</translation>
    </message>
    <message>
      <source>CRS</source>
      <translation>SCR</translation>
    </message>
    <message>
      <source>Features</source>
      <translation>Entités</translation>
    </message>
    <message>
      <source>Date of the data</source>
      <translation>Date des données</translation>
    </message>
    <message>
      <source>Report date</source>
      <translation>Date du rapport</translation>
    </message>
    <message>
      <source>Ellipsoid for areas</source>
      <translation>Ellipsoïde des superficies</translation>
    </message>
    <message>
      <source>CRS of the overlap geometries</source>
      <translation>SCR des géométries de chevauchement</translation>
    </message>
    <message>
      <source>Sliver threshold (ha)</source>
      <translation>Seuil des micro-chevauchements (ha)</translation>
    </message>
    <message>
      <source>Sliver overlaps dropped</source>
      <translation>Micro-chevauchements écartés</translation>
    </message>
    <message>
      <source>Company title holders</source>
      <translation>Titulaires de la société</translation>
    </message>
    <message>
      <source>Pairs found</source>
      <translation>Paires trouvées</translation>
    </message>
    <message>
      <source>Flagged pairs</source>
      <translation>Paires signalées</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>Élément</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>Valeur</translation>
    </message>
    <message>
      <source>Title or lot</source>
      <translation>Titre ou lot</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>Observed</source>
      <translation>Observée le</translation>
    </message>
    <message>
      <source>From the consultation register: contacts, concerns and open commitments.</source>
      <translation>D'après le registre de consultation : contacts, préoccupations et engagements en cours.</translation>
    </message>
    <message>
      <source>Dates of contact</source>
      <translation>Dates de contact</translation>
    </message>
    <message>
      <source>Follow-up</source>
      <translation>Suivi</translation>
    </message>
    <message>
      <source>No flagged pair.</source>
      <translation>Aucune paire signalée.</translation>
    </message>
    <message>
      <source>Other pairs (no flag)</source>
      <translation>Autres paires (sans signalement)</translation>
    </message>
    <message>
      <source>No other pair.</source>
      <translation>Aucune autre paire.</translation>
    </message>
    <message>
      <source>{count} of {total} sites need attention.</source>
      <translation>{count} site(s) sur {total} à traiter.</translation>
    </message>
    <message>
      <source>Flagged pairs of parcels and areas of interest with the territories; the titles on them are in the table of mining titles on each parcel or area. The {count} claim × territory pairs are grouped per Nation and holder in the next table; each of them is in the CSV and in the flags layer.</source>
      <translation>Paires signalées des lots et des zones d'intérêt avec les territoires ; les titres qui s'y trouvent figurent dans le tableau des titres miniers sur chaque lot ou zone. Les {count} paires titre × territoire sont regroupées par Nation et par titulaire dans le tableau suivant ; chacune figure dans le CSV et dans la couche des signalements.</translation>
    </message>
    <message>
      <source>The first {shown} of {total} rows; every row is in the HTML and CSV reports and in the flags layer.</source>
      <translation>Les {shown} premières lignes sur {total} ; toutes figurent dans les rapports HTML et CSV et dans la couche des signalements.</translation>
    </message>
    <message>
      <source>Could not write the PDF report '{path}': {error}</source>
      <translation>Impossible d'écrire le rapport PDF « {path} » : {error}</translation>
    </message>
    <message>
      <source>Building the report's tables</source>
      <translation>Construction des tableaux du rapport</translation>
    </message>
    <message>
      <source>Writing the PDF report</source>
      <translation>Écriture du rapport PDF</translation>
    </message>
    <message>
      <source>Writing the PDF report and the other outputs</source>
      <translation>Écriture du rapport PDF et des autres sorties</translation>
    </message>
    <message>
      <source>Two report outputs point to the same file; choose distinct files.</source>
      <translation>Deux sorties du rapport désignent le même fichier ; choisissez des fichiers distincts.</translation>
    </message>
    <message>
      <source>Writing the HTML report</source>
      <translation>Écriture du rapport HTML</translation>
    </message>
    <message>
      <source>Building the flags layer</source>
      <translation>Construction de la couche des signalements</translation>
    </message>
    <message>
      <source>Writing the CSV report</source>
      <translation>Écriture du rapport CSV</translation>
    </message>
    <message>
      <source>The flags file '{path}' must be a GeoPackage (.gpkg).</source>
      <translation>Le fichier des signalements « {path} » doit être un GeoPackage (.gpkg).</translation>
    </message>
    <message>
      <source>required</source>
      <translation>requis</translation>
    </message>
    <message>
      <source>Your database role lacks the {right} right on '{table}'; ask the database administrator to grant it (see the PostGIS set-up in the documentation).</source>
      <translation>Votre rôle de base de données n'a pas le droit {right} sur « {table} » ; demandez à l'administrateur de la base de vous l'accorder (voir la mise en place PostGIS dans la documentation).</translation>
    </message>
    <message>
      <source>There is no saved PostgreSQL connection named '{name}'; create it in the Data Source Manager (PostgreSQL).</source>
      <translation>Aucune connexion PostgreSQL enregistrée ne s'appelle « {name} » ; créez-la dans le Gestionnaire des sources de données (PostgreSQL).</translation>
    </message>
    <message>
      <source>The PostgreSQL connection '{name}' keeps its password in the QGIS settings; edit it to store the credentials in an authentication configuration instead.</source>
      <translation>La connexion PostgreSQL « {name} » garde son mot de passe dans les paramètres de QGIS ; modifiez-la pour ranger les identifiants dans une configuration d'authentification.</translation>
    </message>
    <message>
      <source>The credentials of authentication configuration '{authcfg}' (connection '{name}') cannot be read; check that it exists and that the QGIS master password is set.</source>
      <translation>Les identifiants de la configuration d'authentification « {authcfg} » (connexion « {name} ») sont illisibles ; vérifiez qu'elle existe et que le mot de passe principal de QGIS est saisi.</translation>
    </message>
    <message>
      <source>Authentication configuration '{authcfg}' uses the method '{method}'; use a Basic (user name and password) configuration for the register.</source>
      <translation>La configuration d'authentification « {authcfg} » utilise la méthode « {method} » ; utilisez une configuration de base (nom d'utilisateur et mot de passe) pour le registre.</translation>
    </message>
    <message>
      <source>Cannot connect to the PostgreSQL connection '{name}': {reason}</source>
      <translation>Connexion impossible avec la connexion PostgreSQL « {name} » : {reason}</translation>
    </message>
    <message>
      <source>The source has no '{field}' field; the register is unchanged.</source>
      <translation>La source n'a pas de champ « {field} » ; le registre est inchangé.</translation>
    </message>
    <message>
      <source>Title {title}: a value cannot be read ({error}); the register is unchanged.</source>
      <translation>Titre {title} : une valeur est illisible ({error}) ; le registre est inchangé.</translation>
    </message>
    <message>
      <source>new</source>
      <translation>nouveau</translation>
    </message>
    <message>
      <source>status changed</source>
      <translation>statut modifié</translation>
    </message>
    <message>
      <source>holder changed</source>
      <translation>titulaire modifié</translation>
    </message>
    <message>
      <source>expiry changed</source>
      <translation>échéance modifiée</translation>
    </message>
    <message>
      <source>area changed</source>
      <translation>superficie modifiée</translation>
    </message>
    <message>
      <source>geometry changed</source>
      <translation>géométrie modifiée</translation>
    </message>
    <message>
      <source>other field changed</source>
      <translation>autre champ modifié</translation>
    </message>
    <message>
      <source>gone</source>
      <translation>disparu</translation>
    </message>
    <message>
      <source>back again</source>
      <translation>de retour</translation>
    </message>
    <message>
      <source>The source is unchanged since the last sync: nothing downloaded.</source>
      <translation>La source n'a pas changé depuis la dernière synchronisation : rien n'a été téléchargé.</translation>
    </message>
    <message>
      <source>Register fields this WFS sync updated: {fields}</source>
      <translation>Champs du registre mis à jour par cette synchronisation WFS : {fields}</translation>
    </message>
    <message>
      <source>{count} company titles expire within {days} days.</source>
      <translation>{count} titres de l'entreprise expirent d'ici {days} jours.</translation>
    </message>
    <message>
      <source>The expiry alert cannot be written to '{path}': {error}</source>
      <translation>L'alerte d'échéance ne peut pas être écrite dans « {path} » : {error}</translation>
    </message>
    <message>
      <source>not a writable file path</source>
      <translation>ce n’est pas un chemin de fichier accessible en écriture</translation>
    </message>
    <message>
      <source>Row key</source>
      <translation>Clé de ligne</translation>
    </message>
    <message>
      <source>Holder</source>
      <translation>Titulaire</translation>
    </message>
    <message>
      <source>Expiry</source>
      <translation>Échéance</translation>
    </message>
    <message>
      <source>Days left</source>
      <translation>Jours restants</translation>
    </message>
    <message>
      <source>Register fields this WFS sync cannot update (the WFS does not publish them; the province download does): {fields}</source>
      <translation>Champs du registre que cette synchronisation WFS ne peut pas mettre à jour (le WFS ne les publie pas ; le téléchargement de la province, oui) : {fields}</translation>
    </message>
    <message>
      <source>Title {title}: status {old} -&gt; {new}</source>
      <translation>Titre {title} : statut {old} -&gt; {new}</translation>
    </message>
    <message>
      <source>Title {title} ({holder}) expires on {date} ({days} days)</source>
      <translation>Le titre {title} ({holder}) expire le {date} ({days} jours)</translation>
    </message>
    <message>
      <source>No changes: the register already matches the source ({rows} rows).</source>
      <translation>Aucun changement : le registre correspond déjà à la source ({rows} lignes).</translation>
    </message>
    <message>
      <source>Sync applied: {rows} source rows, {titles} titles changed.</source>
      <translation>Synchronisation appliquée : {rows} lignes de la source, {titles} titres modifiés.</translation>
    </message>
    <message>
      <source>Staking watch: third-party titles near company land</source>
      <translation>Veille de jalonnement : titres de tiers près des terrains de l'entreprise</translation>
    </message>
    <message>
      <source>The alert window must be 0 days or more.</source>
      <translation>La fenêtre d'alerte doit être de 0 jour ou plus.</translation>
    </message>
    <message>
      <source>Reading {source}</source>
      <translation>Lecture de {source}</translation>
    </message>
    <message>
      <source>Writing {rows} changed rows to the register</source>
      <translation>Écriture de {rows} lignes modifiées dans le registre</translation>
    </message>
    <message>
      <source>Comparing {rows} source rows with the register</source>
      <translation>Comparaison de {rows} lignes de la source avec le registre</translation>
    </message>
    <message>
      <source>{count} source rows have no title number and were left out.</source>
      <translation>{count} lignes de la source n'ont pas de numéro de titre et ont été écartées.</translation>
    </message>
    <message>
      <source>The WFS at {url} returned no title at all for the area {bbox}, where the register holds {count} live rows: the server most likely reads the area's longitude and latitude in the other order. Nothing was written; check the WFS address and its axis order (bbox=minlon,minlat,maxlon,maxlat,EPSG:4326).</source>
      <translation>Le WFS à {url} n’a renvoyé aucun titre pour la zone {bbox}, où le registre compte {count} lignes en vigueur : le serveur lit très probablement la longitude et la latitude de la zone dans l’autre ordre. Rien n’a été écrit ; vérifiez l’adresse du WFS et son ordre des axes (bbox=minlon,minlat,maxlon,maxlat,EPSG:4326).</translation>
    </message>
    <message>
      <source>The watch distance of '{layer}' must be zero or more metres.</source>
      <translation>La distance de veille de « {layer} » doit être de zéro mètre ou plus.</translation>
    </message>
    <message>
      <source>The watched layer '{layer}' cannot be opened (gone or moved?).</source>
      <translation>La couche surveillée « {layer} » ne peut pas être ouverte (supprimée ou déplacée ?).</translation>
    </message>
    <message>
      <source>The watched layer '{layer}' is not a polygon layer.</source>
      <translation>La couche surveillée « {layer} » n'est pas une couche de polygones.</translation>
    </message>
    <message>
      <source>The watched layer '{layer}' has no coordinate reference system; set one.</source>
      <translation>La couche surveillée « {layer} » n'a pas de système de coordonnées de référence ; définissez-en un.</translation>
    </message>
    <message>
      <source>The watched layer '{layer}' has no field '{field}'.</source>
      <translation>La couche surveillée « {layer} » n'a pas de champ « {field} ».</translation>
    </message>
    <message>
      <source>A watched layer in the settings cannot be read ({line}): {error}</source>
      <translation>Une couche surveillée des paramètres ne peut pas être lue ({line}) : {error}</translation>
    </message>
    <message>
      <source>new title</source>
      <translation>nouveau titre</translation>
    </message>
    <message>
      <source>transfer to a third party</source>
      <translation>transfert à un tiers</translation>
    </message>
    <message>
      <source>back from gone</source>
      <translation>revenu après disparition</translation>
    </message>
    <message>
      <source>parcel</source>
      <translation>lot</translation>
    </message>
    <message>
      <source>company claim</source>
      <translation>titre de l'entreprise</translation>
    </message>
    <message>
      <source>Staking watch: this first sync filled the register; the watch starts with the next sync.</source>
      <translation>Veille de jalonnement : cette première synchronisation a rempli le registre ; la veille commence à la prochaine synchronisation.</translation>
    </message>
    <message>
      <source>Staking watch: no new titles near company land.</source>
      <translation>Veille de jalonnement : aucun nouveau titre près des terrains de l'entreprise.</translation>
    </message>
    <message>
      <source>Staking watch: {titles} titles near company land ({rows} rows).</source>
      <translation>Veille de jalonnement : {titles} titres près des terrains de l'entreprise ({rows} lignes).</translation>
    </message>
    <message>
      <source>Staking watch not done (the sync itself was applied): {problems}</source>
      <translation>Veille de jalonnement non faite (la synchronisation elle-même a été appliquée) : {problems}</translation>
    </message>
    <message>
      <source>Title {title} ({holder}, {event}): {touches}, {distance} m, {ha} ha</source>
      <translation>Titre {title} ({holder}, {event}) : {touches}, {distance} m, {ha} ha</translation>
    </message>
    <message>
      <source>Staking event</source>
      <translation>Événement</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>Date</translation>
    </message>
    <message>
      <source>Touches</source>
      <translation>Touche</translation>
    </message>
    <message>
      <source>Company land</source>
      <translation>Terrain de l'entreprise</translation>
    </message>
    <message>
      <source>Sync run</source>
      <translation>Synchronisation</translation>
    </message>
    <message>
      <source>Styled by event</source>
      <translation>Style par événement</translation>
    </message>
    <message>
      <source>The staking watch layer cannot be written: {error}</source>
      <translation>La couche de veille de jalonnement ne peut pas être écrite : {error}</translation>
    </message>
    <message>
      <source>The staking watch cannot be written: {error}</source>
      <translation>La veille de jalonnement ne peut pas être écrite : {error}</translation>
    </message>
    <message>
      <source>The watch distance around company claims must be zero or more metres.</source>
      <translation>La distance de veille autour des titres de l'entreprise doit être de zéro mètre ou plus.</translation>
    </message>
    <message>
      <source>Give two sync runs or two dates, not one of each.</source>
      <translation>Indiquez deux synchronisations ou deux dates, pas l'une de chaque.</translation>
    </message>
    <message>
      <source>The register has no claims yet: run a sync first.</source>
      <translation>Le registre n'a encore aucun titre : lancez d'abord une synchronisation.</translation>
    </message>
    <message>
      <source>No sync run of the register falls in that range.</source>
      <translation>Aucune synchronisation du registre ne tombe dans cet intervalle.</translation>
    </message>
    <message>
      <source>The register row {key} could not be read.</source>
      <translation>La ligne {key} du registre n'a pas pu être lue.</translation>
    </message>
    <message>
      <source>The first run ({first}) must come before the last one ({last}).</source>
      <translation>La première synchronisation ({first}) doit précéder la dernière ({last}).</translation>
    </message>
    <message>
      <source>The first date ({first}) must not be after the last one ({last}).</source>
      <translation>La première date ({first}) ne doit pas être après la dernière ({last}).</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>Champ</translation>
    </message>
    <message>
      <source>Old value</source>
      <translation>Ancienne valeur</translation>
    </message>
    <message>
      <source>New value</source>
      <translation>Nouvelle valeur</translation>
    </message>
    <message>
      <source>No register found; run a GESTIM sync first.</source>
      <translation>Aucun registre trouvé ; lancez d'abord une synchronisation GESTIM.</translation>
    </message>
    <message>
      <source>Claim history: {title}</source>
      <translation>Historique du titre : {title}</translation>
    </message>
    <message>
      <source>This feature has no title number ('{field}').</source>
      <translation>Cette entité n'a pas de numéro de titre (« {field} »).</translation>
    </message>
    <message>
      <source>{count} change(s) of title {title} in the register.</source>
      <translation>{count} changement(s) du titre {title} dans le registre.</translation>
    </message>
    <message>
      <source>The register holds no change of title {title}.</source>
      <translation>Le registre ne contient aucun changement du titre {title}.</translation>
    </message>
    <message>
      <source>Consultation layers added: open a site's form to record contacts.</source>
      <translation>Couches de consultation ajoutées : ouvrez le formulaire d'un site pour consigner les contacts.</translation>
    </message>
    <message>
      <source>No flags layer in the project: run the overlap report first.</source>
      <translation>Aucune couche de signalements dans le projet : lancez d'abord le rapport de chevauchement.</translation>
    </message>
    <message>
      <source>This register holds no claim register yet: run a sync first.</source>
      <translation>Ce registre ne contient pas encore de registre des titres : lancez d'abord une synchronisation.</translation>
    </message>
    <message>
      <source>{count} consultation site(s) recorded.</source>
      <translation>{count} site(s) de consultation consigné(s).</translation>
    </message>
    <message>
      <source>The panel {panel} could not be built:</source>
      <translation>Le panneau {panel} n'a pas pu être construit :</translation>
    </message>
    <message>
      <source>Layers</source>
      <translation>Couches</translation>
    </message>
    <message>
      <source>Sample data loaded: synthetic, for trying the plugin only.</source>
      <translation>Données d'exemple chargées : synthétiques, uniquement pour essayer l'extension.</translation>
    </message>
    <message>
      <source>{count} layer(s) loaded into the group '{group}'.</source>
      <translation>{count} couche(s) chargée(s) dans le groupe « {group} ».</translation>
    </message>
    <message>
      <source>Report folder</source>
      <translation>Dossier du rapport</translation>
    </message>
    <message>
      <source>Running the overlap report…</source>
      <translation>Rapport de chevauchements en cours…</translation>
    </message>
    <message>
      <source>All Nations</source>
      <translation>Toutes les Nations</translation>
    </message>
    <message>
      <source>All flags</source>
      <translation>Tous les signalements</translation>
    </message>
    <message>
      <source>Choose a folder for the report files.</source>
      <translation>Choisissez un dossier pour les fichiers du rapport.</translation>
    </message>
    <message>
      <source>Offline packs</source>
      <translation>Paquets hors ligne</translation>
    </message>
    <message>
      <source>Layers shown on the map</source>
      <translation>Couches affichées sur la carte</translation>
    </message>
    <message>
      <source>Folder for the pack</source>
      <translation>Dossier du paquet</translation>
    </message>
    <message>
      <source>Load offline pack</source>
      <translation>Charger un paquet hors ligne</translation>
    </message>
    <message>
      <source>Offline pack (*.zip manifest.json)</source>
      <translation>Paquet hors ligne (*.zip manifest.json)</translation>
    </message>
    <message>
      <source>Import field notes</source>
      <translation>Importer les notes de terrain</translation>
    </message>
    <message>
      <source>Returned pack (*.zip manifest.json)</source>
      <translation>Paquet retourné (*.zip manifest.json)</translation>
    </message>
    <message>
      <source>Selected polygon feature</source>
      <translation>Entité polygonale sélectionnée</translation>
    </message>
    <message>
      <source>Current map extent</source>
      <translation>Emprise actuelle de la carte</translation>
    </message>
    <message>
      <source>Drawn rectangle</source>
      <translation>Rectangle dessiné</translation>
    </message>
    <message>
      <source>Choose the folder for the pack.</source>
      <translation>Choisissez le dossier du paquet.</translation>
    </message>
    <message>
      <source>There is no claim register yet: run a GESTIM sync first.</source>
      <translation>Il n'y a pas encore de registre de claims : lancez d'abord une synchronisation GESTIM.</translation>
    </message>
    <message>
      <source>Folder for the notes' photos</source>
      <translation>Dossier des photos des notes</translation>
    </message>
    <message>
      <source>Building the offline pack '{name}'</source>
      <translation>Création du paquet hors ligne « {name} »</translation>
    </message>
    <message>
      <source>Offline pack written: {folder} and {zip}.</source>
      <translation>Paquet hors ligne écrit : {folder} et {zip}.</translation>
    </message>
    <message>
      <source>Checking the offline pack '{name}'</source>
      <translation>Vérification du paquet hors ligne « {name} »</translation>
    </message>
    <message>
      <source>Pack '{name}' loaded: {count} layers.</source>
      <translation>Paquet « {name} » chargé : {count} couches.</translation>
    </message>
    <message>
      <source>Importing the field notes of '{name}'</source>
      <translation>Importation des notes de terrain de « {name} »</translation>
    </message>
    <message>
      <source>Map theme: {theme}</source>
      <translation>Thème de carte : {theme}</translation>
    </message>
    <message>
      <source>No layer of this project is marked as {what}: load it through the Layers tab, or choose it here.</source>
      <translation>Aucune couche de ce projet n'est marquée comme {what} : chargez-la par l'onglet Couches, ou choisissez-la ici.</translation>
    </message>
    <message>
      <source>The {what} layer chosen for this project is no longer in it; choose another.</source>
      <translation>La couche {what} choisie pour ce projet n'y est plus ; choisissez-en une autre.</translation>
    </message>
    <message>
      <source>GESTIM sync</source>
      <translation>Synchronisation GESTIM</translation>
    </message>
    <message>
      <source>GESTIM zip</source>
      <translation>Zip GESTIM</translation>
    </message>
    <message>
      <source>Zipped shapefile (*.zip);;Shapefile (*.shp)</source>
      <translation>Shapefile zippé (*.zip);;Shapefile (*.shp)</translation>
    </message>
    <message>
      <source>Claim register</source>
      <translation>Registre des titres</translation>
    </message>
    <message>
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <source>Syncing claims from GESTIM</source>
      <translation>Synchronisation des claims depuis GESTIM</translation>
    </message>
    <message>
      <source>Save the expiry alert</source>
      <translation>Enregistrer l'alerte d'échéance</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
      <source>Staking watch: titles near company land</source>
      <translation>Veille de jalonnement : titres près des terrains de l'entreprise</translation>
    </message>
    <message>
      <source>Overlap state and watch</source>
      <translation>État des chevauchements et veille</translation>
    </message>
    <message>
      <source>The register keeps no overlap state.</source>
      <translation>Le registre ne tient aucun état des chevauchements.</translation>
    </message>
    <message>
      <source>The register keeps the overlap state of its claims against:</source>
      <translation>Le registre tient l'état des chevauchements de ses titres avec :</translation>
    </message>
    <message>
      <source>Key field</source>
      <translation>Champ clé</translation>
    </message>
    <message>
      <source>Watch distance (m)</source>
      <translation>Distance de veille (m)</translation>
    </message>
    <message>
      <source>Computing the register's overlap state</source>
      <translation>Calcul de l'état des chevauchements du registre</translation>
    </message>
    <message>
      <source>Computing the overlap state of every claim…</source>
      <translation>Calcul de l'état des chevauchements de tous les titres…</translation>
    </message>
    <message>
      <source>the parcels' lot number</source>
      <translation>le numéro de lot des lots</translation>
    </message>
    <message>
      <source>Choose at least one layer to compare the claims with.</source>
      <translation>Choisissez au moins une couche à comparer aux titres.</translation>
    </message>
    <message>
      <source>Choose a polygon layer of company land to watch.</source>
      <translation>Choisissez une couche de polygones des terrains de l'entreprise à surveiller.</translation>
    </message>
    <message>
      <source>the territories' Nation</source>
      <translation>la Nation des territoires</translation>
    </message>
    <message>
      <source>Overlap state kept in the register: {pairs} pairs.</source>
      <translation>État des chevauchements tenu dans le registre : {pairs} paires.</translation>
    </message>
    <message>
      <source>Staking watch saved: {layers} layers of company land.</source>
      <translation>Veille de jalonnement enregistrée : {layers} couches de terrains de l'entreprise.</translation>
    </message>
    <message>
      <source>{role}: {source} ({fields})</source>
      <translation>{role} : {source} ({fields})</translation>
    </message>
    <message>
      <source>Choose the field of {what}.</source>
      <translation>Choisissez le champ de {what}.</translation>
    </message>
    <message>
      <source>Imperial Land panel</source>
      <translation>Panneau Terres Imperial</translation>
    </message>
    <message>
      <source>Company title holders (one per line or separated by ';')</source>
      <translation>Titulaires de la société (un par ligne ou séparés par « ; »)</translation>
    </message>
    <message>
      <source>Land and claims</source>
      <translation>Terres et titres</translation>
    </message>
    <message>
      <source>Cannot use '{path}': {reason}.</source>
      <translation>Impossible d'utiliser « {path} » : {reason}.</translation>
    </message>
    <message>
      <source>'{path}' is a file, not a folder.</source>
      <translation>« {path} » est un fichier, pas un dossier.</translation>
    </message>
    <message>
      <source>Cannot write in '{folder}' (for '{path}'): {reason}.</source>
      <translation>Impossible d'écrire dans « {folder} » (pour « {path} ») : {reason}.</translation>
    </message>
    <message>
      <source>Build offline map pack</source>
      <translation>Créer un paquet de cartes hors ligne</translation>
    </message>
    <message>
      <source>Packs the layers for an area of interest into one folder and one zip for field crews: the vector layers clipped to the area's polygon (a cut feature keeps its full area in full_area_ha), styled, in one GeoPackage; a basemap rendered to MBTiles tiles; a QGIS project with relative paths that QField opens; a manifest with the sources, dates, feature counts and SHA-256 of every file. The area is the union of the area layer's (selected) features, or else the extent given. Default layers: the project's claims, parcels and territories and the last overlap flags; default basemap: the map theme given, else the layers given, else the visible layers.</source>
      <translation>Regroupe les couches d'une zone d'intérêt dans un dossier et un zip pour les équipes de terrain : les couches vectorielles découpées selon le polygone de la zone (une entité coupée garde sa superficie entière dans full_area_ha), stylées, dans un seul GeoPackage ; un fond de carte rendu en tuiles MBTiles ; un projet QGIS à chemins relatifs que QField ouvre ; un manifeste avec les sources, les dates, le nombre d'entités et le SHA-256 de chaque fichier. La zone est l'union des entités (sélectionnées) de la couche de zone, sinon l'emprise donnée. Couches par défaut : les claims, lots et territoires du projet et les signalements du dernier chevauchement ; fond de carte par défaut : le thème de carte donné, sinon les couches données, sinon les couches visibles.</translation>
    </message>
    <message>
      <source>Give the area of interest: a polygon layer or an extent.</source>
      <translation>Donnez la zone d'intérêt : une couche de polygones ou une emprise.</translation>
    </message>
    <message>
      <source>Area of interest (polygon layer)</source>
      <translation>Zone d'intérêt (couche de polygones)</translation>
    </message>
    <message>
      <source>Area of interest (extent, when no layer)</source>
      <translation>Zone d'intérêt (emprise, à défaut de couche)</translation>
    </message>
    <message>
      <source>Layers to pack</source>
      <translation>Couches à mettre dans le paquet</translation>
    </message>
    <message>
      <source>Basemap map theme</source>
      <translation>Thème de carte du fond de carte</translation>
    </message>
    <message>
      <source>Basemap layers (when no map theme)</source>
      <translation>Couches du fond de carte (à défaut de thème)</translation>
    </message>
    <message>
      <source>Basemap minimum zoom</source>
      <translation>Zoom minimal du fond de carte</translation>
    </message>
    <message>
      <source>Basemap maximum zoom</source>
      <translation>Zoom maximal du fond de carte</translation>
    </message>
    <message>
      <source>Pack name</source>
      <translation>Nom du paquet</translation>
    </message>
    <message>
      <source>Replace a pack of that name</source>
      <translation>Remplacer un paquet de ce nom</translation>
    </message>
    <message>
      <source>Consultation records to carry, read-only (a register: GeoPackage, pg:&lt;connection&gt;/&lt;schema&gt;, or 'default'; empty = none)</source>
      <translation>Dossiers de consultation à emporter, en lecture seule (un registre : GeoPackage, pg:&lt;connexion&gt;/&lt;schéma&gt;, ou « default » ; vide = aucun)</translation>
    </message>
    <message>
      <source>Pack folder</source>
      <translation>Dossier du paquet</translation>
    </message>
    <message>
      <source>Pack zip</source>
      <translation>Zip du paquet</translation>
    </message>
    <message>
      <source>Pack project</source>
      <translation>Projet du paquet</translation>
    </message>
    <message>
      <source>The area-of-interest layer has no (selected) feature; pick one.</source>
      <translation>La couche de zone d'intérêt n'a aucune entité (sélectionnée) ; choisissez-en une.</translation>
    </message>
    <message>
      <source>Pack written: {folder} ({tiles} basemap tiles).</source>
      <translation>Paquet écrit : {folder} ({tiles} tuiles de fond de carte).</translation>
    </message>
    <message>
      <source>The project has no map theme '{theme}' (its themes: {themes}).</source>
      <translation>Le projet n'a pas de thème de carte « {theme} » (ses thèmes : {themes}).</translation>
    </message>
    <message>
      <source>none</source>
      <translation>aucun</translation>
    </message>
    <message>
      <source>Consultation summary per Nation</source>
      <translation>Bilan des consultations par Nation</translation>
    </message>
    <message>
      <source>Per Nation: the consultation sites recorded in the register, how many are at each status, the last contact, and the open commitments with their due dates. Writes an HTML page and a CSV table (one row per Nation).</source>
      <translation>Par Nation : les sites de consultation consignés au registre, leur nombre à chaque état, le dernier contact et les engagements en cours avec leurs échéances. Écrit une page HTML et un tableau CSV (une ligne par Nation).</translation>
    </message>
    <message>
      <source>Summary (HTML)</source>
      <translation>Bilan (HTML)</translation>
    </message>
    <message>
      <source>HTML files (*.html)</source>
      <translation>Fichiers HTML (*.html)</translation>
    </message>
    <message>
      <source>Summary (CSV)</source>
      <translation>Bilan (CSV)</translation>
    </message>
    <message>
      <source>Nations</source>
      <translation>Nations</translation>
    </message>
    <message>
      <source>Choose where to write the summary (HTML, CSV or both).</source>
      <translation>Choisissez où écrire le bilan (HTML, CSV ou les deux).</translation>
    </message>
    <message>
      <source>{nations} Nations, {sites} sites, {open} open commitments.</source>
      <translation>{nations} Nation(s), {sites} site(s), {open} engagement(s) en cours.</translation>
    </message>
    <message>
      <source>Imports the field notes recorded in QField from a returned offline pack (its zip or its folder) into the claim register's field_notes table. The pack is checked first: its read-only files must match the manifest, its notes layer must be the one it left with and every photo it names must be there; otherwise nothing is imported and the message names what is wrong. Photos are copied beside a GeoPackage register (or into the photo folder given, which a PostGIS register needs). A note already imported is left alone; one edited since is updated and its previous content kept in field_note_versions.</source>
      <translation>Importe les notes de terrain saisies dans QField d'un paquet hors ligne retourné (son zip ou son dossier) dans la table field_notes du registre de claims. Le paquet est d'abord vérifié : ses fichiers en lecture seule doivent correspondre au manifeste, sa couche de notes doit être celle avec laquelle il est parti et chaque photo qu'elle nomme doit être présente ; sinon rien n'est importé et le message nomme ce qui ne va pas. Les photos sont copiées à côté d'un registre GeoPackage (ou dans le dossier de photos indiqué, nécessaire pour un registre PostGIS). Une note déjà importée reste telle quelle ; une note modifiée depuis est mise à jour et son contenu précédent est gardé dans field_note_versions.</translation>
    </message>
    <message>
      <source>Returned pack (zip, or the manifest.json of its folder)</source>
      <translation>Paquet retourné (zip, ou le manifest.json de son dossier)</translation>
    </message>
    <message>
      <source>Claim register (GeoPackage path or pg:&lt;connection&gt;/&lt;schema&gt;; empty = the register set in the plugin's settings)</source>
      <translation>Registre de claims (chemin du GeoPackage ou pg:&lt;connexion&gt;/&lt;schéma&gt; ; vide = le registre choisi dans les paramètres de l'extension)</translation>
    </message>
    <message>
      <source>Photo folder (empty = beside a GeoPackage register)</source>
      <translation>Dossier des photos (vide = à côté d'un registre GeoPackage)</translation>
    </message>
    <message>
      <source>New notes</source>
      <translation>Nouvelles notes</translation>
    </message>
    <message>
      <source>Updated notes</source>
      <translation>Notes mises à jour</translation>
    </message>
    <message>
      <source>Notes already imported</source>
      <translation>Notes déjà importées</translation>
    </message>
    <message>
      <source>Create team register in PostGIS</source>
      <translation>Créer le registre d'équipe dans PostGIS</translation>
    </message>
    <message>
      <source>Creates the shared claim register (claims with GESTIM and local fields, sync runs, changes, a version table, spatial index) in a schema of a saved PostgreSQL connection; an existing register is left as it was. The connection's credentials must come from an authentication configuration. With 'Use it as the plugin's default register', the GESTIM sync (register left empty) writes to it. Output REGISTER: the register's address, pg:&lt;connection&gt;/&lt;schema&gt;.</source>
      <translation>Crée le registre de titres partagé (titres avec champs GESTIM et locaux, synchronisations, changements, table de version, index spatial) dans un schéma d'une connexion PostgreSQL enregistrée ; un registre existant est laissé tel quel. Les identifiants de la connexion doivent venir d'une configuration d'authentification. Avec « En faire le registre par défaut de l'extension », la synchronisation GESTIM (registre laissé vide) y écrit. Sortie REGISTER : l'adresse du registre, pg:&lt;connexion&gt;/&lt;schéma&gt;.</translation>
    </message>
    <message>
      <source>PostgreSQL connection</source>
      <translation>Connexion PostgreSQL</translation>
    </message>
    <message>
      <source>Schema</source>
      <translation>Schéma</translation>
    </message>
    <message>
      <source>Register CRS</source>
      <translation>SCR du registre</translation>
    </message>
    <message>
      <source>Use it as the plugin's default register</source>
      <translation>En faire le registre par défaut de l'extension</translation>
    </message>
    <message>
      <source>Register</source>
      <translation>Registre</translation>
    </message>
    <message>
      <source>Created</source>
      <translation>Créé</translation>
    </message>
    <message>
      <source>Claims: title number field</source>
      <translation>Titres : champ du numéro de titre</translation>
    </message>
    <message>
      <source>Claims: status field</source>
      <translation>Titres : champ du statut</translation>
    </message>
    <message>
      <source>Claims: status code field</source>
      <translation>Titres : champ du code de statut</translation>
    </message>
    <message>
      <source>Claims: expiry date field</source>
      <translation>Titres : champ de la date d'expiration</translation>
    </message>
    <message>
      <source>Claims: holder field</source>
      <translation>Titres : champ du titulaire</translation>
    </message>
    <message>
      <source>Parcels: lot number field</source>
      <translation>Lots : champ du numéro de lot</translation>
    </message>
    <message>
      <source>Territories: Nation field</source>
      <translation>Territoires : champ de la Nation</translation>
    </message>
    <message>
      <source>Load land layers</source>
      <translation>Charger les couches foncières</translation>
    </message>
    <message>
      <source>Adds claims, parcels and territories to the project in one styled group 'Imperial Land': claims by status (active, expiring within N days, expired, other), parcels with their lot numbers, territories by Nation with a translucent fill so overlaps stay visible. Layers may come from any source and CRS. Optionally saves the styled project to a .qgz file.</source>
      <translation>Ajoute les titres miniers, les lots et les territoires au projet dans un groupe stylé « Terres Imperial » : titres selon leur statut (actif, expirant d'ici N jours, expiré, autre), lots avec leur numéro, territoires par Nation avec un remplissage translucide pour que les chevauchements restent visibles. Les couches peuvent provenir de toute source et de tout SCR. Peut aussi enregistrer le projet stylé dans un fichier .qgz.</translation>
    </message>
    <message>
      <source>Mining claims</source>
      <translation>Titres miniers</translation>
    </message>
    <message>
      <source>Parcels</source>
      <translation>Lots</translation>
    </message>
    <message>
      <source>Ancestral territories</source>
      <translation>Territoires ancestraux</translation>
    </message>
    <message>
      <source>Claims expiring within (days)</source>
      <translation>Titres expirant d'ici (jours)</translation>
    </message>
    <message>
      <source>Save the styled project as</source>
      <translation>Enregistrer le projet stylé sous</translation>
    </message>
    <message>
      <source>QGIS project (*.qgz)</source>
      <translation>Projet QGIS (*.qgz)</translation>
    </message>
    <message>
      <source>Layer group</source>
      <translation>Groupe de couches</translation>
    </message>
    <message>
      <source>Layers added</source>
      <translation>Couches ajoutées</translation>
    </message>
    <message>
      <source>Could not save the project to {path}: {error}</source>
      <translation>Impossible d'enregistrer le projet dans {path} : {error}</translation>
    </message>
    <message>
      <source>Load offline map pack</source>
      <translation>Charger un paquet de cartes hors ligne</translation>
    </message>
    <message>
      <source>Loads an offline map pack, its zip or its folder: checks every file against the manifest (missing or altered files are named), refuses zip entries that would land outside the target folder, and adds the styled layers in a group named after the pack. A zip is unzipped into the target folder (default: beside the zip).</source>
      <translation>Charge un paquet de cartes hors ligne, son zip ou son dossier : vérifie chaque fichier d'après le manifeste (les fichiers manquants ou modifiés sont nommés), refuse les entrées de zip qui aboutiraient hors du dossier cible, et ajoute les couches stylées dans un groupe au nom du paquet. Un zip est décompressé dans le dossier cible (par défaut : à côté du zip).</translation>
    </message>
    <message>
      <source>Pack (zip, or the manifest.json of its folder)</source>
      <translation>Paquet (zip, ou le manifest.json de son dossier)</translation>
    </message>
    <message>
      <source>Unzip into folder</source>
      <translation>Décompresser dans le dossier</translation>
    </message>
    <message>
      <source>Loading a pack needs an open project.</source>
      <translation>Charger un paquet demande un projet ouvert.</translation>
    </message>
    <message>
      <source>Finds, feature by feature, the mining claims, parcels and areas of interest that overlap or come within the consultation distance of First Nations' ancestral territories, and the titles on each parcel. Writes a flags layer styled by flag, and a report in HTML, CSV (one row per pair) and PDF (map and tables). Give at least two of the four layers. Areas are ellipsoidal; overlaps smaller than the sliver threshold are dropped and counted. When every layer is a table of one PostGIS database, the overlaps can be computed by the database instead (same results). With a consultation register, each consultation flag also gets its status, last contact, open commitments and why it needs attention (flags layer columns cons_*, CSV, HTML, PDF), and the flags that need attention come first.</source>
      <translation>Trouve, entité par entité, les titres miniers, lots et zones d'intérêt qui chevauchent les territoires ancestraux des Premières Nations ou se trouvent à leur distance de consultation, ainsi que les titres sur chaque lot. Écrit une couche des signalements symbolisée par signalement, et un rapport HTML, CSV (une ligne par paire) et PDF (carte et tableaux). Donnez au moins deux des quatre couches. Les superficies sont ellipsoïdales ; les chevauchements sous le seuil des micro-chevauchements sont écartés et comptés. Quand toutes les couches sont des tables d'une même base PostGIS, les chevauchements peuvent être calculés par la base de données (mêmes résultats). Avec un registre de consultation, chaque signalement de consultation reçoit aussi son état, son dernier contact, ses engagements en cours et ce qui le rend à traiter (colonnes cons_* de la couche des signalements, CSV, HTML, PDF), et les signalements à traiter viennent en premier.</translation>
    </message>
    <message>
      <source>Title number field</source>
      <translation>Champ du numéro de titre</translation>
    </message>
    <message>
      <source>Title holder field</source>
      <translation>Champ du titulaire</translation>
    </message>
    <message>
      <source>Title status field</source>
      <translation>Champ du statut du titre</translation>
    </message>
    <message>
      <source>Title expiry field</source>
      <translation>Champ de l'expiration du titre</translation>
    </message>
    <message>
      <source>Lot number field</source>
      <translation>Champ du numéro de lot</translation>
    </message>
    <message>
      <source>Nation field</source>
      <translation>Champ de la Nation</translation>
    </message>
    <message>
      <source>Territory name field</source>
      <translation>Champ du nom du territoire</translation>
    </message>
    <message>
      <source>Consultation distance field (m), overrides the value</source>
      <translation>Champ de la distance de consultation (m), remplace la valeur</translation>
    </message>
    <message>
      <source>CRS of the flags</source>
      <translation>SCR des signalements</translation>
    </message>
    <message>
      <source>Days without contact before a consultation needs attention (0 = the setting)</source>
      <translation>Jours sans contact avant qu'une consultation soit à traiter (0 = le réglage)</translation>
    </message>
    <message>
      <source>Writing the flags layer</source>
      <translation>Écriture de la couche des signalements</translation>
    </message>
    <message>
      <source>Selected areas of interest only</source>
      <translation>Zones d'intérêt sélectionnées seulement</translation>
    </message>
    <message>
      <source>Consultation distance (m)</source>
      <translation>Distance de consultation (m)</translation>
    </message>
    <message>
      <source>Only these claim titles (e.g. the CHANGED_TITLES of a sync; empty = all)</source>
      <translation>Seulement ces titres miniers (p. ex. les CHANGED_TITLES d'une synchronisation ; vide = tous)</translation>
    </message>
    <message>
      <source>Compute overlaps in the database (every layer in one PostGIS database)</source>
      <translation>Calculer les chevauchements dans la base de données (toutes les couches dans une même base PostGIS)</translation>
    </message>
    <message>
      <source>Report title</source>
      <translation>Titre du rapport</translation>
    </message>
    <message>
      <source>Consultation register to link (a GeoPackage, pg:&lt;connection&gt;/&lt;schema&gt;, or 'default' for the default register; empty = none)</source>
      <translation>Registre de consultation à relier (un GeoPackage, pg:&lt;connexion&gt;/&lt;schéma&gt;, ou « default » pour le registre par défaut ; vide = aucun)</translation>
    </message>
    <message>
      <source>Record a consultation site (not started) in that register for every consultation flag without one</source>
      <translation>Consigner dans ce registre un site de consultation (non amorcée) pour chaque signalement de consultation qui n'en a pas</translation>
    </message>
    <message>
      <source>HTML report</source>
      <translation>Rapport HTML</translation>
    </message>
    <message>
      <source>CSV of the pairs</source>
      <translation>CSV des paires</translation>
    </message>
    <message>
      <source>PDF report</source>
      <translation>Rapport PDF</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
      <source>Consultation: {count} of {total} sites need attention.</source>
      <translation>Consultation : {count} site(s) sur {total} à traiter.</translation>
    </message>
    <message>
      <source>Imperial Land &amp; Claims</source>
      <translation>Imperial – Terres et titres miniers</translation>
    </message>
    <message>
      <source>Algorithm {module} not loaded: {reason}</source>
      <translation>Algorithme {module} non chargé : {reason}</translation>
    </message>
    <message>
      <source>Claim register (GeoPackage; empty = the default register)</source>
      <translation>Registre des titres (GeoPackage ; vide = le registre par défaut)</translation>
    </message>
    <message>
      <source>Or a PostGIS register: pg:&lt;connection&gt;/&lt;schema&gt; (replaces the GeoPackage; empty = the GeoPackage above)</source>
      <translation>Ou un registre PostGIS : pg:&lt;connexion&gt;/&lt;schéma&gt; (remplace le GeoPackage ; vide = le GeoPackage ci-dessus)</translation>
    </message>
    <message>
      <source>There is no claim register at '{path}'; choose the GeoPackage a sync wrote, or leave it empty for the default register.</source>
      <translation>Il n'y a pas de registre des titres à « {path} » ; choisissez le GeoPackage qu'une synchronisation a écrit, ou laissez vide pour le registre par défaut.</translation>
    </message>
    <message>
      <source>Sync claims from GESTIM</source>
      <translation>Synchroniser les claims depuis GESTIM</translation>
    </message>
    <message>
      <source>Brings the claim register up to date with GESTIM, Quebec's register of mining titles, in one transaction: new titles, status, holder, expiry, area and geometry changes, titles gone and back. The company's own fields are never touched. The register is a GeoPackage, or a team register in PostGIS given as pg:&lt;connection&gt;/&lt;schema&gt; (a saved PostgreSQL connection and a schema). An unchanged source is not downloaded again. Give an area to fetch only that area from the WFS (an area sync never marks titles as gone). Writes the expiry alert (company titles expiring within the given days) as CSV. Then the staking watch: new third-party titles, transfers to a third party and titles back from gone on or within the watch distance of the company's parcels, areas of interest and claims (the watched layers of the settings when none is given), as CSV and as a styled GeoPackage layer.</source>
      <translation>Met à jour le registre des titres à partir de GESTIM, le registre public des titres miniers du Québec, en une seule transaction : nouveaux titres, changements de statut, de titulaire, d'échéance, de superficie et de géométrie, titres disparus et revenus. Les champs propres à l'entreprise ne sont jamais modifiés. Le registre est un GeoPackage, ou un registre d'équipe dans PostGIS donné sous la forme pg:&lt;connexion&gt;/&lt;schéma&gt; (une connexion PostgreSQL enregistrée et un schéma). Une source inchangée n'est pas téléchargée de nouveau. Indiquez une zone pour ne récupérer que cette zone depuis le WFS (une synchronisation par zone ne marque jamais de titres comme disparus). Écrit l'alerte d'échéance (titres de l'entreprise qui expirent dans le nombre de jours donné) en CSV. Puis la veille de jalonnement : nouveaux titres de tiers, transferts à un tiers et titres revenus après disparition, sur les lots, zones d'intérêt et titres de l'entreprise ou à la distance de veille de ceux-ci (les couches surveillées des paramètres quand aucune n'est donnée), en CSV et en couche GeoPackage stylée.</translation>
    </message>
    <message>
      <source>GESTIM source (URL, zip file or folder)</source>
      <translation>Source GESTIM (URL, fichier zip ou dossier)</translation>
    </message>
    <message>
      <source>Area to fetch from the WFS (empty = whole province)</source>
      <translation>Zone à récupérer depuis le WFS (vide = toute la province)</translation>
    </message>
    <message>
      <source>Expiry alert: days ahead</source>
      <translation>Alerte d'échéance : jours à l'avance</translation>
    </message>
    <message>
      <source>Expiry alert (CSV)</source>
      <translation>Alerte d'échéance (CSV)</translation>
    </message>
    <message>
      <source>Sync run id</source>
      <translation>Identifiant de la synchronisation</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>Résultat</translation>
    </message>
    <message>
      <source>Changed titles</source>
      <translation>Titres modifiés</translation>
    </message>
    <message>
      <source>Company titles expiring</source>
      <translation>Titres de l'entreprise qui expirent</translation>
    </message>
    <message>
      <source>Run report</source>
      <translation>Rapport de synchronisation</translation>
    </message>
    <message>
      <source>'{target}' is a PostGIS register: give it as the PostGIS register (REGISTER_PG), not as the GeoPackage.</source>
      <translation>« {target} » est un registre PostGIS : donnez-le comme registre PostGIS (REGISTER_PG), pas comme GeoPackage.</translation>
    </message>
    <message>
      <source>Staking watch: company parcels</source>
      <translation>Veille de jalonnement : lots de l'entreprise</translation>
    </message>
    <message>
      <source>Watch distance around the parcels (m)</source>
      <translation>Distance de veille autour des lots (m)</translation>
    </message>
    <message>
      <source>Staking watch: areas of interest</source>
      <translation>Veille de jalonnement : zones d'intérêt</translation>
    </message>
    <message>
      <source>Area name field</source>
      <translation>Champ du nom de la zone</translation>
    </message>
    <message>
      <source>Watch distance around the areas of interest (m)</source>
      <translation>Distance de veille autour des zones d'intérêt (m)</translation>
    </message>
    <message>
      <source>Watch distance around company claims (m)</source>
      <translation>Distance de veille autour des titres de l'entreprise (m)</translation>
    </message>
    <message>
      <source>Staking watch (CSV)</source>
      <translation>Veille de jalonnement (CSV)</translation>
    </message>
    <message>
      <source>Staking watch layer (GeoPackage)</source>
      <translation>Couche de veille de jalonnement (GeoPackage)</translation>
    </message>
    <message>
      <source>Staking watch rows</source>
      <translation>Lignes de la veille de jalonnement</translation>
    </message>
    <message>
      <source>Staking watch titles</source>
      <translation>Titres de la veille de jalonnement</translation>
    </message>
    <message>
      <source>Staking watch</source>
      <translation>Veille de jalonnement</translation>
    </message>
    <message>
      <source>Staking watch report</source>
      <translation>Rapport de veille de jalonnement</translation>
    </message>
    <message>
      <source>The staking watch for any two sync runs or two dates of the claim register: the third-party titles that became new, were transferred to a third party or came back from gone after the first run (up to and including the last), or in syncs run from the first date to the last, and lie on or within the watch distance of the company's parcels, areas of interest or claims. Empty ends are open. Written as CSV and as a styled GeoPackage layer.</source>
      <translation>La veille de jalonnement entre deux synchronisations ou deux dates du registre des titres : les titres de tiers devenus nouveaux, transférés à un tiers ou revenus après disparition après la première synchronisation (jusqu'à la dernière incluse), ou lors des synchronisations faites de la première date à la dernière, qui se trouvent sur les lots, zones d'intérêt ou titres de l'entreprise ou à la distance de veille de ceux-ci. Une borne vide est ouverte. Écrite en CSV et en couche GeoPackage stylée.</translation>
    </message>
    <message>
      <source>After sync run (id)</source>
      <translation>Après la synchronisation (id)</translation>
    </message>
    <message>
      <source>Up to sync run (id)</source>
      <translation>Jusqu'à la synchronisation (id)</translation>
    </message>
    <message>
      <source>From date</source>
      <translation>Depuis la date</translation>
    </message>
    <message>
      <source>To date</source>
      <translation>Jusqu'à la date</translation>
    </message>
  </context>
  <context>
    <name>LayersPanelBase</name>
    <message>
      <source>Mining claims</source>
      <translation>Titres miniers</translation>
    </message>
    <message>
      <source>Layer</source>
      <translation>Couche</translation>
    </message>
    <message>
      <source>Title number</source>
      <translation>Numéro de titre</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Statut</translation>
    </message>
    <message>
      <source>Status code</source>
      <translation>Code de statut</translation>
    </message>
    <message>
      <source>Expiry date</source>
      <translation>Date d'expiration</translation>
    </message>
    <message>
      <source>Holder</source>
      <translation>Titulaire</translation>
    </message>
    <message>
      <source>Expiring within (days)</source>
      <translation>Expirant d'ici (jours)</translation>
    </message>
    <message>
      <source>Parcels</source>
      <translation>Lots</translation>
    </message>
    <message>
      <source>Lot number</source>
      <translation>Numéro de lot</translation>
    </message>
    <message>
      <source>Ancestral territories</source>
      <translation>Territoires ancestraux</translation>
    </message>
    <message>
      <source>Nation</source>
      <translation>Nation</translation>
    </message>
    <message>
      <source>Open sample data</source>
      <translation>Ouvrir les données d'exemple</translation>
    </message>
    <message>
      <source>Load the bundled synthetic sample (not real data)</source>
      <translation>Charger l'exemple synthétique fourni (données fictives)</translation>
    </message>
    <message>
      <source>Settings…</source>
      <translation>Paramètres…</translation>
    </message>
    <message>
      <source>Load</source>
      <translation>Charger</translation>
    </message>
    <message>
      <source>Add the chosen layers, styled, to the group "Imperial Land"</source>
      <translation>Ajouter les couches choisies, stylées, au groupe « Terres Imperial »</translation>
    </message>
  </context>
  <context>
    <name>OverlapPanelBase</name>
    <message>
      <source>Layers to compare (at least two)</source>
      <translation>Couches à comparer (au moins deux)</translation>
    </message>
    <message>
      <source>Mining claims</source>
      <translation>Titres miniers</translation>
    </message>
    <message>
      <source>Parcels</source>
      <translation>Lots</translation>
    </message>
    <message>
      <source>Ancestral territories</source>
      <translation>Territoires ancestraux</translation>
    </message>
    <message>
      <source>Area of interest</source>
      <translation>Zone d'intérêt</translation>
    </message>
    <message>
      <source>Selected areas only</source>
      <translation>Zones sélectionnées seulement</translation>
    </message>
    <message>
      <source>Consultation distance (m)</source>
      <translation>Distance de consultation (m)</translation>
    </message>
    <message>
      <source>Used for territories without a distance of their own</source>
      <translation>Utilisée pour les territoires sans distance propre</translation>
    </message>
    <message>
      <source>Compute overlaps in the database</source>
      <translation>Calculer les chevauchements dans la base de données</translation>
    </message>
    <message>
      <source>Every layer must be a table of one PostGIS database</source>
      <translation>Toutes les couches doivent être des tables d'une même base PostGIS</translation>
    </message>
    <message>
      <source>Report</source>
      <translation>Rapport</translation>
    </message>
    <message>
      <source>Folder for the report files</source>
      <translation>Dossier des fichiers du rapport</translation>
    </message>
    <message>
      <source>…</source>
      <translation>…</translation>
    </message>
    <message>
      <source>HTML</source>
      <translation>HTML</translation>
    </message>
    <message>
      <source>CSV</source>
      <translation>CSV</translation>
    </message>
    <message>
      <source>PDF</source>
      <translation>PDF</translation>
    </message>
    <message>
      <source>Flags GeoPackage</source>
      <translation>GeoPackage des signalements</translation>
    </message>
    <message>
      <source>Run overlap report</source>
      <translation>Lancer le rapport de chevauchements</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <source>Zoom to pair</source>
      <translation>Zoomer sur la paire</translation>
    </message>
    <message>
      <source>Open HTML</source>
      <translation>Ouvrir le HTML</translation>
    </message>
    <message>
      <source>Open CSV</source>
      <translation>Ouvrir le CSV</translation>
    </message>
    <message>
      <source>Open PDF</source>
      <translation>Ouvrir le PDF</translation>
    </message>
  </context>
  <context>
    <name>PackPanelBase</name>
    <message>
      <source>Area of interest</source>
      <translation>Zone d'intérêt</translation>
    </message>
    <message>
      <source>Draw…</source>
      <translation>Dessiner…</translation>
    </message>
    <message>
      <source>Drag a rectangle on the map</source>
      <translation>Tracez un rectangle sur la carte</translation>
    </message>
    <message>
      <source>Layers</source>
      <translation>Couches</translation>
    </message>
    <message>
      <source>Basemap</source>
      <translation>Fond de carte</translation>
    </message>
    <message>
      <source>Zoom levels</source>
      <translation>Niveaux de zoom</translation>
    </message>
    <message>
      <source>Pack name</source>
      <translation>Nom du paquet</translation>
    </message>
    <message>
      <source>Folder</source>
      <translation>Dossier</translation>
    </message>
    <message>
      <source>…</source>
      <translation>…</translation>
    </message>
    <message>
      <source>Build pack</source>
      <translation>Créer le paquet</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <source>Load pack…</source>
      <translation>Charger un paquet…</translation>
    </message>
    <message>
      <source>Import field notes…</source>
      <translation>Importer les notes de terrain…</translation>
    </message>
    <message>
      <source>Bring the notes and photos recorded in QField in a returned pack into the claim register</source>
      <translation>Verser au registre de claims les notes et les photos saisies dans QField d'un paquet retourné</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialogBase</name>
    <message>
      <source>Imperial Land settings</source>
      <translation>Paramètres de Terres Imperial</translation>
    </message>
    <message>
      <source>Company</source>
      <translation>Entreprise</translation>
    </message>
    <message>
      <source>Holder names (one per line, as GESTIM spells them)</source>
      <translation>Noms de titulaire (un par ligne, tels qu'écrits dans GESTIM)</translation>
    </message>
    <message>
      <source>Alerts</source>
      <translation>Alertes</translation>
    </message>
    <message>
      <source>Claims expiring within (days)</source>
      <translation>Titres expirant d'ici (jours)</translation>
    </message>
    <message>
      <source>Consultation needs attention after (days without contact)</source>
      <translation>Consultation à relancer après (jours sans contact)</translation>
    </message>
    <message>
      <source>Overlap report</source>
      <translation>Rapport de chevauchements</translation>
    </message>
    <message>
      <source>Keep the territories prepared between runs</source>
      <translation>Garder les territoires préparés entre les exécutions</translation>
    </message>
    <message>
      <source>Kept in the QGIS profile: later reports on the same territories are faster.</source>
      <translation>Gardés dans le profil QGIS : les rapports suivants sur ces territoires sont plus rapides.</translation>
    </message>
    <message>
      <source>Sliver threshold (ha): smaller overlaps are left out</source>
      <translation>Seuil des micro-chevauchements (ha) : les plus petits sont écartés</translation>
    </message>
    <message>
      <source>Field names</source>
      <translation>Noms des champs</translation>
    </message>
    <message>
      <source>Claims: title number</source>
      <translation>Titres : numéro de titre</translation>
    </message>
    <message>
      <source>Claims: status</source>
      <translation>Titres : statut</translation>
    </message>
    <message>
      <source>Claims: status code</source>
      <translation>Titres : code de statut</translation>
    </message>
    <message>
      <source>Claims: expiry date</source>
      <translation>Titres : date d'expiration</translation>
    </message>
    <message>
      <source>Claims: holder</source>
      <translation>Titres : titulaire</translation>
    </message>
    <message>
      <source>Claims: title type</source>
      <translation>Titres : type de titre</translation>
    </message>
    <message>
      <source>Parcels: lot number</source>
      <translation>Lots : numéro de lot</translation>
    </message>
    <message>
      <source>Territories: Nation</source>
      <translation>Territoires : Nation</translation>
    </message>
    <message>
      <source>Territories: name</source>
      <translation>Territoires : nom</translation>
    </message>
    <message>
      <source>Territories: consultation distance (m)</source>
      <translation>Territoires : distance de consultation (m)</translation>
    </message>
    <message>
      <source>Sources</source>
      <translation>Sources</translation>
    </message>
    <message>
      <source>GESTIM active titles (zip)</source>
      <translation>GESTIM, titres actifs (zip)</translation>
    </message>
    <message>
      <source>GESTIM all titles (zip)</source>
      <translation>GESTIM, tous les titres (zip)</translation>
    </message>
    <message>
      <source>WFS address</source>
      <translation>Adresse WFS</translation>
    </message>
    <message>
      <source>WFS layer (typeName)</source>
      <translation>Couche WFS (typeName)</translation>
    </message>
    <message>
      <source>Network (GESTIM and WFS downloads)</source>
      <translation>Réseau (téléchargements GESTIM et WFS)</translation>
    </message>
    <message>
      <source>Connection timeout (s)</source>
      <translation>Délai de connexion (s)</translation>
    </message>
    <message>
      <source>Read timeout, without data (s)</source>
      <translation>Délai de lecture sans données (s)</translation>
    </message>
    <message>
      <source>Retries after a failure</source>
      <translation>Nouvelles tentatives après un échec</translation>
    </message>
    <message>
      <source>Back-off factor (s): retries wait 0, 2, 4, 8... times it</source>
      <translation>Facteur d'attente (s) : les tentatives attendent 0, 2, 4, 8... fois cette valeur</translation>
    </message>
    <message>
      <source>Longest server-asked wait (Retry-After, s)</source>
      <translation>Attente maximale demandée par le serveur (Retry-After, s)</translation>
    </message>
  </context>
  <context>
    <name>SyncPanelBase</name>
    <message>
      <source>GESTIM source</source>
      <translation>Source GESTIM</translation>
    </message>
    <message>
      <source>Address of the province zip, or a zip file or folder on disk</source>
      <translation>Adresse du zip provincial, ou fichier zip ou dossier sur le disque</translation>
    </message>
    <message>
      <source>…</source>
      <translation>…</translation>
    </message>
    <message>
      <source>Register</source>
      <translation>Registre</translation>
    </message>
    <message>
      <source>Expiry alert (days)</source>
      <translation>Alerte d'échéance (jours)</translation>
    </message>
    <message>
      <source>Only the map extent (WFS)</source>
      <translation>Seulement l'étendue de la carte (WFS)</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>Synchroniser</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <source>Add claims layer</source>
      <translation>Ajouter la couche des claims</translation>
    </message>
    <message>
      <source>Company titles expiring soon</source>
      <translation>Titres de l'entreprise qui expirent bientôt</translation>
    </message>
    <message>
      <source>Staking watch: titles near company land</source>
      <translation>Veille de jalonnement : titres près des terrains de l'entreprise</translation>
    </message>
    <message>
      <source>Double-click a row to zoom to the title</source>
      <translation>Double-cliquez sur une ligne pour zoomer sur le titre</translation>
    </message>
    <message>
      <source>Save alert as CSV…</source>
      <translation>Enregistrer l'alerte en CSV…</translation>
    </message>
    <message>
      <source>Copy changed titles</source>
      <translation>Copier les titres modifiés</translation>
    </message>
    <message>
      <source>For the overlap report on the changed titles only</source>
      <translation>Pour le rapport de chevauchement sur les titres modifiés seulement</translation>
    </message>
  </context>
  <context>
    <name>WatchPanelBase</name>
    <message>
      <source>Register</source>
      <translation>Registre</translation>
    </message>
    <message>
      <source>Claim register (GeoPackage or pg:connection/schema)</source>
      <translation>Registre des titres (GeoPackage ou pg:connexion/schéma)</translation>
    </message>
    <message>
      <source>…</source>
      <translation>…</translation>
    </message>
    <message>
      <source>Overlap state kept in the register</source>
      <translation>État des chevauchements tenu dans le registre</translation>
    </message>
    <message>
      <source>Parcels</source>
      <translation>Lots</translation>
    </message>
    <message>
      <source>Lot number field</source>
      <translation>Champ du numéro de lot</translation>
    </message>
    <message>
      <source>Ancestral territories</source>
      <translation>Territoires ancestraux</translation>
    </message>
    <message>
      <source>Nation field</source>
      <translation>Champ de la Nation</translation>
    </message>
    <message>
      <source>Territory name field</source>
      <translation>Champ du nom du territoire</translation>
    </message>
    <message>
      <source>Distance field (m)</source>
      <translation>Champ de distance (m)</translation>
    </message>
    <message>
      <source>Consultation distance (m)</source>
      <translation>Distance de consultation (m)</translation>
    </message>
    <message>
      <source>Used for territories without a distance of their own</source>
      <translation>Utilisée pour les territoires sans distance propre</translation>
    </message>
    <message>
      <source>Area of interest</source>
      <translation>Zone d'intérêt</translation>
    </message>
    <message>
      <source>Read from the register</source>
      <translation>Lire dans le registre</translation>
    </message>
    <message>
      <source>Compute and keep</source>
      <translation>Calculer et tenir</translation>
    </message>
    <message>
      <source>A full overlap run over every claim, kept in the register; each sync then updates it for the titles that changed</source>
      <translation>Un calcul complet des chevauchements de tous les titres, tenu dans le registre ; chaque synchronisation le met ensuite à jour pour les titres modifiés</translation>
    </message>
    <message>
      <source>Staking watch: company land</source>
      <translation>Veille de jalonnement : terrains de l'entreprise</translation>
    </message>
    <message>
      <source>Key field</source>
      <translation>Champ clé</translation>
    </message>
    <message>
      <source>Watch distance (m)</source>
      <translation>Distance de veille (m)</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>Ajouter</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Retirer</translation>
    </message>
    <message>
      <source>Around company claims (m)</source>
      <translation>Autour des titres de l'entreprise (m)</translation>
    </message>
    <message>
      <source>Save the watch</source>
      <translation>Enregistrer la veille</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
  </context>
</TS>
