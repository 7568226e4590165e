<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis simplifyAlgorithm="0" version="3.22.16-Białowieża" minScale="100000000" simplifyLocal="1" readOnly="0" styleCategories="AllStyleCategories" simplifyMaxScale="1" simplifyDrawingHints="1" simplifyDrawingTol="1" symbologyReferenceScale="-1" labelsEnabled="0" hasScaleBasedVisibilityFlag="0" maxScale="0">
  <flags>
    <Identifiable>1</Identifiable>
    <Removable>1</Removable>
    <Searchable>1</Searchable>
    <Private>0</Private>
  </flags>
  <temporal durationUnit="min" endField="" limitMode="0" endExpression="" durationField="" accumulate="0" startExpression="" enabled="0" startField="" fixedDuration="0" mode="0">
    <fixedRange>
      <start></start>
      <end></end>
    </fixedRange>
  </temporal>
  <renderer-v2 symbollevels="0" type="RuleRenderer" forceraster="0" referencescale="-1" enableorderby="0">
    <rules key="{cbf3d395-183c-4037-8d56-c1942be4b9cc}">
      <rule filter="&quot;TIT_DAT_EX&quot; IS NOT NULL AND &quot;TIT_DAT_EX&quot; &lt; to_date(now())" key="{9bf56aa4-5e2a-4447-90aa-15ed6d6d50d5}" symbol="0" label="Expired"/>
      <rule filter="&quot;TIT_DAT_EX&quot; IS NOT NULL AND &quot;TIT_DAT_EX&quot; >= to_date(now()) AND &quot;TIT_DAT_EX&quot; &lt;= to_date(now()) + make_interval(days:=90)" key="{01a8e2ba-9f3d-41ee-84d1-9220da58ce43}" symbol="1" label="Expiring within 90 days"/>
      <rule filter="(&quot;TIT_DAT_EX&quot; IS NULL OR &quot;TIT_DAT_EX&quot; > to_date(now()) + make_interval(days:=90)) AND lower(trim(&quot;STI_CODE&quot;)) IN ('a', 'actif', 'active')" key="{dcd427c1-5ee1-438c-aadb-df7bd058f4b6}" symbol="2" label="Active"/>
      <rule filter="ELSE" key="{f2cbee65-35bf-491b-901c-c666ebf12a59}" symbol="3" label="Other status (suspended, pending…)"/>
    </rules>
    <symbols>
      <symbol alpha="1" force_rhr="0" type="fill" clip_to_extent="1" name="0">
        <data_defined_properties>
          <Option type="Map">
            <Option value="" type="QString" name="name"/>
            <Option name="properties"/>
            <Option value="collection" type="QString" name="type"/>
          </Option>
        </data_defined_properties>
        <layer locked="0" pass="0" class="SimpleFill" enabled="1">
          <Option type="Map">
            <Option value="3x:0,0,0,0,0,0" type="QString" name="border_width_map_unit_scale"/>
            <Option value="192,57,43,210" type="QString" name="color"/>
            <Option value="bevel" type="QString" name="joinstyle"/>
            <Option value="0,0" type="QString" name="offset"/>
            <Option value="3x:0,0,0,0,0,0" type="QString" name="offset_map_unit_scale"/>
            <Option value="MM" type="QString" name="offset_unit"/>
            <Option value="148,44,33,255" type="QString" name="outline_color"/>
            <Option value="solid" type="QString" name="outline_style"/>
            <Option value="0.1" type="QString" name="outline_width"/>
            <Option value="MM" type="QString" name="outline_width_unit"/>
            <Option value="solid" type="QString" name="style"/>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"/>
          <prop k="color" v="192,57,43,210"/>
          <prop k="joinstyle" v="bevel"/>
          <prop k="offset" v="0,0"/>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"/>
          <prop k="offset_unit" v="MM"/>
          <prop k="outline_color" v="148,44,33,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.1"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
          <data_defined_properties>
            <Option type="Map">
              <Option value="" type="QString" name="name"/>
              <Option name="properties"/>
              <Option value="collection" type="QString" name="type"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" force_rhr="0" type="fill" clip_to_extent="1" name="1">
        <data_defined_properties>
          <Option type="Map">
            <Option value="" type="QString" name="name"/>
            <Option name="properties"/>
            <Option value="collection" type="QString" name="type"/>
          </Option>
        </data_defined_properties>
        <layer locked="0" pass="0" class="SimpleFill" enabled="1">
          <Option type="Map">
            <Option value="3x:0,0,0,0,0,0" type="QString" name="border_width_map_unit_scale"/>
            <Option value="243,156,18,210" type="QString" name="color"/>
            <Option value="bevel" type="QString" name="joinstyle"/>
            <Option value="0,0" type="QString" name="offset"/>
            <Option value="3x:0,0,0,0,0,0" type="QString" name="offset_map_unit_scale"/>
            <Option value="MM" type="QString" name="offset_unit"/>
            <Option value="187,120,14,255" type="QString" name="outline_color"/>
            <Option value="solid" type="QString" name="outline_style"/>
            <Option value="0.1" type="QString" name="outline_width"/>
            <Option value="MM" type="QString" name="outline_width_unit"/>
            <Option value="solid" type="QString" name="style"/>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"/>
          <prop k="color" v="243,156,18,210"/>
          <prop k="joinstyle" v="bevel"/>
          <prop k="offset" v="0,0"/>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"/>
          <prop k="offset_unit" v="MM"/>
          <prop k="outline_color" v="187,120,14,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.1"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
          <data_defined_properties>
            <Option type="Map">
              <Option value="" type="QString" name="name"/>
              <Option name="properties"/>
              <Option value="collection" type="QString" name="type"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" force_rhr="0" type="fill" clip_to_extent="1" name="2">
        <data_defined_properties>
          <Option type="Map">
            <Option value="" type="QString" name="name"/>
            <Option name="properties"/>
            <Option value="collection" type="QString" name="type"/>
          </Option>
        </data_defined_properties>
        <layer locked="0" pass="0" class="SimpleFill" enabled="1">
          <Option type="Map">
            <Option value="3x:0,0,0,0,0,0" type="QString" name="border_width_map_unit_scale"/>
            <Option value="46,158,68,210" type="QString" name="color"/>
            <Option value="bevel" type="QString" name="joinstyle"/>
            <Option value="0,0" type="QString" name="offset"/>
            <Option value="3x:0,0,0,0,0,0" type="QString" name="offset_map_unit_scale"/>
            <Option value="MM" type="QString" name="offset_unit"/>
            <Option value="35,122,52,255" type="QString" name="outline_color"/>
            <Option value="solid" type="QString" name="outline_style"/>
            <Option value="0.1" type="QString" name="outline_width"/>
            <Option value="MM" type="QString" name="outline_width_unit"/>
            <Option value="solid" type="QString" name="style"/>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"/>
          <prop k="color" v="46,158,68,210"/>
          <prop k="joinstyle" v="bevel"/>
          <prop k="offset" v="0,0"/>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"/>
          <prop k="offset_unit" v="MM"/>
          <prop k="outline_color" v="35,122,52,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.1"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
          <data_defined_properties>
            <Option type="Map">
              <Option value="" type="QString" name="name"/>
              <Option name="properties"/>
              <Option value="collection" type="QString" name="type"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" force_rhr="0" type="fill" clip_to_extent="1" name="3">
        <data_defined_properties>
          <Option type="Map">
            <Option value="" type="QString" name="name"/>
            <Option name="properties"/>
            <Option value="collection" type="QString" name="type"/>
          </Option>
        </data_defined_properties>
        <layer locked="0" pass="0" class="SimpleFill" enabled="1">
          <Option type="Map">
            <Option value="3x:0,0,0,0,0,0" type="QString" name="border_width_map_unit_scale"/>
            <Option value="140,140,140,210" type="QString" name="color"/>
            <Option value="bevel" type="QString" name="joinstyle"/>
            <Option value="0,0" type="QString" name="offset"/>
            <Option value="3x:0,0,0,0,0,0" type="QString" name="offset_map_unit_scale"/>
            <Option value="MM" type="QString" name="offset_unit"/>
            <Option value="108,108,108,255" type="QString" name="outline_color"/>
            <Option value="solid" type="QString" name="outline_style"/>
            <Option value="0.1" type="QString" name="outline_width"/>
            <Option value="MM" type="QString" name="outline_width_unit"/>
            <Option value="solid" type="QString" name="style"/>
          </Option>
          <prop k="border_width_map_unit_scale" v="3x:0,0,0,0,0,0"/>
          <prop k="color" v="140,140,140,210"/>
          <prop k="joinstyle" v="bevel"/>
          <prop k="offset" v="0,0"/>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"/>
          <prop k="offset_unit" v="MM"/>
          <prop k="outline_color" v="108,108,108,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.1"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
          <data_defined_properties>
            <Option type="Map">
              <Option value="" type="QString" name="name"/>
              <Option name="properties"/>
              <Option value="collection" type="QString" name="type"/>
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
  <geometryOptions geometryPrecision="0" removeDuplicateNodes="0">
    <activeChecks type="StringList">
      <Option value="" type="QString"/>
    </activeChecks>
    <checkConfiguration/>
  </geometryOptions>
  <legend showLabelLegend="0" type="default-vector"/>
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
    <alias index="0" name="" field="fid"/>
    <alias index="1" name="" field="TIT_NO"/>
    <alias index="2" name="" field="TT_CODE"/>
    <alias index="3" name="" field="TT_DES_FR"/>
    <alias index="4" name="" field="TT_DES_AN"/>
    <alias index="5" name="" field="STI_CODE"/>
    <alias index="6" name="" field="STI_DES_FR"/>
    <alias index="7" name="" field="STI_DES_AN"/>
    <alias index="8" name="" field="TIT_DAT_EM"/>
    <alias index="9" name="" field="TIT_DAT_EX"/>
    <alias index="10" name="" field="TIT_NB_REN"/>
    <alias index="11" name="" field="TIT_SUPRF"/>
    <alias index="12" name="" field="DET_NOM"/>
    <alias index="13" name="" field="DET_POURC"/>
    <alias index="14" name="" field="DET_NO"/>
    <alias index="15" name="" field="FEU_NO"/>
    <alias index="16" name="" field="TIT_CRE_CU"/>
    <alias index="17" name="" field="TIT_DR_REQ"/>
    <alias index="18" name="" field="TIT_TR_REQ"/>
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
    <constraint unique_strength="1" notnull_strength="1" constraints="3" field="fid" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="TIT_NO" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="TT_CODE" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="TT_DES_FR" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="TT_DES_AN" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="STI_CODE" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="STI_DES_FR" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="STI_DES_AN" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="TIT_DAT_EM" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="TIT_DAT_EX" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="TIT_NB_REN" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="TIT_SUPRF" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="DET_NOM" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="DET_POURC" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="DET_NO" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="FEU_NO" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="TIT_CRE_CU" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="TIT_DR_REQ" exp_strength="0"/>
    <constraint unique_strength="0" notnull_strength="0" constraints="0" field="TIT_TR_REQ" exp_strength="0"/>
  </constraints>
  <constraintExpressions>
    <constraint exp="" desc="" field="fid"/>
    <constraint exp="" desc="" field="TIT_NO"/>
    <constraint exp="" desc="" field="TT_CODE"/>
    <constraint exp="" desc="" field="TT_DES_FR"/>
    <constraint exp="" desc="" field="TT_DES_AN"/>
    <constraint exp="" desc="" field="STI_CODE"/>
    <constraint exp="" desc="" field="STI_DES_FR"/>
    <constraint exp="" desc="" field="STI_DES_AN"/>
    <constraint exp="" desc="" field="TIT_DAT_EM"/>
    <constraint exp="" desc="" field="TIT_DAT_EX"/>
    <constraint exp="" desc="" field="TIT_NB_REN"/>
    <constraint exp="" desc="" field="TIT_SUPRF"/>
    <constraint exp="" desc="" field="DET_NOM"/>
    <constraint exp="" desc="" field="DET_POURC"/>
    <constraint exp="" desc="" field="DET_NO"/>
    <constraint exp="" desc="" field="FEU_NO"/>
    <constraint exp="" desc="" field="TIT_CRE_CU"/>
    <constraint exp="" desc="" field="TIT_DR_REQ"/>
    <constraint exp="" desc="" field="TIT_TR_REQ"/>
  </constraintExpressions>
  <expressionfields/>
  <attributeactions/>
  <attributetableconfig sortOrder="0" actionWidgetStyle="dropDown" sortExpression="">
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
