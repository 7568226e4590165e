<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
  <context>
    <name>ImperialLand</name>
    <message>
      <source>Cancelled by the user; nothing was written.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unexpected error; details are in the log panel.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Imperial Land</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Imperial Land panel</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Land and claims</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Imperial Land &amp; Claims</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
