"""Minisign's file formats (https://jedisct1.github.io/minisign/), written and read with `cryptography`'s Ed25519.

Only the formats are implemented here, not any cryptography: Ed25519 comes from `cryptography`, BLAKE2b and scrypt
from the standard library and `cryptography`. The files this module writes are read by the `minisign` program and
the other way round (tests/core/test_keys.py checks both directions with minisign 0.11):

- public key: ``untrusted comment: ...`` then base64(``Ed`` || key id (8 bytes) || public key (32 bytes));
- secret key: base64(``Ed`` || ``Sc`` || ``B2`` || salt (32) || opslimit (8, LE) || memlimit (8, LE) ||
  [key id (8) || seed and public key (64) || BLAKE2b-256 checksum (32)] XOR scrypt(passphrase, salt));
- signature: base64(``ED`` || key id || Ed25519(BLAKE2b-512(file))), the trusted comment, and
  base64(Ed25519(signature || trusted comment)), which binds the comment to the signature.

Files are parsed strictly: a file that is not exactly what this module would write for the same values is
refused, so no byte of a signature file can change unnoticed (not even in its untrusted comment).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from fazhi_desktop.core.errors import FazhiError

SIG_ALG = b"Ed"
PREHASHED_ALG = b"ED"
KDF_SCRYPT = b"Sc"
CHECKSUM_ALG = b"B2"
#: scrypt cost written into new secret keys: N = 2^17, r = 8, p = 1 (128 MiB, about 0.3 s). minisign's own default is
#: 1 GiB; 128 MiB keeps an old office PC responsive while still making guessing a passphrase expensive.
DEFAULT_COST = (1 << 22, 1 << 27)  # (opslimit, memlimit) as libsodium's scryptsalsa208sha256 takes them
MAX_COMMENT_BYTES = 1024
SECRET_KEY_BYTES = 158  # the decoded length of a secret-key file's line


class MinisignError(FazhiError):
    """A key or signature file is malformed, the passphrase is wrong, or a signature does not verify."""


class WrongPassphrase(MinisignError):
    """The passphrase does not open the secret key (or the file was damaged so that it cannot tell)."""


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes  # 8 bytes, random, chosen when the key is made
    key: bytes  # 32 bytes, Ed25519

    @property
    def key_id_hex(self) -> str:
        """The key id as minisign prints it (little-endian 64-bit integer in upper-case hex)."""
        return f"{int.from_bytes(self.key_id, 'little'):016X}"

    def base64(self) -> str:
        """The one-line form `minisign -P` takes."""
        return base64.b64encode(SIG_ALG + self.key_id + self.key).decode("ascii")

    def file_text(self) -> str:
        return f"untrusted comment: minisign public key {self.key_id_hex}\n{self.base64()}\n"

    def verify(self, message: bytes, signature_text: str) -> str:
        """Check a `.minisig` text against `message`; returns the trusted comment. Raises MinisignError."""
        sig = Signature.parse(signature_text)
        if sig.key_id != self.key_id:
            raise MinisignError("签名所用的密钥与给定的公钥不同")
        ed = _public(self.key)
        signed = hashlib.blake2b(message, digest_size=64).digest() if sig.algorithm == PREHASHED_ALG else message
        try:
            ed.verify(sig.signature, signed)
        except InvalidSignature:
            raise MinisignError("签名无效：被签名的文件已被改动，或签名不是用这把密钥生成的") from None
        try:
            ed.verify(sig.global_signature, sig.signature + sig.trusted_comment.encode("utf-8"))
        except InvalidSignature:
            raise MinisignError("签名中的可信注释已被改动") from None
        return sig.trusted_comment


def _public(key: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(key)


def parse_public_key(text: str) -> PublicKey:
    """A public key from a `.pub` file's text or from its base64 line alone."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if lines and lines[0].startswith("untrusted comment:"):
        lines = lines[1:]
    if len(lines) != 1:
        raise MinisignError("不是 minisign 公钥（应为一行 base64 文字，可带一行注释）")
    raw = _b64(lines[0], "公钥")
    if len(raw) != 42 or raw[:2] != SIG_ALG:
        raise MinisignError("不是 minisign 公钥（长度或算法标记不对）")
    return PublicKey(raw[2:10], raw[10:])


