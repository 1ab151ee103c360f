using System.Buffers.Text;
using System.Text;

namespace Gateway.Core.Sasl;

/// <summary>Decodes a client's SASL PLAIN response (RFC 4616) as sent in base64 by SMTP AUTH, POP3 AUTH and IMAP AUTHENTICATE.</summary>
public static class SaslPlain
{
    /// <summary>Decodes a base64 SASL response; <c>=</c> is the empty response (RFC 4954 §4, RFC 5034 §4).</summary>
    public static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "=")
        {
            bytes = [];
            return true;
        }

        if (!Base64.IsValid(text, out var length))
        {
            bytes = [];
            return false;
        }

        bytes = new byte[length];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == length;
    }

    /// <summary>Splits <c>[authzid] NUL authcid NUL passwd</c>; an authzid must be empty or equal to the authcid.</summary>
    /// <remarks><code>message = [authzid] UTF8NUL authcid UTF8NUL passwd   ; RFC 4616 §2</code></remarks>
    public static bool TryParse(ReadOnlySpan<byte> message, out string user, out string password)
    {
        user = "";
        password = "";
        var first = message.IndexOf((byte)0);
        if (first < 0)
        {
            return false;
        }

        var second = message[(first + 1)..].IndexOf((byte)0);
        if (second < 0)
        {
            return false;
        }

        var authzid = Encoding.UTF8.GetString(message[..first]);
        user = Encoding.UTF8.GetString(message.Slice(first + 1, second));
        password = Encoding.UTF8.GetString(message[(first + 1 + second + 1)..]);
        return user.Length > 0 && (authzid.Length == 0 || authzid == user);
    }
}
