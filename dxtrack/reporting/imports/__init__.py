"""Imports of reported values: every format, one service, all or nothing.

=====================================================  ==============================================
Function / class                                       Use
=====================================================  ==============================================
``values_import(rows=, user=, source=, dry_run=, …)``  check and write `ValueRow`s in one
                                                       transaction → `ImportReport`
``values_import_file(path=, filename=, user=, …)``     inspect a stored file, pick its reader, import
``file_inspect(path, declared=)``                      the real format by content; refuses hostile
                                                       files (size, PDF, zip bomb, macros)
``upload_store(chunks=)``                              store an upload under DATA_DIR/imports/<uuid>
``CsvReader`` ``Dhis2CsvReader`` ``Dhis2JsonReader``   streaming readers (re-iterable)
``XlsxReader`` ``template_write(out=, form=, …)``      the XLSX template and its upload
``neutralise`` / ``unneutralise``                      formula-injection guard of exported text
=====================================================  ==============================================

The formats are described in docs/values-formats.md.
"""

from dxtrack.reporting.imports.cells import neutralise, unneutralise
from dxtrack.reporting.imports.files import FORMATS, file_inspect, upload_store
from dxtrack.reporting.imports.readers import CsvReader, Dhis2CsvReader, Dhis2JsonReader
from dxtrack.reporting.imports.rows import ImportFileError, ImportReport, RowError, ValueRow
from dxtrack.reporting.imports.service import values_import, values_import_file
from dxtrack.reporting.imports.xlsx import XlsxReader, template_write

__all__ = [
    "FORMATS",
    "CsvReader",
    "Dhis2CsvReader",
    "Dhis2JsonReader",
    "ImportFileError",
    "ImportReport",
    "RowError",
    "ValueRow",
    "XlsxReader",
    "file_inspect",
    "neutralise",
    "template_write",
    "unneutralise",
    "upload_store",
    "values_import",
    "values_import_file",
]
