using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Gateway.Core.Configuration;

/// <summary>
/// Reads <see cref="GatewayOptions"/> from configuration and reports every problem at once,
/// each naming its key and what the key allows.
/// </summary>
/// <remarks>
/// The configuration binder throws on the first bad enum or number and does not say which key;
/// an admin fixing a terminal server's config needs all errors, by key, in one run.
/// </remarks>
public static class GatewayOptionsReader
{
    /// <param name="configuration">The merged configuration (file, environment, command line).</param>
    /// <param name="baseDirectory">Relative paths are resolved against this folder (the config file's).</param>
    /// <param name="errors">Every problem found, by key; empty when the options are usable.</param>
    public static GatewayOptions Read(IConfiguration configuration, string baseDirectory, out IReadOnlyList<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var reader = new Reader(configuration, baseDirectory);
        var options = new GatewayOptions
        {
            Upstream = new UpstreamOptions
            {
                Imap = reader.Endpoint("Upstream:Imap", 143),
                Smtp = reader.Endpoint("Upstream:Smtp", 587),
                FreeBusy = new FreeBusyUpstreamOptions
                {
                    Url = reader.FreeBusyUrl("Upstream:FreeBusy:Url"),
                    AcceptInvalidCertificate = reader.Bool("Upstream:FreeBusy:AcceptInvalidCertificate", false),
                    TrustedCaPath = reader.ExistingFile("Upstream:FreeBusy:TrustedCaPath"),
                },
                Profile = reader.Enum("Upstream:Profile", ServerProfile.Auto),
                ConnectTimeoutSeconds = reader.Int("Upstream:ConnectTimeoutSeconds", 15, 1, 600),
                ReadTimeoutSeconds = reader.Int("Upstream:ReadTimeoutSeconds", 60, 1, 3600),
            },
            Listen = new ListenOptions
            {
                Imap = reader.Listener("Listen:Imap"),
                ImapTls = reader.Listener("Listen:ImapTls"),
                Smtp = reader.Listener("Listen:Smtp"),
                SmtpTls = reader.Listener("Listen:SmtpTls"),
                Ftp = reader.Listener("Listen:Ftp"),
                Pop3 = reader.Listener("Listen:Pop3"),
                Pop3Tls = reader.Listener("Listen:Pop3Tls"),
            },
            Tls = new TlsOptions
            {
                CertificatePath = reader.ExistingFile("Tls:CertificatePath"),
                CertificatePassword = reader.String("Tls:CertificatePassword"),
            },
            Imap = new ImapOptions
            {
                DelayNewMail = reader.Bool("Imap:DelayNewMail", true),
                IdleRefreshSeconds = reader.Int("Imap:IdleRefreshSeconds", 25 * 60, 10, 29 * 60),
                AutologoutMinutes = reader.Int("Imap:AutologoutMinutes", 30, 30, 24 * 60),
                LoginTimeoutSeconds = reader.Int("Imap:LoginTimeoutSeconds", 120, 5, 3600),
                MaxLineKB = reader.Int("Imap:MaxLineKB", 64, 8, 10 * 1024),
                MaxLiteralMB = reader.Int("Imap:MaxLiteralMB", 256, 1, 4096),
                OtherUsersFolder = reader.FolderName("Imap:OtherUsersFolder", "Other Users"),
                SharedFolder = reader.FolderName("Imap:SharedFolder", "Shared Folders"),
                InboxSubfoldersContainer = reader.FolderName("Imap:InboxSubfoldersContainer", "Inbox-Subfolders"),
                AutoSubscribeShared = reader.Bool("Imap:AutoSubscribeShared", true),
                FolderAliases = reader.FolderAliases("Imap:FolderAliases"),
            },
            Smtp = new SmtpOptions
            {
                RequireSenderMatch = reader.Bool("Smtp:RequireSenderMatch", true),
                LocalDomains = reader.Domains("Smtp:LocalDomains"),
                SenderAliases = reader.AddressLists("Smtp:SenderAliases"),
                MaxMessageSizeKB = reader.Int("Smtp:MaxMessageSizeKB", 0, 0, 4 * 1024 * 1024),
                RelayFirst = reader.Bool("Smtp:RelayFirst", true),
                ServiceAccountUser = reader.String("Smtp:ServiceAccountUser"),
                ServiceAccountPassword = reader.String("Smtp:ServiceAccountPassword"),
                RetryFirstSeconds = reader.Int("Smtp:RetryFirstSeconds", 300, 1, 24 * 3600),
                RetryMaxSeconds = reader.Int("Smtp:RetryMaxSeconds", 4000, 1, 7 * 24 * 3600),
                GiveUpHours = reader.Int("Smtp:GiveUpHours", 120, 0, 90 * 24),
                DeliveryConcurrency = reader.Int("Smtp:DeliveryConcurrency", 4, 1, 64),
                ClientTimeoutSeconds = reader.Int("Smtp:ClientTimeoutSeconds", 300, 5, 3600),
            },
            Acl = new AclSettings
            {
                ClientDialect = reader.OneOf("Acl:ClientDialect", "Rfc2086", ["Rfc2086", "Rfc4314", "Auto"]),
                LoginDomain = reader.Domain("Acl:LoginDomain"),
                AllowOwnerLockout = reader.Bool("Acl:AllowOwnerLockout", false),
            },
            Pop3 = new Pop3Options
            {
                Mailbox = reader.MailboxName("Pop3:Mailbox", "INBOX"),
                IgnoreDelete = reader.Bool("Pop3:IgnoreDelete", false),
                ClientTimeoutSeconds = reader.Int("Pop3:ClientTimeoutSeconds", 600, 600, 24 * 3600),
            },
            Cache = new CacheOptions
            {
                Enabled = reader.Bool("Cache:Enabled", true),
                Path = reader.Path("Cache:Path", "cache"),
                MaxSizeMB = reader.Int("Cache:MaxSizeMB", 2048, 1, 10_000_000),
                Encrypt = reader.Bool("Cache:Encrypt", false),
                KeyFile = reader.String("Cache:KeyFile") is null ? null : reader.Path("Cache:KeyFile", ""),
                Prefetch = reader.ServerMailboxes("Cache:Prefetch"),
                PrefetchMaxMessageKB = reader.Int("Cache:PrefetchMaxMessageKB", 10240, 1, 4 * 1024 * 1024),
                PrefetchNewest = reader.Int("Cache:PrefetchNewest", 200, 1, 100_000),
                PrefetchIntervalSeconds = reader.Int("Cache:PrefetchIntervalSeconds", 300, 1, 24 * 3600),
            },
            Spool = new SpoolOptions { Path = reader.Path("Spool:Path", "spool") },
            FreeBusy = new FreeBusyOptions
            {
                Path = reader.Path("FreeBusy:Path", "freebusy"),
                MaxUploadKB = reader.Int("FreeBusy:MaxUploadKB", 1024, 1, 100 * 1024),
                Aliases = reader.Aliases("FreeBusy:Aliases"),
                ServiceUser = reader.String("FreeBusy:ServiceUser"),
                ServicePassword = reader.String("FreeBusy:ServicePassword"),
                ImapFolder = reader.String("FreeBusy:ImapFolder") ?? "FreeBusy",
                PassivePortMin = reader.Int("FreeBusy:PassivePortMin", 0, 0, 65535),
                PassivePortMax = reader.Int("FreeBusy:PassivePortMax", 0, 0, 65535),
                IdleTimeoutSeconds = reader.Int("FreeBusy:IdleTimeoutSeconds", 300, 5, 24 * 3600),
                TransferTimeoutSeconds = reader.Int("FreeBusy:TransferTimeoutSeconds", 60, 1, 3600),
                LookupTimeoutSeconds = reader.Int("FreeBusy:LookupTimeoutSeconds", 5, 1, 300),
                RetrySeconds = reader.Int("FreeBusy:RetrySeconds", 60, 1, 24 * 3600),
            },
            Logs = new LogsOptions
            {
                Path = reader.Path("Logs:Path", "logs"),
                Traffic = reader.Bool("Logs:Traffic", false),
                TrafficJson = reader.Bool("Logs:TrafficJson", false),
                Level = reader.OneOf("Logs:Level", "Information", LogLevels),
                RetainDays = reader.Int("Logs:RetainDays", 14, 1, 3650),
            },
        };

        reader.CrossCheck(options);
        errors = reader.Errors;
        return options;
    }

