<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AboutDataDialog</name>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="80"/>
        <source>Data sources and licences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="82"/>
        <source>DataLocator %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="92"/>
        <source>No telemetry: DataLocator sends nothing about you or your computer to anyone — no usage statistics, no crash reports, no update checks. It goes online only for reverse DNS look-ups of the addresses it shows (you can turn them off in the settings) and to download location databases when you ask it to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="113"/>
        <source>Location databases in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="114"/>
        <source>Location databases in use:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="120"/>
        <source>Data sources, licences and attribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="127"/>
        <source>The attribution file could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../app/ui/banner.py" line="48"/>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/banner.py" line="49"/>
        <source>Dismiss message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionsModel</name>
    <message>
        <location filename="../../app/ui/connections_model.py" line="416"/>
        <source>Process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="417"/>
        <source>Remote host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="418"/>
        <source>IP address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="419"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="420"/>
        <source>Country</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="421"/>
        <source>City / region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="422"/>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="423"/>
        <source>Law</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="424"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="427"/>
        <source>pid %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="428"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="429"/>
        <source>Nearby edge server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="430"/>
        <source>%1 (claimed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="433"/>
        <source>Closed: the system keeps the socket briefly; no program owns it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="435"/>
        <source>Process name not readable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="436"/>
        <source>Process id: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="437"/>
        <source>Local address: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="438"/>
        <source>The data stay on this device or your local network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="439"/>
        <source>We could not tell which law applies: the place is unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="440"/>
        <source>Part of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="441"/>
        <source>Headquarters: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="442"/>
        <source>Precision: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="443"/>
        <source>Source: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="446"/>
        <source>Established</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="447"/>
        <location filename="../../app/ui/connections_model.py" line="448"/>
        <source>Connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="449"/>
        <location filename="../../app/ui/connections_model.py" line="450"/>
        <location filename="../../app/ui/connections_model.py" line="451"/>
        <location filename="../../app/ui/connections_model.py" line="452"/>
        <location filename="../../app/ui/connections_model.py" line="453"/>
        <source>Closing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="454"/>
        <location filename="../../app/ui/connections_model.py" line="455"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="456"/>
        <source>Listening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="461"/>
        <source>This device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="462"/>
        <source>Local network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="463"/>
        <source>Multicast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="464"/>
        <source>Special-purpose address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="469"/>
        <source>city or data-centre region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="470"/>
        <source>country only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_model.py" line="471"/>
        <source>anycast or CDN edge: served from a nearby point</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionsTable</name>
    <message>
        <location filename="../../app/ui/connections_table.py" line="79"/>
        <source>Reading connections…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatabasesDialog</name>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="187"/>
        <source>Location databases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="252"/>
        <source>%1 is already in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="284"/>
        <source>There is no download folder on this system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="329"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="343"/>
        <source>Databases in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="358"/>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="358"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="358"/>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="358"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="368"/>
        <source>Location databases in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="374"/>
        <source>&amp;Add database file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="378"/>
        <source>Use your own City, Country or ASN .mmdb file (MaxMind GeoLite2/GeoIP2, DB-IP, IPinfo). Your files are used before the built-in data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="383"/>
        <source>&amp;Remove from list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="386"/>
        <source>Stop using the selected file of yours. The file itself is not deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="402"/>
        <source>Download fresh databases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="406"/>
        <source>Downloads fresh databases over a secure connection, only when you click the button. A download that fails or is damaged never replaces a working database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="415"/>
        <source>DB-IP Lite — free, no account needed (country and provider data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="420"/>
        <source>MaxMind GeoLite2 — free account needed (city and provider data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="427"/>
        <source>e.g. 123456</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="432"/>
        <location filename="../../app/ui/databases_dialog.py" line="746"/>
        <source>Licence key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="435"/>
        <source>Save in the system &amp;keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="440"/>
        <source>The licence key is kept only in your system&apos;s keyring, never in DataLocator&apos;s settings file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="444"/>
        <source>&amp;Forget saved key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="452"/>
        <source>A saved key is kept in the system keyring only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="454"/>
        <source>No account yet? &lt;a href=&quot;%1&quot;&gt;Sign up for GeoLite2 (free)&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="468"/>
        <source>Account &amp;ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="470"/>
        <source>&amp;Licence key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="478"/>
        <source>&amp;Update now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="482"/>
        <source>&amp;Cancel download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="508"/>
        <source>Downloads are not available: there is no data folder on this system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="513"/>
        <source>Update results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="538"/>
        <source>Downloads go to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="572"/>
        <source>City</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="573"/>
        <source>Country</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="574"/>
        <source>Provider (AS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="580"/>
        <source>Not in use:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="582"/>
        <source>%1
added; loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="584"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="609"/>
        <source>Built in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="611"/>
        <source>Your file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="613"/>
        <source>Downloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="615"/>
        <source>Installed on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="624"/>
        <source>No location database is in use yet: countries and providers are unknown. Add a database file or update now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="630"/>
        <source>The location data is older than 6 months: locations may be out of date. Update it below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="636"/>
        <source>%1 of %2 databases are older than 6 months: locations may be out of date. Update them below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="643"/>
        <source>The databases are listed best first: the first one that knows an address answers. All of them are less than 6 months old.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="704"/>
        <source>This file cannot be used as a location database:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="722"/>
        <source>Looking for a saved key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="739"/>
        <source>Saved in the keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="742"/>
        <source>A licence key is saved in the system keyring; leave the field empty to use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="747"/>
        <source>No licence key is saved yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="757"/>
        <source>The keyring failed (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="759"/>
        <source>The system keyring cannot be used; a key typed here is not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="768"/>
        <source>The saved key was removed from the keyring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="770"/>
        <source>No key was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="782"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="786"/>
        <source>Downloading from %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="796"/>
        <source>%p% — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="828"/>
        <source>Nothing was downloaded: the key could not be used from the keyring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="831"/>
        <source>The system keyring cannot be used; untick “Save” to download anyway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="835"/>
        <source>The update failed unexpectedly (%1); nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="844"/>
        <source>MaxMind GeoLite2 needs your account ID and licence key. Create a free account at maxmind.com, make a licence key under “Manage License Keys”, and enter both here — or choose DB-IP Lite, which needs no account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="848"/>
        <source>Nothing was downloaded: no licence key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="869"/>
        <source>Cancelled. The installed databases were kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="870"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="872"/>
        <source>The update failed; your databases were not changed. See below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="873"/>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="875"/>
        <source>Some databases were updated, others failed. See below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="876"/>
        <source>Partly done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="878"/>
        <source>Updated %1 databases. The app now uses them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="881"/>
        <location filename="../../app/ui/databases_dialog.py" line="884"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="883"/>
        <source>Your databases are already up to date.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="72"/>
        <source>Export map as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="74"/>
        <source>Export map as SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="80"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="89"/>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="102"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="103"/>
        <source>Size (pixels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="131"/>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="133"/>
        <source>SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="59"/>
        <source>Search host, process, country… (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="61"/>
        <source>Shows only the connections with this text in any column, on the map too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="67"/>
        <source>All categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="69"/>
        <source>Mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="70"/>
        <source>Photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="71"/>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="74"/>
        <source>What the data are: mail, photos or anything else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="76"/>
        <source>All processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="77"/>
        <source>Only the connections of one program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="78"/>
        <source>All providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="79"/>
        <source>Only the places of one company or network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="81"/>
        <source>Law:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="86"/>
        <source>Only my accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="93"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="94"/>
        <source>Show everything again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="180"/>
        <source>Show only: %1
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="239"/>
        <source>Only the places that hold one of your accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/filters_bar.py" line="241"/>
        <source>No accounts configured yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="244"/>
        <source>DataLocator — where your data live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="357"/>
        <source>Export map as &amp;PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="360"/>
        <source>Export map as &amp;SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="365"/>
        <source>&amp;Replay a recording…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="367"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="369"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="372"/>
        <source>&amp;Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="373"/>
        <source>&amp;Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="375"/>
        <source>Zoom &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="378"/>
        <source>Zoom &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="380"/>
        <source>&amp;Fit all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="381"/>
        <source>&amp;Reset view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="382"/>
        <source>Show &amp;legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="386"/>
        <source>Show recently &amp;closed connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="389"/>
        <source>&amp;Refresh now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="392"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="401"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="420"/>
        <source>&amp;Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="586"/>
        <source>The settings could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="598"/>
        <source>Reverse DNS is off: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="621"/>
        <source>Map saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="627"/>
        <source>The map could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="682"/>
        <source>Replay: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="722"/>
        <source>The recording is over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="766"/>
        <source>⚠ %1 not readable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="769"/>
        <source>Skipped (not readable without more privileges):</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="787"/>
        <source>%n connections</source>
        <translation>
            <numerusform>%n connexion</numerusform>
            <numerusform>%n connexions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="788"/>
        <source>%n countries</source>
        <translation>
            <numerusform>%n pays</numerusform>
            <numerusform>%n pays</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="789"/>
        <source>%n providers</source>
        <translation>
            <numerusform>%n fournisseur</numerusform>
            <numerusform>%n fournisseurs</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="795"/>
        <source>(%1 shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="802"/>
        <source>No connection matches the filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="804"/>
        <source>No open connections right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="951"/>
        <source>The DNS server does not answer: host names are paused for a while</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="961"/>
        <source>Opening databases…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="982"/>
        <source>Some location databases could not be opened:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="992"/>
        <source>No location data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="994"/>
        <source>The location databases could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1017"/>
        <source>No location database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1020"/>
        <source>No location database is available: countries and providers are unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1025"/>
        <source>Data: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1034"/>
        <source>The location data are out of date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1036"/>
        <source>Newer data: Data → Update location databases…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Recording</name>
    <message>
        <location filename="../../app/ui/recording.py" line="15"/>
        <source>Replay a recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/recording.py" line="16"/>
        <source>DataLocator recordings (*.jsonl);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="59"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="64"/>
        <source>Automatic (from the system settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="66"/>
        <source>Automatic: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="75"/>
        <source>Where you are: the map marks it and draws arcs from it. Automatic uses the country of your system settings; nothing is asked of any outside service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="82"/>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="84"/>
        <source>English</source>
        <comment>language name, in English</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="85"/>
        <source>Français</source>
        <comment>language name, in French</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="87"/>
        <source>A new language applies after a restart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="95"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="97"/>
        <source>How often the list of connections is refreshed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="99"/>
        <source>Look up host names (reverse DNS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="102"/>
        <source>Asks a DNS server for the name of each remote address (a PTR query).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="106"/>
        <source>System resolver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="108"/>
        <source>An IP address, optionally with :PORT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="116"/>
        <source>Extra .mmdb files (City, Country or ASN), used before the built-in data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="118"/>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="120"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="138"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="140"/>
        <source>Home country</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="141"/>
        <source>Refresh every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="143"/>
        <source>DNS server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="144"/>
        <source>Extra databases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="201"/>
        <source>DNS server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="211"/>
        <source>Add location databases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="213"/>
        <source>MaxMind databases (*.mmdb);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>describe</name>
    <message>
        <location filename="../../app/ui/map/describe.py" line="33"/>
        <source>%1 (claimed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/map/describe.py" line="39"/>
        <source>Claimed by whoever runs this address block: the name does not resolve back to this address, so it does not decide who runs the server.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>launch</name>
    <message>
        <location filename="../../app/ui/launch.py" line="69"/>
        <source>Your settings were reset: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/launch.py" line="127"/>
        <source>Replay: {file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/launch.py" line="179"/>
        <source>Demo: a made-up person&apos;s connections</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>palette</name>
    <message>
        <location filename="../../app/ui/palette.py" line="28"/>
        <source>EU / GDPR</source>
        <translation>UE / RGPD</translation>
    </message>
    <message>
        <location filename="../../app/ui/palette.py" line="29"/>
        <source>EU adequacy decision</source>
        <translation>Décision d&apos;adéquation de l&apos;UE</translation>
    </message>
    <message>
        <location filename="../../app/ui/palette.py" line="30"/>
        <source>US law reach</source>
        <translation>Loi américaine (CLOUD Act)</translation>
    </message>
    <message>
        <location filename="../../app/ui/palette.py" line="31"/>
        <source>Other jurisdiction</source>
        <translation>Autre pays, autre loi</translation>
    </message>
    <message>
        <location filename="../../app/ui/palette.py" line="32"/>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="147"/>
        <source>Add location databases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/databases_dialog.py" line="149"/>
        <source>MaxMind DB files (*.mmdb);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
