using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.FreeBusy;

/// <summary>Runs the real curl as the FTP client.</summary>
internal static class Curl
{
    /// <summary>Runs curl with <paramref name="arguments"/> plus a time limit and verbose protocol output (on stderr).</summary>
    public static Task<ProcessRunner.Result> RunAsync(CurlMode mode, params string[] arguments)
    {
        string[] modeArguments = mode switch
        {
            CurlMode.Epsv => [],
            CurlMode.Pasv => ["--disable-epsv"],
            CurlMode.Eprt => ["--ftp-port", "127.0.0.1"],
            CurlMode.Port => ["--ftp-port", "127.0.0.1", "--disable-eprt"],
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
        return ProcessRunner.RunAsync("curl", ["-sS", "-v", "--max-time", "30", .. modeArguments, .. arguments], timeout: TimeSpan.FromSeconds(60));
    }

    /// <summary>Uploads <paramref name="file"/> to <paramref name="url"/>.</summary>
    public static Task<ProcessRunner.Result> UploadAsync(string file, string url, CurlMode mode = CurlMode.Epsv) => RunAsync(mode, "-T", file, url);

    /// <summary>Downloads <paramref name="url"/>; the bytes, or null when curl failed (see the result).</summary>
    public static async Task<(byte[]? Bytes, ProcessRunner.Result Result)> DownloadAsync(string url, CurlMode mode = CurlMode.Epsv)
    {
        var output = Path.Combine(TestTls.RunDirectory, $"download-{Guid.NewGuid():N}");
        try
        {
            var result = await RunAsync(mode, "-o", output, url);
            return (result.ExitCode == 0 ? await File.ReadAllBytesAsync(output) : null, result);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
