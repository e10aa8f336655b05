<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccountsPanel</name>
    <message numerus="yes">
        <location filename="../../app/ui/accounts_panel.py" line="424"/>
        <source>%n account(s)</source>
        <translation>
            <numerusform>%n account</numerusform>
            <numerusform>%n accounts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DatabasesDialog</name>
    <message numerus="yes">
        <location filename="../../app/ui/databases_dialog.py" line="657"/>
        <source>%Ln of %1 databases are older than 6 months: locations may be out of date. Update them below.</source>
        <translation>
            <numerusform>%Ln of %1 databases is older than 6 months: locations may be out of date. Update it below.</numerusform>
            <numerusform>%Ln of %1 databases are older than 6 months: locations may be out of date. Update them below.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1396"/>
        <source>History forgotten: %n file(s) deleted.</source>
        <translation>
            <numerusform>History forgotten: %n file deleted.</numerusform>
            <numerusform>History forgotten: %n files deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1411"/>
        <source>… and %n more (View → History).</source>
        <translation>
            <numerusform>… and %n more (View → History).</numerusform>
            <numerusform>… and %n more (View → History).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1491"/>
        <source>Reading the headers of your last %n message(s) on %1…</source>
        <translation>
            <numerusform>Reading the headers of your last message on %1…</numerusform>
            <numerusform>Reading the headers of your last %n messages on %1…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1506"/>
        <source>The routes of your last %n message(s) on %1</source>
        <translation>
            <numerusform>The route of your last message on %1</numerusform>
            <numerusform>The routes of your last %n messages on %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1654"/>
        <source>%n program–address pair(s) of this period.</source>
        <translation>
            <numerusform>%n program–address pair of this period.</numerusform>
            <numerusform>%n program–address pairs of this period.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1657"/>
        <source>%n address(es) are placed differently today than when they were seen (datalocator history lists them as they were).</source>
        <translation>
            <numerusform>%n address is placed differently today than when it was seen (datalocator history lists it as it was).</numerusform>
            <numerusform>%n addresses are placed differently today than when they were seen (datalocator history lists them as they were).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="1859"/>
        <source>My accounts (%n)</source>
        <translation>
            <numerusform>My accounts (%n)</numerusform>
            <numerusform>My accounts (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="2217"/>
        <source>⚠ %Ln not readable</source>
        <translation>
            <numerusform>⚠ %Ln not readable</numerusform>
            <numerusform>⚠ %Ln not readable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="2238"/>
        <source>%Ln connections</source>
        <translation>
            <numerusform>%Ln connection</numerusform>
            <numerusform>%Ln connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="2239"/>
        <source>%Ln countries</source>
        <translation>
            <numerusform>%Ln country</numerusform>
            <numerusform>%Ln countries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="2240"/>
        <source>%Ln providers</source>
        <translation>
            <numerusform>%Ln provider</numerusform>
            <numerusform>%Ln providers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="2247"/>
        <source>{counts} ({shown} shown)</source>
        <translation>
            <numerusform>{counts} ({shown} shown)</numerusform>
            <numerusform>{counts} ({shown} shown)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MapRenderer</name>
    <message numerus="yes">
        <location filename="../../app/ui/map/renderer.py" line="997"/>
        <source>%Ln endpoints</source>
        <translation>
            <numerusform>%Ln endpoint</numerusform>
            <numerusform>%Ln endpoints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/renderer.py" line="998"/>
        <source>%Ln countries</source>
        <translation>
            <numerusform>%Ln country</numerusform>
            <numerusform>%Ln countries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/renderer.py" line="1001"/>
        <source>%Ln not placed</source>
        <translation>
            <numerusform>%Ln not placed</numerusform>
            <numerusform>%Ln not placed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MapTooltip</name>
    <message numerus="yes">
        <location filename="../../app/ui/map/describe.py" line="91"/>
        <source>%n endpoints in {places}</source>
        <translation>
            <numerusform>%n endpoint in {places}</numerusform>
            <numerusform>%n endpoints in {places}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/describe.py" line="126"/>
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… and %Ln more</numerusform>
            <numerusform>… and %Ln more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/describe.py" line="127"/>
        <source>%Ln endpoints — click for details</source>
        <translation>
            <numerusform>%Ln endpoint — click for details</numerusform>
            <numerusform>%Ln endpoints — click for details</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PlacePanel</name>
    <message numerus="yes">
        <location filename="../../app/ui/map/place_panel.py" line="182"/>
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… and %Ln more</numerusform>
            <numerusform>… and %Ln more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/map/place_panel.py" line="221"/>
        <source>… and %Ln more companies</source>
        <translation>
            <numerusform>… and %Ln more company</numerusform>
            <numerusform>… and %Ln more companies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RoutePanel</name>
    <message numerus="yes">
        <location filename="../../app/ui/route_panel.py" line="225"/>
        <source>%1 (%n message(s))</source>
        <translation>
            <numerusform>%1 (%n message)</numerusform>
            <numerusform>%1 (%n messages)</numerusform>
        </translation>
    </message>
</context>
</TS>
