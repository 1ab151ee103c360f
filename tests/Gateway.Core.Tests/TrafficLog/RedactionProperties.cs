using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Core.TrafficLog;

namespace Gateway.Core.Tests.TrafficLog;

public sealed class RedactionProperties
{
    private static string Password(NonEmptyString random) =>
        "Zq" + new string(random.Get.Where(c => c is not ('\r' or '\n' or '\0') && !char.IsSurrogate(c)).ToArray()) + "Zq9";

    private static string Log(TrafficProtocol protocol, params (TrafficDirection, byte[])[] steps)
    {
        var sink = new MemoryTrafficSink();
        var recorder = new TrafficRecorder(sink, "s", protocol, "r");
        foreach (var (direction, bytes) in steps)
        {
            foreach (var b in bytes)
            {
                recorder.Record(direction, [b]);
            }
        }

        return string.Join('\n', sink.Lines);
    }

    [Property]
    public Property ImapLoginPassword_AsQuotedOrLiteral_NeverLogged(NonEmptyString random, bool asLiteral)
    {
        var password = Password(random);
        var bytes = Encoding.UTF8.GetBytes(password);
        var command = asLiteral
            ? Encoding.UTF8.GetBytes($"a1 LOGIN alice {{{bytes.Length}+}}\r\n").Concat(bytes).Concat("\r\n"u8.ToArray()).ToArray()
            : Encoding.UTF8.GetBytes($"a1 LOGIN alice \"{password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"\r\n");

        var log = Log(TrafficProtocol.Imap, (TrafficDirection.ToUpstream, command), (TrafficDirection.FromUpstream, "a1 OK\r\n"u8.ToArray()));

        return (!log.Contains(password, StringComparison.Ordinal) && log.Contains("***", StringComparison.Ordinal)).Label(log);
    }

    [Property]
    public Property FtpAndPop3Pass_NeverLogged(NonEmptyString random)
    {
        var password = Password(random);
        var line = Encoding.UTF8.GetBytes($"PASS {password}\r\n");

        var ftp = Log(TrafficProtocol.Ftp, (TrafficDirection.FromClient, line));
        var pop3 = Log(TrafficProtocol.Pop3, (TrafficDirection.FromClient, line));

        return (!ftp.Contains(password, StringComparison.Ordinal) && !pop3.Contains(password, StringComparison.Ordinal)).Label(ftp + pop3);
    }
}
