using System.Text;

namespace Gateway.FreeBusy.Store;

/// <summary>
/// Checks that a published file is one iCalendar object holding at least one VFREEBUSY, reading it
/// line by line; nothing is kept but the open components.
/// </summary>
/// <remarks>
/// <code>
/// icalstream   = 1*icalobject                        ; RFC 5545 §3.4 (here: exactly one)
/// icalobject   = "BEGIN" ":" "VCALENDAR" CRLF icalbody "END" ":" "VCALENDAR" CRLF
/// contentline  = name *(";" param) ":" value CRLF    ; RFC 5545 §3.1, folded lines start with SP or HTAB
/// name         = iana-token / x-name                 ; 1*(ALPHA / DIGIT / "-")
/// </code>
/// Checked: UTF-8 (a BOM is allowed), no control characters but HTAB, every line a content line,
/// BEGIN/END balanced and nested at most <see cref="MaxDepth"/> deep, a VFREEBUSY directly inside the
/// VCALENDAR, and nothing after END:VCALENDAR but blank lines. Values are not interpreted.
/// </remarks>
internal static class FreeBusyValidator
{
    public const int MaxDepth = 8;

    private const int MaxLineChars = 64 * 1024;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Validates <paramref name="content"/>; returns null when valid, else the reason.</summary>
    public static async Task<string?> ValidateAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var reader = new StreamReader(content, s_strictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        var state = new State();
        try
        {
            string? pending = null;
            var first = true;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (first)
                {
                    line = line.TrimStart('\uFEFF');
                    first = false;
                }

                if (line.Length > 0 && line[0] is ' ' or '\t' && pending is not null)
                {
                    if (pending.Length + line.Length > MaxLineChars)
                    {
                        return "a content line is longer than 64 KB";
                    }

                    pending += line[1..];
                    continue;
                }

                if (pending is not null && state.Accept(pending) is { } error)
                {
                    return error;
                }

                pending = line;
            }

            if (pending is not null && state.Accept(pending) is { } last)
            {
                return last;
            }
        }
        catch (DecoderFallbackException)
        {
            return "the file is not UTF-8 text";
        }

        return state.Finish();
    }

    private sealed class State
    {
        private readonly Stack<string> _open = new();
        private bool _sawCalendar;
        private bool _closedCalendar;
        private bool _sawFreeBusy;
        private int _line;

        public string? Accept(string line)
        {
            _line++;
            if (line.Length == 0)
            {
                return _sawCalendar && !_closedCalendar ? $"line {_line}: empty line inside the calendar" : null;
            }

            if (line.AsSpan().ContainsAnyInRange('\0', '\u0008') || line.AsSpan().ContainsAnyInRange('\u000A', '\u001F') || line.Contains('\u007F', StringComparison.Ordinal))
            {
                return $"line {_line}: control characters are not allowed";
            }

            if (_closedCalendar)
            {
                return $"line {_line}: content after END:VCALENDAR";
            }

            if (!TrySplit(line, out var name, out var value))
            {
                return $"line {_line}: not an iCalendar content line";
            }

            if (!_sawCalendar && !(name == "BEGIN" && value.Equals("VCALENDAR", StringComparison.OrdinalIgnoreCase)))
            {
                return "the file does not start with BEGIN:VCALENDAR";
            }

            switch (name)
            {
                case "BEGIN":
                    var component = value.ToUpperInvariant();
                    if (component.Length == 0 || !component.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                    {
                        return $"line {_line}: bad component name";
                    }

                    if (component == "VCALENDAR" && _open.Count > 0)
                    {
                        return $"line {_line}: VCALENDAR inside another component";
                    }

                    if (_open.Count >= MaxDepth)
                    {
                        return $"line {_line}: components nested deeper than {MaxDepth}";
                    }

                    if (component == "VFREEBUSY" && _open.Count == 1)
                    {
                        _sawFreeBusy = true;
                    }

                    _sawCalendar = true;
                    _open.Push(component);
                    break;
                case "END":
                    if (_open.Count == 0 || !_open.Peek().Equals(value, StringComparison.OrdinalIgnoreCase))
                    {
                        return $"line {_line}: END:{value} does not close the open component";
                    }

                    _open.Pop();
                    _closedCalendar = _open.Count == 0;
                    break;
            }

            return null;
        }

        public string? Finish()
        {
            if (!_sawCalendar)
            {
                return "the file is empty";
            }

            if (!_closedCalendar)
            {
                return "the calendar is not closed with END:VCALENDAR";
            }

            return _sawFreeBusy ? null : "the calendar holds no VFREEBUSY";
        }

        // name *(";" param) ":" value, where param values may be quoted and contain ':' or ';'.
        private static bool TrySplit(string line, out string name, out string value)
        {
            name = value = "";
            var nameEnd = 0;
            while (nameEnd < line.Length && (char.IsAsciiLetterOrDigit(line[nameEnd]) || line[nameEnd] == '-'))
            {
                nameEnd++;
            }

            if (nameEnd == 0 || nameEnd == line.Length || line[nameEnd] is not (':' or ';'))
            {
                return false;
            }

            var quoted = false;
            for (var i = nameEnd; i < line.Length; i++)
            {
                if (line[i] == '"')
                {
                    quoted = !quoted;
                }
                else if (line[i] == ':' && !quoted)
                {
                    name = line[..nameEnd].ToUpperInvariant();
                    value = line[(i + 1)..].Trim();
                    return true;
                }
            }

            return false;
        }
    }
}
