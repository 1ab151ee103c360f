namespace Gateway.Imap.Wire;

/// <summary>Which grammar <see cref="ImapReader"/> applies.</summary>
internal enum ImapReaderMode
{
    /// <summary>Client commands: <c>command = tag SP (command-any / ...) CRLF</c> (RFC 3501 §9).</summary>
    Command,

    /// <summary>Server responses: <c>response = *(continue-req / response-data) response-done</c> (RFC 3501 §9).</summary>
    Response,
}
