using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Core.Cache;

/// <summary>
/// The on-disk entry layouts. Plain (<c>Cache:Encrypt</c> off): an 80-byte header, then the payload.
/// <code>
/// 0  8  magic "SCOGWC1\n"
/// 8  8  payload length, int64 little endian
/// 16 32 SHA-256 of the payload
/// 48 32 SHA-256 of the full key (file names hold a shortened hash; this rules out collisions)
/// </code>
/// Encrypted: a 96-byte header, then the payload in AES-256-GCM chunks of <see cref="ChunkSize"/> plaintext bytes
/// (the last one shorter, possibly empty; at least one), each followed by its 16-byte tag.
/// <code>
/// 0  8  magic "SCOGWC2\n"
/// 8  8  payload (plaintext) length, int64 little endian
/// 16 32 random salt: the entry key is HKDF-SHA256(Cache:KeyFile key, salt, info = "scogw cache entry" + key hash)
/// 48 32 SHA-256 of the full key, also the associated data of every chunk
/// 80 7  random nonce prefix; chunk i's nonce = prefix ‖ uint32 i big endian ‖ 1 if last else 0
/// 87 9  zero
/// </code>
/// This is the STREAM construction as in Tink's AES-GCM-HKDF streaming AEAD: reordered, dropped, appended or
/// truncated chunks fail authentication (the counter and the last flag are in the nonce), and a file moved under
/// another key fails because both the entry key and the associated data depend on the full key.
/// </summary>
internal static class CacheEntryFormat
{
    public const int HeaderLength = 80;

    public const int EncryptedHeaderLength = 96;

    public const int ChunkSize = 64 * 1024;

    public const int TagSize = 16;

    public const int SaltSize = 32;

    public const int NoncePrefixSize = 7;

    public static ReadOnlySpan<byte> Magic => "SCOGWC1\n"u8;

    public static ReadOnlySpan<byte> EncryptedMagic => "SCOGWC2\n"u8;

    public static void WriteEncryptedHeader(Span<byte> header, long length, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> keyHash, ReadOnlySpan<byte> noncePrefix)
    {
        header[..EncryptedHeaderLength].Clear();
        EncryptedMagic.CopyTo(header);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], length);
        salt.CopyTo(header[16..]);
        keyHash.CopyTo(header[48..]);
        noncePrefix.CopyTo(header[80..]);
    }

    /// <summary>Checks magic, key hash, reserved bytes and that the file length matches the payload length.</summary>
    public static bool TryReadEncryptedHeader(ReadOnlySpan<byte> header, ReadOnlySpan<byte> keyHash, long fileLength, out long length)
    {
        length = 0;
        if (header.Length < EncryptedHeaderLength || !header[..8].SequenceEqual(EncryptedMagic) || !header[48..80].SequenceEqual(keyHash)
            || header[87..96].ContainsAnyExcept((byte)0))
        {
            return false;
        }

        length = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        return length >= 0 && length <= fileLength && EncryptedFileLength(length) == fileLength;
    }

    public static long ChunkCount(long length) => length == 0 ? 1 : ((length - 1) / ChunkSize) + 1;

    public static long EncryptedFileLength(long length) => EncryptedHeaderLength + length + (ChunkCount(length) * TagSize);

    public static void WriteHeader(Span<byte> header, long length, ReadOnlySpan<byte> payloadHash, ReadOnlySpan<byte> keyHash)
    {
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], length);
        payloadHash.CopyTo(header[16..]);
        keyHash.CopyTo(header[48..]);
    }

    public static bool TryReadHeader(ReadOnlySpan<byte> header, ReadOnlySpan<byte> keyHash, out long length, out ReadOnlySpan<byte> payloadHash)
    {
        length = 0;
        payloadHash = default;
        if (header.Length < HeaderLength || !header[..8].SequenceEqual(Magic) || !header[48..80].SequenceEqual(keyHash))
        {
            return false;
        }

        length = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        payloadHash = header[16..48];
        return length >= 0;
    }

    /// <summary>SHA-256 over the key's fields, each length-prefixed so that no two keys share an encoding.</summary>
    public static byte[] KeyHash(in MessageCacheKey key) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(key.UpstreamId, key.User, key.Mailbox, key.UidValidity.ToString(System.Globalization.CultureInfo.InvariantCulture), key.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture), key.Item)));

    public static string HashName(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(parts))))[..32];

    private static string Canonical(params string[] parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part.Length).Append(':').Append(part).Append('\n');
        }

        return text.ToString();
    }
}