    /// <summary>
    /// Checks that every folder the gateway writes to exists or can be made, and takes a file.
    /// </summary>
    public static IReadOnlyList<ConfigurationError> CheckWritablePaths(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ConfigurationError>();
        (string Key, string Path)[] folders =
        [
            ("Cache:Path", options.Cache.Path), ("Spool:Path", options.Spool.Path), ("Logs:Path", options.Logs.Path),
            ("FreeBusy:Path", options.FreeBusy.Path),
        ];
        if (options.Cache.Encrypt && options.Cache.KeyFile is { } keyFile)
        {
            try
            {
                _ = Cache.CacheKeyFile.LoadOrCreate(keyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                errors.Add(new("Cache:KeyFile", e.Message));
            }
        }

        foreach (var (key, path) in folders)
        {
            try
            {
                Directory.CreateDirectory(path);
                var probe = System.IO.Path.Combine(path, $".scogw-write-test-{Environment.ProcessId}");
                File.WriteAllBytes(probe, []);
                File.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                errors.Add(new(key, $"folder '{System.IO.Path.GetFullPath(path)}' is not writable: {e.Message}"));
            }
        }

        return errors;
    }

    private static readonly string[] LogLevels = ["Verbose", "Debug", "Information", "Warning", "Error", "Fatal"];

    private sealed class Reader(IConfiguration configuration, string baseDirectory)
    {
        public List<ConfigurationError> Errors { get; } = [];

        public string? String(string key)
        {
            var value = configuration[key];
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        public int Int(string key, int fallback, int min, int max)
        {
            var text = String(key);
            if (text is null)
            {
                return fallback;
            }

            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                Errors.Add(new(key, $"'{text}' is not allowed; expected a whole number from {min} to {max}"));
                return fallback;
            }

            return value;
        }

        public bool Bool(string key, bool fallback)
        {
            var text = String(key);
            if (text is null)
            {
                return fallback;
            }

            if (!bool.TryParse(text, out var value))
            {
                Errors.Add(new(key, $"'{text}' is not allowed; expected true or false"));
                return fallback;
            }

            return value;
        }

        public T Enum<T>(string key, T fallback)
            where T : struct, System.Enum
        {
            var text = String(key);
            if (text is null)
            {
                return fallback;
            }

            if (int.TryParse(text, out _) || !System.Enum.TryParse<T>(text, ignoreCase: true, out var value))
            {
                Errors.Add(new(key, $"'{text}' is not allowed; expected one of {string.Join(", ", System.Enum.GetNames<T>())}"));
                return fallback;
            }

            return value;
        }

        /// <summary>A single client folder level: not empty, no <c>/</c>, no control characters, not INBOX.</summary>
        public string FolderName(string key, string fallback)
        {
            var value = String(key);
            if (value is null)
            {
                return fallback;
            }

            if (value.Length == 0 || value.Contains('/', StringComparison.Ordinal) || value.Any(char.IsControl)
                || value.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
            {
                Errors.Add(new(key, $"'{value}' is not a usable folder name: one level, no '/', not INBOX"));
                return fallback;
            }

            return value;
        }

        /// <summary>An upstream mailbox name as the server spells it (any hierarchy); no control characters.</summary>
        public string MailboxName(string key, string fallback)
        {
            var value = String(key);
            if (value is null)
            {
                return fallback;
            }

            if (value.Any(char.IsControl))
            {
                Errors.Add(new(key, $"'{value}' is not a usable mailbox name: control characters are not allowed"));
                return fallback;
            }

            return value;
        }

        /// <summary>A list of upstream mailbox names as the server spells them on the wire (modified UTF-7): printable ASCII.</summary>
        public List<string> ServerMailboxes(string key)
        {
            var names = List(key);
            foreach (var name in names.Where(n => n.Any(c => c is < ' ' or > '~')))
            {
                Errors.Add(new(key, $"'{name}' is not a usable mailbox name: printable ASCII only, as the server spells it (modified UTF-7, e.g. INBOX or INBOX.Sent)"));
            }

            return [.. names.Distinct(StringComparer.Ordinal)];
        }

        /// <summary>Folder name → special-use role (Sent, Drafts, Trash, Junk, Archive).</summary>
        public Dictionary<string, string> FolderAliases(string key)
        {
            string[] roles = ["Sent", "Drafts", "Trash", "Junk", "Archive"];
            var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var child in configuration.GetSection(key).GetChildren())
            {
                var role = roles.FirstOrDefault(r => r.Equals(child.Value, StringComparison.OrdinalIgnoreCase));
                if (role is null || child.Key.Length == 0 || child.Key.Contains('/', StringComparison.Ordinal))
                {
                    Errors.Add(new($"{key}:{child.Key}", $"'{child.Value}' must be one of {string.Join(", ", roles)} (and the name one folder level)"));
                    continue;
                }

                aliases[child.Key] = role;
            }

            return aliases;
        }

        public string OneOf(string key, string fallback, string[] allowed)
        {
            var text = String(key);
            if (text is null)
            {
                return fallback;
            }

            var match = Array.Find(allowed, a => a.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                Errors.Add(new(key, $"'{text}' is not allowed; expected one of {string.Join(", ", allowed)}"));
                return fallback;
            }

            return match;
        }

        /// <summary>A list given as a JSON array or as one comma-separated value (handy in an environment variable).</summary>
        public List<string> List(string key)
        {
            var single = String(key);
            var items = single is not null
                ? single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : configuration.GetSection(key).GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0);
            return [.. items];
        }

        public string Domain(string key)
        {
            var value = String(key) ?? "";
            if (value.Contains('@', StringComparison.Ordinal) || value.Contains(' ', StringComparison.Ordinal))
            {
                Errors.Add(new(key, $"'{value}' is not allowed; expected a domain name such as example.com"));
                return "";
            }

            return value;
        }

        public List<string> Domains(string key)
        {
            var domains = List(key);
            foreach (var domain in domains.Where(d => d.Contains('@', StringComparison.Ordinal) || d.Contains(' ', StringComparison.Ordinal)))
            {
                Errors.Add(new(key, $"'{domain}' is not allowed; expected domain names such as example.com"));
            }

            return domains;
        }

        public Dictionary<string, IReadOnlyList<string>> AddressLists(string section)
        {
            var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var child in configuration.GetSection(section).GetChildren())
            {
                var key = $"{section}:{child.Key}";
                var addresses = List(key);
                foreach (var address in addresses.Where(a => a.IndexOf('@', StringComparison.Ordinal) is <= 0 || a.Contains(' ', StringComparison.Ordinal)))
                {
                    Errors.Add(new(key, $"'{address}' is not allowed; expected mail addresses such as name@example.com"));
                }

                map[child.Key] = addresses;
            }

            return map;
        }

