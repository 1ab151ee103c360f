using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Core.TrafficLog;
using static Gateway.Core.TrafficLog.TrafficDirection;

namespace Gateway.Core.Tests.TrafficLog;

public sealed class RedactionProperties
{
    // Printable characters only: an escaped control character would hide a leak from Contains.
    private static string Password(NonEmptyString random) =>
        "Zq" + new string(random.Get.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray()) + "Zq9";

    private static string AsAtom(string password) =>
        new(password.Select(c => c is ' ' or '"' or '\\' or '{' or '(' or ')' or '%' or '*' or ']' || c > '~' ? 'x' : c).ToArray());

    private static string AsQuoted(string password) =>
        "\"" + password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>Feeds the steps in chunks of <paramref name="chunk"/> bytes and returns every logged line.</summary>
    private static string Log(TrafficProtocol protocol, int chunk, params (TrafficDirection Direction, string Text)[] steps)
    {
        var sink = new MemoryTrafficSink();
        var recorder = new TrafficRecorder(sink, "s", protocol, "r");
        foreach (var (direction, text) in steps)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            for (var i = 0; i < bytes.Length; i += chunk)
            {
                recorder.Record(direction, bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
            }
        }

        return string.Join('\n', sink.Lines);
    }

    private static Property Hidden(string log, params string[] secrets) =>
        (log.Contains("***", StringComparison.Ordinal) && secrets.All(s => !log.Contains(s, StringComparison.Ordinal))).Label(log);

    [Property]
    public Property ImapLoginPassword_InEveryForm_NeverLogged(NonEmptyString random, PositiveInt chunk, byte form)
    {
        var password = Password(random);
        var length = Encoding.UTF8.GetByteCount(password);
        (TrafficDirection, string)[] steps = (form % 5) switch
        {
            0 => [(FromClient, $"a1 LOGIN alice {AsAtom(password)}\r\n")],
            1 => [(FromClient, $"a1 LOGIN alice {AsQuoted(password)}\r\n")],
            2 => [(FromClient, $"a1 LOGIN {{5}}\r\n"), (ToClient, "+ go ahead\r\n"), (FromClient, $"alice {{{length}}}\r\n"), (ToClient, "+ go ahead\r\n"), (FromClient, password + "\r\n")],
            3 => [(FromClient, $"a1 LOGIN \"alice\" {{{length}+}}\r\n{password}\r\n")],
            _ => [(FromClient, $"a1 LOGIN alice ~{{{length}}}\r\n"), (ToClient, "+ \r\n"), (FromClient, password + "\r\n")],
        };

        var log = Log(TrafficProtocol.Imap, chunk.Get, [.. steps, (ToClient, "a1 OK\r\n"), (FromClient, "a2 NOOP\r\n")]);

        return Hidden(log, AsAtom(password), password).And(log.EndsWith("C: a2 NOOP", StringComparison.Ordinal));
    }

    [Property]
    public Property ImapAuthenticate_NeverLogged(NonEmptyString random, PositiveInt chunk, bool initialResponse)
    {
        var password = Password(random);
        var plain = Base64($"\0alice\0{password}");
        var log = initialResponse
            ? Log(TrafficProtocol.Imap, chunk.Get, (ToUpstream, $"A1 AUTHENTICATE PLAIN {plain}\r\n"), (FromUpstream, "A1 OK\r\n"))
            : Log(
                TrafficProtocol.Imap,
                chunk.Get,
                (FromClient, "a1 AUTHENTICATE LOGIN\r\n"),
                (ToClient, "+ VXNlcm5hbWU6\r\n"),
                (FromClient, Base64("alice") + "\r\n"),
                (ToClient, "+ UGFzc3dvcmQ6\r\n"),
                (FromClient, Base64(password) + "\r\n"),
                (ToClient, "a1 OK\r\n"));

        return Hidden(log, password, plain, Base64(password));
    }

    [Property]
    public Property SmtpAuth_NeverLogged(NonEmptyString random, PositiveInt chunk, bool login)
    {
        var password = Password(random);
        var log = login
            ? Log(
                TrafficProtocol.Smtp,
                chunk.Get,
                (FromClient, "AUTH LOGIN\r\n"),
                (ToClient, "334 VXNlcm5hbWU6\r\n"),
                (FromClient, Base64("alice") + "\r\n"),
                (ToClient, "334 UGFzc3dvcmQ6\r\n"),
                (FromClient, Base64(password) + "\r\n"),
                (ToClient, "235 ok\r\n"))
            : Log(TrafficProtocol.Smtp, chunk.Get, (FromClient, "AUTH PLAIN\r\n"), (ToClient, "334 \r\n"), (FromClient, Base64($"\0alice\0{password}") + "\r\n"), (ToClient, "235 ok\r\n"));

        return Hidden(log, password, Base64(password), Base64($"\0alice\0{password}"));
    }

    [Property]
    public Property FtpAndPop3Pass_NeverLogged(NonEmptyString random, PositiveInt chunk)
    {
        var password = Password(random);
        var line = $"PASS {password}\r\n";

        var ftp = Log(TrafficProtocol.Ftp, chunk.Get, (FromClient, "USER alice\r\n"), (ToClient, "331 ok\r\n"), (FromClient, line));
        var pop3 = Log(TrafficProtocol.Pop3, chunk.Get, (FromClient, "USER alice\r\n"), (ToClient, "+OK\r\n"), (FromClient, line));

        return Hidden(ftp + "\n" + pop3, password);
    }

    [Property]
    public Property AnyChunking_GivesTheSameLog(PositiveInt chunk)
    {
        (TrafficDirection, string)[] steps =
        [
            (FromClient, "a1 LOGIN {5}\r\n"), (ToClient, "+ go ahead\r\n"), (FromClient, "alice {7}\r\n"), (ToClient, "+ go ahead\r\n"),
            (FromClient, "secret1\r\n"), (ToClient, "a1 OK\r\n* 1 FETCH (BODY[] {300}\r\n" + new string('y', 300) + ")\r\n"),
        ];

        return (Log(TrafficProtocol.Imap, chunk.Get, steps) == Log(TrafficProtocol.Imap, int.MaxValue, steps)).ToProperty();
    }
}
