"""The base of the domain's enums (pair kinds, relations, flags, change kinds, field kinds, layer
roles): `class X(TextEnum)` members are str, equal to their stored text, and print as it.

The rest of the code keeps the members' `.value` (plain str) in its data: a str-subclass member
handed to Qt (QgsFeature attributes, renderer categories, QVariant user data) is wrapped as a
Python object instead of a QString, which QGIS providers and renderers do not read as text
(seen on QGIS 3.22: QgsFeature.setAttributes([member]) gives the member back, not a string).
"""

from __future__ import annotations

from enum import Enum


class TextEnum(str, Enum):
    """An enum of texts: str(), format() and == give the stored text."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(str.__str__(self), spec)
