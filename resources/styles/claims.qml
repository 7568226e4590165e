<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis hasScaleBasedVisibilityFlag="0" version="3.22.16-Białowieża" simplifyAlgorithm="0" styleCategories="AllStyleCategories" simplifyLocal="1" symbologyReferenceScale="-1" maxScale="0" simplifyDrawingTol="1" minScale="100000000" labelsEnabled="0" simplifyDrawingHints="1" simplifyMaxScale="1" readOnly="0">
  <flags>
    <Identifiable>1</Identifiable>
    <Removable>1</Removable>
    <Searchable>1</Searchable>
    <Private>0</Private>
  </flags>
  <temporal startField="" enabled="0" endExpression="" durationField="" endField="" limitMode="0" startExpression="" mode="0" durationUnit="min" fixedDuration="0" accumulate="0">
    <fixedRange>
      <start></start>
      <end></end>
    </fixedRange>
  </temporal>
  <renderer-v2 type="RuleRenderer" forceraster="0" referencescale="-1" symbollevels="0" enableorderby="0">
    <rules key="{55641b5a-46e5-430e-8087-7e8f006c9d45}">
      <rule key="{0f640334-295b-4713-a233-743dbeb2f7d0}" symbol="0" label="Expired" filter="NOT ((lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('en attente de renouvellement', 'pending renewal', 'renewal pending', 'awaiting renewal') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('en attente de renouvellement', 'pending renewal', 'renewal pending', 'awaiting renewal')) AND NOT (lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('a', 'actif', 'active') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('a', 'actif', 'active')) AND NOT (lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('suspendu', 'suspended') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('suspendu', 'suspended'))) AND ((&quot;TIT_DAT_EX&quot; IS NOT NULL AND &quot;TIT_DAT_EX&quot; &lt; to_date(now())) OR ((lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('expiré', 'expire', 'expired') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('expiré', 'expire', 'expired')) AND NOT (lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('a', 'actif', 'active') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('a', 'actif', 'active')) AND NOT (lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('suspendu', 'suspended') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('suspendu', 'suspended')) AND NOT (lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('en attente de renouvellement', 'pending renewal', 'renewal pending', 'awaiting renewal') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('en attente de renouvellement', 'pending renewal', 'renewal pending', 'awaiting renewal'))))"/>
      <rule key="{c6e6b965-55ac-436f-b39a-951abfbe038d}" symbol="1" label="Expiring within 90 days" filter="((lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('a', 'actif', 'active') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('a', 'actif', 'active')) OR ((lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('suspendu', 'suspended') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('suspendu', 'suspended')) AND NOT (lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('a', 'actif', 'active') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('a', 'actif', 'active')))) AND &quot;TIT_DAT_EX&quot; IS NOT NULL AND &quot;TIT_DAT_EX&quot; >= to_date(now()) AND &quot;TIT_DAT_EX&quot; &lt;= to_date(now()) + make_interval(days:=90)"/>
      <rule key="{4f83ee51-2053-4c3c-b1aa-be0dd393b094}" symbol="2" label="Active" filter="(lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('a', 'actif', 'active') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('a', 'actif', 'active')) AND (&quot;TIT_DAT_EX&quot; IS NULL OR &quot;TIT_DAT_EX&quot; > to_date(now()) + make_interval(days:=90))"/>
      <rule key="{c5c4dfc2-1417-4dfd-9cb4-2e8f182eec62}" symbol="3" label="Suspended (held)" filter="((lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('suspendu', 'suspended') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('suspendu', 'suspended')) AND NOT (lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('a', 'actif', 'active') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('a', 'actif', 'active'))) AND (&quot;TIT_DAT_EX&quot; IS NULL OR &quot;TIT_DAT_EX&quot; > to_date(now()) + make_interval(days:=90))"/>
      <rule key="{be010fad-f320-4823-ab27-9a77049ae056}" symbol="4" label="Renewal pending (held)" filter="((lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('en attente de renouvellement', 'pending renewal', 'renewal pending', 'awaiting renewal') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('en attente de renouvellement', 'pending renewal', 'renewal pending', 'awaiting renewal')) AND NOT (lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('a', 'actif', 'active') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('a', 'actif', 'active')) AND NOT (lower(trim(coalesce(&quot;STI_CODE&quot;, ''))) IN ('suspendu', 'suspended') OR lower(trim(coalesce(&quot;STI_DES_FR&quot;, ''))) IN ('suspendu', 'suspended')))"/>
      <rule key="{ecf6a701-916a-4961-9915-aefe7a39060f}" symbol="5" label="Other status" filter="ELSE"/>
    </rules>
    <symbols>
      <symbol type="fill" force_rhr="0" clip_to_extent="1" alpha="1" name="0">
        <data_defined_properties>
          <Option type="Map">
            <Option type="QString" value="" name="name"/>
            <Option name="properties"/>
            <Option type="QString" value="collection" name="type"/>
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option type="QString" value="3x:0,0,0,0,0,0" name="border_width_map_unit_scale"/>
            <Option type="QString" value="192,57,43,210" name="color"/>
            <Option type="QString" value="bevel" name="joinstyle"/>
            <Option type="QString" value="0,0" name="offset"/>
            <Option type="QString" value="3x:0,0,0,0,0,0" name="offset_map_unit_scale"/>
            <Option type="QString" value="MM" name="offset_unit"/>
            <Option type="QString" value="148,44,33,255" name="outline_color"/>
            <Option type="QString" value="solid" name="outline_style"/>
            <Option type="QString" value="0.1" name="outline_width"/>
            <Option type="QString" value="MM" name="outline_width_unit"/>
            <Option type="QString" value="solid" name="style"/>
          </Option>
          <prop v="3x:0,0,0,0,0,0" k="border_width_map_unit_scale"/>
          <prop v="192,57,43,210" k="color"/>
          <prop v="bevel" k="joinstyle"/>
          <prop v="0,0" k="offset"/>
          <prop v="3x:0,0,0,0,0,0" k="offset_map_unit_scale"/>
          <prop v="MM" k="offset_unit"/>
          <prop v="148,44,33,255" k="outline_color"/>
          <prop v="solid" k="outline_style"/>
          <prop v="0.1" k="outline_width"/>
          <prop v="MM" k="outline_width_unit"/>
          <prop v="solid" k="style"/>
          <data_defined_properties>
            <Option type="Map">
              <Option type="QString" value="" name="name"/>
              <Option name="properties"/>
              <Option type="QString" value="collection" name="type"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="fill" force_rhr="0" clip_to_extent="1" alpha="1" name="1">
        <data_defined_properties>
          <Option type="Map">
            <Option type="QString" value="" name="name"/>
            <Option name="properties"/>
            <Option type="QString" value="collection" name="type"/>
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option type="QString" value="3x:0,0,0,0,0,0" name="border_width_map_unit_scale"/>
            <Option type="QString" value="243,156,18,210" name="color"/>
            <Option type="QString" value="bevel" name="joinstyle"/>
            <Option type="QString" value="0,0" name="offset"/>
            <Option type="QString" value="3x:0,0,0,0,0,0" name="offset_map_unit_scale"/>
            <Option type="QString" value="MM" name="offset_unit"/>
            <Option type="QString" value="187,120,14,255" name="outline_color"/>
            <Option type="QString" value="solid" name="outline_style"/>
            <Option type="QString" value="0.1" name="outline_width"/>
            <Option type="QString" value="MM" name="outline_width_unit"/>
            <Option type="QString" value="solid" name="style"/>
          </Option>
          <prop v="3x:0,0,0,0,0,0" k="border_width_map_unit_scale"/>
          <prop v="243,156,18,210" k="color"/>
          <prop v="bevel" k="joinstyle"/>
          <prop v="0,0" k="offset"/>
          <prop v="3x:0,0,0,0,0,0" k="offset_map_unit_scale"/>
          <prop v="MM" k="offset_unit"/>
          <prop v="187,120,14,255" k="outline_color"/>
          <prop v="solid" k="outline_style"/>
          <prop v="0.1" k="outline_width"/>
          <prop v="MM" k="outline_width_unit"/>
          <prop v="solid" k="style"/>
          <data_defined_properties>
            <Option type="Map">
              <Option type="QString" value="" name="name"/>
              <Option name="properties"/>
              <Option type="QString" value="collection" name="type"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="fill" force_rhr="0" clip_to_extent="1" alpha="1" name="2">
        <data_defined_properties>
          <Option type="Map">
            <Option type="QString" value="" name="name"/>
            <Option name="properties"/>
            <Option type="QString" value="collection" name="type"/>
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option type="QString" value="3x:0,0,0,0,0,0" name="border_width_map_unit_scale"/>
            <Option type="QString" value="46,158,68,210" name="color"/>
            <Option type="QString" value="bevel" name="joinstyle"/>
            <Option type="QString" value="0,0" name="offset"/>
            <Option type="QString" value="3x:0,0,0,0,0,0" name="offset_map_unit_scale"/>
            <Option type="QString" value="MM" name="offset_unit"/>
            <Option type="QString" value="35,122,52,255" name="outline_color"/>
            <Option type="QString" value="solid" name="outline_style"/>
            <Option type="QString" value="0.1" name="outline_width"/>
            <Option type="QString" value="MM" name="outline_width_unit"/>
            <Option type="QString" value="solid" name="style"/>
          </Option>
          <prop v="3x:0,0,0,0,0,0" k="border_width_map_unit_scale"/>
          <prop v="46,158,68,210" k="color"/>
          <prop v="bevel" k="joinstyle"/>
          <prop v="0,0" k="offset"/>
          <prop v="3x:0,0,0,0,0,0" k="offset_map_unit_scale"/>
          <prop v="MM" k="offset_unit"/>
          <prop v="35,122,52,255" k="outline_color"/>
          <prop v="solid" k="outline_style"/>
          <prop v="0.1" k="outline_width"/>
          <prop v="MM" k="outline_width_unit"/>
          <prop v="solid" k="style"/>
          <data_defined_properties>
            <Option type="Map">
              <Option type="QString" value="" name="name"/>
              <Option name="properties"/>
              <Option type="QString" value="collection" name="type"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="fill" force_rhr="0" clip_to_extent="1" alpha="1" name="3">
        <data_defined_properties>
          <Option type="Map">
            <Option type="QString" value="" name="name"/>
            <Option name="properties"/>
            <Option type="QString" value="collection" name="type"/>
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option type="QString" value="3x:0,0,0,0,0,0" name="border_width_map_unit_scale"/>
            <Option type="QString" value="154,205,50,210" name="color"/>
            <Option type="QString" value="bevel" name="joinstyle"/>
            <Option type="QString" value="0,0" name="offset"/>
            <Option type="QString" value="3x:0,0,0,0,0,0" name="offset_map_unit_scale"/>
            <Option type="QString" value="MM" name="offset_unit"/>
            <Option type="QString" value="118,158,38,255" name="outline_color"/>
            <Option type="QString" value="dash" name="outline_style"/>
            <Option type="QString" value="0.3" name="outline_width"/>
            <Option type="QString" value="MM" name="outline_width_unit"/>
            <Option type="QString" value="solid" name="style"/>
          </Option>
          <prop v="3x:0,0,0,0,0,0" k="border_width_map_unit_scale"/>
          <prop v="154,205,50,210" k="color"/>
          <prop v="bevel" k="joinstyle"/>
          <prop v="0,0" k="offset"/>
          <prop v="3x:0,0,0,0,0,0" k="offset_map_unit_scale"/>
          <prop v="MM" k="offset_unit"/>
          <prop v="118,158,38,255" k="outline_color"/>
          <prop v="dash" k="outline_style"/>
          <prop v="0.3" k="outline_width"/>
          <prop v="MM" k="outline_width_unit"/>
          <prop v="solid" k="style"/>
          <data_defined_properties>
            <Option type="Map">
              <Option type="QString" value="" name="name"/>
              <Option name="properties"/>
              <Option type="QString" value="collection" name="type"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="fill" force_rhr="0" clip_to_extent="1" alpha="1" name="4">
        <data_defined_properties>
          <Option type="Map">
            <Option type="QString" value="" name="name"/>
            <Option name="properties"/>
            <Option type="QString" value="collection" name="type"/>
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option type="QString" value="3x:0,0,0,0,0,0" name="border_width_map_unit_scale"/>
            <Option type="QString" value="31,138,112,210" name="color"/>
            <Option type="QString" value="bevel" name="joinstyle"/>
            <Option type="QString" value="0,0" name="offset"/>
            <Option type="QString" value="3x:0,0,0,0,0,0" name="offset_map_unit_scale"/>
            <Option type="QString" value="MM" name="offset_unit"/>
            <Option type="QString" value="24,106,86,255" name="outline_color"/>
            <Option type="QString" value="dot" name="outline_style"/>
            <Option type="QString" value="0.3" name="outline_width"/>
            <Option type="QString" value="MM" name="outline_width_unit"/>
            <Option type="QString" value="solid" name="style"/>
          </Option>
          <prop v="3x:0,0,0,0,0,0" k="border_width_map_unit_scale"/>
          <prop v="31,138,112,210" k="color"/>
          <prop v="bevel" k="joinstyle"/>
          <prop v="0,0" k="offset"/>
          <prop v="3x:0,0,0,0,0,0" k="offset_map_unit_scale"/>
          <prop v="MM" k="offset_unit"/>
          <prop v="24,106,86,255" k="outline_color"/>
          <prop v="dot" k="outline_style"/>
          <prop v="0.3" k="outline_width"/>
          <prop v="MM" k="outline_width_unit"/>
          <prop v="solid" k="style"/>
          <data_defined_properties>
            <Option type="Map">
              <Option type="QString" value="" name="name"/>
              <Option name="properties"/>
              <Option type="QString" value="collection" name="type"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="fill" force_rhr="0" clip_to_extent="1" alpha="1" name="5">
        <data_defined_properties>
          <Option type="Map">
            <Option type="QString" value="" name="name"/>
            <Option name="properties"/>
            <Option type="QString" value="collection" name="type"/>
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option type="QString" value="3x:0,0,0,0,0,0" name="border_width_map_unit_scale"/>
            <Option type="QString" value="140,140,140,210" name="color"/>
            <Option type="QString" value="bevel" name="joinstyle"/>
            <Option type="QString" value="0,0" name="offset"/>
            <Option type="QString" value="3x:0,0,0,0,0,0" name="offset_map_unit_scale"/>
            <Option type="QString" value="MM" name="offset_unit"/>
            <Option type="QString" value="108,108,108,255" name="outline_color"/>
            <Option type="QString" value="solid" name="outline_style"/>
            <Option type="QString" value="0.1" name="outline_width"/>
            <Option type="QString" value="MM" name="outline_width_unit"/>
            <Option type="QString" value="solid" name="style"/>
          </Option>
          <prop v="3x:0,0,0,0,0,0" k="border_width_map_unit_scale"/>
          <prop v="140,140,140,210" k="color"/>
          <prop v="bevel" k="joinstyle"/>
          <prop v="0,0" k="offset"/>
          <prop v="3x:0,0,0,0,0,0" k="offset_map_unit_scale"/>
          <prop v="MM" k="offset_unit"/>
          <prop v="108,108,108,255" k="outline_color"/>
          <prop v="solid" k="outline_style"/>
          <prop v="0.1" k="outline_width"/>
          <prop v="MM" k="outline_width_unit"/>
          <prop v="solid" k="style"/>
          <data_defined_properties>
            <Option type="Map">
              <Option type="QString" value="" name="name"/>
              <Option name="properties"/>
              <Option type="QString" value="collection" name="type"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <customproperties>
    <Option/>
  </customproperties>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>1</layerOpacity>
  <geometryOptions removeDuplicateNodes="0" geometryPrecision="0">
    <activeChecks type="StringList">
      <Option type="QString" value=""/>
    </activeChecks>
    <checkConfiguration/>
  </geometryOptions>
  <legend type="default-vector" showLabelLegend="0"/>
  <referencedLayers/>
  <fieldConfiguration>
    <field configurationFlags="None" name="fid">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="TIT_NO">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="TT_CODE">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="TT_DES_FR">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="TT_DES_AN">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="STI_CODE">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="STI_DES_FR">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="STI_DES_AN">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="TIT_DAT_EM">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="TIT_DAT_EX">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="TIT_NB_REN">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="TIT_SUPRF">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="DET_NOM">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="DET_POURC">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="DET_NO">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="FEU_NO">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="TIT_CRE_CU">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="TIT_DR_REQ">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="TIT_TR_REQ">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
  </fieldConfiguration>
  <aliases>
    <alias index="0" field="fid" name=""/>
    <alias index="1" field="TIT_NO" name=""/>
    <alias index="2" field="TT_CODE" name=""/>
    <alias index="3" field="TT_DES_FR" name=""/>
    <alias index="4" field="TT_DES_AN" name=""/>
    <alias index="5" field="STI_CODE" name=""/>
    <alias index="6" field="STI_DES_FR" name=""/>
    <alias index="7" field="STI_DES_AN" name=""/>
    <alias index="8" field="TIT_DAT_EM" name=""/>
    <alias index="9" field="TIT_DAT_EX" name=""/>
    <alias index="10" field="TIT_NB_REN" name=""/>
    <alias index="11" field="TIT_SUPRF" name=""/>
    <alias index="12" field="DET_NOM" name=""/>
    <alias index="13" field="DET_POURC" name=""/>
    <alias index="14" field="DET_NO" name=""/>
    <alias index="15" field="FEU_NO" name=""/>
    <alias index="16" field="TIT_CRE_CU" name=""/>
    <alias index="17" field="TIT_DR_REQ" name=""/>
    <alias index="18" field="TIT_TR_REQ" name=""/>
  </aliases>
  <defaults>
    <default applyOnUpdate="0" expression="" field="fid"/>
    <default applyOnUpdate="0" expression="" field="TIT_NO"/>
    <default applyOnUpdate="0" expression="" field="TT_CODE"/>
    <default applyOnUpdate="0" expression="" field="TT_DES_FR"/>
    <default applyOnUpdate="0" expression="" field="TT_DES_AN"/>
    <default applyOnUpdate="0" expression="" field="STI_CODE"/>
    <default applyOnUpdate="0" expression="" field="STI_DES_FR"/>
    <default applyOnUpdate="0" expression="" field="STI_DES_AN"/>
    <default applyOnUpdate="0" expression="" field="TIT_DAT_EM"/>
    <default applyOnUpdate="0" expression="" field="TIT_DAT_EX"/>
    <default applyOnUpdate="0" expression="" field="TIT_NB_REN"/>
    <default applyOnUpdate="0" expression="" field="TIT_SUPRF"/>
    <default applyOnUpdate="0" expression="" field="DET_NOM"/>
    <default applyOnUpdate="0" expression="" field="DET_POURC"/>
    <default applyOnUpdate="0" expression="" field="DET_NO"/>
    <default applyOnUpdate="0" expression="" field="FEU_NO"/>
    <default applyOnUpdate="0" expression="" field="TIT_CRE_CU"/>
    <default applyOnUpdate="0" expression="" field="TIT_DR_REQ"/>
    <default applyOnUpdate="0" expression="" field="TIT_TR_REQ"/>
  </defaults>
  <constraints>
    <constraint constraints="3" exp_strength="0" notnull_strength="1" field="fid" unique_strength="1"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="TIT_NO" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="TT_CODE" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="TT_DES_FR" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="TT_DES_AN" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="STI_CODE" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="STI_DES_FR" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="STI_DES_AN" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="TIT_DAT_EM" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="TIT_DAT_EX" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="TIT_NB_REN" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="TIT_SUPRF" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="DET_NOM" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="DET_POURC" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="DET_NO" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="FEU_NO" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="TIT_CRE_CU" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="TIT_DR_REQ" unique_strength="0"/>
    <constraint constraints="0" exp_strength="0" notnull_strength="0" field="TIT_TR_REQ" unique_strength="0"/>
  </constraints>
  <constraintExpressions>
    <constraint exp="" field="fid" desc=""/>
    <constraint exp="" field="TIT_NO" desc=""/>
    <constraint exp="" field="TT_CODE" desc=""/>
    <constraint exp="" field="TT_DES_FR" desc=""/>
    <constraint exp="" field="TT_DES_AN" desc=""/>
    <constraint exp="" field="STI_CODE" desc=""/>
    <constraint exp="" field="STI_DES_FR" desc=""/>
    <constraint exp="" field="STI_DES_AN" desc=""/>
    <constraint exp="" field="TIT_DAT_EM" desc=""/>
    <constraint exp="" field="TIT_DAT_EX" desc=""/>
    <constraint exp="" field="TIT_NB_REN" desc=""/>
    <constraint exp="" field="TIT_SUPRF" desc=""/>
    <constraint exp="" field="DET_NOM" desc=""/>
    <constraint exp="" field="DET_POURC" desc=""/>
    <constraint exp="" field="DET_NO" desc=""/>
    <constraint exp="" field="FEU_NO" desc=""/>
    <constraint exp="" field="TIT_CRE_CU" desc=""/>
    <constraint exp="" field="TIT_DR_REQ" desc=""/>
    <constraint exp="" field="TIT_TR_REQ" desc=""/>
  </constraintExpressions>
  <expressionfields/>
  <attributeactions/>
  <attributetableconfig actionWidgetStyle="dropDown" sortExpression="" sortOrder="0">
    <columns/>
  </attributetableconfig>
  <conditionalstyles>
    <rowstyles/>
    <fieldstyles/>
  </conditionalstyles>
  <storedexpressions/>
  <editform tolerant="1"></editform>
  <editforminit/>
  <editforminitcodesource>0</editforminitcodesource>
  <editforminitfilepath></editforminitfilepath>
  <editforminitcode><![CDATA[]]></editforminitcode>
  <featformsuppress>0</featformsuppress>
  <editorlayout>generatedlayout</editorlayout>
  <editable/>
  <labelOnTop/>
  <reuseLastValue/>
  <dataDefinedFieldProperties/>
  <widgets/>
  <previewExpression></previewExpression>
  <mapTip></mapTip>
  <layerGeometryType>2</layerGeometryType>
</qgis>
