using System.Globalization;
using System.Text;

namespace Gateway.Core.TrafficLog;

/// <summary>
/// Finds IMAP secrets: the password of <c>LOGIN</c> (atom, quoted string or literal) and every
/// <c>AUTHENTICATE</c> payload, from the initial response (SASL-IR) to the tagged completion.
/// </summary>
/// <remarks>
/// <code>
/// login        = "LOGIN" SP userid SP password                          (RFC 3501 §6.2.3)
/// authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp]
///                *(CRLF base64)                                         (RFC 3501 §6.2.2, RFC 4959)
/// literal      = "{" number ["+" / "-"] "}" CRLF *CHAR8                  (RFC 7888, RFC 3516 "~{")
/// </code>
/// A command that announces a literal continues on the line after the literal's bytes; that line
/// is a continuation of the same command, not a new one. A synchronising literal that the server
/// refuses with a tagged reply is never sent, so the detector tells the recorder to stop waiting.
/// </remarks>
internal sealed class ImapSecretDetector : ISecretDetector
{
    private Mode _mode;

    // In LOGIN: how many arguments (user, password) were seen so far across literal segments.
    private int _loginArguments;

    // The tag of the command in progress: its LOGIN or AUTHENTICATE, or the one whose line continues after a literal.
    private string _commandTag = "";

    // The next command line continues the command of _commandTag after one of its literals.
    private bool _continuation;

    // The command of _commandTag announced a synchronising literal and waits for "+".
    private bool _literalPending;

    private enum Mode
    {
        Normal,
        Login,
        Authenticate,
    }

    public bool InMessageBody(bool command) => false;

    public void EndMessageBody(bool command)
    {
    }

    public string Redact(bool command, string line, bool truncated, out FollowingBytes following, out long literalLength)
    {
        following = FollowingBytes.None;
        literalLength = 0;
        return command
            ? RedactCommand(line, truncated, ref following, ref literalLength)
            : InspectReply(line, ref following, ref literalLength);
    }

    private string InspectReply(string line, ref FollowingBytes following, ref long literalLength)
    {
        if (_literalPending)
        {
            if (line.StartsWith('+'))
            {
                _literalPending = false;
            }
            else if (IsTagged(line, _commandTag))
            {
                // The server refused the command before asking for its literal: the client will not send it.
                _literalPending = false;
                _continuation = false;
                _mode = Mode.Normal;
                following = FollowingBytes.CancelLiteral;
                return line;
            }
        }

        if (_mode != Mode.Normal && IsTagged(line, _commandTag))
        {
            _mode = Mode.Normal;
        }

        if (TryTrailingLiteral(line, out literalLength, out _, out _))
        {
            following = FollowingBytes.Literal;
        }

        return line;
    }

    private string RedactCommand(string line, bool truncated, ref FollowingBytes following, ref long literalLength)
    {
        if (_mode == Mode.Authenticate)
        {
            // Every client line until the tagged reply is a SASL response; "*" cancels and stays visible.
            return line == "*" ? line : SecretDetectors.Redacted;
        }

        string result;
        if (_continuation)
        {
            _continuation = false;
            result = _mode == Mode.Login ? RedactLoginArguments(line, 0, truncated) : line;
        }
        else
        {
            var position = 0;
            var tag = SecretDetectors.Word(line, ref position);
            var name = SecretDetectors.Word(line, ref position);
            _commandTag = tag;
            if (name.Equals("LOGIN", StringComparison.OrdinalIgnoreCase))
            {
                _mode = Mode.Login;
                _loginArguments = 0;
                result = RedactLoginArguments(line, position, truncated);
            }
            else if (name.Equals("AUTHENTICATE", StringComparison.OrdinalIgnoreCase))
            {
                _mode = Mode.Authenticate;
                var mechanismStart = position;
                var mechanism = SecretDetectors.Word(line, ref position);
                return SecretDetectors.HasMore(line, position) || truncated
                    ? $"{line[..mechanismStart].TrimEnd(' ')} {mechanism} {SecretDetectors.Redacted}"
                    : line;
            }
            else
            {
                result = line;
            }
        }

        if (TryTrailingLiteral(line, out literalLength, out var synchronising, out _))
        {
            following = _mode == Mode.Login && _loginArguments >= 2 ? FollowingBytes.SecretLiteral : FollowingBytes.Literal;
            _continuation = true;
            _literalPending = synchronising;
        }
        else if (_mode == Mode.Login)
        {
            // The LOGIN command ended on this line.
            _mode = Mode.Normal;
        }

        return result;
    }

