using System.Security.Cryptography;
using System.Text;

namespace Gateway.Core.Cache;

/// <summary>
/// The key file of <c>Cache:Encrypt</c> (<c>Cache:KeyFile</c>): 32 bytes, stored as one line of Base64 (as generated)
/// or as 32 raw bytes. On Unix a generated file is created owner-only (0600) and an existing one that group or others
/// can access is refused; on Windows the file inherits its folder's ACL, which the admin must restrict.
/// </summary>
public static class CacheKeyFile
{
    public const int KeyLength = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Reads the key, or creates the file with a new random key when it does not exist.</summary>
    /// <exception cref="IOException">The file cannot be read or created.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read or created.</exception>
    /// <exception cref="InvalidDataException">The file exists but holds no key, or others may read it.</exception>
    public static byte[] LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            try
            {
                return Create(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }

        return Load(path);
    }

    /// <summary>Reads an existing key file.</summary>
    /// <exception cref="InvalidDataException">The file holds no key, or others may read it.</exception>
    public static byte[] Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & ~(OwnerOnly | UnixFileMode.UserExecute)) != 0)
            {
                throw new InvalidDataException($"key file '{path}' may be read by other users (mode {Convert.ToString((int)mode, 8)}); make it owner-only: chmod 600");
            }
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == KeyLength)
        {
            return bytes;
        }

        var key = new byte[KeyLength];
        var text = Encoding.ASCII.GetString(bytes).Trim();
        if (!Convert.TryFromBase64String(text, key, out var written) || written != KeyLength)
        {
            throw new InvalidDataException($"key file '{path}' holds no key: expected {KeyLength} bytes, raw or as one line of Base64");
        }

        return key;
    }

    private static byte[] Create(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var key = RandomNumberGenerator.GetBytes(KeyLength);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        // Written aside and renamed into place, so a crash never leaves a half key. Two processes creating the key
        // at the same instant may each keep their own (on Unix the no-overwrite rename checks, then renames): the
        // entries sealed with the key that lost fail authentication later and are refetched, nothing worse.
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, options))
            {
                file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: false);
        }
        finally
        {
            File.Delete(temp);
        }

        return key;
    }
}
