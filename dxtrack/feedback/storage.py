"""Where attachments' bytes live: DATA_DIR/media/feedback/YYYY/MM/<random name>.

Under the data directory, so `dxtrack backup` archives them with everything else and `restore`
puts them back. The location is read from the settings at each use (not frozen at import), so a
test or an instance that moves DATA_DIR moves the files with it. The stored name is random: the
sender's file name is kept in the row only, never used as a path.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.deconstruct import deconstructible


@deconstructible(path="dxtrack.feedback.storage.DataDirStorage")
class DataDirStorage(FileSystemStorage):
    @property
    def base_location(self) -> str:
        return str(Path(settings.DATA_DIR) / "media")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None  # never served as static media: views_work.attachment_download checks who asks


def attachment_path(instance, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()[:8]
    return f"feedback/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{extension}"
