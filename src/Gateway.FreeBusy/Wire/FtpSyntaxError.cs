namespace Gateway.FreeBusy.Wire;

/// <summary>Why a command line could not be parsed.</summary>
internal enum FtpSyntaxError
{
    None,

    /// <summary>The line is longer than <see cref="FtpLimits.MaxLineLength"/>; the reader skips to its end.</summary>
    LineTooLong,

    /// <summary>The verb is missing or is not 3 or 4 letters.</summary>
    BadVerb,

    /// <summary>The argument is not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>The argument holds a control character (NUL, a lone CR, ...).</summary>
    ControlCharacter,
}
