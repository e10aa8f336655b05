<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AboutDataDialog</name>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="80"/>
        <source>{file}: cannot be read ({reason})</source>
        <translation>{file} : illisible ({reason})</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="91"/>
        <source>• {source}: {type} ({kind}), built on {date}</source>
        <translation>• {source} : {type} ({kind}), version du {date}</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="128"/>
        <source>Data sources and licences</source>
        <translation>Sources des données et licences</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="130"/>
        <source>Where DataLocator&apos;s answers come from</source>
        <translation>D’où viennent les réponses de DataLocator</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="137"/>
        <source>DataLocator %1</source>
        <translation>DataLocator %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="142"/>
        <source>The data, and how recent they are:</source>
        <translation>Les données, et leur date :</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="154"/>
        <source>Licences: the location and network data shipped with DataLocator are under the Creative Commons Attribution licence (CC BY 4.0); the world map and the country points are in the public domain (Natural Earth); the cloud ranges come under the MIT and CC0 licences; the companies, laws and services are public facts, each with its source. Databases you add keep their own licence.</source>
        <translation>Licences : les données de localisation et de réseau fournies avec DataLocator sont sous licence Creative Commons Attribution (CC BY 4.0) ; la carte du monde et les points des pays sont dans le domaine public (Natural Earth) ; les plages des clouds sont sous licences MIT et CC0 ; les entreprises, les lois et les services sont des faits publics, chacun avec sa source. Les bases que vous ajoutez gardent leur propre licence.</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="173"/>
        <source>No telemetry: DataLocator sends nothing about you or your computer to anyone — no usage statistics, no crash reports, no update checks. It goes online only for reverse DNS look-ups of the addresses it shows (you can turn them off in the settings) and to download location databases when you ask it to.</source>
        <translation>Aucune télémétrie : DataLocator n’envoie rien sur vous ni sur votre ordinateur, à personne — ni statistiques d’utilisation, ni rapports de plantage, ni vérification des mises à jour. Il ne se connecte à Internet que pour trouver le nom des adresses qu’il affiche (DNS inverse, que vous pouvez désactiver dans les paramètres) et pour télécharger des bases de géolocalisation quand vous le lui demandez.</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="187"/>
        <source>Technical details and full attribution texts</source>
        <translation>Détails techniques et textes d’attribution complets</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="200"/>
        <source>Location databases in use</source>
        <translation>Bases de géolocalisation utilisées</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="201"/>
        <source>Location databases in use:</source>
        <translation>Bases de géolocalisation utilisées :</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="208"/>
        <source>Data sources, licences and attribution</source>
        <translation>Sources des données, licences et crédits</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="215"/>
        <source>The attribution file could not be read: %1</source>
        <translation>Impossible de lire le fichier des crédits : %1</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="75"/>
        <source>About DataLocator</source>
        <translation>À propos de DataLocator</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="76"/>
        <source>DataLocator %1</source>
        <translation>DataLocator %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="83"/>
        <source>Where your data live, and which countries&apos; laws reach them.</source>
        <translation>Où vivent vos données, et quelles lois nationales les atteignent.</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="91"/>
        <source>Free software under the &lt;a href=&quot;%1&quot;&gt;GNU GPL, version 3 or later&lt;/a&gt;.</source>
        <translation>Logiciel libre sous &lt;a href=&quot;%1&quot;&gt;GNU GPL, version 3 ou ultérieure&lt;/a&gt;.</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="96"/>
        <source>Data dated %1.</source>
        <translation>Données datées du %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="98"/>
        <source>The data carry no dates.</source>
        <translation>Les données ne portent pas de date.</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="101"/>
        <source>Data sources and licences…</source>
        <translation>Sources des données et licences…</translation>
    </message>
</context>
<context>
    <name>AccountsModel</name>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="67"/>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="68"/>
        <source>Stored by</source>
        <translation>Stocké par</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="69"/>
        <source>Where</source>
        <translation>Où</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="70"/>
        <source>Law</source>
        <translation>Droit</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="71"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="210"/>
        <source>Mail</source>
        <translation>Courrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="210"/>
        <source>Files</source>
        <translation>Fichiers</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="211"/>
        <source>added by you</source>
        <translation>ajouté par vous</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="215"/>
        <source>Look-up failed</source>
        <translation>Recherche échouée</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="217"/>
        <source>Looking up…</source>
        <translation>Recherche…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="220"/>
        <source>DNS failed</source>
        <translation>Échec DNS</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="222"/>
        <source>No server known</source>
        <translation>Aucun serveur connu</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="223"/>
        <source>Found</source>
        <translation>Trouvé</translation>
    </message>