        public FreeBusyAliases Aliases(string key)
        {
            var aliases = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in configuration.GetSection(key).GetChildren())
            {
                var names = (entry.Value ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var bad = Array.Find(names, n => !IsPlainName(n));
                if (!IsPlainName(entry.Key) || names.Length == 0 || bad is not null)
                {
                    Errors.Add(new($"{key}:{entry.Key}", $"'{entry.Value}' is not allowed; expected a login mapped to a comma-separated list of names (letters, digits, '.', '-', '_', '+')"));
                    continue;
                }

                aliases[entry.Key] = names;
            }

            return new FreeBusyAliases(aliases);
        }

        private static bool IsPlainName(string name) =>
            name.Length is > 0 and <= 64 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+' or '@');

        public UpstreamEndpointOptions Endpoint(string section, int defaultPort)
        {
            var security = Enum($"{section}:Security", SecurityMode.StartTls);
            var implicitPort = section.EndsWith("Imap", StringComparison.Ordinal) ? 993 : 465;
            return new UpstreamEndpointOptions
            {
                Host = String($"{section}:Host") ?? "",
                Security = security,
                Port = Int($"{section}:Port", security == SecurityMode.Tls ? implicitPort : defaultPort, 1, 65535),
                AcceptInvalidCertificate = Bool($"{section}:AcceptInvalidCertificate", false),
                TrustedCaPath = ExistingFile($"{section}:TrustedCaPath"),
            };
        }