    // userid and password are astrings: atom, quoted string or literal. Everything from the second
    // argument on is redacted, so a malformed line errs on the side of hiding.
    private string RedactLoginArguments(string line, int position, bool truncated)
    {
        var hasLiteral = TryTrailingLiteral(line, out _, out _, out var literalStart);
        if (truncated)
        {
            // An overlong LOGIN line cannot be split reliably: keep only what precedes the arguments,
            // and treat a literal it announces as the password.
            _loginArguments = 2;
            return $"{line[..position].TrimEnd(' ')} {SecretDetectors.Redacted}";
        }

        var output = new StringBuilder(line.Length);
        output.Append(line, 0, position);
        while (position < line.Length)
        {
            if (line[position] == ' ')
            {
                output.Append(' ');
                position++;
                continue;
            }

            if (hasLiteral && position == literalStart)
            {
                // A literal header ends the segment; its bytes follow separately.
                _loginArguments++;
                output.Append(line, position, line.Length - position);
                break;
            }

            var start = position;
            position = line[position] == '"' ? QuotedEnd(line, position) : SecretDetectors.WordEnd(line, position);
            _loginArguments++;
            if (_loginArguments >= 2)
            {
                output.Append(SecretDetectors.Redacted);
            }
            else
            {
                output.Append(line, start, position - start);
            }
        }

        return output.ToString();
    }

    private static bool IsTagged(string line, string tag) =>
        tag.Length > 0 && line.Length > tag.Length && line[tag.Length] == ' ' && line.StartsWith(tag, StringComparison.Ordinal);

    // quoted = DQUOTE *QUOTED-CHAR DQUOTE; QUOTED-CHAR may be "\" quoted-specials   (RFC 3501 §9)
    private static int QuotedEnd(string line, int start)
    {
        for (var i = start + 1; i < line.Length; i++)
        {
            if (line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == '"')
            {
                return i + 1;
            }
        }

        return line.Length;
    }

    /// <summary>Recognises <c>{n}</c>, <c>{n+}</c>, <c>{n-}</c>, <c>~{n}</c> or <c>~{n+}</c> at the very end of a line.</summary>
    /// <param name="line">The line without CRLF.</param>
    /// <param name="length">The literal's announced length.</param>
    /// <param name="synchronising">True for <c>{n}</c>, which waits for the server's <c>+</c>.</param>
    /// <param name="start">The index of the header's <c>{</c>, or of its <c>~</c>.</param>
    internal static bool TryTrailingLiteral(string line, out long length, out bool synchronising, out int start)
    {
        length = 0;
        synchronising = false;
        start = -1;
        if (line.Length < 3 || line[^1] != '}')
        {
            return false;
        }

        var open = line.LastIndexOf('{');
        if (open < 0)
        {
            return false;
        }

        var digits = line.AsSpan(open + 1, line.Length - open - 2);
        synchronising = true;
        if (digits.Length > 0 && (digits[^1] == '+' || digits[^1] == '-'))
        {
            digits = digits[..^1];
            synchronising = false;
        }

        if (digits.Length is 0 or > 18
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out length))
        {
            synchronising = false;
            length = 0;
            return false;
        }

        start = open > 0 && line[open - 1] == '~' ? open - 1 : open;
        return true;
    }
}
