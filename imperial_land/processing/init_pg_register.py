"""Algorithm "Create team register in PostGIS": the claim register's tables in a named schema."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputBoolean,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterProviderConnection,
    QgsProcessingParameterString,
)

from imperial_land.core.common import settings, tr
from imperial_land.core.register import DEFAULT_CRS
from imperial_land.processing.base import ImperialAlgorithm


class InitPgRegisterAlgorithm(ImperialAlgorithm):
    NAME = "initpgregister"

    def displayName(self) -> str:
        return tr("Create team register in PostGIS")

    def shortHelpString(self) -> str:
        return tr(
            "Creates the shared claim register (claims with GESTIM and local fields, sync runs, "
            "changes, a version table, spatial index) in a schema of a saved PostgreSQL "
            "connection; an existing register is left as it was. The connection's credentials "
            "must come from an authentication configuration. With 'Use it as the plugin's "
            "default register', the GESTIM sync (register left empty) writes to it. Output "
            "REGISTER: the register's address, pg:<connection>/<schema>."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterProviderConnection(
                "CONNECTION", tr("PostgreSQL connection"), "postgres"
            )
        )
        self.addParameter(
            QgsProcessingParameterString("SCHEMA", tr("Schema"), defaultValue="land_register")
        )
        self.addParameter(
            QgsProcessingParameterCrs(
                "CRS", tr("Register CRS"), defaultValue=DEFAULT_CRS, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                "MAKE_DEFAULT", tr("Use it as the plugin's default register"), defaultValue=False
            )
        )
        self.addOutput(QgsProcessingOutputString("REGISTER", tr("Register")))
        self.addOutput(QgsProcessingOutputBoolean("CREATED", tr("Created")))

    def run_core(self, parameters, context, feedback) -> dict:
        connection = self.parameterAsConnectionName(parameters, "CONNECTION", context)
        schema = self.parameterAsString(parameters, "SCHEMA", context).strip()
        crs = self.parameterAsCrs(parameters, "CRS", context)
        from imperial_land.core.register import init_pg_register

        target, created = init_pg_register(connection, schema, crs.authid() or None, feedback)
        if self.parameterAsBoolean(parameters, "MAKE_DEFAULT", context):
            settings.set_value("register/path", target)
        return {"REGISTER": target, "CREATED": created}
