using System.Text;
using Gateway.Core.Configuration;
using Gateway.Imap.Hierarchy;
using Gateway.Imap.Wire;

namespace Gateway.Imap.Session;

/// <summary>
/// Right after login, before the relay starts: asks the server how it names folders (NAMESPACE,
/// <c>LIST "" ""</c>) and where its special folders are, and builds the session's <see cref="HierarchyMap"/>.
/// </summary>
internal static class ImapDiscovery
{
    private const int MaxLiteral = 64 * 1024;

    public static async Task<HierarchyMap> DiscoverAsync(ImapUpstreamConnection upstream, ServerProfile profile, HierarchyOptions options, CancellationToken cancellationToken, HierarchyMapCache? shared = null)
    {
        var pipes = upstream.Pipes;

        // Everything the map is built from, to share one map among identical discoveries.
        var seen = new StringBuilder().Append(profile).Append('\n').Append(upstream.Greeting).Append('\n').AppendJoin(' ', upstream.Capabilities).Append('\n');
        NamespaceResponse? namespaces = null;
        if (upstream.Has("NAMESPACE"))
        {
            foreach (var line in await RunAsync(pipes, "SCOGWD1", "NAMESPACE", seen, cancellationToken))
            {
                using (line)
                {
                    if (line.IsAtom(1, "NAMESPACE"u8) && NamespaceResponse.TryParse(line, out var parsed, out _))
                    {
                        namespaces = parsed;
                    }
                }
            }
        }

        char? delimiter = null;
        foreach (var line in await RunAsync(pipes, "SCOGWD2", "LIST \"\" \"\"", seen, cancellationToken))
        {
            using (line)
            {
                if (line.IsAtom(1, "LIST"u8) && ListDelimiter(line) is { } d)
                {
                    delimiter = d;
                }
            }
        }

        var view = ServerViewDetector.Detect(profile, new ServerHints(namespaces, delimiter, upstream.Capabilities, upstream.Greeting));
        var entries = new List<ServerListEntry>();
        var pattern = ModifiedUtf7.Encode(view.Personal.Prefix) + "%";
        foreach (var line in await RunAsync(pipes, "SCOGWD3", $"LIST \"\" {ImapQuoting.Quoted(pattern)}", seen, cancellationToken))
        {
            using (line)
            {
                if (line.IsAtom(1, "LIST"u8) && HierarchySession.TryParseList(line, out var wireName, out var attributes))
                {
                    entries.Add(new ServerListEntry(ModifiedUtf7.DecodeLenient(wireName), attributes));
                }
            }
        }

        HierarchyMap Build() => new(view, options, SpecialFolderCatalog.FromList(entries, view));
        return shared is null ? Build() : shared.GetOrAdd(seen.ToString(), Build);
    }

    /// <summary>Converts the <c>Imap</c> options into the hierarchy's.</summary>
    public static HierarchyOptions OptionsFrom(ImapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var aliases = options.FolderAliases.Count == 0
            ? HierarchyOptions.DefaultAliases
            : [.. options.FolderAliases.Select(a => new FolderAlias(a.Key, Enum.Parse<SpecialUse>(a.Value, ignoreCase: true)))];
        return new HierarchyOptions
        {
            OtherUsersRoot = options.OtherUsersFolder,
            SharedRoot = options.SharedFolder,
            InboxChildrenContainer = options.InboxSubfoldersContainer,
            AutoSubscribeShared = options.AutoSubscribeShared,
            Aliases = aliases,
        };
    }

    private static char? ListDelimiter(ImapLine line)
    {
        // * LIST (attributes) "delimiter" name
        var i = 2;
        while (i < line.Count && line[i].Kind != ImapTokenKind.ListClose)
        {
            i++;
        }

        return i + 1 < line.Count && line[i + 1].Kind == ImapTokenKind.QuotedString && line.GetValueLength(i + 1) == 1
            ? line.GetString(i + 1)[0]
            : null;
    }

    /// <summary>Runs one command and returns its untagged responses, parsed; fails on a BYE or a lost connection.</summary>
    private static async Task<List<ImapLine>> RunAsync(ImapPipes pipes, string tag, string command, StringBuilder seen, CancellationToken cancellationToken)
    {
        await pipes.WriteLineAsync($"{tag} {command}", cancellationToken);
        await pipes.Writer.FlushAsync(cancellationToken);
        var lines = new List<ImapLine>();
        var bytes = new List<byte>();
        var continuation = false;
        while (true)
        {
            var segment = await pipes.ReadSegmentAsync(serverResponse: true, continuation, cancellationToken)
                ?? throw new IOException("the server closed the connection");
            bytes.AddRange(segment.Line);
            bytes.AddRange("\r\n"u8);
            if (segment.Literal is { } literal)
            {
                if (literal.Length > MaxLiteral)
                {
                    throw new InvalidDataException($"the server answered {command} with a {literal.Length}-byte literal");
                }

                bytes.AddRange(await pipes.ReadLiteralAsync(literal.Length, cancellationToken) ?? throw new IOException("the server closed the connection"));
                continuation = true;
                continue;
            }

            continuation = false;
            var text = bytes.ToArray();
            bytes.Clear();
            if (text.AsSpan().StartsWith(Encoding.ASCII.GetBytes(tag + " ")))
            {
                return lines;
            }

            if (text.AsSpan().StartsWith("* BYE"u8))
            {
                throw new IOException($"the server closed the session: {Encoding.UTF8.GetString(text).TrimEnd()}");
            }

            seen.Append(Encoding.Latin1.GetString(text));
            if (ImapLines.TryParse(text, command: false) is { } parsed)
            {
                lines.Add(parsed);
            }
        }
    }
}
