using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Core.Cache;

/// <summary>
/// The on-disk entry layout: an 80-byte header, then the payload.
/// <code>
/// 0  8  magic "SCOGWC1\n"
/// 8  8  payload length, int64 little endian
/// 16 32 SHA-256 of the payload
/// 48 32 SHA-256 of the full key (file names hold a shortened hash; this rules out collisions)
/// </code>
/// </summary>
internal static class CacheEntryFormat
{
    public const int HeaderLength = 80;

    public static ReadOnlySpan<byte> Magic => "SCOGWC1\n"u8;

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
