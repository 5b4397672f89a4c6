"""The byte streams under a backup archive: a SHA-256-counting writer, and encryption in
chunks so that neither making nor reading an encrypted archive holds it in memory.

An encrypted archive (format 2) is MAGIC, then frames: 4 bytes of length, then a Fernet token
(AES-128-CBC + HMAC-SHA256) of 8 bytes of frame number, 1 byte "last frame" flag and up to
FRAME_BYTES of the tar.gz. The numbers and the flag are inside the authenticated token, so
frames cut off, dropped, repeated or reordered are refused, as is any changed byte.
Format 1 (the whole tar.gz as one Fernet token) is still read.
"""

from __future__ import annotations

import hashlib
import shutil
import struct
from pathlib import Path
from typing import BinaryIO

MAGIC_ENCRYPTED_V1 = b"DXTRACK-BACKUP-FERNET-1\n"
MAGIC_ENCRYPTED = b"DXTRACK-BACKUP-FERNET-2\n"
FRAME_BYTES = 4 * 1024 * 1024
COPY_BYTES = 1024 * 1024


class CryptoError(Exception):
    """Wrong key, changed or truncated encrypted archive."""


def sha256_of_stream(handle: BinaryIO) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while block := handle.read(COPY_BYTES):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


class HashingWriter:
    """A file that writes through and keeps the SHA-256 and size of what went in."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.handle.write(data)


def encrypt_file(fernet, plain: Path, target: Path) -> None:
    with plain.open("rb") as source, target.open("wb") as out:
        out.write(MAGIC_ENCRYPTED)
        number, block = 0, source.read(FRAME_BYTES)
        while True:
            following = source.read(FRAME_BYTES)
            header = struct.pack(">QB", number, 0 if following else 1)
            token = fernet.encrypt(header + block)
            out.write(struct.pack(">I", len(token)) + token)
            if not following:
                return
            number, block = number + 1, following


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        start = handle.read(len(MAGIC_ENCRYPTED))
    return start in (MAGIC_ENCRYPTED, MAGIC_ENCRYPTED_V1)


def decrypt_file(fernet, path: Path, target: Path) -> None:
    """Write the plain tar.gz of the encrypted archive `path` to `target`, or raise CryptoError."""
    from cryptography.fernet import InvalidToken

    with path.open("rb") as source, target.open("wb") as out:
        magic = source.read(len(MAGIC_ENCRYPTED))
        try:
            if magic == MAGIC_ENCRYPTED_V1:
                out.write(fernet.decrypt(source.read()))  # format 1: one token, small archives
                return
            expected, last = 0, False
            while not last:
                length = source.read(4)
                if len(length) != 4:
                    raise CryptoError("cut short")
                token = source.read(struct.unpack(">I", length)[0])
                frame = fernet.decrypt(token)
                number, last = struct.unpack(">QB", frame[:9])
                if number != expected:
                    raise CryptoError("frames out of order")
                out.write(frame[9:])
                expected += 1
            if source.read(1):
                raise CryptoError("bytes after the last frame")
        except (InvalidToken, struct.error):
            raise CryptoError("not authentic") from None


def copy_stream(source: BinaryIO, target: BinaryIO) -> None:
    shutil.copyfileobj(source, target, COPY_BYTES)
