namespace Gateway.Host.Tests;

/// <summary>A configuration file in its own temporary folder, deleted on dispose.</summary>
internal sealed class TempConfig : IDisposable
{
    public TempConfig(string json)
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scogw-host-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "scogw.json");
        File.WriteAllText(Path, json);
    }

    public string Directory { get; }

    public string Path { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
