using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Listening;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.FreeBusy.Store;
using Gateway.FreeBusy.Wire;
using Microsoft.Extensions.Logging;

namespace Gateway.FreeBusy.Session;

/// <summary>
/// One FTP control connection and its data connections, from greeting to QUIT. Commands run one at a
/// time; during a transfer the control connection is watched for ABOR.
/// </summary>
internal sealed partial class FtpSession : IDisposable
{
    private const int MaxErrors = 20;
    private const int MaxFailedLogins = 3;

    private static readonly TimeSpan s_lookupReuse = TimeSpan.FromSeconds(30);

    // The state table: every verb the server implements, when it may be used, and its handler.
    private static readonly Dictionary<string, (FtpAccess Access, Func<FtpSession, string, CancellationToken, Task> Run)> s_commands = new(StringComparer.Ordinal)
    {
        [FtpVerbs.User] = (FtpAccess.Always, (s, a, c) => s.UserAsync(a, c)),
        [FtpVerbs.Pass] = (FtpAccess.Always, (s, a, c) => s.PassAsync(a, c)),
        [FtpVerbs.Quit] = (FtpAccess.Always, (s, _, c) => s.QuitAsync(c)),
        [FtpVerbs.Noop] = (FtpAccess.Always, (s, _, c) => s.ReplyAsync(200, "NOOP ok.", c)),
        [FtpVerbs.Syst] = (FtpAccess.Always, (s, _, c) => s.ReplyAsync(215, "UNIX Type: L8", c)),
        [FtpVerbs.Feat] = (FtpAccess.Always, (s, _, c) => s.ReplyAsync(211, "Features:\n EPRT\n EPSV\n MDTM\n MLST type*;size*;modify*;perm*;\n PASV\n SIZE\n TVFS\n UTF8\nEnd", c)),
        [FtpVerbs.Opts] = (FtpAccess.Always, (s, a, c) => s.OptsAsync(a, c)),
        [FtpVerbs.Help] = (FtpAccess.Always, (s, _, c) => s.ReplyAsync(214, "The following commands are recognized.\n ABOR CDUP CWD DELE EPRT EPSV FEAT HELP LIST MDTM MLSD MLST MODE NLST NOOP OPTS PASS PASV PORT PWD QUIT RETR SIZE STAT STOR STRU SYST TYPE USER XCUP XCWD XPWD\nHelp OK.", c)),
        [FtpVerbs.Auth] = (FtpAccess.Always, (s, _, c) => s.ReplyAsync(502, "AUTH is not supported; the gateway listens on loopback only.", c)),
        [FtpVerbs.Acct] = (FtpAccess.Always, (s, _, c) => s.ReplyAsync(202, "ACCT not needed.", c)),
        [FtpVerbs.Abor] = (FtpAccess.Always, (s, _, c) => s.ReplyAsync(225, "No transfer to abort.", c)),
        [FtpVerbs.Stat] = (FtpAccess.Always, (s, a, c) => s.StatAsync(a, c)),
        [FtpVerbs.Allo] = (FtpAccess.LoggedIn, (s, _, c) => s.ReplyAsync(202, "ALLO not needed.", c)),
        [FtpVerbs.Pwd] = (FtpAccess.LoggedIn, (s, _, c) => s.PwdAsync(c)),
        [FtpVerbs.XPwd] = (FtpAccess.LoggedIn, (s, _, c) => s.PwdAsync(c)),
        [FtpVerbs.Cwd] = (FtpAccess.LoggedIn, (s, a, c) => s.CwdAsync(a, c)),
        [FtpVerbs.XCwd] = (FtpAccess.LoggedIn, (s, a, c) => s.CwdAsync(a, c)),
        [FtpVerbs.Cdup] = (FtpAccess.LoggedIn, (s, _, c) => s.CdupAsync(c)),
        [FtpVerbs.XCup] = (FtpAccess.LoggedIn, (s, _, c) => s.CdupAsync(c)),
        [FtpVerbs.Type] = (FtpAccess.LoggedIn, (s, a, c) => s.TypeAsync(a, c)),
        [FtpVerbs.Mode] = (FtpAccess.LoggedIn, (s, a, c) => s.OnlyAsync(a, "S", "Mode set to S.", c)),
        [FtpVerbs.Stru] = (FtpAccess.LoggedIn, (s, a, c) => s.OnlyAsync(a, "F", "Structure set to F.", c)),
        [FtpVerbs.Pasv] = (FtpAccess.LoggedIn, (s, _, c) => s.PasvAsync(c)),
        [FtpVerbs.Epsv] = (FtpAccess.LoggedIn, (s, a, c) => s.EpsvAsync(a, c)),
        [FtpVerbs.Port] = (FtpAccess.LoggedIn, (s, a, c) => s.PortAsync(a, extended: false, c)),
        [FtpVerbs.Eprt] = (FtpAccess.LoggedIn, (s, a, c) => s.PortAsync(a, extended: true, c)),
        [FtpVerbs.List] = (FtpAccess.LoggedIn, (s, a, c) => s.ListAsync(a, FtpVerbs.List, c)),
        [FtpVerbs.Nlst] = (FtpAccess.LoggedIn, (s, a, c) => s.ListAsync(a, FtpVerbs.Nlst, c)),
        [FtpVerbs.Mlsd] = (FtpAccess.LoggedIn, (s, a, c) => s.ListAsync(a, FtpVerbs.Mlsd, c)),
        [FtpVerbs.Mlst] = (FtpAccess.LoggedIn, (s, a, c) => s.MlstAsync(a, c)),
        [FtpVerbs.Size] = (FtpAccess.LoggedIn, (s, a, c) => s.SizeAsync(a, c)),
        [FtpVerbs.Mdtm] = (FtpAccess.LoggedIn, (s, a, c) => s.MdtmAsync(a, c)),
        [FtpVerbs.Retr] = (FtpAccess.LoggedIn, (s, a, c) => s.RetrAsync(a, c)),
        [FtpVerbs.Stor] = (FtpAccess.LoggedIn, (s, a, c) => s.StorAsync(a, c)),
        [FtpVerbs.Dele] = (FtpAccess.LoggedIn, (s, a, c) => s.DeleAsync(a, c)),
    };