        public Uri? FreeBusyUrl(string key)
        {
            var text = String(key);
            if (text is null)
            {
                return null;
            }

            string[] schemes = ["ftp", "ftps", "http", "https", "imap", "imaps"];
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme) || string.IsNullOrEmpty(uri.Host))
            {
                Errors.Add(new(key, $"'{text}' is not allowed; expected an absolute URL with a host and one of the schemes {string.Join(", ", schemes)}"));
                return null;
            }

            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                Errors.Add(new(key, "must not contain a user name or password; the gateway logs in as the publishing user"));
                return null;
            }

            return uri;
        }

        public IPEndPoint? Listener(string key)
        {
            var text = String(key);
            if (text is null)
            {
                return null;
            }

            if (!IPEndPoint.TryParse(text, out var endPoint) || !text.Contains(':', StringComparison.Ordinal))
            {
                Errors.Add(new(key, $"'{text}' is not allowed; expected address:port (port 0 picks a free port), e.g. 127.0.0.1:143 or [::1]:143 (leave empty to disable)"));
                return null;
            }

            return endPoint;
        }

        public string? ExistingFile(string key)
        {
            var text = String(key);
            if (text is null)
            {
                return null;
            }

            var full = System.IO.Path.GetFullPath(text, baseDirectory);
            if (!File.Exists(full))
            {
                Errors.Add(new(key, $"file '{full}' does not exist or cannot be read"));
            }

            return full;
        }

        public string Path(string key, string fallback)
        {
            var path = String(key) ?? fallback;
            if (path.AsSpan().IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
            {
                Errors.Add(new(key, $"'{path}' is not a valid path"));
                return path;
            }

            return System.IO.Path.GetFullPath(path, baseDirectory);
        }

        // A key stored beside the data protects nothing: the key file must lie outside Cache:Path. Whether it exists
        // and is valid is checked by CheckWritablePaths, which also generates it.
        private void CrossCheckCache(CacheOptions cache)
        {
            if (cache.Encrypt && cache.KeyFile is null)
            {
                Errors.Add(new("Cache:KeyFile", "is required when Cache:Encrypt is true: a file outside Cache:Path (a random key is generated there if it does not exist)"));
            }

            if (cache.KeyFile is { } keyFile)
            {
                var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                var folder = System.IO.Path.TrimEndingDirectorySeparator(cache.Path) + System.IO.Path.DirectorySeparatorChar;
                if (keyFile.StartsWith(folder, comparison) || string.Equals(keyFile, cache.Path, comparison))
                {
                    Errors.Add(new("Cache:KeyFile", $"'{keyFile}' is inside Cache:Path '{cache.Path}': keep the key away from the data it protects"));
                }
            }
        }

        public void CrossCheck(GatewayOptions options)
        {
            var listen = options.Listen;
            if ((listen.Imap is not null || listen.ImapTls is not null || listen.Pop3 is not null || listen.Pop3Tls is not null || listen.Ftp is not null
                    || listen.Smtp is not null || listen.SmtpTls is not null)
                && !options.Upstream.Imap.IsConfigured)
            {
                Errors.Add(new("Upstream:Imap:Host", "is required: an enabled IMAP, POP3, SMTP or FTP listener checks logins against the upstream IMAP server"));
            }

            if (string.IsNullOrEmpty(options.Smtp.ServiceAccountUser) != string.IsNullOrEmpty(options.Smtp.ServiceAccountPassword))
            {
                Errors.Add(new("Smtp:ServiceAccountUser", "and Smtp:ServiceAccountPassword must be set together"));
            }

            if (options.Smtp.RetryMaxSeconds < options.Smtp.RetryFirstSeconds)
            {
                Errors.Add(new("Smtp:RetryMaxSeconds", $"must not be less than Smtp:RetryFirstSeconds ({options.Smtp.RetryFirstSeconds})"));
            }

            if ((listen.Smtp is not null || listen.SmtpTls is not null) && !options.Upstream.Smtp.IsConfigured)
            {
                Errors.Add(new("Upstream:Smtp:Host", "is required when Listen:Smtp or Listen:SmtpTls is enabled"));
            }

            foreach (var (key, certificateNeeded) in new[] { ("Listen:ImapTls", listen.ImapTls), ("Listen:SmtpTls", listen.SmtpTls), ("Listen:Pop3Tls", listen.Pop3Tls) })
            {
                if (certificateNeeded is not null && !options.Tls.IsConfigured)
                {
                    Errors.Add(new(key, "needs Tls:CertificatePath (implicit TLS cannot work without a certificate)"));
                }
            }

            var freeBusy = options.FreeBusy;
            if ((freeBusy.PassivePortMin == 0) != (freeBusy.PassivePortMax == 0) || freeBusy.PassivePortMin > freeBusy.PassivePortMax)
            {
                Errors.Add(new("FreeBusy:PassivePortMin", $"{freeBusy.PassivePortMin}-{freeBusy.PassivePortMax} is not a port range; set both FreeBusy:PassivePortMin and FreeBusy:PassivePortMax (min <= max), or neither"));
            }

            if ((freeBusy.ServiceUser is null) != (freeBusy.ServicePassword is null))
            {
                Errors.Add(new("FreeBusy:ServiceUser", "FreeBusy:ServiceUser and FreeBusy:ServicePassword go together; set both or neither"));
            }

            CrossCheckCache(options.Cache);

            var seen = new Dictionary<IPEndPoint, string>();
            foreach (var (key, endPoint) in listen.Enabled())
            {
                if (endPoint.Port != 0 && !seen.TryAdd(endPoint, key))
                {
                    Errors.Add(new(key, $"{endPoint} is already used by {seen[endPoint]}"));
                }
            }
        }
    }
}
