using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Acl;

/// <summary>Finds the owner of a folder from its server name through the hierarchy's client view.</summary>
internal static class AclOwner
{
    /// <summary>
    /// A resolver for <see cref="AclSession"/>: <c>Other Users/carol/...</c> is carol's, <c>Shared Folders/...</c> has
    /// no owner (null), every other folder is <paramref name="login"/>'s; a name the client cannot see: null.
    /// </summary>
    public static Func<string, string?> Resolver(HierarchyMap map, string login)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(login);
        return serverWireName =>
        {
            if (!map.TryToClientWire(serverWireName, out var clientWire, out _))
            {
                return null;
            }

            var levels = ModifiedUtf7.DecodeLenient(clientWire).Split(HierarchyMap.ClientDelimiter);
            if (map.Server.OtherUsers is not null && levels[0] == map.Options.OtherUsersRoot)
            {
                return levels.Length > 1 ? levels[1] : null;
            }

            return map.Server.Shared is not null && levels[0] == map.Options.SharedRoot ? null : login;
        };
    }
}