@dataclass(frozen=True)
class SecretKey:
    """An unlocked signing key. Exists only in memory; on disk it is always the encrypted secret-key file."""

    key_id: bytes
    seed: bytes  # 32 bytes
    public: PublicKey

    @classmethod
    def generate(cls, key_id: bytes | None = None) -> SecretKey:
        """A new key; its id random unless given (8 bytes: the county demo's says it is the demo's, demo_mark)."""
        private = Ed25519PrivateKey.generate()
        seed = private.private_bytes_raw()
        key_id = key_id or os.urandom(8)
        return cls(key_id, seed, PublicKey(key_id, private.public_key().public_bytes_raw()))

    def sign(self, message: bytes, trusted_comment: str, untrusted_comment: str) -> str:
        """A `.minisig` text (prehashed, as minisign writes by default)."""
        _check_comment(trusted_comment, "可信注释")
        _check_comment(untrusted_comment, "注释")
        private = Ed25519PrivateKey.from_private_bytes(self.seed)
        signature = private.sign(hashlib.blake2b(message, digest_size=64).digest())
        global_signature = private.sign(signature + trusted_comment.encode("utf-8"))
        return Signature(PREHASHED_ALG, self.key_id, signature, untrusted_comment, trusted_comment,
                         global_signature).text()

    def encrypted_file_text(self, passphrase: str, cost: tuple[int, int] = DEFAULT_COST) -> str:
        """The secret-key file, encrypted with `passphrase` (minisign's scrypt format)."""
        salt = os.urandom(32)
        opslimit, memlimit = cost
        keynum = self.key_id + self.seed + self.public.key
        checksum = hashlib.blake2b(SIG_ALG + keynum, digest_size=32).digest()
        stream = _scrypt(passphrase, salt, opslimit, memlimit, len(keynum) + len(checksum))
        sealed = bytes(a ^ b for a, b in zip(keynum + checksum, stream, strict=True))
        raw = (SIG_ALG + KDF_SCRYPT + CHECKSUM_ALG + salt + opslimit.to_bytes(8, "little")
               + memlimit.to_bytes(8, "little") + sealed)
        return "untrusted comment: minisign encrypted secret key\n" + base64.b64encode(raw).decode("ascii") + "\n"


