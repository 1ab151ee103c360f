using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Tests.Hierarchy;

public sealed class ModifiedUtf7Tests
{
    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("", "")]
    [InlineData("&", "&-")]
    [InlineData("a&b", "a&-b")]
    [InlineData("&&", "&-&-")]
    [InlineData("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-")] // RFC 3501 §5.1.3
    [InlineData("Elementos enviados", "Elementos enviados")]
    [InlineData("Elementos eliminados", "Elementos eliminados")]
    [InlineData("Calendário", "Calend&AOE-rio")]
    [InlineData("日历", "&ZeVThg-")]
    [InlineData("Entwürfe", "Entw&APw-rfe")]
    [InlineData("😀", "&2D3eAA-")]
    [InlineData("Ça & là", "&AMc-a &- l&AOA-")]
    [InlineData("éé/x", "&AOkA6Q-/x")]
    [InlineData("a\r\nb", "a&AA0ACg-b")]
    [InlineData("INBOX.Sent Items", "INBOX.Sent Items")]
    public void Encode_And_Decode_MatchTheRfcForm(string decoded, string encoded)
    {
        Assert.Equal(encoded, ModifiedUtf7.Encode(decoded));
        Assert.True(ModifiedUtf7.TryDecode(encoded, out var back, out var error), error);
        Assert.Equal(decoded, back);
    }

    [Theory]
    [InlineData("&", "unterminated")]
    [InlineData("abc&AOE", "unterminated")]
    [InlineData("&AGE-", "printable ASCII character 'a'")]
    [InlineData("&ACY-", "printable ASCII character '&'")]
    [InlineData("&AOk-&AOk-", "null shift")]
    [InlineData("&AOF-", "whole UTF-16")]
    [InlineData("&AO-", "whole UTF-16")]
    [InlineData("&AOkA-", "whole UTF-16")]
    [InlineData("&AOk/-", "'/' at offset 4 is not a modified BASE64")]
    [InlineData("&AOk=-", "not a modified BASE64")]
    [InlineData("&2D0-", "unpaired")]
    [InlineData("&2D3YPQ-", "unpaired")]
    [InlineData("&3gA-", "unpaired")]
    [InlineData("caf\u00e9", "U+00E9 at offset 3 is not printable")]
    [InlineData("a\tb", "U+0009")]
    [InlineData("x&AOk-\u007f", "U+007F")]
    public void TryDecode_RejectsInvalidInput_WithAReason(string encoded, string reason)
    {
        Assert.False(ModifiedUtf7.TryDecode(encoded, out var decoded, out var error));
        Assert.Null(decoded);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("&AOk-&-", "é&")]
    [InlineData("&-&AOk-", "&é")]
    [InlineData("&AOk--", "é-")]
    public void TryDecode_AcceptsAmpersandNextToAShift(string encoded, string decoded)
    {
        Assert.True(ModifiedUtf7.TryDecode(encoded, out var back, out var error), error);
        Assert.Equal(decoded, back);
    }

    [Theory]
    [InlineData("&")]
    [InlineData("Entw&APw")]
    [InlineData("café")]
    [InlineData("&AGE-")]
    public void DecodeLenient_PassesUndecodableNamesThroughUnchanged(string encoded) =>
        Assert.Equal(encoded, ModifiedUtf7.DecodeLenient(encoded));

    [Fact]
    public void DecodeLenient_DecodesValidNames() => Assert.Equal("Calendário", ModifiedUtf7.DecodeLenient("Calend&AOE-rio"));

    private static readonly Arbitrary<string> ValidNames =
        Gen.Frequency(
            (6, Gen.Choose(0x20, 0x7e).Select(i => (char)i)),
            (2, Gen.Elements('&', '-', '/', '.', ',', '+')),
            (3, Gen.Choose(0x80, 0xd7ff).Select(i => (char)i)),
            (1, Gen.Choose(0, 0x1f).Select(i => (char)i)),
            (1, Gen.Choose(0xe000, 0xffff).Select(i => (char)i)))
        .ListOf()
        .Zip(Gen.Choose(0x10000, 0x10ffff).ListOf(), (chars, astral) =>
        {
            var text = new string(chars.ToArray());
            foreach (var cp in astral)
            {
                var at = cp % (text.Length + 1);
                text = text.Insert(at, char.ConvertFromUtf32(cp));
            }

            return text;
        })
        .Where(s => !HasLoneSurrogate(s))
        .ToArbitrary();

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }

    [Property(MaxTest = 1000)]
    public Property EncodeThenDecode_IsTheIdentity() =>
        Prop.ForAll(ValidNames, name =>
            ModifiedUtf7.TryDecode(ModifiedUtf7.Encode(name), out var back, out var error)
                ? (back == name).Label($"{name} → {ModifiedUtf7.Encode(name)} → {back}")
                : false.Label(error));

    [Property(MaxTest = 1000)]
    public Property Encode_GivesPrintableAscii_AndDelimitersSurvive() =>
        Prop.ForAll(ValidNames, name =>
        {
            var encoded = ModifiedUtf7.Encode(name);
            return (encoded.All(c => c is >= ' ' and <= '~')
                    && encoded.Count(c => c == '/') == name.Count(c => c == '/')
                    && encoded.Count(c => c == '.') == name.Count(c => c == '.'))
                .Label(encoded);
        });

    // Strict decoding accepts exactly the canonical encodings: whatever decodes re-encodes to the same text.
    [Property(MaxTest = 2000)]
    public Property DecodeThenEncode_IsTheIdentity_OnAnyAcceptedInput() =>
        Prop.ForAll(
            Gen.Elements("&", "-", "A", "O", "k", "2", "D", "3", "e", ",", "+", "a", "/", "é", "Z").ListOf().Select(l => string.Concat(l)).ToArbitrary(),
            text => (!ModifiedUtf7.TryDecode(text, out var decoded, out _) || ModifiedUtf7.Encode(decoded) == text).Label(text));
}
