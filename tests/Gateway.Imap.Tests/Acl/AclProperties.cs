using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Imap.Acl;

namespace Gateway.Imap.Tests.Acl;

/// <summary>Round trips and invariants of the rights translation on every server dialect.</summary>
public sealed class AclProperties
{
    private static readonly Gen<string> Servers = Gen.Elements(AclTestServers.Names.ToArray());

    private static Gen<string> SubsetOf(string letters) =>
        Gen.Elements(true, false).ArrayOf(letters.Length).Select(pick => new string([.. letters.Where((_, i) => pick[i])]));

    private static readonly Gen<string> ClassicSets = SubsetOf("lrswipcda");

    /// <summary>Anything a server might write: every letter, digits, repeated and in any order.</summary>
    private static readonly Gen<string> ServerStrings =
        Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray()).ArrayOf().Select(c => new string(c));

    [Property(MaxTest = 2000)]
    public Property ClassicSet_ClientToServerToClient_IsTheIdentity_OnEveryServer() =>
        Prop.ForAll(Servers.Zip(ClassicSets).ToArbitrary(), input =>
        {
            var (name, classic) = input;
            var dialect = AclTestServers.Dialects[name];
            var canonical = AclClientRights.FromClient(AclRights.Of(classic), dialect);
            if (!dialect.TryToServer(canonical, AclChangeMode.Replace, out var wire, out var error))
            {
                return false.Label($"{name}: {classic} refused: {error}");
            }

            var readBack = AclTestServers.ReadBack(name, wire);
            var back = AclClientRights.ToClient(dialect.FromServer(readBack), dialect, rfc4314: false);
            return (back == AclRights.Of(classic)).Label($"{name}: {classic} → {wire} → server shows {readBack} → {back}");
        });

    [Property(MaxTest = 2000)]
    public Property Rfc2086Client_NeverSeesLettersItDoesNotKnow() =>
        Prop.ForAll(Servers.Zip(ServerStrings).ToArbitrary(), input =>
        {
            var (name, wire) = input;
            var dialect = AclTestServers.Dialects[name];
            var shown = AclClientRights.ToClient(dialect.FromServer(wire), dialect, rfc4314: false);
            return AclRights.Classic.ContainsAll(shown).Label($"{name}: {wire} → {shown}");
        });

    [Property(MaxTest = 1000)]
    public Property Rfc2086Client_NeverSeesUnknownLetters_InAnyResponse() =>
        Prop.ForAll(Servers.Zip(ServerStrings.ArrayOf(4)).ToArbitrary(), input =>
        {
            var (name, strings) = input;
            var session = new AclSession(AclTestServers.Dialects[name], new AclOptions(), _ => "alice");
            var rights = strings.Select(s => s.Length == 0 ? "\"\"" : s).ToArray();
            string[] lines =
            [
                $"* MYRIGHTS INBOX {rights[0]}",
                $"* ACL INBOX bob {rights[1]} anyone {rights[2]}",
                $"* LISTRIGHTS INBOX bob {rights[3]} {string.Join(' ', strings.SelectMany(s => s).Select(c => c.ToString()))}",
            ];
            var failures = new List<string>();
            foreach (var line in lines)
            {
                var rewritten = session.RewriteUntagged(Encoding.UTF8.GetBytes(line + "\r\n"));
                var tokens = (rewritten ?? "").Split(' ');
                var rightsTokens = line.StartsWith("* MYRIGHTS", StringComparison.Ordinal) ? tokens.Skip(3)
                    : line.StartsWith("* ACL", StringComparison.Ordinal) ? tokens.Skip(3).Where((_, i) => i % 2 == 1)
                    : tokens.Skip(4);
                if (rewritten is null || rightsTokens.Any(t => t.Trim('"').Any(c => !"lrswipcda".Contains(c, StringComparison.Ordinal))))
                {
                    failures.Add($"{line} → {rewritten}");
                }
            }

            return (failures.Count == 0).Label($"{name}: {string.Join(" | ", failures)}");
        });

    [Property(MaxTest = 1000)]
    public Property ListRights_NoRightAppearsTwice() =>
        Prop.ForAll(Servers.Zip(ServerStrings.ArrayOf(6)).Zip(Gen.Elements(false, true)).ToArbitrary(), input =>
        {
            var ((name, groups), rfc4314) = input;
            var options = new AclOptions { ClientDialect = rfc4314 ? AclClientDialect.Rfc4314 : AclClientDialect.Rfc2086 };
            var session = new AclSession(AclTestServers.Dialects[name], options, _ => "alice");
            var line = $"* LISTRIGHTS INBOX bob \"\" {string.Join(' ', groups.Where(g => g.Length > 0))}";
            var rewritten = session.RewriteUntagged(Encoding.UTF8.GetBytes(line + "\r\n"));
            var letters = (rewritten ?? "").Split(' ').Skip(4).SelectMany(t => t.Trim('"')).ToList();
            return (rewritten is not null && letters.Count == letters.Distinct().Count()).Label($"{name}: {line} → {rewritten}");
        });

    [Property(MaxTest = 2000)]
    public Property Rfc4314Set_ToServerAndBack_KeepsEveryRightTheServerStores() =>
        Prop.ForAll(Gen.Elements("Dovecot", "Cyrus").Zip(SubsetOf("lrswipkxtea")).ToArbitrary(), input =>
        {
            var (name, letters) = input;
            var dialect = AclTestServers.Dialects[name];
            var canonical = AclRights.Of(letters);
            var sent = dialect.TryToServer(canonical, AclChangeMode.Replace, out var wire, out _);
            var back = dialect.FromServer(AclTestServers.ReadBack(name, wire));
            return (sent && back == canonical).Label($"{name}: {letters} → {wire} → {back}");
        });

    [Property(MaxTest = 1000)]
    public Property ModifiersAndNegativeIdentifiers_ArePreserved() =>
        Prop.ForAll(Servers.Zip(ClassicSets).Zip(Gen.Elements("+", "-").Zip(Gen.Elements("bob", "-bob"))).ToArbitrary(), input =>
        {
            var ((name, classic), (mode, identifier)) = input;
            var session = new AclSession(AclTestServers.Dialects[name], new AclOptions(), _ => "alice");
            var command = $"a1 SETACL INBOX {identifier} {mode}{classic}";
            var decision = session.Decide(Encoding.UTF8.GetBytes(command + "\r\n"), "a1");
            if (decision is not AclDecision.Rewrite rewrite)
            {
                return false.Label($"{name}: {command} → {decision}");
            }

            var tokens = Encoding.UTF8.GetString(rewrite.Bytes).TrimEnd().Split(' ');
            return (tokens[3] == identifier && tokens[4].StartsWith(mode, StringComparison.Ordinal)).Label($"{name}: {command} → {string.Join(' ', tokens)}");
        });
}