def secret_key_cost(text: str) -> tuple[int, int]:
    """The (opslimit, memlimit) an encrypted secret-key file was written with: 修改口令 keeps them."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    raw = _b64(lines[-1] if lines else "", "私钥")
    if len(raw) != SECRET_KEY_BYTES:
        raise MinisignError("不是 minisign 私钥文件（长度不对）")
    return int.from_bytes(raw[38:46], "little"), int.from_bytes(raw[46:54], "little")


def is_secret_key(line: str) -> bool:
    """Whether a line is a secret key's base64 (encrypted or not): a file picked as a public key may be one."""
    try:
        raw = base64.b64decode(line.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(raw) == SECRET_KEY_BYTES and raw[:2] == SIG_ALG


def unlock_secret_key(text: str, passphrase: str) -> SecretKey:
    """Decrypt a minisign secret-key file. Raises MinisignError on a wrong passphrase or a damaged file."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if lines and lines[0].startswith("untrusted comment:"):
        lines = lines[1:]
    if len(lines) != 1:
        raise MinisignError("不是 minisign 私钥文件")
    raw = _b64(lines[0], "私钥")
    if len(raw) != SECRET_KEY_BYTES or raw[:2] != SIG_ALG or raw[4:6] != CHECKSUM_ALG:
        raise MinisignError("不是 minisign 私钥文件（长度或算法标记不对）")
    kdf, salt = raw[2:4], raw[6:38]
    opslimit, memlimit = int.from_bytes(raw[38:46], "little"), int.from_bytes(raw[46:54], "little")
    sealed = raw[54:]
    if kdf == KDF_SCRYPT:
        stream = _scrypt(passphrase, salt, opslimit, memlimit, len(sealed))
        opened = bytes(a ^ b for a, b in zip(sealed, stream, strict=True))
    elif kdf == b"\0\0":
        raise MinisignError("私钥文件没有加密，本程序不接受未加密的私钥")
    else:
        raise MinisignError("私钥文件使用了不认识的加密方式")
    key_id, seed, public, checksum = opened[:8], opened[8:40], opened[40:72], opened[72:]
    expected = hashlib.blake2b(SIG_ALG + opened[:72], digest_size=32).digest()
    if not hmac.compare_digest(checksum, expected):
        raise WrongPassphrase("口令不对（或私钥文件已损坏）")
    derived = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
    if derived != public:
        raise MinisignError("私钥文件已损坏（公钥与私钥不匹配）")
    return SecretKey(key_id, seed, PublicKey(key_id, public))


@dataclass(frozen=True)
class Signature:
    algorithm: bytes
    key_id: bytes
    signature: bytes
    untrusted_comment: str
    trusted_comment: str
    global_signature: bytes

    def text(self) -> str:
        return (f"untrusted comment: {self.untrusted_comment}\n"
                f"{base64.b64encode(self.algorithm + self.key_id + self.signature).decode('ascii')}\n"
                f"trusted comment: {self.trusted_comment}\n"
                f"{base64.b64encode(self.global_signature).decode('ascii')}\n")

    @property
    def key_id_hex(self) -> str:
        return f"{int.from_bytes(self.key_id, 'little'):016X}"

    @classmethod
    def parse(cls, text: str) -> Signature:
        """Parse a `.minisig` text strictly: exactly four lines, each in the one form minisign writes."""
        lines = text.split("\n")
        if len(lines) != 5 or lines[4] != "":
            raise MinisignError("签名文件格式不对（应为四行，以换行结尾）")
        first, sig_line, comment_line, global_line = lines[:4]
        if not first.startswith("untrusted comment: "):
            raise MinisignError("签名文件第 1 行应以“untrusted comment: ”开头")
        if not comment_line.startswith("trusted comment: "):
            raise MinisignError("签名文件第 3 行应以“trusted comment: ”开头")
        raw = _b64(sig_line, "签名（第 2 行）")
        if len(raw) != 74 or raw[:2] not in (SIG_ALG, PREHASHED_ALG):
            raise MinisignError("签名文件第 2 行不是 Ed25519 签名")
        global_signature = _b64(global_line, "可信注释签名（第 4 行）")
        if len(global_signature) != 64:
            raise MinisignError("签名文件第 4 行长度不对")
        sig = cls(raw[:2], raw[2:10], raw[10:], first[len("untrusted comment: "):],
                  comment_line[len("trusted comment: "):], global_signature)
        if sig.text() != text:
            raise MinisignError("签名文件格式不规范（有多余或被改动的字符）")
        return sig


def _check_comment(comment: str, what: str) -> None:
    if "\n" in comment or "\r" in comment or len(comment.encode("utf-8")) > MAX_COMMENT_BYTES:
        raise MinisignError(f"{what}不能换行，且不能超过 {MAX_COMMENT_BYTES} 字节")


def _b64(text: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise MinisignError(f"{what}不是有效的 base64 文字") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise MinisignError(f"{what}的 base64 编码不规范")
    return raw


def scrypt_parameters(opslimit: int, memlimit: int) -> tuple[int, int, int]:
    """(log2 N, r, p) from libsodium's opslimit and memlimit, exactly as libsodium's `pickparams` computes them."""
    opslimit = max(opslimit, 32768)
    r = 8
    if opslimit < memlimit // 32:
        p = 1
        max_n = opslimit // (r * 4)
        n_log2 = next((n for n in range(1, 63) if (1 << n) > max_n // 2), 63)
    else:
        max_n = memlimit // (r * 128)
        n_log2 = next((n for n in range(1, 63) if (1 << n) > max_n // 2), 63)
        max_rp = min((opslimit // 4) // (1 << n_log2), 0x3FFFFFFF)
        p = max_rp // r
    return n_log2, r, p


#: refuse key files that ask for absurd work (a planted file must not hang the program or exhaust memory)
MAX_SCRYPT_MEMORY = 1 << 31


def _scrypt(passphrase: str, salt: bytes, opslimit: int, memlimit: int, length: int) -> bytes:
    n_log2, r, p = scrypt_parameters(opslimit, memlimit)
    if n_log2 > 22 or p < 1 or p > 16 or 128 * r * (1 << n_log2) > MAX_SCRYPT_MEMORY:
        raise MinisignError("私钥文件要求的口令计算量超出范围，文件可能已损坏")
    return Scrypt(salt=salt, length=length, n=1 << n_log2, r=r, p=p).derive(passphrase.encode("utf-8"))
