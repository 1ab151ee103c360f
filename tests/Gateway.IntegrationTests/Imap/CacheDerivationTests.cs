using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Core.Cache;
using Gateway.Imap.Cache;
using Gateway.IntegrationTests.Fixtures;
using Gateway.TestSupport;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Imap;

/// <summary>
/// Issue 6, the truth for items derived from a cached <c>BODY[]</c>: every sample of <see cref="MimeSamples"/> is
/// APPENDed straight to the server (no gateway), its <c>BODY[]</c> is stored in a message cache, and every item the
/// cache claims to derive from it (the composer answers) must equal the server's own answer byte for byte. Items the
/// cache declines are listed in the test output.
/// </summary>
public abstract partial class CacheDerivationTests(ITestOutputHelper output)
{
    // Whole-message items, and partials of sections, asked besides BODY.PEEK[section] for every section of the samples.
    private static readonly string[] OtherItems =
    [
        "RFC822", "RFC822.SIZE", "RFC822.HEADER", "RFC822.TEXT", "BODY.PEEK[HEADER]<0.10>", "BODY.PEEK[TEXT]<5.20>",
        "BODY.PEEK[TEXT]<100000.5>", "BODY.PEEK[1]<2.3>", "BODY.PEEK[1.MIME]<1.1>", "BODY.PEEK[2.1]<0.100000>", "BODY.PEEK[2]<70000.1000>",
    ];

    // Items that must be derived (not merely declined) on every server, so the test cannot pass by declining.
    private static readonly (string Sample, string Item)[] MustDerive =
    [
        ("single", "RFC822"), ("single", "RFC822.SIZE"), ("single", "RFC822.HEADER"), ("single", "RFC822.TEXT"), ("single", "BODY.PEEK[1.MIME]"),
        ("mixed", "BODY.PEEK[2.1]"), ("mixed", "BODY.PEEK[2.HEADER]"), ("mixed", "BODY.PEEK[2.TEXT]"), ("mixed", "BODY.PEEK[2.MIME]"),
        ("mixed", "BODY.PEEK[3]"), ("mixed", "BODY.PEEK[TEXT]<5.20>"), ("mixed", "BODY.PEEK[2.1]<0.100000>"),
        ("alternative", "BODY.PEEK[2]"), ("digest", "BODY.PEEK[1.1]"), ("nested", "BODY.PEEK[1.2]"), ("top-rfc822", "BODY.PEEK[1.1]"),
        ("message-in-message", "BODY.PEEK[1.1.1]"), ("no-epilogues", "BODY.PEEK[1.1]"), ("eight-bit", "BODY.PEEK[HEADER]"),
        ("eight-bit", "BODY.PEEK[1]"), ("report", "BODY.PEEK[2]"), ("folded-and-quoted", "BODY.PEEK[2.TEXT]"),
        ("large", "BODY.PEEK[2]"), ("large", "BODY.PEEK[3]"), ("large", "BODY.PEEK[3.MIME]"), ("large", "BODY.PEEK[2]<70000.1000>"), ("large", "RFC822"),
    ];

    private protected abstract UpstreamServer Server { get; }

    /// <summary>Where alice's folders live (Cyrus: under <c>INBOX.</c>).</summary>
    private protected abstract string FolderPrefix { get; }

