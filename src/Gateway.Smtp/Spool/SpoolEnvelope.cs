using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Smtp.Spool;

/// <summary>
/// Everything the spool knows about a message besides its bytes; stored as <c>&lt;id&gt;.json</c> next to
/// <c>&lt;id&gt;.eml</c>. It never holds a password.
/// </summary>
/// <param name="Id">The spool id, also the file name stem.</param>
/// <param name="User">The login that submitted the message; its remembered password relays it.</param>
/// <param name="Sender">MAIL FROM; empty for the null sender.</param>
/// <param name="Recipients">Recipients still pending, and those that failed for good (they get a DSN).</param>
/// <param name="Received">When the client handed it over.</param>
/// <param name="Size">Bytes of the .eml file.</param>
/// <param name="Attempts">Delivery attempts so far.</param>
/// <param name="NextAttempt">When the worker may try again; <c>scogw queue retry</c> sets it to now.</param>
/// <param name="LastError">Why the last attempt did not deliver, for <c>scogw queue list</c>.</param>
public sealed record SpoolEnvelope(
    string Id,
    string User,
    string Sender,
    IReadOnlyList<SpoolRecipient> Recipients,
    DateTimeOffset Received,
    long Size,
    int Attempts,
    DateTimeOffset NextAttempt,
    string? LastError)
{
    /// <summary>The format version written in every file; readers refuse a newer one.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The format version of this envelope.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Recipients that still wait for delivery.</summary>
    [JsonIgnore]
    public IEnumerable<SpoolRecipient> Pending => Recipients.Where(r => !r.Failed);

    /// <summary>Serialises the envelope as indented UTF-8 JSON.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, SpoolJsonContext.Default.SpoolEnvelope);

    /// <summary>Reads an envelope; false with a reason for a damaged or newer file.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SpoolEnvelope? envelope, out string error)
    {
        try
        {
            envelope = JsonSerializer.Deserialize(json, SpoolJsonContext.Default.SpoolEnvelope);
        }
        catch (JsonException e)
        {
            envelope = null;
            error = $"not a valid envelope: {e.Message}";
            return false;
        }

        if (envelope is null || envelope.Id is null || envelope.User is null || envelope.Recipients is null || envelope.Sender is null)
        {
            envelope = null;
            error = "not a valid envelope: a required field is missing";
            return false;
        }

        if (envelope.Version > CurrentVersion)
        {
            error = $"envelope version {envelope.Version} is newer than this scogw understands ({CurrentVersion})";
            envelope = null;
            return false;
        }

        error = "";
        return true;
    }
}
