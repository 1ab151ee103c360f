using Gateway.Core;
using Gateway.Core.Cache;
using Gateway.Core.Configuration;
using Gateway.Host.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Host.Tests.Configuration;

/// <summary><c>Cache:Encrypt</c> and <c>Cache:KeyFile</c>: validation, key generation and the store it builds.</summary>
[Collection("Process environment")]
public sealed class CacheEncryptionConfigurationTests : IDisposable
{
    private readonly TempConfig _config = new("""{ "Cache": { "Path": "cache" } }""");

    public void Dispose() => _config.Dispose();

    private GatewayConfiguration Load(params (string Key, string Value)[] overrides) =>
        GatewayConfiguration.Load(_config.Path, overrides.ToDictionary(o => o.Key, o => (string?)o.Value));

    [Fact]
    public void Encrypt_WithoutKeyFile_NamesTheKey()
    {
        var error = Assert.Single(Load(("Cache:Encrypt", "true")).Errors);

        Assert.Equal("Cache:KeyFile", error.Key);
        Assert.Contains("is required when Cache:Encrypt is true", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cache/cache.key")]
    [InlineData("cache/keys/cache.key")]
    [InlineData("cache")]
    public void KeyFile_InsideTheCacheFolder_IsRefused(string keyFile)
    {
        var error = Assert.Single(Load(("Cache:Encrypt", "true"), ("Cache:KeyFile", keyFile)).Errors);

        Assert.Equal("Cache:KeyFile", error.Key);
        Assert.Contains("inside Cache:Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyFile_BesideTheCacheFolder_IsGeneratedOwnerOnlyOnceAndThenKept()
    {
        var config = Load(("Cache:Encrypt", "true"), ("Cache:KeyFile", "cache-key/cache.key"), ("Cache:Path", "cache2"));
        Assert.Empty(config.Errors);
        var keyFile = Path.Combine(_config.Directory, "cache-key", "cache.key");
        Assert.Equal(keyFile, config.Options.Cache.KeyFile);
        Assert.False(File.Exists(keyFile));

        Assert.Empty(GatewayOptionsReader.CheckWritablePaths(config.Options));

        var text = File.ReadAllText(keyFile);
        Assert.Equal(32, Convert.FromBase64String(text.Trim()).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.Empty(GatewayOptionsReader.CheckWritablePaths(config.Options));
        Assert.Equal(text, File.ReadAllText(keyFile));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(keyFile)!, "*.tmp"));
    }

    [Fact]
    public void KeyFile_ThatHoldsNoKey_IsReportedByTheStartupCheck()
    {
        var keyFile = Path.Combine(_config.Directory, "bad.key");
        File.WriteAllText(keyFile, "not a key");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var config = Load(("Cache:Encrypt", "true"), ("Cache:KeyFile", keyFile));

        var error = Assert.Single(GatewayOptionsReader.CheckWritablePaths(config.Options));

        Assert.Equal("Cache:KeyFile", error.Key);
        Assert.Contains("holds no key", error.Message, StringComparison.Ordinal);
        Assert.Equal("not a key", File.ReadAllText(keyFile));
    }

    [Fact]
    public void KeyFile_ReadableByOthers_IsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the ACL is the admin's job there (README)
        }

        var keyFile = Path.Combine(_config.Directory, "open.key");
        File.WriteAllBytes(keyFile, new byte[32]);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var config = Load(("Cache:Encrypt", "true"), ("Cache:KeyFile", keyFile));

        var error = Assert.Single(GatewayOptionsReader.CheckWritablePaths(config.Options));

        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encrypt_BuildsAStoreThatWritesOnlySealedEntries()
    {
        var config = Load(("Cache:Encrypt", "true"), ("Cache:KeyFile", "cache.key"));
        Assert.Empty(config.Errors);
        Assert.Empty(GatewayOptionsReader.CheckWritablePaths(config.Options));
        using var services = new ServiceCollection().AddGatewayCore(config.Options).BuildServiceProvider();
        var store = services.GetRequiredService<MessageCacheStore>();
        var key = new MessageCacheKey("imap", "alice", "INBOX", 1, 1, "BODY[]");

        Assert.True(await store.TryStoreAsync(key, "Subject: secret plans\r\n\r\n"u8.ToArray()));

        var file = Directory.EnumerateFiles(config.Options.Cache.Path, "*.entry", SearchOption.AllDirectories).Single();
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual("SCOGWC2\n"u8));
        Assert.Equal(-1, bytes.AsSpan().IndexOf("secret"u8));
        await using var entry = await store.TryOpenAsync(key);
        Assert.NotNull(entry);
    }

    [Fact]
    public void CheckConfig_PrintsTheKeyFilePathNeverTheKey()
    {
        var keyFile = Path.Combine(_config.Directory, "k.key");
        File.WriteAllText(keyFile, Convert.ToBase64String(new byte[32]) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var lines = SettingsPrinter.Lines(Load(("Cache:Encrypt", "true"), ("Cache:KeyFile", keyFile)).Options).ToList();

        Assert.Contains("Cache:Encrypt = true", lines);
        Assert.Contains($"Cache:KeyFile = {keyFile}", lines);
        Assert.DoesNotContain(lines, l => l.Contains(Convert.ToBase64String(new byte[32]), StringComparison.Ordinal));
    }
}