</context>
<context>
    <name>AccountsPanel</name>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="270"/>
        <source>Account to add</source>
        <translation>Compte à ajouter</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="272"/>
        <source>Add an e-mail address or a server address (https://…)</source>
        <translation>Ajouter une adresse e-mail ou l’adresse d’un serveur (https://…)</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="276"/>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="280"/>
        <location filename="../../app/ui/accounts_panel.py" line="408"/>
        <source>Add a service…</source>
        <translation>Ajouter un service…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="282"/>
        <source>&amp;Remove</source>
        <translation>&amp;Retirer</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="284"/>
        <source>Remove an account you added</source>
        <translation>Retirer un compte que vous avez ajouté</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="286"/>
        <source>Re&amp;scan</source>
        <translation>Re&amp;chercher</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="287"/>
        <source>Read your programs&apos; settings and look up again</source>
        <translation>Relire les réglages de vos logiciels et chercher à nouveau</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="298"/>
        <source>My accounts</source>
        <translation>Mes comptes</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="325"/>
        <source>Show the routes of its &amp;mail…</source>
        <translation>Montrer le trajet de ses &amp;messages…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="329"/>
        <source>Read the headers of the last messages on this account&apos;s IMAP server and show the countries they crossed (asks first; needs the password)</source>
        <translation>Lire les en-têtes des derniers messages sur le serveur IMAP de ce compte et montrer les pays traversés (demande d’abord ; il faut le mot de passe)</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="337"/>
        <source>The account&apos;s servers</source>
        <translation>Les serveurs du compte</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="338"/>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="338"/>
        <source>Place</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="338"/>
        <source>Company</source>
        <translation>Entreprise</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="415"/>
        <source>No mail or sync account found in your programs&apos; settings. Add one above.</source>
        <translation>Aucun compte de messagerie ou de synchronisation trouvé dans les réglages de vos logiciels. Ajoutez-en un ci-dessus.</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="419"/>
        <source>Looking up servers: %1 of %2…</source>
        <translation>Recherche des serveurs : %1 sur %2…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/accounts_panel.py" line="424"/>
        <source>%n account(s)</source>
        <translation>
            <numerusform>%n compte</numerusform>
            <numerusform>%n comptes</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="498"/>
        <source>Looking up this account&apos;s servers…</source>
        <translation>Recherche des serveurs de ce compte…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="500"/>
        <source>No account selected.</source>
        <translation>Aucun compte choisi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="531"/>
        <source>%1 is run by %2 (%3; source: %4)</source>
        <translation>%1 est exploité par %2 (%3 ; source : %4)</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="544"/>
        <source>%1 says: %2 (source: %3, as of %4)</source>
        <translation>%1 indique : %2 (source : %3, au %4)</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="557"/>
        <source>stores</source>
        <translation>stocke</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="557"/>
        <source>carries</source>
        <translation>transmet</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_panel.py" line="578"/>
        <source>nearest edge server (%1)</source>
        <translation>serveur de proximité (%1)</translation>
    </message>
</context>
<context>
    <name>AlertRulesEditor</name>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="29"/>
        <source>A new country</source>
        <translation>Un nouveau pays</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="30"/>
        <source>A new company</source>
        <translation>Une nouvelle entreprise</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="31"/>
        <source>A place under %1</source>
        <translation>Un lieu sous « %1 »</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="33"/>
        <source>any data</source>
        <translation>toutes données</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="34"/>
        <source>mail</source>
        <translation>courriel</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="35"/>
        <source>photos and files</source>
        <translation>photos et fichiers</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="36"/>
        <source>other data</source>
        <translation>autres données</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="38"/>
        <source>any program</source>
        <translation>tout programme</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="40"/>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="78"/>
        <source>Alert rules</source>
        <translation>Règles d’alerte</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="83"/>
        <source>Alert when data go to</source>
        <translation>Alerter quand des données vont vers</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="97"/>
        <source>Program</source>
        <translation>Programme</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="98"/>
        <source>Any program</source>
        <translation>Tout programme</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="101"/>
        <source>A program&apos;s name as the table shows it (thunderbird, firefox…).</source>
        <translation>Le nom d’un programme tel que le tableau l’affiche (thunderbird, firefox…).</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="105"/>
        <source>For which data</source>
        <translation>Pour quelles données</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="108"/>
        <source>Add rule</source>
        <translation>Ajouter la règle</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="110"/>
        <source>Remove rule</source>
        <translation>Retirer la règle</translation>
    </message>
    <message>
        <location filename="../../app/ui/alert_rules_editor.py" line="112"/>
        <source>Default rules</source>
        <translation>Règles par défaut</translation>
    </message>
</context>
<context>
    <name>AlertsModel</name>
    <message>
        <location filename="../../app/ui/alerts_model.py" line="84"/>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_model.py" line="120"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_model.py" line="120"/>
        <source>Program</source>
        <translation>Programme</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_model.py" line="120"/>
        <source>What happened</source>
        <translation>Ce qui s’est passé</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_model.py" line="120"/>
        <source>Where</source>
        <translation>Où</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../app/ui/banner.py" line="64"/>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../../app/ui/banner.py" line="65"/>
        <source>Dismiss message</source>
        <translation>Fermer le message</translation>
    </message>
    <message>
        <location filename="../../app/ui/banner.py" line="69"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../../app/ui/banner.py" line="70"/>
        <source>Show technical details</source>
        <translation>Afficher les détails techniques</translation>
    </message>
</context>
<context>
    <name>ConnectionsFilterProxy</name>
    <message>
        <location filename="../../app/ui/connections_model.py" line="993"/>
        <source>Your account: %1</source>
        <translation>Votre compte : %1</translation>
    </message>
</context>
<context>
    <name>ConnectionsModel</name>
    <message>
        <location filename="../../app/ui/connections_model.py" line="469"/>
        <source>Process</source>
        <translation>Processus</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="470"/>
        <source>Remote host</source>
        <translation>Hôte distant</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="471"/>
        <source>IP address</source>
        <translation>Adresse IP</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="472"/>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="473"/>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="474"/>
        <source>City / region</source>
        <translation>Ville / région</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="475"/>
        <source>Provider</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="476"/>
        <source>Law</source>
        <translation>Droit applicable</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="477"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="480"/>
        <source>pid %1</source>
        <translation>PID %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="481"/>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="482"/>
        <source>Many countries (anycast)</source>
        <translation>Plusieurs pays (anycast)</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="483"/>
        <source>Nearby edge server</source>
        <translation>Serveur de proximité</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="484"/>
        <source>%1 (claimed)</source>
        <translation>%1 (annoncé)</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="487"/>
        <source>Closed: the system keeps the socket briefly; no program owns it.</source>
        <translation>Fermée : le système garde la connexion encore un instant ; plus aucun programme ne l’utilise.</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="489"/>
        <source>Process name not readable</source>
        <translation>Nom du processus inaccessible</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="490"/>
        <source>Process id: %1</source>
        <translation>Numéro de processus (PID) : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="491"/>
        <source>Local address: %1</source>
        <translation>Adresse locale : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="492"/>
        <source>The data stay on this device or your local network.</source>
        <translation>Les données restent sur cet appareil ou sur votre réseau local.</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="493"/>
        <source>We could not tell which law applies: the place is unknown.</source>
        <translation>Impossible de dire quel droit s’applique : le lieu est inconnu.</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="494"/>
        <source>Part of %1</source>
        <translation>Maison mère : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="495"/>
        <source>Headquarters: %1</source>
        <translation>Siège : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="496"/>
        <source>Precision: %1</source>
        <translation>Précision : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="497"/>
        <source>Source: %1</source>
        <translation>Source : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="499"/>
        <source>Legal texts as of %1</source>
        <translation>Textes de loi vérifiés : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="502"/>
        <source>Established</source>
        <translation>Établie</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="503"/>
        <location filename="../../app/ui/connections_model.py" line="504"/>
        <source>Connecting</source>
        <translation>Ouverture</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="505"/>
        <location filename="../../app/ui/connections_model.py" line="506"/>
        <location filename="../../app/ui/connections_model.py" line="507"/>
        <location filename="../../app/ui/connections_model.py" line="508"/>
        <location filename="../../app/ui/connections_model.py" line="509"/>
        <source>Closing</source>
        <translation>Fermeture</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="510"/>
        <location filename="../../app/ui/connections_model.py" line="511"/>
        <source>Closed</source>
        <translation>Fermée</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="512"/>
        <source>Listening</source>
        <translation>En écoute</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="517"/>
        <source>This device</source>
        <translation>Cet appareil</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="518"/>
        <source>Local network</source>
        <translation>Réseau local</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="519"/>
        <source>Multicast</source>
        <translation>Multidiffusion</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="520"/>
        <source>Special-purpose address</source>
        <translation>Adresse réservée</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="525"/>
        <source>city or data-centre region</source>
        <translation>ville ou région du centre de données</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="526"/>
        <source>country only</source>
        <translation>pays seulement</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="527"/>
        <source>anycast or CDN edge: served from a nearby point</source>
        <translation>serveur de proximité (anycast ou CDN) : contenu servi depuis un point proche</translation>
    </message>
</context>
<context>
    <name>ConnectionsTable</name>
    <message>
        <location filename="../../app/ui/connections_table.py" line="57"/>
        <source>Connections</source>
        <translation>Connexions</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_table.py" line="103"/>
        <source>Reading connections…</source>
        <translation>Lecture des connexions…</translation>
    </message>
</context>
<context>
    <name>DataActions</name>
    <message>
        <location filename="../../app/ui/data_actions.py" line="58"/>
        <source>Location &amp;databases…</source>
        <translation>&amp;Bases de géolocalisation…</translation>
    </message>
    <message>
        <location filename="../../app/ui/data_actions.py" line="59"/>
        <source>Which location databases are used, how old they are; add your own files</source>
        <translation>Les bases de géolocalisation utilisées et leur âge ; ajoutez vos propres fichiers</translation>
    </message>
    <message>
        <location filename="../../app/ui/data_actions.py" line="69"/>
        <source>&amp;Update location databases…</source>
        <translation>&amp;Mettre à jour les bases de géolocalisation…</translation>
    </message>
    <message>
        <location filename="../../app/ui/data_actions.py" line="70"/>
        <source>Download fresh location databases (DB-IP Lite or MaxMind GeoLite2)</source>
        <translation>Télécharger des bases de géolocalisation récentes (DB-IP Lite ou MaxMind GeoLite2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/data_actions.py" line="79"/>
        <source>Data sources and &amp;licences…</source>
        <translation>Sources des données et &amp;licences…</translation>
    </message>
    <message>
        <location filename="../../app/ui/data_actions.py" line="80"/>
        <source>Where DataLocator&apos;s data come from, their licences and credits</source>
        <translation>D’où viennent les données de DataLocator, leurs licences et leurs crédits</translation>
    </message>
</context>
<context>
    <name>DatabasesDialog</name>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="213"/>
        <source>Location databases</source>
        <translation>Bases de géolocalisation</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="281"/>
        <source>%1 is already in the list.</source>
        <translation>%1 est déjà dans la liste.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="313"/>
        <source>There is no download folder on this system.</source>
        <translation>Aucun dossier de téléchargement sur ce système.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="357"/>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="371"/>
        <source>Databases in use</source>
        <translation>Bases utilisées</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="386"/>
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="386"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="386"/>
        <source>Age</source>
        <translation>Âge</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="386"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="396"/>
        <source>Location databases in use</source>
        <translation>Bases de géolocalisation utilisées</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="402"/>
        <source>&amp;Add database file…</source>
        <translation>&amp;Ajouter un fichier de base de données…</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="406"/>
        <source>Use your own City, Country or ASN .mmdb file (MaxMind GeoLite2/GeoIP2, DB-IP, IPinfo). Your files are used before the built-in data.</source>
        <translation>Utiliser votre propre fichier .mmdb de villes, de pays ou de fournisseurs (ASN) : MaxMind GeoLite2/GeoIP2, DB-IP, IPinfo. Vos fichiers passent avant les données intégrées.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="411"/>
        <source>&amp;Remove from list</source>
        <translation>&amp;Retirer de la liste</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="414"/>
        <source>Stop using the selected file of yours. The file itself is not deleted.</source>
        <translation>Ne plus utiliser le fichier sélectionné. Le fichier lui-même n’est pas supprimé.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="430"/>
        <source>Download fresh databases</source>
        <translation>Télécharger des bases à jour</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="434"/>
        <source>Downloads fresh databases over a secure connection, only when you click the button. A download that fails or is damaged never replaces a working database.</source>
        <translation>Télécharge des bases à jour par une connexion sécurisée, uniquement quand vous cliquez sur le bouton. Un téléchargement qui échoue ou qui arrive abîmé ne remplace jamais une base qui fonctionne.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="443"/>
        <source>DB-IP Lite — free, no account needed (country and provider data)</source>
        <translation>DB-IP Lite — gratuit, sans compte (pays et fournisseurs)</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="448"/>
        <source>MaxMind GeoLite2 — free account needed (city and provider data)</source>
        <translation>MaxMind GeoLite2 — compte gratuit nécessaire (villes et fournisseurs)</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="455"/>
        <source>e.g. 123456</source>
        <translation>par ex. 123456</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="460"/>
        <location filename="../../app/ui/databases_dialog.py" line="770"/>
        <source>Licence key</source>
        <translation>Clé de licence</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="463"/>
        <source>Save in the system &amp;keyring</source>
        <translation>Enregistrer dans le &amp;trousseau de clés</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="468"/>
        <source>The licence key is kept only in your system&apos;s keyring, never in DataLocator&apos;s settings file.</source>
        <translation>La clé de licence n’est conservée que dans le trousseau de clés de votre système, jamais dans le fichier de paramètres de DataLocator.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="472"/>
        <source>&amp;Forget saved key</source>
        <translation>&amp;Oublier la clé enregistrée</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="480"/>
        <source>A saved key is kept in the system keyring only.</source>
        <translation>Une clé enregistrée n’est conservée que dans le trousseau de clés du système.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="482"/>
        <source>No account yet? &lt;a href=&quot;%1&quot;&gt;Sign up for GeoLite2 (free)&lt;/a&gt;</source>
        <translation>Pas encore de compte ? &lt;a href=&quot;%1&quot;&gt;Créer un compte GeoLite2 (gratuit)&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="496"/>
        <source>Account &amp;ID</source>
        <translation>&amp;Identifiant du compte</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="498"/>
        <source>&amp;Licence key</source>
        <translation>Clé de &amp;licence</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="506"/>
        <source>&amp;Update now</source>
        <translation>&amp;Mettre à jour maintenant</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="510"/>
        <source>&amp;Cancel download</source>
        <translation>A&amp;nnuler le téléchargement</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="536"/>
        <source>Downloads are not available: there is no data folder on this system.</source>
        <translation>Téléchargement impossible : ce système n’a pas de dossier pour les données.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="541"/>
        <source>Update results</source>
        <translation>Résultats de la mise à jour</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="566"/>
        <source>Downloads go to %1</source>
        <translation>Dossier des téléchargements : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="601"/>
        <source>City</source>
        <translation>Ville</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="602"/>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="603"/>
        <source>Provider (AS)</source>
        <translation>Fournisseur (AS)</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="609"/>
        <source>Not in use:
%1</source>
        <translation>Non utilisée :
%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="611"/>
        <source>%1
added; loading…</source>
        <translation>%1
ajoutée, chargement en cours…</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="613"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/databases_dialog.py" line="657"/>
        <source>%Ln of %1 databases are older than 6 months: locations may be out of date. Update them below.</source>
        <translation>
            <numerusform>%Ln base sur %1 date de plus de 6 mois : les positions peuvent être dépassées. Mettez-la à jour ci-dessous.</numerusform>
            <numerusform>%Ln bases sur %1 datent de plus de 6 mois : les positions peuvent être dépassées. Mettez-les à jour ci-dessous.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="724"/>
        <source>This file cannot be used as a location database:</source>
        <translation>Ce fichier ne peut pas servir de base de localisation :</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="854"/>
        <location filename="../../app/ui/databases_dialog.py" line="855"/>
        <source>The update failed; nothing was changed.</source>
        <translation>La mise à jour a échoué ; rien n’a été changé.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="103"/>
        <source>Built in</source>
        <translation>Intégrée</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="105"/>
        <source>Your file</source>
        <translation>Votre fichier</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="107"/>
        <source>Downloaded</source>
        <translation>Téléchargée</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="109"/>
        <source>Installed on this computer</source>
        <translation>Installée sur cet ordinateur</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="116"/>
        <source>IP Geolocation by %1</source>
        <translation>Géolocalisation IP par %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="645"/>
        <source>No location database is in use yet: countries and providers are unknown. Add a database file or update now.</source>
        <translation>Aucune base de géolocalisation n’est encore utilisée : pays et fournisseurs restent inconnus. Ajoutez un fichier de base de données ou mettez à jour maintenant.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="651"/>
        <source>The location data is older than 6 months: locations may be out of date. Update it below.</source>
        <translation>Les données de géolocalisation ont plus de 6 mois : les lieux indiqués peuvent être dépassés. Mettez ces données à jour ci-dessous.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="665"/>
        <source>The databases are listed best first: the first one that knows an address answers. All of them are less than 6 months old.</source>
        <translation>Les bases sont classées de la meilleure à la moins bonne : la première qui connaît une adresse répond. Toutes ont moins de 6 mois.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="746"/>
        <source>Looking for a saved key…</source>
        <translation>Recherche d’une clé enregistrée…</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="763"/>
        <source>Saved in the keyring</source>
        <translation>Enregistrée dans le trousseau</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="766"/>
        <source>A licence key is saved in the system keyring; leave the field empty to use it.</source>
        <translation>Une clé de licence est enregistrée dans le trousseau de clés du système ; laissez le champ vide pour l’utiliser.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="771"/>
        <source>No licence key is saved yet.</source>
        <translation>Aucune clé de licence n’est encore enregistrée.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="779"/>
        <source>The system keyring cannot be used; a key typed here is not saved.</source>
        <translation>Le trousseau de clés du système est inutilisable ; une clé saisie ici ne sera pas enregistrée.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="782"/>
        <source>The system keyring cannot be used.</source>
        <translation>Le trousseau du système ne peut pas être utilisé.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="788"/>
        <source>The saved key was removed from the keyring.</source>
        <translation>La clé enregistrée a été retirée du trousseau de clés.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="790"/>
        <source>No key was saved.</source>
        <translation>Aucune clé n’était enregistrée.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="802"/>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="806"/>
        <source>Downloading from %1…</source>
        <translation>Téléchargement depuis %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="816"/>
        <source>%p% — %1</source>
        <translation>%p % — %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="848"/>
        <source>Nothing was downloaded: the key could not be used from the keyring.</source>
        <translation>Rien n’a été téléchargé : la clé du trousseau n’a pas pu être utilisée.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="851"/>
        <source>The system keyring cannot be used; untick “Save” to download anyway.</source>
        <translation>Le trousseau de clés du système est inutilisable ; décochez « Enregistrer dans le trousseau de clés » pour télécharger quand même.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="860"/>
        <source>MaxMind GeoLite2 needs your account ID and licence key. Create a free account at maxmind.com, make a licence key under “Manage License Keys”, and enter both here — or choose DB-IP Lite, which needs no account.</source>
        <translation>MaxMind GeoLite2 demande votre identifiant de compte et votre clé de licence. Créez un compte gratuit sur maxmind.com, générez une clé de licence dans « Manage License Keys », puis saisissez les deux ici — ou choisissez DB-IP Lite, qui ne demande pas de compte.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="864"/>
        <source>Nothing was downloaded: no licence key.</source>
        <translation>Rien n’a été téléchargé : pas de clé de licence.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="887"/>
        <source>Cancelled. The installed databases were kept.</source>
        <translation>Annulé. Les bases installées ont été conservées.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="888"/>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="890"/>
        <source>The update failed; your databases were not changed. See below.</source>
        <translation>La mise à jour a échoué ; vos bases n’ont pas été modifiées. Détails ci-dessous.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="891"/>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="893"/>
        <source>Some databases were updated, others failed. See below.</source>
        <translation>Certaines bases ont été mises à jour, d’autres non. Détails ci-dessous.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="894"/>
        <source>Partly done</source>
        <translation>Terminé en partie</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="896"/>
        <source>Updated %1 databases. The app now uses them.</source>
        <translation>Bases mises à jour : %1. L’application les utilise désormais.</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="899"/>
        <location filename="../../app/ui/databases_dialog.py" line="902"/>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="901"/>
        <source>Your databases are already up to date.</source>
        <translation>Vos bases sont déjà à jour.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="72"/>
        <source>Export map as PNG</source>
        <translation>Exporter la carte en PNG</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="74"/>
        <source>Export map as SVG</source>
        <translation>Exporter la carte en SVG</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="80"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="89"/>
        <source>Custom</source>
        <translation>Personnalisée</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="104"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="105"/>
        <source>Size (pixels)</source>
        <translation>Taille (pixels)</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="144"/>
        <source>PNG image (*.png)</source>
        <translation>Image PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="146"/>
        <source>SVG drawing (*.svg)</source>
        <translation>Image SVG (*.svg)</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="65"/>
        <source>Search host, process, country… (Ctrl+F)</source>
        <translation>Hôte, processus, pays… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="67"/>
        <source>Shows only the connections with this text in any column, on the map too</source>
        <translation>N’affiche, dans la liste et sur la carte, que les connexions contenant ce texte (dans n’importe quelle colonne)</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="73"/>
        <source>All categories</source>
        <translation>Toutes les catégories</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="75"/>
        <source>Mail</source>
        <translation>Courriels</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="76"/>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="45"/>
        <location filename="../../app/ui/filters_bar.py" line="77"/>
        <source>Other</source>
        <translation>Autres</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="42"/>
        <source>EU</source>
        <translation>UE</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="43"/>
        <source>Adequacy</source>
        <translation>Adéquation</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="44"/>
        <source>US</source>
        <translation>États-Unis</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="46"/>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="63"/>
        <source>Search connections</source>
        <translation>Rechercher dans les connexions</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="80"/>
        <source>What the data are: mail, photos or anything else</source>
        <translation>Le type de données : courriels, photos ou autre chose</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="82"/>
        <source>All processes</source>
        <translation>Tous les processus</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="83"/>
        <source>Only the connections of one program</source>
        <translation>Seulement les connexions d’un programme</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="84"/>
        <source>All providers</source>
        <translation>Tous les fournisseurs</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="85"/>
        <source>Only the places of one company or network</source>
        <translation>Seulement les lieux d’une entreprise ou d’un réseau</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="87"/>
        <source>Law:</source>
        <translation>Droit applicable :</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="92"/>
        <source>Only my accounts</source>
        <translation>Mes comptes seulement</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="99"/>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="100"/>
        <source>Show everything again</source>
        <translation>Tout réafficher</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="189"/>
        <source>Show only: %1
%2</source>
        <translation>Afficher seulement : %1
%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="248"/>
        <source>Only the places that hold one of your accounts</source>
        <translation>Seulement les lieux où se trouve l’un de vos comptes</translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="250"/>
        <source>No accounts configured yet</source>
        <translation>Aucun compte configuré pour l’instant</translation>
    </message>
</context>
<context>
    <name>HeadersDialog</name>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="47"/>
        <source>Paste a message&apos;s headers</source>
        <translation>Coller les en-têtes d’un message</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="50"/>
        <source>Paste the headers of a mail (in most mail programs and webmails: “Show original” or “View source”). Only its Received: lines are read; nothing is sent anywhere.</source>
        <translation>Collez les en-têtes d’un courriel (dans la plupart des logiciels et webmails : « Afficher l’original » ou « Afficher la source »). Seules ses lignes Received: sont lues ; rien n’est envoyé nulle part.</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="60"/>
        <source>Message headers</source>
        <translation>En-têtes du message</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="61"/>
        <source>Received: from … by … ; date</source>
        <translation>Received: from … by … ; date</translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message>
        <location filename="../../app/ui/history_window.py" line="87"/>
        <source>History — DataLocator</source>
        <translation>Historique — DataLocator</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="107"/>
        <source>&amp;Timeline</source>
        <translation>&amp;Chronologie</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="108"/>
        <source>What &amp;changed</source>
        <translation>&amp;Nouveautés</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="109"/>
        <source>&amp;Alerts</source>
        <translation>&amp;Alertes</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="125"/>
        <source>Show on the &amp;map:</source>
        <translation>Afficher sur la &amp;carte :</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="128"/>
        <source>Last 24 hours</source>
        <translation>Dernières 24 heures</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="128"/>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="128"/>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="131"/>
        <source>&amp;Open</source>
        <translation>&amp;Ouvrir</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="132"/>
        <source>Show this period&apos;s connections on a map</source>
        <translation>Afficher les connexions de cette période sur une carte</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="145"/>
        <source>Last 48 hours, by hour</source>
        <translation>Dernières 48 heures, par heure</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="146"/>
        <source>Last 30 days, by day</source>
        <translation>30 derniers jours, par jour</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="147"/>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="149"/>
        <source>By law</source>
        <translation>Par loi</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="150"/>
        <source>By country</source>
        <translation>Par pays</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="151"/>
        <source>Grouping</source>
        <translation>Regroupement</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="161"/>
        <source>Each bar counts the program–address pairs seen in that hour or day. An empty bar: DataLocator was not running, or saw nothing.</source>
        <translation>Chaque barre compte les paires programme–adresse vues pendant cette heure ou ce jour. Une barre vide : DataLocator ne fonctionnait pas, ou n’a rien vu.</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="175"/>
        <source>New countries</source>
        <translation>Nouveaux pays</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="176"/>
        <source>New companies</source>
        <translation>Nouvelles entreprises</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="177"/>
        <source>New programs</source>
        <translation>Nouveaux programmes</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="190"/>
        <source>Snooze for 1 &amp;hour</source>
        <translation>Suspendre &amp;1 heure</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="192"/>
        <source>Snooze until &amp;tomorrow</source>
        <translation>Suspendre jusqu’à &amp;demain</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="194"/>
        <source>&amp;Resume notifications</source>
        <translation>&amp;Reprendre les notifications</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="206"/>
        <source>Alerts</source>
        <translation>Alertes</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="224"/>
        <source>No alerts yet.</source>
        <translation>Aucune alerte pour l’instant.</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="247"/>
        <source>No history is open.</source>
        <translation>Aucun historique n’est ouvert.</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="275"/>
        <source>The history could not be read.</source>
        <translation>L’historique n’a pas pu être lu.</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="300"/>
        <source>Other countries</source>
        <translation>Autres pays</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="316"/>
        <source>%1, %2–%3</source>
        <translation>%1, %2–%3</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="335"/>
        <source>Country not known</source>
        <translation>Pays inconnu</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="347"/>
        <source>Seen for the first time since %1 (the last 7 days):</source>
        <translation>Vus pour la première fois depuis le %1 (les 7 derniers jours) :</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="355"/>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="367"/>
        <source>During the history&apos;s first day, DataLocator only learns where your programs usually go; alerts start after.</source>
        <translation>Pendant le premier jour de l’historique, DataLocator apprend seulement où vont d’habitude vos programmes ; les alertes commencent ensuite.</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="372"/>
        <source>This history learns until %1.</source>
        <translation>Cet historique apprend jusqu’au %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="382"/>
        <source>Notifications are off (Settings).</source>
        <translation>Les notifications sont désactivées (Paramètres).</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="384"/>
        <source>Notifications are snoozed until %1.</source>
        <translation>Les notifications sont suspendues jusqu’à %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_window.py" line="388"/>
        <source>Notifications are on.</source>
        <translation>Les notifications sont activées.</translation>
    </message>
</context>
<context>
    <name>MailLoginDialog</name>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="88"/>
        <source>Read the routes of your mail</source>
        <translation>Lire le trajet de vos messages</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="93"/>
        <source>DataLocator will log in to %1 over TLS (its certificate checked) and read, in your last messages, only the headers that say where each came from and when (Received:, From:, Date:). It opens the inbox read-only: no message is read, marked or changed. The password is kept only in your system keyring.</source>
        <translation>DataLocator va se connecter à %1 en TLS (certificat vérifié) et lire, dans vos derniers messages, seulement les en-têtes qui disent d’où vient chacun et quand (Received:, From:, Date:). La boîte de réception est ouverte en lecture seule : aucun message n’est lu, marqué ni modifié. Le mot de passe est conservé uniquement dans le trousseau de votre système.</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="103"/>
        <source>Looking in your system keyring…</source>
        <translation>Recherche dans le trousseau du système…</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="109"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="110"/>
        <source>Password or app password</source>
        <translation>Mot de passe ou mot de passe d’application</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="112"/>
        <source>&amp;Forget the kept password</source>
        <translation>&amp;Oublier le mot de passe conservé</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="122"/>
        <source>Messages to read:</source>
        <translation>Messages à lire :</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="123"/>
        <source>Login:</source>
        <translation>Identifiant :</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="124"/>
        <source>Password:</source>
        <translation>Mot de passe :</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="127"/>
        <source>&amp;Read the headers</source>
        <translation>&amp;Lire les en-têtes</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="149"/>
        <source>A password for %1 is kept in your system keyring: leave the field empty to use it.</source>
        <translation>Un mot de passe pour %1 est conservé dans le trousseau du système : laissez le champ vide pour l’utiliser.</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="153"/>
        <source>Type the password (or an app password) for %1. Once the server accepts it, it is kept in your system keyring, nowhere else.</source>
        <translation>Saisissez le mot de passe (ou un mot de passe d’application) de %1. Une fois accepté par le serveur, il est conservé dans le trousseau du système, nulle part ailleurs.</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="158"/>
        <source>Your system keyring cannot keep the password (%2): it will be used for this reading only.</source>
        <translation>Le trousseau du système ne peut pas conserver le mot de passe (%2) : il servira pour cette lecture seulement.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="516"/>
        <source>Connections</source>
        <translation>Connexions</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="517"/>
        <location filename="../../app/ui/main_window.py" line="1801"/>
        <source>My accounts</source>
        <translation>Mes comptes</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="521"/>
        <source>Route</source>
        <translation>Trajet</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="556"/>
        <source>Export map as &amp;PNG…</source>
        <translation>Exporter la carte en &amp;PNG…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="559"/>
        <source>Export map as &amp;SVG…</source>
        <translation>Exporter la carte en &amp;SVG…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="564"/>
        <source>Export &amp;report…</source>
        <translation>Exporter le &amp;rapport…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="567"/>
        <source>Your data-location report as PDF, HTML, JSON or CSV</source>
        <translation>Votre rapport sur l’emplacement de vos données, en PDF, HTML, JSON ou CSV</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="570"/>
        <source>&amp;Replay a recording…</source>
        <translation>&amp;Rejouer un enregistrement…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="573"/>
        <source>Trace a &amp;message…</source>
        <translation>Tracer un &amp;message…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="577"/>
        <source>The countries and companies a mail passed through, from its Received: headers (an .eml file; you can also drop one on the window)</source>
        <translation>Les pays et entreprises par lesquels un courriel est passé, d’après ses en-têtes Received: (un fichier .eml ; vous pouvez aussi en déposer un sur la fenêtre)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="582"/>
        <source>&amp;Paste a message&apos;s headers…</source>
        <translation>&amp;Coller les en-têtes d’un message…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="584"/>
        <source>&amp;Anonymise</source>
        <translation>&amp;Anonymiser</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="589"/>
        <source>Hide this computer&apos;s addresses, names and accounts everywhere, exports included; countries, cities and companies stay</source>
        <translation>Masquer partout les adresses, les noms et les comptes de cet ordinateur, exports compris ; pays, villes et entreprises restent</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="597"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="605"/>
        <location filename="../../app/ui/main_window.py" line="2050"/>
        <source>Re&amp;cord session…</source>
        <translation>En&amp;registrer la session…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="608"/>
        <source>Write what the window watches to a file, to replay it later, offline</source>
        <translation>Écrire ce que la fenêtre observe dans un fichier, pour le rejouer plus tard, hors ligne</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="610"/>
        <source>&amp;Settings…</source>
        <translation>Paramè&amp;tres…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="612"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="615"/>
        <source>&amp;Find…</source>
        <translation>&amp;Rechercher…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="616"/>
        <source>&amp;Clear filters</source>
        <translation>&amp;Effacer les filtres</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="618"/>
        <source>Zoom &amp;in</source>
        <translation>Zoom a&amp;vant</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="621"/>
        <source>Zoom &amp;out</source>
        <translation>&amp;Zoom arrière</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="623"/>
        <source>&amp;Fit all</source>
        <translation>&amp;Tout afficher</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="624"/>
        <source>&amp;Reset view</source>
        <translation>Revenir à la vue &amp;initiale</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="625"/>
        <source>Show &amp;legend</source>
        <translation>Afficher la &amp;légende</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="629"/>
        <source>Show recently &amp;closed connections</source>
        <translation>Afficher les connexions récemment &amp;fermées</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="633"/>
        <source>&amp;Refresh now</source>
        <translation>&amp;Actualiser maintenant</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="636"/>
        <location filename="../../app/ui/main_window.py" line="928"/>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="641"/>
        <source>S&amp;tep</source>
        <translation>Pas à pa&amp;s</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="642"/>
        <source>One poll further while paused</source>
        <translation>Une lecture de plus pendant la pause</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="645"/>
        <source>&amp;Connections</source>
        <translation>&amp;Connexions</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="648"/>
        <source>My &amp;accounts</source>
        <translation>Mes &amp;comptes</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="651"/>
        <source>Re&amp;scan my accounts</source>
        <translation>Re&amp;chercher mes comptes</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="653"/>
        <source>&amp;Guess first</source>
        <translation>&amp;Devinez d’abord</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="655"/>
        <source>A quiz for a room: guess where each account keeps its data, then reveal it</source>
        <translation>Un quiz pour une salle : devinez où chaque compte conserve ses données, puis révélez-le</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="658"/>
        <source>&amp;History…</source>
        <translation>&amp;Historique…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="660"/>
        <source>Where your programs&apos; data went over time, what is new, and the alerts</source>
        <translation>Où sont allées les données de vos programmes au fil du temps, ce qui est nouveau, et les alertes</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="664"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="673"/>
        <source>Open a &amp;demo</source>
        <translation>Ouvrir une &amp;démo</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="682"/>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="712"/>
        <source>&amp;Data</source>
        <translation>&amp;Données</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="714"/>
        <source>&amp;Forget history…</source>
        <translation>&amp;Oublier l’historique…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="716"/>
        <source>Delete everything this window has kept of where your data went</source>
        <translation>Effacer tout ce que cette fenêtre a gardé de l’endroit où sont allées vos données</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="727"/>
        <source>How to &amp;read the map</source>
        <translation>Comment &amp;lire la carte</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="730"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="732"/>
        <source>&amp;About DataLocator</source>
        <translation>À &amp;propos de DataLocator</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="734"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="743"/>
        <source>Toolbar</source>
        <translation>Barre d’outils</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="747"/>
        <source>Show &amp;toolbar</source>
        <translation>Afficher la barre d’&amp;outils</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="748"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="749"/>
        <source>Fit all</source>
        <translation>Tout afficher</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="750"/>
        <source>Export map</source>
        <translation>Exporter la carte</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="751"/>
        <source>Export report</source>
        <translation>Exporter le rapport</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="765"/>
        <source>Playback speed</source>
        <translation>Vitesse de lecture</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="766"/>
        <source>How fast the demo or the recording plays</source>
        <translation>À quelle vitesse la démonstration ou l’enregistrement se déroule</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="768"/>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="798"/>
        <source>Update…</source>
        <translation>Mettre à jour…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="799"/>
        <source>Download newer location databases</source>
        <translation>Télécharger des bases de géolocalisation plus récentes</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="808"/>
        <location filename="../../app/ui/main_window.py" line="809"/>
        <location filename="../../app/ui/main_window.py" line="811"/>
        <source>Making the report…</source>
        <translation>Création du rapport…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="819"/>
        <source>Anonymised</source>
        <translation>Anonymisé</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="822"/>
        <source>Addresses, names and accounts of this computer are hidden (View → Anonymise)</source>
        <translation>Les adresses, les noms et les comptes de cet ordinateur sont masqués (Affichage → Anonymiser)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="846"/>
        <source>Open the report</source>
        <translation>Ouvrir le rapport</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="928"/>
        <source>&amp;Play</source>
        <translation>&amp;Lecture</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="932"/>
        <source>Paused: F6 plays on, F7 goes one step</source>
        <translation>En pause : F6 reprend, F7 avance d’un pas</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1129"/>
        <source>Start at login could not be changed.</source>
        <translation>Le démarrage à l’ouverture de session n’a pas pu être modifié.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1158"/>
        <source>The map could not be saved to %1.</source>
        <translation>La carte n’a pas pu être enregistrée dans %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1264"/>
        <source>Report saved to %1</source>
        <translation>Rapport enregistré dans %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1273"/>
        <source>The report could not be saved to %1.</source>
        <translation>Le rapport n’a pas pu être enregistré dans %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1367"/>
        <source>Forget history</source>
        <translation>Oublier l’historique</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1369"/>
        <source>Delete everything this window has kept of where your data went? This cannot be undone; watching goes on with an empty history.</source>
        <translation>Effacer tout ce que cette fenêtre a gardé de l’endroit où sont allées vos données ? Impossible de revenir en arrière ; la surveillance continue avec un historique vide.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1396"/>
        <source>History forgotten: %n file(s) deleted.</source>
        <translation>
            <numerusform>Historique oublié : %n fichier effacé.</numerusform>
            <numerusform>Historique oublié : %n fichiers effacés.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1411"/>
        <source>… and %n more (View → History).</source>
        <translation>
            <numerusform>… et %n autre (Affichage → Historique).</numerusform>
            <numerusform>… et %n autres (Affichage → Historique).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1414"/>
        <source>Your data went somewhere new</source>
        <translation>Vos données sont allées dans un nouvel endroit</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1460"/>
        <source>%1 on %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1478"/>
        <source>The password for %1 was deleted from your system keyring.</source>
        <translation>Le mot de passe de %1 a été supprimé du trousseau du système.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1480"/>
        <source>No password for %1 was kept in your system keyring.</source>
        <translation>Aucun mot de passe pour %1 n’était conservé dans le trousseau du système.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1491"/>
        <source>Reading the headers of your last %n message(s) on %1…</source>
        <translation>
            <numerusform>Lecture des en-têtes de votre dernier message sur %1…</numerusform>
            <numerusform>Lecture des en-têtes de vos %n derniers messages sur %1…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1502"/>
        <source>The inbox on %1 is empty: no route to show.</source>
        <translation>La boîte de réception sur %1 est vide : aucun trajet à montrer.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1506"/>
        <source>The routes of your last %n message(s) on %1</source>
        <translation>
            <numerusform>Le trajet de votre dernier message sur %1</numerusform>
            <numerusform>Les trajets de vos %n derniers messages sur %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1513"/>
        <source>The password worked but was not kept.</source>
        <translation>Le mot de passe a fonctionné mais n’a pas été conservé.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1525"/>
        <source>Stopped: no route shown.</source>
        <translation>Arrêté : aucun trajet montré.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1528"/>
        <source>Your mail server&apos;s headers could not be read.</source>
        <translation>Les en-têtes de votre serveur de messagerie n’ont pas pu être lus.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1546"/>
        <source>The route of the message %1</source>
        <translation>Le trajet du message %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1556"/>
        <source>The route of the pasted message</source>
        <translation>Le trajet du message collé</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1582"/>
        <source>Tracing the route to %1: small ICMP echo requests (pings) with increasing TTL, a router at a time…</source>
        <translation>Traçage du chemin vers %1 : de petites requêtes d’écho ICMP (pings) au TTL croissant, un routeur à la fois…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1587"/>
        <source>Tracing the route to %1: small UDP packets with increasing TTL, a router at a time…</source>
        <translation>Traçage du chemin vers %1 : de petits paquets UDP au TTL croissant, un routeur à la fois…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1602"/>
        <source>Timing a few TCP connections to %1 (closed at once, nothing sent)…</source>
        <translation>Chronométrage de quelques connexions TCP vers %1 (fermées aussitôt, rien n’est envoyé)…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1654"/>
        <source>%n program–address pair(s) of this period.</source>
        <translation>
            <numerusform>%n couple programme–adresse sur cette période.</numerusform>
            <numerusform>%n couples programme–adresse sur cette période.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1657"/>
        <source>%n address(es) are placed differently today than when they were seen (datalocator history lists them as they were).</source>
        <translation>
            <numerusform>%n adresse est placée autrement aujourd’hui que lorsqu’elle a été vue (datalocator history la montre telle qu’elle était).</numerusform>
            <numerusform>%n adresses sont placées autrement aujourd’hui que lorsqu’elles ont été vues (datalocator history les montre telles qu’elles étaient).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2034"/>
        <source>Stop &amp;recording</source>
        <translation>Arrêter l’en&amp;registrement</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2042"/>
        <source>● Recording to %1</source>
        <translation>● Enregistrement dans %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2069"/>
        <source>Recording saved to %1</source>
        <translation>Enregistrement sauvegardé dans %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2077"/>
        <source>The recording to %1 stopped.</source>
        <translation>L’enregistrement dans %1 s’est arrêté.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2450"/>
        <source>The location databases could not be opened.</source>
        <translation>Les bases de localisation n’ont pas pu être ouvertes.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1151"/>
        <source>Map saved to %1</source>
        <translation>Carte enregistrée dans %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1859"/>
        <source>My accounts (%n)</source>
        <translation>
            <numerusform>Mes comptes (%n)</numerusform>
            <numerusform>Mes comptes (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2105"/>
        <source>Replay: %1</source>
        <translation>Relecture : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2173"/>
        <source>The recording is over.</source>
        <translation>Fin de l’enregistrement.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="2217"/>
        <source>⚠ %Ln not readable</source>
        <translation>
            <numerusform>⚠ %Ln illisible</numerusform>
            <numerusform>⚠ %Ln illisibles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="2238"/>
        <source>%Ln connections</source>
        <translation>
            <numerusform>%Ln connexion</numerusform>
            <numerusform>%Ln connexions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="2239"/>
        <source>%Ln countries</source>
        <translation>
            <numerusform>%Ln pays</numerusform>
            <numerusform>%Ln pays</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="2240"/>
        <source>%Ln providers</source>
        <translation>
            <numerusform>%Ln fournisseur</numerusform>
            <numerusform>%Ln fournisseurs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="2247"/>
        <source>{counts} ({shown} shown)</source>
        <translation>
            <numerusform>{counts} ({shown} affichée)</numerusform>
            <numerusform>{counts} ({shown} affichées)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2220"/>
        <source>Skipped (not readable without more privileges):</source>
        <translation>Impossible à lire sans droits supplémentaires :</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="397"/>
        <source>Connections at the chosen place</source>
        <translation>Connexions au lieu choisi</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="402"/>
        <source>Where your data live — DataLocator</source>
        <translation>Où vivent vos données — DataLocator</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="839"/>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="840"/>
        <source>Stop tracing the route or timing the server</source>
        <translation>Arrêter le traçage du chemin ou le chronométrage du serveur</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1084"/>
        <source>The settings could not be saved.</source>
        <translation>Les réglages n’ont pas pu être enregistrés.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1100"/>
        <source>Reverse DNS is off.</source>
        <translation>Le DNS inverse est désactivé.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1623"/>
        <source>No route could be shown.</source>
        <translation>Aucun trajet n’a pu être affiché.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1800"/>
        <source>A recording shows no accounts: only its connections.</source>
        <translation>Un enregistrement ne montre aucun compte : seulement ses connexions.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2256"/>
        <source>No connection matches the filter.</source>
        <translation>Aucune connexion ne correspond au filtre.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2258"/>
        <source>No open connections right now.</source>
        <translation>Aucune connexion ouverte pour l’instant.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2407"/>
        <source>The DNS server does not answer: host names are paused for a while</source>
        <translation>Le serveur DNS ne répond pas : la recherche des noms d’hôte est suspendue un moment</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2417"/>
        <source>Opening databases…</source>
        <translation>Ouverture des bases…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2436"/>
        <source>Some location databases could not be opened:</source>
        <translation>Certaines bases de géolocalisation n’ont pas pu être ouvertes :</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2448"/>
        <source>No location data</source>
        <translation>Aucune donnée de géolocalisation</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2478"/>
        <source>No location database</source>
        <translation>Aucune base de géolocalisation</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2481"/>
        <source>No location database is available: countries and providers are unknown.</source>
        <translation>Aucune base de géolocalisation disponible : pays et fournisseurs restent inconnus.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2486"/>
        <source>Data: %1</source>
        <translation>Données : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="2490"/>
        <source>The location data are out of date:</source>
        <translation>Les données de géolocalisation ne sont plus à jour :</translation>
    </message>
</context>
<context>
    <name>MapHelpDialog</name>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="226"/>
        <source>How to read the map</source>
        <translation>Comment lire la carte</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="230"/>
        <source>Dot</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="232"/>
        <source>A city or a cloud region: your computer talks to a server there. The number inside says how many connections go there; bigger dots, more connections.</source>
        <translation>Une ville ou une région de cloud : votre ordinateur parle à un serveur situé là. Le nombre à l’intérieur dit combien de connexions y vont ; plus le point est gros, plus il y en a.</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="238"/>
        <source>Ring</source>
        <translation>Anneau</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="240"/>
        <source>Only the country is known: the ring sits in the middle of the country, not on a town.</source>
        <translation>Seul le pays est connu : l’anneau est placé au milieu du pays, pas sur une ville.</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="246"/>
        <source>Diamond</source>
        <translation>Losange</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="248"/>
        <source>An edge or anycast server: a copy of a service near you, or an address answered from many places at once. Where the data are stored is not told.</source>
        <translation>Un serveur de proximité ou anycast : une copie d’un service près de chez vous, ou une adresse servie depuis de nombreux lieux à la fois. Le lieu où les données sont stockées n’est pas connu.</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="254"/>
        <source>Two colours</source>
        <translation>Deux couleurs</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="256"/>
        <source>Two laws reach the same place: for example a Chinese company&apos;s server in the United States. The left half is the law of the place, the right half the other law.</source>
        <translation>Deux droits atteignent le même lieu : par exemple le serveur d’une entreprise chinoise aux États-Unis. La moitié gauche est le droit du lieu, la moitié droite l’autre droit.</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="263"/>
        <source>Envelope or picture</source>
        <translation>Enveloppe ou image</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="265"/>
        <source>One of your accounts (mail, or photos and files), on a stem above the place where it is stored.</source>
        <translation>Un de vos comptes (courrier, ou photos et fichiers), sur une tige au-dessus du lieu où il est stocké.</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="271"/>
        <source>Circle with a number</source>
        <translation>Cercle avec un nombre</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="273"/>
        <source>Several places close together; the coloured ring shows the share of each law. Zoom in to separate them; places at one same point fan out on legs.</source>
        <translation>Plusieurs lieux proches ; l’anneau coloré montre la part de chaque droit. Zoomez pour les séparer ; les lieux situés au même point s’écartent en éventail.</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="279"/>
        <source>Arcs</source>
        <translation>Arcs</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="281"/>
        <source>Lines from your home (the dark dot) to each place, coloured by the law that reaches it.</source>
        <translation>Lignes de chez vous (le point sombre) vers chaque lieu, de la couleur du droit qui l’atteint.</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="301"/>
        <source>Colours: whose law reaches the data</source>
        <translation>Couleurs : le droit de qui atteint les données</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="314"/>
        <source>The colours are also written in words: in the legend, in the table&apos;s Law column and in the place panel. Countries are shaded by how many connections go there.</source>
        <translation>Les couleurs sont aussi dites en mots : dans la légende, dans la colonne Droit du tableau et dans le panneau du lieu. Les pays sont teintés selon le nombre de connexions qui y vont.</translation>
    </message>
</context>
<context>
    <name>MapRenderer</name>
    <message>
        <location filename="../../app/ui/map/renderer.py" line="66"/>
        <source>leaves the EU/EEA</source>
        <translation>quitte l’UE/EEE</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/renderer.py" line="67"/>
        <source>back in the EU/EEA</source>
        <translation>de retour dans l’UE/EEE</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/renderer.py" line="469"/>
        <location filename="../../app/ui/map/renderer.py" line="491"/>
        <source>Home</source>
        <translation>Chez vous</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/renderer.py" line="988"/>
        <location filename="../../app/ui/map/renderer.py" line="1047"/>
        <source>Legend</source>
        <translation>Légende</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/renderer.py" line="997"/>
        <source>%Ln endpoints</source>
        <translation>
            <numerusform>%Ln destination</numerusform>
            <numerusform>%Ln destinations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/renderer.py" line="998"/>
        <source>%Ln countries</source>
        <translation>
            <numerusform>%Ln pays</numerusform>
            <numerusform>%Ln pays</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/renderer.py" line="1001"/>
        <source>%Ln not placed</source>
        <translation>
            <numerusform>%Ln non placée</numerusform>
            <numerusform>%Ln non placées</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/map/renderer.py" line="1003"/>
        <source>{kind} (served from many places)</source>
        <translation>{kind}, servi depuis plusieurs endroits</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/renderer.py" line="1006"/>
        <location filename="../../app/ui/map/renderer.py" line="1053"/>
        <source>Whose law reaches your data</source>
        <translation>Quel droit s’applique à vos données</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/renderer.py" line="1008"/>
        <location filename="../../app/ui/map/renderer.py" line="1079"/>
        <source>Two laws reach it</source>
        <translation>Deux droits l’atteignent</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/renderer.py" line="1082"/>
        <source>Where your mail is stored</source>
        <translation>Où est stocké votre courrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/renderer.py" line="1083"/>
        <source>Where your files and photos are stored</source>
        <translation>Où sont stockés vos fichiers et photos</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/renderer.py" line="1112"/>
        <source>Endpoints per country</source>
        <translation>Destinations par pays</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/renderer.py" line="1165"/>
        <source>Equal Earth projection · Natural Earth</source>
        <translation>Projection Equal Earth · Natural Earth</translation>
    </message>
</context>
<context>
    <name>MapTooltip</name>
    <message numerus="yes">
        <location filename="../../app/ui/map/describe.py" line="91"/>
        <source>%n endpoints in {places}</source>
        <translation>
            <numerusform>%n destination dans {places}</numerusform>
            <numerusform>%n destinations dans {places}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/map/describe.py" line="101"/>
        <source>{law} ({count})</source>
        <translation>{law} ({count})</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/describe.py" line="108"/>
        <source>Law: {laws}</source>
        <translation>Droit applicable : {laws}</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/describe.py" line="113"/>
        <source>Also reached by: {laws}</source>
        <translation>Atteint aussi par : {laws}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/describe.py" line="126"/>
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… et %Ln autre</numerusform>
            <numerusform>… et %Ln autres</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/describe.py" line="127"/>
        <source>%Ln endpoints — click for details</source>
        <translation>
            <numerusform>%Ln destination — cliquez pour le détail</numerusform>
            <numerusform>%Ln destinations — cliquez pour le détail</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MapWidget</name>
    <message>
        <location filename="../../app/ui/map/widget.py" line="202"/>
        <location filename="../../app/ui/map/widget.py" line="995"/>
        <source>World map</source>
        <translation>Carte du monde</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/widget.py" line="838"/>
        <source>%1: mail stored by %2 in %3</source>
        <translation>%1 : courrier stocké par %2 ; lieu : %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/widget.py" line="840"/>
        <source>%1: files stored by %2 in %3</source>
        <translation>%1 : fichiers stockés par %2 ; lieu : %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/widget.py" line="844"/>
        <source>an unknown company</source>
        <translation>une entreprise inconnue</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/widget.py" line="999"/>
        <source>World map: %1</source>
        <translation>Carte du monde : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/widget.py" line="1178"/>
        <source>Where your data live. Tab and the arrows go from mark to mark, Enter opens the place, Escape clears; plus and minus zoom, 0 resets, F fits all, L folds the legend.</source>
        <translation>Où vivent vos données. Tab et les flèches vont de repère en repère, Entrée ouvre le lieu, Échap efface ; plus et moins zooment, 0 réinitialise, F cadre tout, L replie la légende.</translation>
    </message>
</context>
<context>
    <name>MessageDialogs</name>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="34"/>
        <source>Trace a mail message</source>
        <translation>Tracer un courriel</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_dialogs.py" line="35"/>
        <source>Mail messages (*.eml *.msg.txt *.txt);;All files (*)</source>
        <translation>Courriels (*.eml *.msg.txt *.txt);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>PlacePanel</name>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="40"/>
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="41"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="42"/>
        <source>Provider</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="43"/>
        <source>Processes</source>
        <translation>Processus</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="44"/>
        <source>Accounts</source>
        <translation>Comptes</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="45"/>
        <source>Law</source>
        <translation>Droit applicable</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="92"/>
        <source>Click a mark on the map to see what is there.</source>
        <translation>Cliquez sur un repère de la carte pour voir ce qui s’y trouve.</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="94"/>
        <source>Trace the route</source>
        <translation>Tracer le chemin</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="98"/>
        <source>Sends small packets with increasing TTL toward the chosen address (ICMP echo requests where this computer allows them, else UDP) and shows each router on the way, with its country and law.</source>
        <translation>Envoie de petits paquets au TTL croissant vers l’adresse choisie (requêtes d’écho ICMP si cet ordinateur le permet, sinon UDP) et montre chaque routeur sur le chemin, avec son pays et son droit.</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="104"/>
        <source>Check the distance</source>
        <translation>Vérifier la distance</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="108"/>
        <source>Opens a few TCP connections to the chosen address and times them: light in fibre covers about 100 km per millisecond of round trip, so a fast answer cannot come from far away.</source>
        <translation>Ouvre quelques connexions TCP vers l’adresse choisie et les chronomètre : la lumière dans la fibre parcourt environ 100 km par milliseconde d’aller-retour, une réponse rapide ne peut donc pas venir de loin.</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="164"/>
        <source>No place chosen</source>
        <translation>Aucun lieu choisi</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="169"/>
        <source>{law} ({count}): {note}</source>
        <translation>{law} ({count}) : {note}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/place_panel.py" line="182"/>
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… et %Ln autre</numerusform>
            <numerusform>… et %Ln autres</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/place_panel.py" line="221"/>
        <source>… and %Ln more companies</source>
        <translation>
            <numerusform>… et %Ln autre entreprise</numerusform>
            <numerusform>… et %Ln autres entreprises</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/map/place_panel.py" line="232"/>
        <source>Your accounts stored here: %1</source>
        <translation>Vos comptes stockés ici : %1</translation>
    </message>
</context>
<context>
    <name>PresenterView</name>
    <message>
        <location filename="../../app/ui/presenter.py" line="219"/>
        <source>&amp;Presenter view</source>
        <translation>Mode &amp;présentation</translation>
    </message>
    <message>
        <location filename="../../app/ui/presenter.py" line="222"/>
        <source>The map full screen with a caption, for a room</source>
        <translation>La carte en plein écran avec un bandeau explicatif, pour une salle</translation>
    </message>
    <message>
        <location filename="../../app/ui/presenter.py" line="226"/>
        <source>Presenter view: next place</source>
        <translation>Mode présentation : lieu suivant</translation>
    </message>
    <message>
        <location filename="../../app/ui/presenter.py" line="228"/>
        <source>Presenter view: previous place</source>
        <translation>Mode présentation : lieu précédent</translation>
    </message>
    <message>
        <location filename="../../app/ui/presenter.py" line="230"/>
        <source>Presenter view: reveal</source>
        <translation>Mode présentation : révéler</translation>
    </message>
    <message>
        <location filename="../../app/ui/presenter.py" line="231"/>
        <source>Presenter view: pause or play</source>
        <translation>Mode présentation : pause ou lecture</translation>
    </message>
    <message>
        <location filename="../../app/ui/presenter.py" line="233"/>
        <source>Presenter view: bigger</source>
        <translation>Mode présentation : plus grand</translation>
    </message>
    <message>
        <location filename="../../app/ui/presenter.py" line="235"/>
        <source>Presenter view: smaller</source>
        <translation>Mode présentation : plus petit</translation>
    </message>
    <message>
        <location filename="../../app/ui/presenter.py" line="236"/>
        <source>Presenter view: leave</source>
        <translation>Mode présentation : quitter</translation>
    </message>
    <message>
        <location filename="../../app/ui/presenter.py" line="484"/>
        <source>%1 / %2</source>
        <comment>the place shown, of how many</comment>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/presenter.py" line="491"/>
        <source>Paused</source>
        <translation>En pause</translation>
    </message>
</context>
<context>
    <name>QuizPanel</name>
    <message>
        <location filename="../../app/ui/quiz_panel.py" line="188"/>
        <source>End</source>
        <translation>Terminer</translation>
    </message>
    <message>
        <location filename="../../app/ui/quiz_panel.py" line="190"/>
        <source>End the quiz: the map shows everything again</source>
        <translation>Terminer le quiz : la carte montre de nouveau tout</translation>
    </message>
    <message>
        <location filename="../../app/ui/quiz_panel.py" line="222"/>
        <location filename="../../app/ui/quiz_panel.py" line="238"/>
        <source>Reveal</source>
        <translation>Révéler</translation>
    </message>
    <message>
        <location filename="../../app/ui/quiz_panel.py" line="224"/>
        <source>Show the answer on the map (R)</source>
        <translation>Montrer la réponse sur la carte (R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/quiz_panel.py" line="226"/>
        <location filename="../../app/ui/quiz_panel.py" line="242"/>
        <location filename="../../app/ui/quiz_panel.py" line="476"/>
        <source>Next</source>
        <translation>Suivante</translation>
    </message>
    <message>
        <location filename="../../app/ui/quiz_panel.py" line="228"/>
        <source>The next question (N)</source>
        <translation>La question suivante (N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/quiz_panel.py" line="420"/>
        <source>The room chooses a country and a law, then Reveal (R) shows the answer.</source>
        <translation>La salle choisit un pays et un droit, puis Révéler (R) montre la réponse.</translation>
    </message>
    <message>
        <location filename="../../app/ui/quiz_panel.py" line="427"/>
        <source>Final score: %1</source>
        <translation>Score final : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/quiz_panel.py" line="466"/>
        <source>Score: %1</source>
        <translation>Score : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/quiz_panel.py" line="476"/>
        <source>See the score</source>
        <translation>Voir le score</translation>
    </message>
</context>
<context>
    <name>Recording</name>
    <message>
        <location filename="../../app/ui/recording.py" line="17"/>
        <source>Replay a recording</source>
        <translation>Rejouer un enregistrement</translation>
    </message>
    <message>
        <location filename="../../app/ui/recording.py" line="18"/>
        <source>DataLocator recordings (*.jsonl);;All files (*)</source>
        <translation>Enregistrements DataLocator (*.jsonl);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/recording.py" line="27"/>
        <source>Record this session</source>
        <translation>Enregistrer cette session</translation>
    </message>
    <message>
        <location filename="../../app/ui/recording.py" line="28"/>
        <source>DataLocator recordings (*.jsonl)</source>
        <translation>Enregistrements DataLocator (*.jsonl)</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="63"/>
        <source>Export report</source>
        <translation>Exporter le rapport</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="68"/>
        <source>A report of where your data live and which laws may reach them: to keep, to send to a data-protection officer, or to hand out.</source>
        <translation>Un rapport sur l’endroit où sont vos données et les droits qui peuvent les atteindre : à garder, à envoyer à un délégué à la protection des données ou à distribuer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="84"/>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="85"/>
        <source>Letter</source>
        <translation>Letter (US)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="88"/>
        <source>Hide my addresses and names (for sharing)</source>
        <translation>Masquer mes adresses et mes noms (pour partager)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="93"/>
        <source>Hides IP addresses, your user and computer names, your accounts&apos; names and addresses, and your private servers&apos; names, in the text and on the map. Countries, cities, companies and laws stay.</source>
        <translation>Masque les adresses IP, vos noms d’utilisateur et d’ordinateur, les noms et adresses de vos comptes et les noms de vos serveurs privés, dans le texte et sur la carte. Les pays, villes, entreprises et droits restent.</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="107"/>
        <source>Optional: printed on the first page</source>
        <translation>Facultatif : imprimé sur la première page</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="108"/>
        <source>Include this computer&apos;s name</source>
        <translation>Inclure le nom de cet ordinateur</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="115"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="122"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="123"/>
        <source>Paper</source>
        <translation>Papier</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="124"/>
        <source>For</source>
        <translation>Pour</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="132"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="151"/>
        <source>PDF: to print or send</source>
        <translation>PDF : à imprimer ou envoyer</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="152"/>
        <source>HTML: one page to open in a browser</source>
        <translation>HTML : une page à ouvrir dans un navigateur</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="153"/>
        <source>JSON: data for programs</source>
        <translation>JSON : des données pour des programmes</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="154"/>
        <source>CSV: a table for spreadsheets</source>
        <translation>CSV : un tableau pour les tableurs</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="191"/>
        <source>PDF document (*.pdf)</source>
        <translation>Document PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="192"/>
        <source>Web page (*.html)</source>
        <translation>Page web (*.html)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="193"/>
        <source>JSON data (*.json)</source>
        <translation>Données JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="194"/>
        <source>CSV table (*.csv)</source>
        <translation>Tableau CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>RouteModel</name>
    <message>
        <location filename="../../app/ui/route_panel.py" line="36"/>
        <source>#</source>
        <translation>n°</translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="37"/>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="38"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="39"/>
        <source>Place</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="40"/>
        <source>Company</source>
        <translation>Entreprise</translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="41"/>
        <source>Law</source>
        <translation>Droit</translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="42"/>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
</context>
<context>
    <name>RoutePanel</name>
    <message>
        <location filename="../../app/ui/route_panel.py" line="142"/>
        <source>Route stops</source>
        <translation>Étapes du trajet</translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="148"/>
        <source>Close route</source>
        <translation>Fermer le trajet</translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="155"/>
        <source>Sender</source>
        <translation>Expéditeur</translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="159"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="164"/>
        <source>&amp;From:</source>
        <translation>&amp;De :</translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="166"/>
        <source>&amp;Message:</source>
        <translation>&amp;Message :</translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="223"/>
        <source>(no sender address)</source>
        <translation>(pas d’adresse d’expéditeur)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/route_panel.py" line="225"/>
        <source>%1 (%n message(s))</source>
        <translation>
            <numerusform>%1 (%n message)</numerusform>
            <numerusform>%1 (%n messages)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/route_panel.py" line="239"/>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
</context>
<context>
    <name>S:</name>
    <message>
        <location filename="../../app/ui/connections_model.py" line="499"/>
        <source></source>
        <comment>%1 the dates the legal texts behind a verdict were last checked.</comment>
        <translation></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="71"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="77"/>
        <source>Automatic (from the system settings)</source>
        <translation>Automatique (selon les paramètres du système)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="79"/>
        <source>Automatic: %1</source>
        <translation>Automatique : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="88"/>
        <source>Where you are: the map marks it and draws arcs from it. Automatic uses the country of your system settings; nothing is asked of any outside service.</source>
        <translation>Le pays où vous vous trouvez : la carte le marque et en fait partir les arcs. En automatique, c’est le pays des paramètres de votre système ; aucun service extérieur n’est interrogé.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="95"/>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="97"/>
        <source>English</source>
        <comment>language name, in English</comment>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="98"/>
        <source>Français</source>
        <comment>language name, in French</comment>
        <translation>Français</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="100"/>
        <source>A new language applies after a restart.</source>
        <translation>Le changement de langue prend effet au prochain démarrage.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="108"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="110"/>
        <source>How often the list of connections is refreshed.</source>
        <translation>Fréquence d’actualisation de la liste des connexions.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="112"/>
        <source>Use DNS (host names, your accounts&apos; servers)</source>
        <translation>Utiliser le DNS (noms d’hôtes, serveurs de vos comptes)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="116"/>
        <source>Asks a DNS server for the name of each remote address (a PTR query) and for the servers of your mail and sync accounts. Off: DataLocator sends no DNS query.</source>
        <translation>Demande à un serveur DNS le nom de chaque adresse distante (requête PTR) et les serveurs de vos comptes de messagerie et de synchronisation. Désactivé : DataLocator n’envoie aucune requête DNS.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="122"/>
        <source>System resolver</source>
        <translation>Serveur DNS du système</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="124"/>
        <source>An IP address, optionally with :PORT.</source>
        <translation>Une adresse IP, éventuellement suivie de :PORT.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="130"/>
        <source>Your location databases</source>
        <translation>Vos bases de localisation</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="133"/>
        <source>Extra .mmdb files (City, Country or ASN), used before the built-in data.</source>
        <translation>Fichiers .mmdb supplémentaires (villes, pays ou fournisseurs), utilisés avant les données intégrées.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="135"/>
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="137"/>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="151"/>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="155"/>
        <source>How much bigger presenter view (F5) draws the map&apos;s marks and labels and its caption, so that the back of a room can read them.</source>
        <translation>De combien le mode présentation (F5) agrandit les repères et les noms de la carte ainsi que son bandeau, pour que le fond de la salle puisse les lire.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="163"/>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="167"/>
        <source>How long the history keeps each connection in detail; after that, only a daily summary is kept, for a year. Data → Forget history deletes it all.</source>
        <translation>Combien de temps l’historique garde chaque connexion en détail ; ensuite, seul un résumé par jour est gardé, pendant un an. Données → Oublier l’historique efface tout.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="171"/>
        <source>Notify me when my data go somewhere new</source>
        <translation>Me prévenir quand mes données vont dans un nouvel endroit</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="176"/>
        <source>A desktop notification when a program sends data to a new country, a new company or a place under a law you choose. Alerts are always kept in View → History.</source>
        <translation>Une notification de bureau quand un programme envoie des données vers un nouveau pays, une nouvelle entreprise ou un lieu sous une loi que vous choisissez. Les alertes restent toujours dans Affichage → Historique.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="185"/>
        <source>Nothing is notified during the history&apos;s first day, while DataLocator learns where your programs usually send data.</source>
        <translation>Rien n’est signalé pendant le premier jour de l’historique, le temps que DataLocator apprenne où vos programmes envoient habituellement des données.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="193"/>
        <source>Keep watching in the background when the window is closed</source>
        <translation>Continuer la surveillance en arrière-plan quand la fenêtre est fermée</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="201"/>
        <source>Closing the window hides it in the system tray; watching and the history go on. Quit from the tray&apos;s menu or with File → Quit.</source>
        <translation>Fermer la fenêtre la cache dans la zone de notification ; la surveillance et l’historique continuent. Quittez par le menu de l’icône ou par Fichier → Quitter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="206"/>
        <source>This desktop has no system tray, so closing the window quits DataLocator.</source>
        <translation>Ce bureau n’a pas de zone de notification : fermer la fenêtre quitte DataLocator.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="211"/>
        <source>Start when I log in</source>
        <translation>Démarrer à l’ouverture de ma session</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="217"/>
        <source>DataLocator starts in the background when you log in: in the system tray where there is one, else with its window open.</source>
        <translation>DataLocator démarre en arrière-plan à l’ouverture de votre session : dans la zone de notification s’il y en a une, sinon avec sa fenêtre ouverte.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="221"/>
        <source>Starting at login is not available on this system.</source>
        <translation>Le démarrage à l’ouverture de session n’est pas disponible sur ce système.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="233"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="235"/>
        <source>Home country</source>
        <translation>Votre pays</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="236"/>
        <source>Refresh every</source>
        <translation>Actualiser toutes les</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="238"/>
        <source>DNS server</source>
        <translation>Serveur DNS</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="239"/>
        <source>Extra databases</source>
        <translation>Bases supplémentaires</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="240"/>
        <source>Presenter view size</source>
        <translation>Taille en mode présentation</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="241"/>
        <source>In the background</source>
        <translation>En arrière-plan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="253"/>
        <source>Keep details for</source>
        <translation>Garder le détail pendant</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="256"/>
        <source>Alert rules</source>
        <translation>Règles d’alerte</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="260"/>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="261"/>
        <source>History and alerts</source>
        <translation>Historique et alertes</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="327"/>
        <source>DNS server: %1</source>
        <translation>Serveur DNS : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="338"/>
        <source>Add location databases</source>
        <translation>Ajouter des bases de géolocalisation</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="340"/>
        <source>MaxMind databases (*.mmdb);;All files (*)</source>
        <translation>Bases MaxMind (*.mmdb);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="128"/>
        <location filename="../../app/ui/help_dialogs.py" line="131"/>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="132"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_dialogs.py" line="132"/>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
</context>
<context>
    <name>TimelineChart</name>
    <message>
        <location filename="../../app/ui/timeline_chart.py" line="71"/>
        <source>Pairs seen over time</source>
        <translation>Paires vues au fil du temps</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_chart.py" line="93"/>
        <source>Nothing recorded in this period yet</source>
        <translation>Rien d’enregistré sur cette période pour l’instant</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_chart.py" line="161"/>
        <source>Nothing recorded: DataLocator was not running, or saw nothing.</source>
        <translation>Rien d’enregistré : DataLocator ne fonctionnait pas, ou n’a rien vu.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_chart.py" line="165"/>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_chart.py" line="169"/>
        <source>Total: %1</source>
        <translation>Total : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_chart.py" line="237"/>
        <source>Program–address pairs</source>
        <translation>Paires programme–adresse</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../app/ui/tray.py" line="113"/>
        <source>DataLocator: watching where your data go</source>
        <translation>DataLocator : surveille où vont vos données</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray.py" line="116"/>
        <source>&amp;Show DataLocator</source>
        <translation>&amp;Afficher DataLocator</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray.py" line="120"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray.py" line="184"/>
        <source>&amp;Resume watching</source>
        <translation>&amp;Reprendre la surveillance</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray.py" line="184"/>
        <source>&amp;Pause watching</source>
        <translation>&amp;Suspendre la surveillance</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray.py" line="194"/>
        <source>DataLocator keeps watching</source>
        <translation>DataLocator continue de surveiller</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray.py" line="195"/>
        <source>DataLocator keeps watching in the background; quit from the tray menu.</source>
        <translation>DataLocator continue de surveiller en arrière-plan ; quittez-le par le menu de son icône dans la zone de notification.</translation>
    </message>
</context>
<context>
    <name>_ChangeList</name>
    <message>
        <location filename="../../app/ui/history_window.py" line="433"/>
        <source>Nothing new this week.</source>
        <translation>Rien de nouveau cette semaine.</translation>
    </message>
</context>
<context>
    <name>describe</name>
    <message>
        <location filename="../../app/ui/map/describe.py" line="36"/>
        <source>%1 (claimed)</source>
        <translation>%1 (annoncé)</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/describe.py" line="42"/>
        <source>Claimed by whoever runs this address block: the name does not resolve back to this address, so it does not decide who runs the server.</source>
        <translation>Nom annoncé par le gestionnaire de ce bloc d’adresses : ce nom ne renvoie pas à cette adresse ; il ne permet donc pas de savoir qui gère le serveur.</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <location filename="../../app/ui/map/export.py" line="48"/>
        <source>Image sides must be {low}…{high} pixels, not {side}.</source>
        <translation>Les côtés de l’image doivent mesurer de {low} à {high} pixels, pas {side}.</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/export.py" line="78"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../app/ui/map/export.py" line="80"/>
        <source>{sources} ({date})</source>
        <translation>{sources} ({date})</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/export.py" line="89"/>
        <source>Exported on {date}</source>
        <translation>Exporté le {date}</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/export.py" line="90"/>
        <source>Exported on {date} · Data: {sources}</source>
        <translation>Exporté le {date} · Données : {sources}</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/export.py" line="91"/>
        <source>; </source>
        <translation> ; </translation>
    </message>
    <message>
        <location filename="../../app/ui/map/export.py" line="203"/>
        <source>DataLocator map</source>
        <translation>Carte DataLocator</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/export.py" line="204"/>
        <source>Where your data live, and whose law reaches them</source>
        <translation>Où vivent vos données, et quel droit s’y applique</translation>
    </message>
    <message>
        <location filename="../../app/ui/map/export.py" line="250"/>
        <source>Could not write {file}.</source>
        <translation>Impossible d’écrire {file}.</translation>
    </message>
</context>
<context>
    <name>launch</name>
    <message>
        <location filename="../../app/ui/launch.py" line="96"/>
        <source>Your settings were reset: {problem}</source>
        <translation>Vos paramètres ont été réinitialisés : {problem}</translation>
    </message>
    <message>
        <location filename="../../app/ui/launch.py" line="189"/>
        <source>Replay: {file}</source>
        <translation>Relecture : {file}</translation>
    </message>
    <message>
        <location filename="../../app/ui/launch.py" line="389"/>
        <source>History: %1</source>
        <translation>Historique : %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/launch.py" line="429"/>
        <source>Demo: %1, a made-up person</source>
        <translation>Démo : %1, une personne inventée</translation>
    </message>
</context>
<context>
    <name>palette</name>
    <message>
        <location filename="../../app/ui/palette.py" line="27"/>
        <source>EU / GDPR</source>
        <translation>UE / RGPD</translation>
    </message>
    <message>
        <location filename="../../app/ui/palette.py" line="28"/>
        <source>EU adequacy decision</source>
        <translation>Décision d’adéquation de l’UE</translation>
    </message>
    <message>
        <location filename="../../app/ui/palette.py" line="29"/>
        <source>US law reach</source>
        <translation>Loi américaine (CLOUD Act)</translation>
    </message>
    <message>
        <location filename="../../app/ui/palette.py" line="30"/>
        <source>Other jurisdiction</source>
        <translation>Droit d’un autre pays</translation>
    </message>
    <message>
        <location filename="../../app/ui/palette.py" line="31"/>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="173"/>
        <source>Add location databases</source>
        <translation>Ajouter des bases de géolocalisation</translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="175"/>
        <source>MaxMind DB files (*.mmdb);;All files (*)</source>
        <translation>Fichiers MaxMind DB (*.mmdb);;Tous les fichiers (*)</translation>
    </message>
</context>
</TS>
