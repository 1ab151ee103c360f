namespace Gateway.Core.TrafficLog;

/// <summary>
/// Finds IMAP secrets: the password of <c>LOGIN</c> (atom, quoted string or literal) and every
/// <c>AUTHENTICATE</c> payload, from the initial response (SASL-IR) to the tagged completion.
/// </summary>
/// <remarks>
/// <c>login = "LOGIN" SP userid SP password</c>; <c>authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp]
/// *(CRLF base64)</c> (RFC 3501 §6.2.2–6.2.3, RFC 4959).
/// </remarks>
internal sealed class ImapSecretDetector : ISecretDetector
{
    private Mode _mode;

    // In LOGIN: how many arguments (user, password) were seen so far across literal segments.
    private int _loginArguments;

    // In AUTHENTICATE: the tag whose completion ends the exchange.
    private string _authenticateTag = "";

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
        if (!command)
        {
            if (_mode == Mode.Authenticate && line.StartsWith(_authenticateTag + " ", StringComparison.Ordinal))
            {
                _mode = Mode.Normal;
            }

            if (TryTrailingLiteral(line, out literalLength))
            {
                following = FollowingBytes.Literal;
            }

            return line;
        }

        switch (_mode)
        {
            case Mode.Authenticate:
                return line == "*" ? line : SecretDetectors.Redacted;
            case Mode.Login:
                return RedactLoginArguments(line, 0, truncated, ref following, ref literalLength);
        }

        var position = 0;
        var tag = SecretDetectors.Word(line, ref position);
        var name = SecretDetectors.Word(line, ref position);
        if (name.Equals("LOGIN", StringComparison.OrdinalIgnoreCase))
        {
            _mode = Mode.Login;
            _loginArguments = 0;
            return RedactLoginArguments(line, position, truncated, ref following, ref literalLength);
        }

        if (name.Equals("AUTHENTICATE", StringComparison.OrdinalIgnoreCase))
        {
            _mode = Mode.Authenticate;
            _authenticateTag = tag;
            var mechanismStart = position;
            var mechanism = SecretDetectors.Word(line, ref position);
            var hasInitialResponse = line.AsSpan(position).Trim().Length > 0 || truncated;
            return hasInitialResponse
                ? $"{line[..mechanismStart].TrimEnd()} {mechanism} {SecretDetectors.Redacted}"
                : line;
        }

        if (TryTrailingLiteral(line, out literalLength))
        {
            following = FollowingBytes.Literal;
        }

        return line;
    }

    private string RedactLoginArguments(string line, int position, bool truncated, ref FollowingBytes following, ref long literalLength)
    {
        if (truncated)
        {
            // An overlong LOGIN line cannot be split reliably: keep only what precedes the arguments.
            _mode = Mode.Normal;
            return $"{line[..position].TrimEnd()} {SecretDetectors.Redacted}";
        }

        var output = new System.Text.StringBuilder(line.Length);
        output.Append(line, 0, position);
        while (position < line.Length)
        {
            if (line[position] == ' ')
            {
                output.Append(' ');
                position++;
                continue;
            }

            var start = position;
            if (line[position] == '{' || (line[position] == '~' && position + 1 < line.Length && line[position + 1] == '{'))
            {
                // A literal header ends the segment; its bytes follow separately.
                _loginArguments++;
                output.Append(line, start, line.Length - start);
                if (TryTrailingLiteral(line, out literalLength))
                {
                    following = _loginArguments >= 2 ? FollowingBytes.SecretLiteral : FollowingBytes.Literal;
                    return output.ToString();
                }

                break;
            }

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

        _mode = Mode.Normal;
        return output.ToString();
    }

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

    /// <summary>Recognises <c>{n}</c>, <c>{n+}</c>, <c>{n-}</c> or <c>~{n}</c> at the very end of a line.</summary>
    internal static bool TryTrailingLiteral(string line, out long length)
    {
        length = 0;
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
        if (digits.Length > 0 && (digits[^1] == '+' || digits[^1] == '-'))
        {
            digits = digits[..^1];
        }

        return digits.Length is > 0 and <= 19
            && long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length);
    }
}