    [Fact]
    public async Task Items_derived_from_a_cached_BODY_equal_the_servers_own()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"scogw-derive-{Guid.NewGuid():N}");
        ImapBytesSession? imap = null;
        try
        {
            var store = new MessageCacheStore(new MessageCacheOptions { Enabled = true, Directory = directory, MaxSizeMB = 64 });
            var scope = new MessageCacheMailbox(Server.Name, "alice", "Derive", 1);
            imap = await ImapBytesSession.LoginAsync(Direct, "alice", "alicepw");
            var mailbox = $"{FolderPrefix}Derive{Guid.NewGuid():N}"[..(FolderPrefix.Length + 14)];
            await imap.RunOkAsync($"CREATE {mailbox}");
            await imap.RunOkAsync($"SELECT {mailbox}");

            var derived = new HashSet<(string, string)>();
            var report = new StringBuilder();
            foreach (var (name, message) in MimeSamples.All)
            {
                var appended = await imap.AppendStatusAsync(mailbox, message);
                if (AppendUid().Match(appended) is not { Success: true } match)
                {
                    report.Append(CultureInfo.InvariantCulture, $"{name}: APPEND refused: {appended}\n");
                    continue;
                }

                var uid = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                var items = MimeSamples.Sections.Select(s => $"BODY.PEEK[{s}]").Concat(OtherItems).ToList();
                var answers = new List<FetchResponseItem>();
                try
                {
                    answers.AddRange((await FetchAsync(imap, uid, ["BODY.PEEK[]", .. items])).Items);
                }
                catch (IOException)
                {
                    // Note: Dovecot 2.3.19 drops the connection on BODY[TEXT]<5.20> of a message with a bare CR ("Broken MIME
                    // parts ... got too little data: 3 vs 4" in its log). Ask item by item, reconnecting after such a drop.
                    imap = await ReconnectAsync(imap, mailbox);
                    foreach (var text in (string[])["BODY.PEEK[]", .. items])
                    {
                        try
                        {
                            answers.AddRange((await FetchAsync(imap, uid, [text])).Items);
                        }
                        catch (IOException)
                        {
                            report.Append(CultureInfo.InvariantCulture, $"{name}: the server dropped the connection on {text}\n");
                            imap = await ReconnectAsync(imap, mailbox);
                        }
                    }
                }

                var direct = new FetchResponse(0, answers);
                var body = direct.Find("BODY[]") ?? throw new InvalidOperationException($"{name}: no BODY[] in the answer");
                Assert.True(await store.TryStoreAsync(scope.Key(uid, FetchItem.WholeMessageKey), FetchResponseComposer.EntryBytes(body)));

                var declined = new List<string>();
                foreach (var text in items)
                {
                    var request = Parse($"a UID FETCH {uid} {text}");
                    var item = request.Items[0];
                    if (direct.Find(item.ResponseName) is not { } server)
                    {
                        continue; // the server could not answer it (above)
                    }

                    var plan = FetchPlanner.PlanUid(request, [uid], (u, key) => store.Contains(scope.Key(u, key)));
                    Assert.Equal(item.MessageSection is not null, plan.Hits.Count == 1);

                    using var composed = new MemoryStream();
                    var upstream = Response($"* 1 FETCH (UID {uid})");
                    if (!await FetchResponseComposer.TryWriteAsync(composed, 1, request, upstream, key => store.TryOpenAsync(scope.Key(uid, key))))
                    {
                        Assert.Equal(0, composed.Length);
                        declined.Add($"{text}={Describe(server)}");
                        continue;
                    }

                    var answer = Response(composed.ToArray()).Find(item.ResponseName);
                    Assert.NotNull(answer);
                    if (!answer.Raw.Span.SequenceEqual(server.Raw.Span))
                    {
                        Assert.Fail($"{Server.Name}, sample {name}, {text}:\nserver:  {Show(server.Raw)}\nderived: {Show(answer.Raw)}");
                    }

                    derived.Add((name, text));
                }

                report.Append(CultureInfo.InvariantCulture, $"{name}: {items.Count - declined.Count} derived, declined {string.Join(' ', declined)}\n");
            }

            output.WriteLine(report.ToString());
            var missing = MustDerive.Where(m => !derived.Contains(m)).ToList();
            Assert.True(missing.Count == 0, $"not derived on {Server.Name}: {string.Join(", ", missing)}");
            await imap.RunOkAsync($"DELETE {mailbox}");
        }
        finally
        {
            if (imap is not null)
            {
                await imap.DisposeAsync();
            }

            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private System.Net.IPEndPoint Direct => new(System.Net.IPAddress.Loopback, Server.Port("IMAP_PORT"));

    private async Task<ImapBytesSession> ReconnectAsync(ImapBytesSession broken, string mailbox)
    {
        await broken.DisposeAsync();
        var imap = await ImapBytesSession.LoginAsync(Direct, "alice", "alicepw");
        await imap.RunOkAsync($"SELECT {mailbox}");
        return imap;
    }

    /// <summary>UID FETCH uid (items) and the one FETCH answer for it, literals inline.</summary>
    private static async Task<FetchResponse> FetchAsync(ImapBytesSession imap, long uid, IEnumerable<string> items)
    {
        var responses = await imap.RunOkAsync($"UID FETCH {uid} ({string.Join(' ', items)})");
        return responses.Select(r => FetchResponse.TryParse(r, out var response) ? response : null).LastOrDefault(r => r?.Uid == uid)
            ?? throw new InvalidOperationException("no FETCH answer");
    }

    private static FetchRequest Parse(string line)
    {
        Assert.True(FetchCommandParser.TryParse(Encoding.ASCII.GetBytes(line), out var request), line);
        return request;
    }

    private static FetchResponse Response(string line) => Response(Encoding.ASCII.GetBytes(line));

    private static FetchResponse Response(byte[] line)
    {
        Assert.True(FetchResponse.TryParse(line, out var response), Encoding.Latin1.GetString(line));
        return response;
    }

    // What the server answered for a declined item, shortly: NIL, "" or the literal length.
    private static string Describe(FetchResponseItem item)
    {
        var value = Encoding.Latin1.GetString(item.Value);
        return value.StartsWith('{') ? value[..(value.IndexOf('}', StringComparison.Ordinal) + 1)] : value;
    }

    private static string Show(ReadOnlyMemory<byte> bytes) =>
        Encoding.Latin1.GetString(bytes.Span[..Math.Min(bytes.Length, 400)]).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    [GeneratedRegex(@"^OK \[APPENDUID \d+ (\d+)\]")]
    private static partial Regex AppendUid();
}

[Collection(Collections.MailStack)]
public sealed class DovecotCacheDerivationTests(MailStackFixture servers, ITestOutputHelper output) : CacheDerivationTests(output)
{
    private protected override UpstreamServer Server => servers.Dovecot;

    private protected override string FolderPrefix => "";
}

[Collection(Collections.Cyrus)]
public sealed class CyrusCacheDerivationTests(CyrusFixture cyrus, ITestOutputHelper output) : CacheDerivationTests(output)
{
    private protected override UpstreamServer Server => cyrus.Server;

    private protected override string FolderPrefix => "INBOX.";
}
