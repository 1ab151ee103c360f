using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gateway.Core.Cache;

/// <summary>
/// AES-256-GCM for the chunks of one encrypted entry (layout in <see cref="CacheEntryFormat"/>): the entry key is
/// derived from the master key and the entry's random salt, bound to the full cache key.
/// </summary>
internal sealed class CacheEntryCipher : IDisposable
{
    private readonly AesGcm _aes;
    private readonly byte[] _keyHash;
    private readonly byte[] _noncePrefix;

    private CacheEntryCipher(ReadOnlySpan<byte> masterKey, byte[] salt, byte[] keyHash, byte[] noncePrefix)
    {
        Span<byte> info = stackalloc byte[Info.Length + keyHash.Length];
        Info.CopyTo(info);
        keyHash.CopyTo(info[Info.Length..]);
        Span<byte> entryKey = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, entryKey, salt, info);
        _aes = new AesGcm(entryKey, CacheEntryFormat.TagSize);
        CryptographicOperations.ZeroMemory(entryKey);
        Salt = salt;
        _keyHash = keyHash;
        _noncePrefix = noncePrefix;
    }

    public byte[] Salt { get; }

    public ReadOnlySpan<byte> NoncePrefix => _noncePrefix;

    private static ReadOnlySpan<byte> Info => "scogw cache entry"u8;

    /// <summary>A cipher for a new entry, with a fresh random salt and nonce prefix.</summary>
    public static CacheEntryCipher CreateForWrite(ReadOnlySpan<byte> masterKey, byte[] keyHash) =>
        new(masterKey, RandomNumberGenerator.GetBytes(CacheEntryFormat.SaltSize), keyHash, RandomNumberGenerator.GetBytes(CacheEntryFormat.NoncePrefixSize));

    /// <summary>The cipher of an existing entry, from its (already checked) header.</summary>
    public static CacheEntryCipher FromHeader(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> header) =>
        new(masterKey, header[16..48].ToArray(), header[48..80].ToArray(), header[80..87].ToArray());

    /// <summary>Encrypts chunk <paramref name="index"/> into <paramref name="output"/>: ciphertext then tag.</summary>
    public void Seal(ReadOnlySpan<byte> plain, Span<byte> output, long index, bool last)
    {
        Span<byte> nonce = stackalloc byte[12];
        Nonce(nonce, index, last);
        _aes.Encrypt(nonce, plain, output[..plain.Length], output.Slice(plain.Length, CacheEntryFormat.TagSize), _keyHash);
    }

    /// <summary>Decrypts and authenticates chunk <paramref name="index"/>; false when it was altered, moved or is not the expected last/non-last chunk.</summary>
    public bool TryOpen(ReadOnlySpan<byte> sealedChunk, Span<byte> plain, long index, bool last)
    {
        var length = sealedChunk.Length - CacheEntryFormat.TagSize;
        if (length < 0 || plain.Length < length)
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[12];
        Nonce(nonce, index, last);
        try
        {
            _aes.Decrypt(nonce, sealedChunk[..length], sealedChunk[length..], plain[..length], _keyHash);
            return true;
        }
        catch (CryptographicException)
        {
            plain[..length].Clear();
            return false;
        }
    }

    public void Dispose() => _aes.Dispose();

    private void Nonce(Span<byte> nonce, long index, bool last)
    {
        if ((ulong)index > uint.MaxValue)
        {
            throw new IOException("A cache entry cannot have more than 2^32 chunks.");
        }

        _noncePrefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[CacheEntryFormat.NoncePrefixSize..], (uint)index);
        nonce[11] = last ? (byte)1 : (byte)0;
    }
}
