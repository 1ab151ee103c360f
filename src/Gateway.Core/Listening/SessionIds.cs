using System.Security.Cryptography;

namespace Gateway.Core.Listening;

/// <summary>Makes short random session ids (8 hex digits) for log correlation.</summary>
public static class SessionIds
{
    public static string Next() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