    private readonly ConnectionContext _connection;
    private readonly FreeBusyService _service;
    private readonly ICredentialVerifier _verifier;
    private readonly TrafficRecorder _recorder;
    private readonly ILogger _logger;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly FtpLimits _limits = new();
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _transferTimeout;

    private FtpReaderState _readerState;
    private string? _pendingUser;
    private string? _user;
    private bool _anonymous;
    private IReadOnlySet<string> _ownNames = new HashSet<string>();
    private string _cwd = FtpPath.Root;
    private bool _binary;
    private bool _epsvAll;
    private bool _quit;
    private int _errors;
    private int _failedLogins;
    private FtpDataChannel? _data;
    private (LookupResult Result, DateTimeOffset At)? _lookup;

    public FtpSession(ConnectionContext connection, Stream control, FreeBusyService service, ICredentialVerifier verifier, TrafficRecorder recorder, ILogger logger)
    {
        _connection = connection;
        _service = service;
        _verifier = verifier;
        _recorder = recorder;
        _logger = logger;
        _idleTimeout = TimeSpan.FromSeconds(service.Options.IdleTimeoutSeconds);
        _transferTimeout = TimeSpan.FromSeconds(service.Options.TransferTimeoutSeconds);

        // Zero-byte reads: an idle session holds no read buffer until a command arrives.
        _reader = PipeReader.Create(control, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));
        _writer = PipeWriter.Create(control, new StreamPipeWriterOptions(minimumBufferSize: 512, leaveOpen: true));
    }

    private IPAddress ClientAddress => _connection.RemoteEndPoint.Address;

    private IPAddress LocalAddress => _connection.LocalEndPoint.Address;

    /// <summary>Runs the session until QUIT, the client leaves, a timeout, or shutdown.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await ReplyAsync(220, "ScoGateway free/busy FTP ready.", cancellationToken);
        while (!_quit)
        {
            FtpCommand? command;
            try
            {
                command = await ReadCommandAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await ReplyAsync(421, "Service closing: the gateway is shutting down.", CancellationToken.None);
                return;
            }
            catch (TimeoutException)
            {
                Log.IdleTimeout(_logger, _idleTimeout.TotalSeconds);
                await ReplyAsync(421, "Timeout: closing the control connection.", CancellationToken.None);
                return;
            }

            if (command is not { } c)
            {
                return;
            }

            if (!await DispatchAsync(c, cancellationToken))
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _data?.Dispose();
        _lookup?.Result.Dispose();
    }

    /// <summary>Reads the next command; null at end of stream. Syntax errors are answered here.</summary>
    /// <exception cref="TimeoutException">The client was idle too long.</exception>
    private async Task<FtpCommand?> ReadCommandAsync(CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_idleTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException();
            }

            if (result.IsCanceled)
            {
                // A stale CancelPendingRead from the ABOR watcher of the last transfer.
                _reader.AdvanceTo(result.Buffer.Start);
                continue;
            }

            var buffer = result.Buffer;
            var status = FtpCommandReader.TryRead(ref _readerState, buffer, _limits, out var command, out var consumed, out var examined, out var error);
            _reader.AdvanceTo(consumed, examined);
            switch (status)
            {
                case OperationStatus.Done:
                    return command;
                case OperationStatus.InvalidData:
                    var (code, text) = error switch
                    {
                        FtpSyntaxError.LineTooLong => (500, "Command line too long."),
                        FtpSyntaxError.InvalidUtf8 => (501, "Arguments must be UTF-8."),
                        FtpSyntaxError.ControlCharacter => (501, "Control characters are not allowed in arguments."),
                        _ => (500, "Syntax error, command unrecognized."),
                    };
                    if (!await ErrorAsync(code, text, cancellationToken))
                    {
                        return null;
                    }

                    continue;
                default:
                    if (result.IsCompleted)
                    {
                        return null;
                    }

                    continue;
            }
        }
    }

    /// <returns>False when the session must end.</returns>
    private async Task<bool> DispatchAsync(FtpCommand command, CancellationToken cancellationToken)
    {
        if (!s_commands.TryGetValue(command.Verb, out var entry))
        {
            return FtpVerbs.NotImplemented.Contains(command.Verb)
                ? await ErrorAsync(502, $"{command.Verb} not implemented.", cancellationToken)
                : await ErrorAsync(500, "Unknown command.", cancellationToken);
        }

        if (entry.Access == FtpAccess.LoggedIn && _user is null)
        {
            await ReplyAsync(530, "Please login with USER and PASS.", cancellationToken);
            return true;
        }

        _errors = 0;
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["User"] = _user ?? "", ["Action"] = command.ToSanitizedString() });
        await entry.Run(this, command.Argument, cancellationToken);
        return !_quit;
    }

    /// <summary>Answers a client error; false when the error budget is spent and the session was closed.</summary>
    private async Task<bool> ErrorAsync(int code, string text, CancellationToken cancellationToken)
    {
        if (++_errors >= MaxErrors)
        {
            await ReplyAsync(421, "Too many errors; closing the control connection.", cancellationToken);
            return false;
        }

        await ReplyAsync(code, text, cancellationToken);
        return true;
    }

    private async Task ReplyAsync(int code, string text, CancellationToken cancellationToken)
    {
        FtpReplyWriter.Write(_writer, code, text);
        await _writer.FlushAsync(cancellationToken);
    }

    private Task QuitAsync(CancellationToken cancellationToken)
    {
        _quit = true;
        return ReplyAsync(221, "Goodbye.", cancellationToken);
    }

    // USER and PASS (RFC 959 §4.1.1): anonymous/ftp take any password and may only read.
    private Task UserAsync(string argument, CancellationToken cancellationToken)
    {
        if (argument.Length == 0)
        {
            return ReplyAsync(501, "USER needs a user name.", cancellationToken);
        }

        _user = null;
        _anonymous = false;
        _recorder.User = null;
        _pendingUser = argument;
        _cwd = FtpPath.Root;
        return IsAnonymous(argument)
            ? ReplyAsync(331, "Anonymous login ok, send any password.", cancellationToken)
            : ReplyAsync(331, "Please specify the password.", cancellationToken);
    }

    private async Task PassAsync(string argument, CancellationToken cancellationToken)
    {
        if (_pendingUser is not { } user)
        {
            await ReplyAsync(_user is null ? 503 : 230, _user is null ? "Login with USER first." : "Already logged in.", cancellationToken);
            return;
        }

        _pendingUser = null;
        if (IsAnonymous(user))
        {
            LoggedIn(user, anonymous: true);
            await ReplyAsync(230, "Login successful (read-only).", cancellationToken);
            return;
        }

        var check = await _verifier.VerifyAsync(user, argument, cancellationToken);
        if (check.IsAccepted)
        {
            LoggedIn(user, anonymous: false);
            await ReplyAsync(230, "Login successful.", cancellationToken);
            return;
        }

        Log.LoginFailed(_logger, user, check.Outcome, check.Reason ?? "");
        if (check.Outcome == CredentialCheckOutcome.Unavailable)
        {
            await ReplyAsync(530, "Login cannot be checked now: the mail server is unavailable.", cancellationToken);
            return;
        }

        if (++_failedLogins >= MaxFailedLogins)
        {
            _quit = true;
            await ReplyAsync(421, "Too many failed logins.", cancellationToken);
            return;
        }

        await ReplyAsync(530, "Login incorrect.", cancellationToken);
    }

    private void LoggedIn(string user, bool anonymous)
    {
        _user = user;
        _anonymous = anonymous;
        _recorder.User = user;
        _ownNames = anonymous ? new HashSet<string>() : FreeBusyNames.OwnFileNames(user, _service.Options.Aliases);
        Log.LoggedIn(_logger, user, anonymous);
    }

    private static bool IsAnonymous(string user) =>
        user.Equals("anonymous", StringComparison.OrdinalIgnoreCase) || user.Equals("ftp", StringComparison.OrdinalIgnoreCase);

    private Task OptsAsync(string argument, CancellationToken cancellationToken)
    {
        var parts = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var option = parts.Length > 0 ? parts[0].ToUpperInvariant() : "";
        return option switch
        {
            // RFC 2640 §3.1: names are always UTF-8 here, whatever the client asks.
            "UTF8" or "UTF-8" => ReplyAsync(200, "Always in UTF8 mode.", cancellationToken),
            "MLST" => ReplyAsync(200, "MLST OPTS type;size;modify;perm;", cancellationToken),
            _ => ReplyAsync(501, "Option not understood.", cancellationToken),
        };
    }

    private Task StatAsync(string argument, CancellationToken cancellationToken)
    {
        if (argument.Length > 0)
        {
            return ReplyAsync(504, "STAT with an argument is not supported; use LIST.", cancellationToken);
        }

        var who = _user is null ? "not logged in" : $"logged in as {_user}{(_anonymous ? " (read-only)" : "")}";
        return ReplyAsync(211, $"ScoGateway free/busy FTP status:\n Connected from {ClientAddress}\n {who}\n TYPE: {(_binary ? "BINARY" : "ASCII")}\nEnd of status", cancellationToken);
    }

    private Task PwdAsync(CancellationToken cancellationToken) =>
        ReplyAsync(257, $"{FtpReplyWriter.QuotePath(_cwd)} is the current directory", cancellationToken);

    private Task CwdAsync(string argument, CancellationToken cancellationToken)
    {
        // Note: Windows ftp.exe sends "cd .." as CWD ..; as a whole argument it means CDUP.
        if (argument == "..")
        {
            return CdupAsync(cancellationToken);
        }

        var path = FtpPath.Resolve(_cwd, argument);
        switch (path.Kind)
        {
            case FtpPathKind.Directory:
                _cwd = path.Path;
                return ReplyAsync(250, "Directory successfully changed.", cancellationToken);
            case FtpPathKind.Refused:
                return RefusedPathAsync(path, cancellationToken);
            default:
                return ReplyAsync(550, "No such directory.", cancellationToken);
        }
    }

    private Task CdupAsync(CancellationToken cancellationToken)
    {
        _cwd = FtpPath.Parent(_cwd);
        return ReplyAsync(250, "Directory successfully changed.", cancellationToken);
    }

    private Task RefusedPathAsync(FtpPathResult path, CancellationToken cancellationToken)
    {
        Log.PathRefused(_logger, path.Reason!);
        return ReplyAsync(553, $"Path refused: {path.Reason}.", cancellationToken);
    }

    private Task TypeAsync(string argument, CancellationToken cancellationToken)
    {
        // TYPE A is accepted and transfers pass unchanged: iCalendar lines already end in CRLF, ASCII's network form.
        switch (argument.ToUpperInvariant().Trim())
        {
            case "A" or "A N":
                _binary = false;
                return ReplyAsync(200, "Switching to ASCII mode.", cancellationToken);
            case "I" or "L 8":
                _binary = true;
                return ReplyAsync(200, "Switching to Binary mode.", cancellationToken);
            case "":
                return ReplyAsync(501, "TYPE needs an argument.", cancellationToken);
            default:
                return ReplyAsync(504, "Only TYPE A and TYPE I are supported.", cancellationToken);
        }
    }

    private Task OnlyAsync(string argument, string allowed, string ok, CancellationToken cancellationToken) =>
        argument.Trim().Equals(allowed, StringComparison.OrdinalIgnoreCase)
            ? ReplyAsync(200, ok, cancellationToken)
            : ReplyAsync(argument.Trim().Length == 1 ? 504 : 501, $"Only {allowed} is supported.", cancellationToken);

    // PASV (RFC 959 §4.1.1) and EPSV (RFC 2428 §3): listen on the control connection's own local address.
    private Task PasvAsync(CancellationToken cancellationToken)
    {
        if (_epsvAll)
        {
            return ReplyAsync(503, "EPSV ALL in effect; use EPSV.", cancellationToken);
        }

        var local = LocalAddress.IsIPv4MappedToIPv6 ? LocalAddress.MapToIPv4() : LocalAddress;
        if (local.AddressFamily != AddressFamily.InterNetwork)
        {
            return ReplyAsync(501, "PASV needs IPv4; use EPSV.", cancellationToken);
        }

        return PassiveAsync(port => (227, FtpHostPort.FormatPasv(local, port)), cancellationToken);
    }

    private Task EpsvAsync(string argument, CancellationToken cancellationToken)
    {
        var family = LocalAddress.IsIPv4MappedToIPv6 || LocalAddress.AddressFamily == AddressFamily.InterNetwork ? "1" : "2";
        switch (argument.Trim().ToUpperInvariant())
        {
            case "ALL":
                _epsvAll = true;
                return ReplyAsync(200, "EPSV ALL ok.", cancellationToken);
            case "":
                break;
            case var requested when requested == family:
                break;
            case "1" or "2":
                return ReplyAsync(522, $"Network protocol not supported, use ({family})", cancellationToken);
            default:
                return ReplyAsync(501, "EPSV takes 1, 2 or ALL.", cancellationToken);
        }

        return PassiveAsync(port => (229, FtpHostPort.FormatEpsv(port)), cancellationToken);
    }

    private async Task PassiveAsync(Func<int, (int Code, string Text)> reply, CancellationToken cancellationToken)
    {
        ResetData();
        _data = FtpDataChannel.Listen(LocalAddress, ClientAddress, _service.Options.PassivePortMin, _service.Options.PassivePortMax);
        if (_data is null)
        {
            await ReplyAsync(425, "No free passive port; try again later.", cancellationToken);
            return;
        }

        var (code, text) = reply(_data.Port);
        await ReplyAsync(code, text, cancellationToken);
    }

    // PORT (RFC 959 §4.1.1) and EPRT (RFC 2428 §2): only back to the client of this control connection and
    // never to a privileged port, so the gateway cannot be used to bounce connections elsewhere (RFC 2577 §3).
    private async Task PortAsync(string argument, bool extended, CancellationToken cancellationToken)
    {
        if (_epsvAll)
        {
            await ReplyAsync(503, "EPSV ALL in effect; use EPSV.", cancellationToken);
            return;
        }

        IPEndPoint target;
        if (extended)
        {
            if (!FtpHostPort.TryParseEprt(argument, out target, out var unsupported))
            {
                await ReplyAsync(unsupported ? 522 : 501, unsupported ? "Network protocol not supported, use (1,2)" : "Bad EPRT argument.", cancellationToken);
                return;
            }
        }
        else if (!FtpHostPort.TryParsePort(argument, out target))
        {
            await ReplyAsync(501, "Bad PORT argument.", cancellationToken);
            return;
        }

        if (!FtpDataChannel.SameAddress(target.Address, ClientAddress) || target.Port < 1024)
        {
            Log.BounceRefused(_logger, target);
            await ReplyAsync(504, "Data connections go only to your own address and to ports from 1024.", cancellationToken);
            return;
        }

        ResetData();
        _data = FtpDataChannel.Active(target, LocalAddress, ClientAddress);
        await ReplyAsync(200, $"{(extended ? "EPRT" : "PORT")} command successful.", cancellationToken);
    }

    private void ResetData()
    {
        _data?.Dispose();
        _data = null;
    }

    // LIST, NLST, MLSD: the tree's fixed folders, and the local copies in /pub/calendar.
    private async Task ListAsync(string argument, string verb, CancellationToken cancellationToken)
    {
        // Note: clients send "LIST -la" or "LIST -a" (ls options); they are ignored, as vsftpd does.
        var pathArgument = argument.StartsWith('-') ? "" : argument;
        var path = FtpPath.Resolve(_cwd, pathArgument);
        if (path.Kind == FtpPathKind.Refused)
        {
            await RefusedPathAsync(path, cancellationToken);
            return;
        }

        var now = _service.Time.GetUtcNow();
        var lines = new List<string>();
        switch (path.Kind)
        {
            case FtpPathKind.Directory when verb == FtpVerbs.Mlsd:
                lines.Add(FtpListing.Facts(".", "cdir", null, now, path.Path == FtpPath.Calendar && !_anonymous ? "elc" : "el"));
                goto case FtpPathKind.Directory;
            case FtpPathKind.Directory:
                foreach (var folder in FtpPath.FixedEntries(path.Path))
                {
                    lines.Add(Entry(folder, directory: true, 0, now, now));
                }

                if (path.Path == FtpPath.Calendar)
                {
                    foreach (var file in _service.Store.List())
                    {
                        lines.Add(Entry(file.Name, directory: false, file.Length, file.LastWriteTimeUtc, now));
                    }
                }

                break;
            case FtpPathKind.CalendarFile when verb != FtpVerbs.Mlsd && FreeBusyNames.IsValidFileName(path.Name!)
                && _service.Store.TryGet(FreeBusyNames.Normalize(path.Name!)) is { } single:
                lines.Add(Entry(single.Name, directory: false, single.Length, single.LastWriteTimeUtc, now));
                break;
            default:
                await ReplyAsync(550, verb == FtpVerbs.Mlsd ? "No such directory." : "No such file or directory.", cancellationToken);
                return;
        }

        var text = string.Concat(lines.Select(l => l + "\r\n"));
        await SendAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "Here comes the directory listing.", cancellationToken);

        string Entry(string name, bool directory, long size, DateTimeOffset modified, DateTimeOffset now) => verb switch
        {
            FtpVerbs.Nlst => name,
            FtpVerbs.Mlsd => FtpListing.Facts(name, directory ? "dir" : "file", directory ? null : size, modified, directory ? "el" : Perm(name)),
            _ => FtpListing.ListLine(name, directory, directory ? 4096 : size, modified, now),
        };
    }

    private string Perm(string fileName) => _ownNames.Contains(fileName) ? "rwdf" : "r";

    private async Task MlstAsync(string argument, CancellationToken cancellationToken)
    {
        var path = FtpPath.Resolve(_cwd, argument);
        var now = _service.Time.GetUtcNow();
        switch (path.Kind)
        {
            case FtpPathKind.Refused:
                await RefusedPathAsync(path, cancellationToken);
                return;
            case FtpPathKind.Directory:
                await ReplyAsync(250, $"Listing {path.Path}\n{" " + FtpListing.Facts(path.Path, "dir", null, now, "el")}\nEnd", cancellationToken);
                return;
            case FtpPathKind.CalendarFile when FreeBusyNames.IsValidFileName(path.Name!) && _service.Store.TryGet(FreeBusyNames.Normalize(path.Name!)) is { } file:
                await ReplyAsync(250, $"Listing {path.Path}\n{" " + FtpListing.Facts(path.Path, "file", file.Length, file.LastWriteTimeUtc, Perm(file.Name))}\nEnd", cancellationToken);
                return;
            default:
                await ReplyAsync(550, "No such file or directory.", cancellationToken);
                return;
        }
    }

    // SIZE and MDTM (RFC 3659 §4, §3) describe exactly what RETR would send: the same lookup serves all three.
    private async Task SizeAsync(string argument, CancellationToken cancellationToken)
    {
        if (await FindAsync(argument, cancellationToken) is { } found)
        {
            await ReplyAsync(213, found.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        }
    }

    private async Task MdtmAsync(string argument, CancellationToken cancellationToken)
    {
        if (await FindAsync(argument, cancellationToken) is { } found)
        {
            await ReplyAsync(213, FtpListing.Timestamp(found.Modified), cancellationToken);
        }
    }

    private async Task RetrAsync(string argument, CancellationToken cancellationToken)
    {
        if (await FindAsync(argument, cancellationToken) is not { } found)
        {
            return;
        }

        var source = new FileStream(found.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, useAsync: true);
        await SendAsync(source, $"Opening {(_binary ? "BINARY" : "ASCII")} mode data connection for {found.Name} ({found.Length} bytes).", cancellationToken);
    }

    /// <summary>Resolves a file argument and looks it up, answering 550/553 itself when there is nothing to send.</summary>
    private async Task<LookupResult?> FindAsync(string argument, CancellationToken cancellationToken)
    {
        var path = FtpPath.Resolve(_cwd, argument);
        if (path.Kind == FtpPathKind.Refused)
        {
            await RefusedPathAsync(path, cancellationToken);
            return null;
        }

        if (path.Kind != FtpPathKind.CalendarFile || !FreeBusyNames.IsValidFileName(path.Name!))
        {
            await ReplyAsync(550, "No such file.", cancellationToken);
            return null;
        }

        var name = FreeBusyNames.Normalize(path.Name!);
        var now = _service.Time.GetUtcNow();
        if (_lookup is { } last && last.Result.Name == name && now - last.At < s_lookupReuse && File.Exists(last.Result.Path))
        {
            return last.Result;
        }

        _lookup?.Result.Dispose();
        _lookup = null;
        var found = await _service.LookupAsync(name, _anonymous ? null : _user, cancellationToken);
        if (found is null)
        {
            await ReplyAsync(550, "No such file: neither the server nor the gateway has it.", cancellationToken);
            return null;
        }

        _lookup = (found, now);
        return found;
    }

    // STOR: only /pub/calendar/<own name>.vfb, only by its owner, only valid free/busy content.
    private async Task StorAsync(string argument, CancellationToken cancellationToken)
    {
        var name = await OwnFileAsync(
            argument,
            (553, "File name not allowed: free/busy files go to /pub/calendar/<name>.vfb."),
            $"{_user} may publish only {string.Join(", ", _ownNames.Order(StringComparer.Ordinal))}",
            cancellationToken);
        if (name is null)
        {
            return;
        }

        if (_data is null)
        {
            await ReplyAsync(425, "Use PORT, PASV, EPRT or EPSV first.", cancellationToken);
            return;
        }

        var temp = _service.Store.CreateTemp(out var tempPath);
        var keep = false;
        try
        {
            TransferResult result;
            await using (temp)
            {
                result = await TransferAsync((stream, token) => ReceiveAsync(stream, temp, _service.MaxBytes, token), "Ok to send data.", cancellationToken);
                if (result == TransferResult.Done)
                {
                    temp.Flush(flushToDisk: true);
                }
            }

            switch (result)
            {
                case TransferResult.Done:
                    break;
                case TransferResult.TooLarge:
                    await ReplyAsync(552, $"Exceeded storage allocation: free/busy files may be at most {_service.Options.MaxUploadKB} KB; nothing was replaced.", cancellationToken);
                    return;
                default:
                    return;
            }

            var (outcome, reason) = await _service.PublishAsync(tempPath, name, _user!, cancellationToken);
            keep = true;
            if (outcome == PublishOutcome.Invalid)
            {
                await ReplyAsync(553, $"Not a free/busy file ({reason}); nothing was replaced.", cancellationToken);
                return;
            }

            await ReplyAsync(226, "Transfer complete: stored, and queued for the mail server.", cancellationToken);
        }
        finally
        {
            if (!keep)
            {
                FreeBusyStore.TryDelete(tempPath);
            }
        }
    }

    /// <summary>
    /// Resolves the free/busy file a STOR or DELE names, if the logged-in user may write it; otherwise answers the
    /// client (anonymous, refused path, not a free/busy file name, someone else's file) and returns null.
    /// </summary>
    private async Task<string?> OwnFileAsync(string argument, (int Code, string Text) notAFile, string notOwner, CancellationToken cancellationToken)
    {
        if (_anonymous)
        {
            await ReplyAsync(550, "Permission denied: anonymous users may only read.", cancellationToken);
            return null;
        }

        var path = FtpPath.Resolve(_cwd, argument);
        if (path.Kind == FtpPathKind.Refused)
        {
            await RefusedPathAsync(path, cancellationToken);
            return null;
        }

        if (path.Kind != FtpPathKind.CalendarFile || !FreeBusyNames.IsValidFileName(path.Name!))
        {
            await ReplyAsync(notAFile.Code, notAFile.Text, cancellationToken);
            return null;
        }

        var name = FreeBusyNames.Normalize(path.Name!);
        if (!_ownNames.Contains(name))
        {
            Log.NotOwner(_logger, _user!, name);
            await ReplyAsync(550, $"Permission denied: {notOwner}.", cancellationToken);
            return null;
        }

        return name;
    }

    private async Task DeleAsync(string argument, CancellationToken cancellationToken)
    {
        var name = await OwnFileAsync(argument, (550, "No such file."), $"{_user} may delete only their own free/busy file", cancellationToken);
        if (name is null)
        {
            return;
        }

        await ReplyAsync(
            await _service.DeleteAsync(name, _user!, cancellationToken) ? 250 : 550,
            "Delete operation successful.",
            cancellationToken);
    }

    /// <summary>Sends <paramref name="content"/> over the data connection with 150 ... 226.</summary>
    private async Task SendAsync(Stream content, string opening, CancellationToken cancellationToken)
    {
        await using (content)
        {
            if (_data is null)
            {
                await ReplyAsync(425, "Use PORT, PASV, EPRT or EPSV first.", cancellationToken);
                return;
            }

            var result = await TransferAsync((stream, token) => CopyAsync(content, stream, token), opening, cancellationToken);
            if (result == TransferResult.Done)
            {
                await ReplyAsync(226, "Transfer complete.", cancellationToken);
            }
        }
    }

    /// <summary>
    /// Runs one transfer on the prepared data connection: 150, open (within the transfer timeout), copy
    /// (each read or write within the transfer timeout), close. Failures are answered here (425, 426);
    /// the final 226 or a content error is the caller's.
    /// </summary>
    private async Task<TransferResult> TransferAsync(Func<Stream, CancellationToken, Task<TransferResult>> copy, string opening, CancellationToken cancellationToken)
    {
        var channel = _data!;
        _data = null;
        using (channel)
        {
            await ReplyAsync(150, opening, cancellationToken);
            using var transfer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watcher = WatchForAbortAsync(transfer);
            TransferResult result;
            try
            {
                transfer.CancelAfter(_transferTimeout);
                Stream stream;
                try
                {
                    stream = await channel.OpenAsync(transfer.Token);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    _reader.CancelPendingRead();
                    var aborted = await watcher;
                    Log.DataConnectionFailed(_logger, e.Message);
                    await ReplyAsync(425, "Cannot open data connection.", cancellationToken);
                    if (aborted)
                    {
                        await ReplyAsync(226, "ABOR successful.", cancellationToken);
                    }

                    return TransferResult.Failed;
                }

                await using (stream)
                {
                    try
                    {
                        result = await copy(new TimeoutStream(stream, transfer, _transferTimeout), transfer.Token);
                    }
                    catch (Exception e) when (e is IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        result = TransferResult.Failed;
                        Log.TransferFailed(_logger, e.Message);
                    }
                }
            }
            finally
            {
                _reader.CancelPendingRead();
            }

            var abort = await watcher;
            if (result == TransferResult.Failed || abort)
            {
                await ReplyAsync(426, abort ? "Transfer aborted." : "Connection closed; transfer aborted.", cancellationToken);
                if (abort)
                {
                    await ReplyAsync(226, "ABOR successful.", cancellationToken);
                }

                return TransferResult.Failed;
            }

            return result;
        }
    }

    /// <summary>
    /// Watches the control connection during a transfer: ABOR cancels the transfer (true), the client
    /// leaving cancels it too; any other complete command is left for after the transfer.
    /// </summary>
    private async Task<bool> WatchForAbortAsync(CancellationTokenSource transfer)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                await transfer.CancelAsync();
                return false;
            }

            if (result.IsCanceled)
            {
                _reader.AdvanceTo(result.Buffer.Start);
                return false;
            }

            var state = _readerState;
            var status = FtpCommandReader.TryRead(ref state, result.Buffer, _limits, out var command, out var consumed, out _, out _);
            if (status == OperationStatus.Done && command.Verb == FtpVerbs.Abor)
            {
                _readerState = state;
                _reader.AdvanceTo(consumed);
                await transfer.CancelAsync();
                return true;
            }

            if (status != OperationStatus.NeedMoreData)
            {
                // Leave it unexamined, so the command loop's next read returns it at once.
                _reader.AdvanceTo(result.Buffer.Start);
                return false;
            }

            _reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
            {
                await transfer.CancelAsync();
                return false;
            }
        }
    }

    private static async Task<TransferResult> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        await source.CopyToAsync(destination, 16 * 1024, cancellationToken);
        await destination.FlushAsync(cancellationToken);
        return TransferResult.Done;
    }

    private static async Task<TransferResult> ReceiveAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    return TransferResult.TooLarge;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return TransferResult.Done;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4201, LogLevel.Information, "{User} logged in (anonymous: {Anonymous})")]
        public static partial void LoggedIn(ILogger logger, string user, bool anonymous);

        [LoggerMessage(4202, LogLevel.Information, "login of {User} refused ({Outcome}): {Reason}")]
        public static partial void LoginFailed(ILogger logger, string user, CredentialCheckOutcome outcome, string reason);

        [LoggerMessage(4203, LogLevel.Warning, "refused a path: {Reason}")]
        public static partial void PathRefused(ILogger logger, string reason);

        [LoggerMessage(4204, LogLevel.Warning, "refused a data connection to {Target}: not the client's own address, or a privileged port")]
        public static partial void BounceRefused(ILogger logger, IPEndPoint target);

        [LoggerMessage(4205, LogLevel.Information, "{User} may not publish {Name}")]
        public static partial void NotOwner(ILogger logger, string user, string name);

        [LoggerMessage(4206, LogLevel.Information, "data connection failed: {Reason}")]
        public static partial void DataConnectionFailed(ILogger logger, string reason);

        [LoggerMessage(4207, LogLevel.Information, "transfer failed: {Reason}")]
        public static partial void TransferFailed(ILogger logger, string reason);

        [LoggerMessage(4208, LogLevel.Information, "idle for {Seconds} s; closing")]
        public static partial void IdleTimeout(ILogger logger, double seconds);
    }
}
