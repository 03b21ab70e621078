"""Data catalogue (数管中心): datasets, their versions, import, standardisation and quality.

Owns: reading source files and tables, standardising values by semantic type, writing each
version as Parquet in the workspace, the quality report, and classification of datasets and
fields, and which office owns each dataset. Must not touch: model logic, leads, or any engine
beyond counting distinct values.
"""

from jiancha.catalogue.importer import ImportResult, import_source
from jiancha.catalogue.reading import read_dataset
from jiancha.catalogue.schema import SchemaFile, load_schema
from jiancha.catalogue.sources import open_database, open_file
from jiancha.catalogue.views import classify, list_datasets, set_owner, show_dataset

__all__ = [
    "ImportResult",
    "SchemaFile",
    "classify",
    "import_source",
    "list_datasets",
    "load_schema",
    "open_database",
    "open_file",
    "read_dataset",
    "set_owner",
    "show_dataset",
]
